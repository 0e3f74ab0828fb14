"""Defaults in the generated Avro classes: built from the catalog's datum (the value Java's
reader fills in), equal to what the runtime reads for a field the writer did not have."""

from __future__ import annotations

import datetime as dt
import io
import math
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import fastavro
import pytest
from codegen_helpers import import_package, raw_catalog

from generator.catalog import parse_avro
from generator.codegen import generate

POINT = {"type": "record", "name": "Point", "fields": [
    {"name": "x", "type": "int"}, {"name": "y", "type": "bytes", "default": "\u00fe"}]}
V1 = {"type": "record", "name": "Thing", "namespace": "test.defaults", "fields": [
    {"name": "id", "type": "string"}]}
ADDED: list[dict[str, Any]] = [
    {"name": "blob", "type": "bytes", "default": "\u00ff\u0100"},
    {"name": "hash", "type": {"type": "fixed", "name": "H3", "size": 3}, "default": "a\u00ffb"},
    {"name": "short", "type": "H3", "default": "a"},
    {"name": "point", "type": POINT, "default": {"x": 1}},
    {"name": "points", "type": {"type": "array", "items": "Point"},
     "default": [{"x": 2, "y": "\u0001"}]},
    {"name": "maybe", "type": ["bytes", "null"], "default": "\u00ff"},
    {"name": "either", "type": ["Point", {"type": "map", "values": "int"}], "default": {"x": 5}},
    {"name": "tone", "type": [{"type": "enum", "name": "Tone", "symbols": ["LOW", "HIGH"]},
                              "string"], "default": "HIGH"},
    {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 6,
                                "scale": 2}, "default": "\u0001\u0000"},
    {"name": "fixedAmount", "type": {"type": "fixed", "name": "D2", "size": 2,
                                     "logicalType": "decimal", "precision": 4, "scale": 1},
     "default": "\u00ff\u00fe"},
    {"name": "day", "type": {"type": "int", "logicalType": "date"}, "default": 19000},
    {"name": "ratio", "type": "double", "default": "NaN"},
    {"name": "count", "type": "float", "default": 3},
]
V2 = {**V1, "fields": [*V1["fields"], *ADDED]}


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, ModuleType]:
    root = tmp_path_factory.mktemp("defaults")
    catalog = raw_catalog(root, "test.defaults", [V1, V2], package="ev_defaults", key="id")
    generate(catalog, root / "generated")
    importer = import_package(root / "generated", "ev_defaults")
    return importer("ev_defaults.test_defaults.v1"), importer("ev_defaults.test_defaults.v2")


def _same(left: Any, right: Any) -> bool:
    return left == right or (isinstance(left, float) and math.isnan(left) and math.isnan(right))


def test_class_defaults_are_the_readers_values(versions: tuple[ModuleType, ModuleType]) -> None:
    _, v2 = versions
    thing = v2.Thing(id="x")
    assert thing.blob == b"\xff?"  # Java: a character beyond ISO-8859-1 is ?
    assert thing.hash == b"a\xffb" and thing.short == b"a\x00\x00"  # a fixed at its size
    assert thing.point == v2.Point(x=1, y=b"\xfe")  # the record's own default fills y
    assert thing.points == [v2.Point(x=2, y=b"\x01")] and thing.maybe == b"\xff"
    assert thing.either == v2.Point(x=5, y=b"\xfe") and thing.tone is v2.Tone.HIGH
    assert thing.amount == Decimal("2.56") and thing.fixedAmount == Decimal("-0.2")
    assert thing.day == dt.date(2022, 1, 8)
    assert math.isnan(thing.ratio) and thing.count == 3.0 and type(thing.count) is float
    # The physical datum is the catalog's, for the fields without a logical type.
    fields = parse_avro(V2).root.fields_by_name
    for name in ("blob", "hash", "short", "maybe", "ratio", "count"):
        assert _same(getattr(thing, name), fields[name].datum)


def test_missing_fields_read_as_the_class_defaults(
        versions: tuple[ModuleType, ModuleType]) -> None:
    v1, v2 = versions
    old = v1.Thing(id="x").to_avro()
    read = v2.Thing.from_avro(old, writer_schema=v1.SCHEMA)
    expected = v2.Thing(id="x")
    for name in (f["name"] for f in ADDED):
        assert _same(getattr(read, name), getattr(expected, name)), name
        assert type(getattr(read, name)) is type(getattr(expected, name)), name
    assert v2.Thing.from_avro(read.to_avro()).points == expected.points


def test_enum_default_without_a_symbol_leaves_the_field_required(tmp_path: Path) -> None:
    """Java accepts the schema (lint says AVRO_DEFAULT) but has no value to fill in."""
    color = {"type": "enum", "name": "Color", "symbols": ["RED", "BLUE"], "default": "RED"}
    schema = {"type": "record", "name": "Paint", "fields": [
        {"name": "id", "type": "string"}, {"name": "color", "type": color, "default": "PINK"}]}
    catalog = raw_catalog(tmp_path, "test.paint", [schema], package="ev_paint", key="id")
    generate(catalog, tmp_path / "generated")
    m = import_package(tmp_path / "generated", "ev_paint")("ev_paint.test_paint.v1")
    with pytest.raises(TypeError, match="color"):
        m.Paint(id="x")
    paint = m.Paint(id="x", color=m.Color.BLUE)
    assert m.Paint.from_avro(paint.to_avro()) == paint


def test_logical_types_java_ignores_are_physical(tmp_path: Path) -> None:
    """uuid on a fixed (Java 1.11) and decimals Java takes for invalid are plain bytes, in the
    class and at run time (fastavro would refuse or fail on some of these)."""
    fields = [
        {"name": "noPrecision", "type": {"type": "bytes", "logicalType": "decimal"}},
        {"name": "zeroPrecision", "type": {"type": "bytes", "logicalType": "decimal",
                                           "precision": 0}},
        {"name": "bigScale", "type": {"type": "bytes", "logicalType": "decimal",
                                      "precision": 2, "scale": 3}},
        {"name": "tooWide", "type": {"type": "fixed", "name": "W2", "size": 2,
                                     "logicalType": "decimal", "precision": 9}},
        {"name": "fixedUuid", "type": {"type": "fixed", "name": "U16", "size": 16,
                                       "logicalType": "uuid"}},
    ]
    schema = {"type": "record", "name": "Odd", "fields": fields}
    catalog = raw_catalog(tmp_path, "test.odd", [schema], package="ev_odd", key="noPrecision")
    generate(catalog, tmp_path / "generated")
    m = import_package(tmp_path / "generated", "ev_odd")("ev_odd.test_odd.v1")
    values = {"noPrecision": b"\x01", "zeroPrecision": b"\x02", "bigScale": b"\x03",
              "tooWide": b"\x00\x04", "fixedUuid": bytes(range(16))}
    odd = m.Odd(**values)
    assert all(m.Odd.__annotations__[name] == "bytes" for name in values)
    plain = {**schema, "fields": [{**f, "type": {k: v for k, v in f["type"].items()
                                                 if k != "logicalType"}} for f in fields]}
    buffer = io.BytesIO()
    fastavro.schemaless_writer(buffer, fastavro.parse_schema(plain), values)
    assert odd.to_avro() == buffer.getvalue()
    assert m.Odd.from_avro(odd.to_avro()) == odd
