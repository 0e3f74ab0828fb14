"""Schemas whose top-level type is not a record (an enum, a fixed, an array, a map, a union,
an .avsc file holding a JSON array of named types, a primitive) and schemas without the event
envelope: the generated class round-trips fastavro's bytes, and events go out without a key."""

from __future__ import annotations

import io
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import fastavro
import fastavro.utils
import pytest
from codegen_helpers import TOP_LEVEL, import_package, make_project

from generator.catalog import lint_catalog
from generator.codegen import generate


@pytest.fixture(scope="module")
def modules(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ModuleType]:
    root = tmp_path_factory.mktemp("top")
    catalog = make_project(root, {name: [schema] for name, schema in TOP_LEVEL.items()},
                           package="ev_top")
    generate(catalog, root / "generated")
    importer = import_package(root / "generated", "ev_top")
    return {name: importer(f"ev_top.{name.replace('.', '_')}.v1") for name in TOP_LEVEL}


def _bytes(schema: Any, datum: Any) -> bytes:
    buffer = io.BytesIO()
    fastavro.schemaless_writer(buffer, fastavro.parse_schema(schema), datum)
    return buffer.getvalue()


@pytest.mark.parametrize("name", sorted(TOP_LEVEL))
def test_fastavro_bytes_round_trip(modules: dict[str, ModuleType], name: str) -> None:
    m = modules[name]
    schema = json.loads(m.SCHEMA)
    for datum in fastavro.utils.generate_many(schema, 20):
        data = _bytes(schema, datum)
        event = m.Event.from_avro(data)
        assert event.to_avro() == data
        assert m.Event.from_wire(event.to_wire(5)) == event
        assert m.Event.from_avro(data, writer_schema=json.dumps(schema, indent=1)) == event
        assert m.partition_key(event) is None and m.envelope_ids(event) == (None, None)
        assert m.wrap(event, source="tests") is event


def test_the_classes(modules: dict[str, ModuleType]) -> None:
    color = modules["top.enum"]
    assert color.Event is color.Color and color.Color.GREEN.to_avro() == b"\x02"
    assert color.Color.from_avro(b"\x02") is color.Color.GREEN
    assert color.Color("int") is color.Color.int_ and color.Color("to_avro").to_avro() == b"\x06"
    assert modules["top.fixed"].Md5(b"abcd").to_avro() == b"abcd"
    array = modules["top.array"]
    assert array.TopArray([1, None, 2**40]).to_avro() == _bytes(
        TOP_LEVEL["top.array"], [("int", 1), None, ("long", 2**40)])
    named = modules["top.named"]
    event = named.TopNamed(named.B(a=named.A(x=1)))
    assert named.TopNamed.from_avro(event.to_avro()) == event
    assert modules["top.string"].TopString("hi").to_avro() == b"\x04hi"


def test_without_an_event_id_lint_says_events_have_no_key(tmp_path: Path) -> None:
    record = {"type": "record", "name": "Ping", "doc": "A ping.",
              "fields": [{"name": "n", "type": "int", "doc": "A number."}]}
    catalog = make_project(tmp_path, {"test.ping": [record], "top.tags": [TOP_LEVEL["top.array"]]})
    found = [f for f in lint_catalog(catalog) if f.rule_id == "KEY_FIELD"]
    assert len(found) == 2
    assert all("null partition key unless the producer is given one" in f.message
               for f in found)
    generate(catalog, tmp_path / "generated")
    m = import_package(tmp_path / "generated", "events")("events.test_ping.v1")
    assert m.partition_key(m.Ping(n=1)) is None
