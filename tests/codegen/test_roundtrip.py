"""The generated Avro classes: round trips, branch choice, renamed fields, defaults, evolution."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import uuid
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import fastavro
import pytest
from codegen_helpers import import_package, raw_catalog, schema

from generator.codegen import generate
from generator.errors import ContractsError


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    root = tmp_path_factory.mktemp("tricky")
    catalog = raw_catalog(root, "test.tricky", [schema("tricky.avsc")],
                          package="ev_tricky", key="eventId")
    generate(catalog, root / "generated")
    return import_package(root / "generated", "ev_tricky")("ev_tricky.test_tricky.v1")


def _event(m: ModuleType, **data: Any) -> Any:
    payload = m.TrickyData(
        class_="k", from_="f", user_id="u2", home=m.Address(street="h"),
        work=m.ComAcmeWorkAddress(street="w", floor=3), pet=m.Dog(name="rex"),
        maybePet=m.Cat(name="tom"), anything=m.Cat(name="any"),
        tree=m.Node(value=1, children=[m.Node(value=2)], next=m.Node(value=3)),
        amount=Decimal("12.34"), fixedAmount=Decimal("-1.5000"), optAmount=Decimal("0.01"),
        scores={"a": m.Dog(name="d"), "b": None, "c": m.Cat(name="c")}, **data)
    return m.wrap(payload, source="tests", correlation_id="corr-1")


def test_round_trip_avro_and_wire(tricky: ModuleType) -> None:
    event = _event(tricky)
    assert tricky.Tricky.from_avro(event.to_avro()) == event
    wire = event.to_wire(42)
    assert wire[:5] == b"\x00\x00\x00\x00\x2a"
    assert wire[5:] == event.to_avro()
    assert tricky.Tricky.from_wire(wire) == event


def test_equal_records_in_a_union_keep_their_branch(tricky: ModuleType) -> None:
    event = _event(tricky)
    back = tricky.Tricky.from_avro(event.to_avro())
    assert type(back.data.pet) is tricky.Dog
    assert type(back.data.maybePet) is tricky.Cat
    assert type(back.data.scores["a"]) is tricky.Dog and type(back.data.scores["c"]) is tricky.Cat
    # The bytes carry the branch index: Dog is branch 1 of `pet`, Cat branch 0.
    reader = fastavro.parse_schema(schema("tricky.avsc"))
    plain = fastavro.schemaless_reader(io.BytesIO(event.to_avro()), reader, None,
                                       return_named_type=True)
    assert plain["data"]["pet"] == ("com.acme.tricky.Dog", {"name": "rex"})


@pytest.mark.parametrize("value", [None, "text", 7, 2.5, True, "RED"])
def test_general_union_branches(tricky: ModuleType, value: Any) -> None:
    if value == "RED":
        value = tricky.Color.RED
    event = _event(tricky)
    event = dataclasses.replace(event, data=dataclasses.replace(event.data, anything=value))
    back = tricky.Tricky.from_avro(event.to_avro()).data.anything
    assert back == value and type(back) is type(value)


def test_keywords_are_renamed_and_mapped_back_on_the_wire(tricky: ModuleType) -> None:
    encoded = _event(tricky).to_dict()["data"]
    assert encoded["class"] == "k" and encoded["from"] == "f" and encoded["to_avro"] == 0
    assert "class_" not in encoded and tricky.Color("class") is tricky.Color.class_


def test_unusual_identifiers_renamed(tmp_path: Path) -> None:
    catalog = raw_catalog(tmp_path, "test.wild", [schema("wild.avsc")], package="ev_wild",
                          key="\u00e9moji")
    generate(catalog, tmp_path / "generated")
    m = import_package(tmp_path / "generated", "ev_wild")("ev_wild.test_wild.v1")
    wild = m.Wild(_moji_="accent", _moji="plain", class_="c")
    assert wild.gr__e is False and wild.Wild_ == 3 and wild.f__dunder__ == 2
    wire = wild.to_dict()
    assert wire["\u00e9moji"] == "accent" and wire["_moji"] == "plain"
    assert wire["gr\u00f6\u00dfe"] is False and wire["None"] is None
    assert m.Wild.from_avro(wild.to_avro()) == wild
    assert m.partition_key(wild) == "accent"


def test_names_java_rejects_are_refused(tmp_path: Path) -> None:
    """Names fastavro takes but Java's parser (so the registry) refuses: no code for them."""
    bad = {"type": "record", "name": "Bad", "fields": [{"name": "user-id", "type": "string"}]}
    catalog = raw_catalog(tmp_path, "test.bad", [bad], package="ev_bad", key="user-id")
    with pytest.raises(ContractsError, match="invalid name 'user-id'"):
        generate(catalog, tmp_path / "generated")


