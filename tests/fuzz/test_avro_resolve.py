"""Schema resolution computed from the specification, checked against fastavro and the corpus."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from conformance_cases import load_cases, require
from fastavro import parse_schema

from generator.catalog import NO_DATUM, AvroNode, parse_avro
from generator.fuzz import AvroSchemaError, ResolutionError, avro_strategy, expected_read
from generator.fuzz._avro_resolve import Defaulted, f32
from generator.fuzz._compare import first_difference
from generator.fuzz._properties import avro_read, avro_write
from generator.fuzz._runner import run_hypothesis
from tests.fuzz.conftest import record


def node(schema: Any) -> AvroNode:
    # as the fuzz runner parses: defaults unvalidated, so a bad one is met on data
    return parse_avro(schema, validate_defaults=False).root


def read(writer: Any, reader: Any, value: Any) -> Any:
    return expected_read(node(writer), node(reader), value)


def test_promotions_follow_the_specification() -> None:
    assert read("int", "long", 7) == 7
    assert read("int", "double", 7) == 7.0
    assert read("long", "float", 2**24 + 1).value == 2.0**24  # rounded to single precision
    assert read("float", "double", 0.5) == 0.5
    assert read("string", "bytes", "é") == b"\xc3\xa9"
    assert read("bytes", "string", b"ok") == "ok"
    with pytest.raises(ResolutionError, match="not valid UTF-8"):
        read("bytes", "string", b"\xff")
    with pytest.raises(ResolutionError, match="cannot be read as long"):
        read("double", "long", 1.0)


def test_records_fill_defaults_and_match_aliases() -> None:
    writer = record("R", {"name": "old", "type": "int"}, {"name": "gone", "type": "string"})
    reader = record("R", {"name": "new", "aliases": ["old"], "type": "long"},
                    {"name": "added", "type": "bytes", "default": "\u00ff\u0000"},
                    {"name": "when", "type": {"type": "long", "logicalType": "timestamp-millis"},
                     "default": 1000})
    got = read(writer, reader, {"old": 5, "gone": "x"})
    assert got["new"] == 5
    assert got["added"] == Defaulted(b"\xff\x00")
    assert got["when"] == Defaulted(dt.datetime(1970, 1, 1, 0, 0, 1, tzinfo=dt.UTC))
    with pytest.raises(ResolutionError, match="has no default"):
        read(writer, record("R", {"name": "needed", "type": "int"}), {"old": 1, "gone": ""})


def test_a_union_default_must_match_the_first_branch() -> None:
    writer = record("R", {"name": "a", "type": "int"})
    good = record("R", {"name": "a", "type": "int"},
                  {"name": "b", "type": ["string", "null"], "default": "x"})
    bad = record("R", {"name": "a", "type": "int"},
                 {"name": "b", "type": ["null", "string"], "default": "x"})
    assert read(writer, good, {"a": 1})["b"] == Defaulted("x")
    with pytest.raises(ResolutionError, match="first branch"):
        read(writer, bad, {"a": 1})


def test_missing_fields_get_the_models_datum() -> None:
    """Defaults come from the catalog model's datum, interpreted once as Java builds it."""
    writer = record("R", {"name": "a", "type": "int"})
    address = record("Address", {"name": "street", "type": "string"},
                     {"name": "zip", "type": "string", "default": "00000"})
    reader = record(
        "R", {"name": "a", "type": "int"},
        # Java reads bytes defaults as ISO-8859-1: a character beyond it becomes "?"
        {"name": "raw", "type": "bytes", "default": "\u00ff\u0100"},
        # a record default gets every field: the ones it omits from their own defaults
        {"name": "address", "type": address, "default": {"street": "Main"}},
        # a union's default is its first branch's value, a float rounded to single precision
        {"name": "ratio", "type": ["float", "null"], "default": 0.1},
        {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 5,
                                   "scale": 2}, "default": "\u0001\u0000"},
        # Java pads a fixed default that is too short (lint reports it; the read works)
        {"name": "tag", "type": {"type": "fixed", "name": "Tag", "size": 3}, "default": "ab"})
    got = read(writer, reader, {"a": 1})
    assert got["raw"] == Defaulted(b"\xff?")
    assert got["address"] == Defaulted({"street": "Main", "zip": "00000"})
    assert got["ratio"] == Defaulted(f32(0.1)) and f32(0.1) != 0.1
    assert got["price"] == Defaulted(Decimal("2.56"))
    assert got["tag"] == Defaulted(b"ab\x00")


def test_an_enum_default_that_is_no_symbol_fails_when_it_is_filled_in() -> None:
    writer = record("R", {"name": "a", "type": "int"})
    tier = {"type": "enum", "name": "Tier", "symbols": ["FREE", "PAID"]}
    reader = record("R", {"name": "a", "type": "int"},
                    {"name": "tier", "type": tier, "default": "GOLD"})
    field = parse_avro(reader).root.fields_by_name["tier"]  # Java's parser takes it
    assert field.datum is NO_DATUM and field.default_problem is not None
    with pytest.raises(ResolutionError, match="Java accepts but cannot fill in: 'GOLD' is not a "
                                              "symbol") as caught:
        read(writer, reader, {"a": 1})
    assert caught.value.reader_pointer == "/fields/1/default"
    assert read(reader, reader, {"a": 1, "tier": "PAID"})["tier"] == "PAID"  # no fill: fine


