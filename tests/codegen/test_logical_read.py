"""Logical types the generated decoders convert themselves (read with the logicalType stripped):
the objects equal those made from fastavro's own logical conversion, at every position."""

from __future__ import annotations

import datetime as dt
import io
import sys
import uuid
from decimal import Decimal
from types import ModuleType
from typing import Any

import fastavro
import pytest
from codegen_helpers import import_package, raw_catalog

from generator.codegen import generate

UUID = {"type": "string", "logicalType": "uuid"}
MILLIS = {"type": "long", "logicalType": "timestamp-millis"}
MICROS = {"type": "long", "logicalType": "timestamp-micros"}
DEC = {"type": "bytes", "logicalType": "decimal", "precision": 30, "scale": 4}
SCHEMA = {"type": "record", "name": "Logic", "namespace": "test.logic", "fields": [
    {"name": "id", "type": UUID},
    {"name": "at", "type": MILLIS},
    {"name": "atMicros", "type": MICROS},
    {"name": "amount", "type": DEC},
    {"name": "small", "type": {"type": "bytes", "logicalType": "decimal", "precision": 3}},
    {"name": "optId", "type": ["null", UUID], "default": None},
    {"name": "optAt", "type": [MILLIS, "null"]},
    {"name": "ids", "type": {"type": "array", "items": UUID}},
    {"name": "amounts", "type": {"type": "map", "values": ["null", DEC]}},
    {"name": "either", "type": ["null", UUID, MILLIS]},
    {"name": "inner", "type": ["null", {"type": "record", "name": "Inner", "fields": [
        {"name": "when", "type": MICROS}]}, "string"]},
    {"name": "fixedDec", "type": {"type": "fixed", "name": "F8", "size": 8,
                                  "logicalType": "decimal", "precision": 10, "scale": 2}},
]}
EVOLVED = {**SCHEMA, "fields": [*SCHEMA["fields"],
                                {"name": "added", "type": UUID,
                                 "default": "00000000-0000-0000-0000-00000000002a"},
                                {"name": "addedAt", "type": MILLIS, "default": -1}]}
MOMENTS = [dt.datetime(1970, 1, 1, tzinfo=dt.UTC), dt.datetime(1969, 12, 31, 23, 59, 59, 999000,
                                                              tzinfo=dt.UTC),
           dt.datetime(2024, 2, 29, 12, 0, 0, 1000, tzinfo=dt.UTC),
           dt.datetime(1601, 1, 1, tzinfo=dt.UTC)]
AMOUNTS = [Decimal("0"), Decimal("-0.0001"), Decimal("12345678901234567890.1234"),
           Decimal("-99999999999999999999999999.9999"), Decimal("1.5000")]


@pytest.fixture(scope="module")
def logic(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, ModuleType]:
    root = tmp_path_factory.mktemp("logic")
    catalog = raw_catalog(root, "test.logic", [SCHEMA, EVOLVED], package="ev_logic", key="id")
    generate(catalog, root / "generated")
    importer = import_package(root / "generated", "ev_logic")
    return importer("ev_logic.test_logic.v1"), importer("ev_logic.test_logic.v2")


def _datum(i: int) -> dict[str, Any]:
    moment, amount = MOMENTS[i % len(MOMENTS)], AMOUNTS[i % len(AMOUNTS)]
    either: list[Any] = [None, uuid.UUID(int=i + 5), moment, moment]
    inner: list[Any] = [None, ("test.logic.Inner", {"when": moment}), "plain"]
    return {
        "id": uuid.UUID(int=i), "at": moment, "atMicros": moment + dt.timedelta(microseconds=i),
        "amount": amount, "small": Decimal(-i), "optId": None if i % 2 else uuid.UUID(int=i + 9),
        "optAt": moment if i % 2 else None, "ids": [uuid.UUID(int=n) for n in range(i)],
        "amounts": {"a": amount, "b": None}, "either": either[i % 4], "inner": inner[i % 3],
        "fixedDec": Decimal("-12.34"),
    }


@pytest.mark.parametrize("i", range(8))
def test_physical_read_equals_fastavro_logical_read(logic: tuple[ModuleType, ModuleType],
                                                    i: int) -> None:
    v1, _ = logic
    parsed = fastavro.parse_schema(SCHEMA)
    buffer = io.BytesIO()
    fastavro.schemaless_writer(buffer, parsed, _datum(i))
    data = buffer.getvalue()
    expected = v1.Logic.from_dict(fastavro.schemaless_reader(
        io.BytesIO(data), parsed, None, return_named_type=True))
    event = v1.Logic.from_avro(data)
    assert event == expected
    assert type(event.id) is uuid.UUID and type(event.amount) is Decimal
    assert str(event.amount) == str(expected.amount)  # same exponent, not only equal
    assert event.to_avro() == data
    assert v1.Logic.from_wire(event.to_wire(1)) == event


def test_resolution_and_defaults_convert(logic: tuple[ModuleType, ModuleType]) -> None:
    v1, v2 = logic
    old = v1.Logic.from_avro(v1.Logic.from_dict(_datum(3)).to_avro())
    new = v2.Logic.from_avro(old.to_avro(), writer_schema=v1.SCHEMA)
    assert new.id == old.id and new.amount == old.amount and new.at == old.at
    assert new.added == uuid.UUID(int=42)
    assert new.addedAt == dt.datetime(1969, 12, 31, 23, 59, 59, 999000, tzinfo=dt.UTC)


def test_wire_read_through_writer_schemas(logic: tuple[ModuleType, ModuleType]) -> None:
    v1, v2 = logic
    runtime = sys.modules["ev_logic._runtime"]
    texts = {1: v1.SCHEMA, 2: v2.SCHEMA}
    schemas = runtime.WriterSchemas(texts.__getitem__)
    event = v1.Logic.from_dict(_datum(5))
    assert v1.Logic.from_wire(event.to_wire(1), schemas) == event
    assert v2.Logic.from_wire(event.to_wire(1), schemas).at == event.at


@pytest.mark.parametrize("text", ["12345678-1234-5678-1234-567812345678",
                                  "FFFFFFFF-ffff-FFFF-ffff-FFFFFFFFFFFF",
                                  "00000000-0000-0000-0000-000000000000",
                                  "12345678123456781234567812345678",
                                  "{12345678-1234-5678-1234-567812345678}",
                                  "urn:uuid:12345678-1234-5678-1234-567812345678"])
def test_read_uuid_equals_uuid(logic: tuple[ModuleType, ModuleType], text: str) -> None:
    made, expected = sys.modules["ev_logic._runtime"].read_uuid(text), uuid.UUID(text)
    assert made == expected and hash(made) == hash(expected) and str(made) == str(expected)
    assert made.is_safe == expected.is_safe and type(made) is uuid.UUID


@pytest.mark.parametrize("text", ["-2345678-1234-5678-1234-567812345678",
                                  "1234567g-1234-5678-1234-567812345678",
                                  "12345678-1234-5678-1234-5678123456789", ""])
def test_read_uuid_rejects_what_uuid_rejects(logic: tuple[ModuleType, ModuleType],
                                             text: str) -> None:
    with pytest.raises(ValueError):
        uuid.UUID(text)
    with pytest.raises(ValueError):
        sys.modules["ev_logic._runtime"].read_uuid(text)