def test_defaults_and_logical_types(tricky: ModuleType) -> None:
    data = _event(tricky).data
    assert data.color is tricky.Color.GREEN
    assert data.at == dt.time(1, 2, 3, 4000)
    assert data.seen == dt.datetime(2023, 11, 14, 22, 13, 20, 123456, tzinfo=dt.UTC)
    assert data.hash == b"\x00\x01\x02\xff" and data.blob == b"\xff"
    assert data.homes == [tricky.Address(street="Main")]
    assert data.primary == tricky.ComAcmeWorkAddress(street="Office")
    assert data.tags == ["a", "b"] and data.tags is not _event(tricky).data.tags
    back = tricky.Tricky.from_avro(_event(tricky).to_avro())
    assert isinstance(back.eventId, uuid.UUID)
    assert back.timestamp.tzinfo is not None
    assert back.data.fixedAmount == Decimal("-1.5000")


def test_envelope_filled(tricky: ModuleType) -> None:
    event = _event(tricky)
    assert event.eventType == "test.tricky.v1" and event.eventVersion == 1
    assert event.source == "tests" and event.correlationId == "corr-1"
    assert event.traceId is None
    assert abs((dt.datetime.now(dt.UTC) - event.timestamp).total_seconds()) < 60
    assert event.timestamp.microsecond % 1000 == 0  # what timestamp-millis keeps
    assert tricky.partition_key(event) == str(event.eventId)
    assert tricky.envelope_ids(event) == ("corr-1", None)


def test_frozen_and_slotted(tricky: ModuleType) -> None:
    address = tricky.Address(street="x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        address.street = "y"
    assert not hasattr(address, "__dict__")


def test_enum_default_reads_unknown_symbols(tricky: ModuleType) -> None:
    assert tricky.Color("PURPLE") is tricky.Color.RED


def test_bytes_equal_plain_fastavro(tricky: ModuleType) -> None:
    """The generated code writes exactly what fastavro writes for the same data."""
    event = _event(tricky)
    parsed = fastavro.parse_schema(schema("tricky.avsc"))
    buffer = io.BytesIO()
    fastavro.schemaless_writer(buffer, parsed, event.to_dict())
    assert buffer.getvalue() == event.to_avro()
    decoded = fastavro.schemaless_reader(io.BytesIO(event.to_avro()), parsed, None)
    assert decoded["data"]["class"] == "k" and decoded["data"]["amount"] == Decimal("12.34")


def test_schema_evolution_reads_old_data(tmp_path: Path) -> None:
    v1 = {"type": "record", "name": "Thing", "fields": [{"name": "a", "type": "int"}]}
    v2 = {"type": "record", "name": "Thing", "fields": [
        {"name": "a", "type": "long"},
        {"name": "b", "type": {"type": "enum", "name": "E", "symbols": ["X", "Y"]},
         "default": "Y"}]}
    catalog = raw_catalog(tmp_path, "test.thing", [v1, v2], package="ev_thing", key="a")
    generate(catalog, tmp_path / "generated")
    importer = import_package(tmp_path / "generated", "ev_thing")
    old, new = importer("ev_thing.test_thing.v1"), importer("ev_thing.test_thing.v2")
    data = old.Thing(a=5).to_avro()
    assert new.Thing.from_avro(data, writer_schema=old.SCHEMA) == new.Thing(a=5, b=new.E.Y)
    package = importer("ev_thing.test_thing")
    assert package.Thing is new.Thing and package.EVENT_TYPE == "test.thing.v2"