def test_unions_on_either_side() -> None:
    assert read(["null", "int"], "long", ("int", 3)) == 3
    with pytest.raises(ResolutionError, match="cannot be read"):
        read(["null", "int"], "long", ("null", None))
    # the first reader branch that matches exactly wins, else the first promotable one
    assert read("int", ["null", "double", "int"], 3) == 3
    assert isinstance(read("int", ["null", "double", "string"], 3), float)
    with pytest.raises(ResolutionError, match="no branch"):
        read("int", ["null", "string"], 3)


def test_enums_use_the_readers_default() -> None:
    writer = {"type": "enum", "name": "E", "symbols": ["A", "B", "C"]}
    assert read(writer, {"type": "enum", "name": "E", "symbols": ["A", "Z"], "default": "Z"},
                "C") == "Z"
    assert read(writer, {"type": "enum", "name": "E", "symbols": ["A"]}, "A") == "A"
    with pytest.raises(ResolutionError, match="not a symbol"):
        read(writer, {"type": "enum", "name": "E", "symbols": ["A"]}, "B")


def test_logical_types_that_change_meaning_are_reported() -> None:
    millis = {"type": "long", "logicalType": "timestamp-millis"}
    micros = {"type": "long", "logicalType": "timestamp-micros"}
    when = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    assert read(millis, "long", when) == int(when.timestamp() * 1000)
    with pytest.raises(ResolutionError, match="changes meaning"):
        read(millis, micros, when)
    two = {"type": "bytes", "logicalType": "decimal", "precision": 6, "scale": 2}
    three = {"type": "bytes", "logicalType": "decimal", "precision": 6, "scale": 3}
    with pytest.raises(ResolutionError, match="changes meaning"):
        read(two, three, Decimal("1.25"))
    with pytest.raises(ResolutionError, match="cannot be read as string \\(uuid\\)"):
        read("string", {"type": "string", "logicalType": "uuid"}, "not-a-uuid")


def _pairs(case: dict[str, Any]) -> list[tuple[Any, Any]]:
    new = case["reader_or_new"]
    if case["kind"] == "history":
        transitive = "TRANSITIVE" in (case.get("level") or "")
        olds = case["previous_schemas"] if transitive else case["previous_schemas"][-1:]
    else:
        olds = [case["writer_or_old"]]
    pairs = []
    for old in olds:
        if case["direction"] in ("backward", "full"):
            pairs.append((old, new))  # (writer, reader)
        if case["direction"] in ("forward", "full"):
            pairs.append((new, old))
    return pairs


def _data_errors(writer: Any, reader: Any, examples: int = 25) -> list[str] | None:
    try:
        w, r = node(writer), node(reader)
        wp, rp = parse_schema(writer), parse_schema(reader)
        strategy = avro_strategy(w)
    except (AvroSchemaError, Exception):
        return None  # no values (an empty union, a list that never ends) or not parseable
    errors: list[str] = []

    def body(value: Any) -> None:
        try:
            expected = expected_read(w, r, value)
        except ResolutionError as error:
            errors.append(error.message)
            return
        try:
            difference = first_difference(expected, avro_read(wp, avro_write(wp, value), rp))
        except Exception as error:  # fastavro refuses the schema pair up front
            difference = f"decoding fails: {error!r}"
        if difference:
            errors.append(f"fastavro: {difference}")

    run_hypothesis(strategy, body, examples, 0, shrink=False)
    return errors


def test_agrees_with_the_reference_verdicts_of_the_conformance_corpus() -> None:
    """Compatible pairs read every value as fastavro does; incompatible ones fail on data.

    The one family where data contradicts a reference "compatible" is bytes → string: the
    specification promotes bytes to string, but bytes that are not UTF-8 cannot be read.
    """
    cases = load_cases("avro.jsonl")
    require(cases, "avro.jsonl")
    disagreements, checked, exposed = [], 0, 0
    for case in cases:
        if case["kind"] == "history" and not case["compatible"]:
            continue  # which previous schema breaks it is not recorded
        results = [_data_errors(w, r) for w, r in _pairs(case)]
        usable = [errors for errors in results if errors is not None]
        if not usable:
            continue
        checked += 1
        if case["compatible"]:
            problems = [e for errors in usable for e in errors]
            bytes_to_string = all("not valid UTF-8" in e for e in problems)
            if problems and not bytes_to_string:
                disagreements.append((case["id"], problems[0]))
        elif any(usable):
            exposed += 1
        else:
            disagreements.append((case["id"], "incompatible, yet every value read fine"))
    assert checked > 250
    assert exposed > 120
    assert disagreements == []
