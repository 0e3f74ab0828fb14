"""The Avro strategy: every type, valid ranges, bounded recursion, exact unions, good shrinking."""

from __future__ import annotations

import datetime as dt
import struct
import uuid
from decimal import Decimal
from typing import Any

import pytest
from fastavro import parse_schema
from hypothesis import HealthCheck, find, given, settings

from generator.fuzz import StrategyError, avro_strategy, plain
from generator.fuzz._compare import first_difference
from generator.fuzz._properties import avro_read, avro_write
from tests.fuzz.conftest import record

FAST = settings(max_examples=150, database=None, deadline=None,
                suppress_health_check=list(HealthCheck))

EVERYTHING = record(
    "Everything",
    {"name": "n", "type": "null"},
    {"name": "b", "type": "boolean"},
    {"name": "i", "type": "int"},
    {"name": "l", "type": "long"},
    {"name": "f", "type": "float"},
    {"name": "d", "type": "double"},
    {"name": "by", "type": "bytes"},
    {"name": "s", "type": "string"},
    {"name": "e", "type": {"type": "enum", "name": "Colour", "symbols": ["RED", "GREEN"]}},
    {"name": "fx", "type": {"type": "fixed", "name": "Hash", "size": 4}},
    {"name": "arr", "type": {"type": "array", "items": "Colour"}},
    {"name": "m", "type": {"type": "map", "values": ["null", "Hash"]}},
    {"name": "u", "type": ["null", "int", "long", "float", "double", "string", "bytes",
                           "boolean", "Colour"]},
    {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
    {"name": "day", "type": {"type": "int", "logicalType": "date"}},
    {"name": "tms", "type": {"type": "int", "logicalType": "time-millis"}},
    {"name": "tus", "type": {"type": "long", "logicalType": "time-micros"}},
    {"name": "tsm", "type": {"type": "long", "logicalType": "timestamp-millis"}},
    {"name": "tsu", "type": {"type": "long", "logicalType": "timestamp-micros"}},
    {"name": "ltm", "type": {"type": "long", "logicalType": "local-timestamp-millis"}},
    {"name": "ltu", "type": {"type": "long", "logicalType": "local-timestamp-micros"}},
    {"name": "dec", "type": {"type": "bytes", "logicalType": "decimal", "precision": 7,
                             "scale": 3}},
    {"name": "fdec", "type": {"type": "fixed", "name": "Money", "size": 5,
                              "logicalType": "decimal", "precision": 11, "scale": 2}},
    {"name": "nested", "type": ["null", record("Inner", {"name": "x", "type": "string"})]},
    {"name": "when", "type": ["null", {"type": "long", "logicalType": "timestamp-micros"}]},
)
TREE = record("Tree", {"name": "value", "type": "int"},
              {"name": "children", "type": {"type": "array", "items": "Tree"}},
              {"name": "next", "type": ["null", "Tree"]},
              {"name": "index", "type": {"type": "map", "values": "Tree"}})


@FAST
@given(avro_strategy(EVERYTHING))
def test_every_type_round_trips_through_fastavro(value: dict[str, Any]) -> None:
    parsed = parse_schema(EVERYTHING)
    assert first_difference(plain(value), avro_read(parsed, avro_write(parsed, value))) is None


@FAST
@given(avro_strategy(EVERYTHING))
def test_values_are_in_their_types_ranges(value: dict[str, Any]) -> None:
    assert -(2**31) <= value["i"] < 2**31 and -(2**63) <= value["l"] < 2**63
    f = value["f"]
    assert f != f or struct.unpack("<f", struct.pack("<f", f))[0] == f  # exactly a float32
    assert isinstance(value["id"], uuid.UUID) and isinstance(value["day"], dt.date)
    assert value["tms"].microsecond % 1000 == 0 and value["tsm"].microsecond % 1000 == 0
    assert value["tsm"].tzinfo is dt.UTC and value["ltm"].tzinfo is None
    assert isinstance(value["dec"], Decimal) and value["dec"].as_tuple().exponent == -3
    assert abs(value["dec"]) < Decimal(10) ** 4 and abs(value["fdec"]) < Decimal(10) ** 9
    assert len(value["fx"]) == 4 and value["e"] in ("RED", "GREEN")


def test_union_values_carry_their_branch() -> None:
    """["int", "long"] values above the int range are tagged long: the round trip is exact."""
    schema = ["null", "int", "long", {"type": "fixed", "name": "T", "size": 8,
                                      "logicalType": "decimal", "precision": 10, "scale": 2}]
    seen = set()

    @FAST
    @given(avro_strategy(schema))
    def check(value: tuple[str, Any]) -> None:
        branch, inner = value
        seen.add(branch)
        if branch == "int":
            assert -(2**31) <= inner < 2**31
        parsed = parse_schema(schema)
        assert first_difference(inner, avro_read(parsed, avro_write(parsed, value))) is None

    check()
    assert seen == {"null", "int", "long", "T"}


def test_recursion_is_bounded() -> None:
    def depth(value: dict[str, Any]) -> int:
        kids = [*value["children"], *value["index"].values()]
        if value["next"][0] != "null":
            kids.append(value["next"][1])
        return 1 + max((depth(kid) for kid in kids), default=0)

    depths = []

    @FAST
    @given(avro_strategy(TREE, max_recursion=3))
    def check(value: dict[str, Any]) -> None:
        depths.append(depth(value))
        parsed = parse_schema(TREE)
        assert first_difference(plain(value), avro_read(parsed, avro_write(parsed, value))) \
            is None

    check()
    assert max(depths) <= 4 and max(depths) >= 2  # recursion happens, and stops


def test_a_schema_with_no_finite_value_is_an_error() -> None:
    forever = record("Forever", {"name": "next", "type": "Forever"})
    with pytest.raises(StrategyError, match="no finite value"):
        avro_strategy(forever)


def test_mutual_recursion_through_optional_fields() -> None:
    a = record("A", {"name": "b", "type": ["null", record("B", {"name": "a", "type": "A"})]})
    value = find(avro_strategy(a), lambda v: v["b"][0] != "null" and v["b"][1]["a"]["b"][0]
                 != "null", settings=settings(database=None, max_examples=2000))
    innermost = {"a": {"b": ("null", None)}}
    assert value == {"b": ("test.fuzz.B", {"a": {"b": ("test.fuzz.B", innermost)}})}


def test_shrinks_to_minimal_examples() -> None:
    schema = record("Order", {"name": "id", "type": "string"},
                    {"name": "lines", "type": {"type": "array", "items": "long"}},
                    {"name": "note", "type": ["null", "string"]})
    found = find(avro_strategy(schema), lambda v: sum(v["lines"]) > 1000,
                 settings=settings(database=None))
    assert found == {"id": "", "lines": [1001], "note": ("null", None)}
    found = find(avro_strategy(schema),
                 lambda v: v["note"][0] == "string" and len(v["note"][1]) > 1,
                 settings=settings(database=None))
    assert found["id"] == "" and found["lines"] == [] and found["note"][0] == "string"
    assert len(found["note"][1]) == 2 and len(set(found["note"][1])) == 1


def test_unicode_strings_and_map_keys() -> None:
    schema = {"type": "map", "values": "string"}
    found = find(avro_strategy(schema),
                 lambda v: any(ord(c) > 0xFFFF for k, s in v.items() for c in k + s),
                 settings=settings(database=None, max_examples=5000))
    parsed = parse_schema(schema)
    assert avro_read(parsed, avro_write(parsed, found)) == found
