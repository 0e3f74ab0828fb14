"""The catalog's Avro model: Java 1.11 parser semantics, shared nodes, defaults interpreted once.

Whether a schema parses at all is judged against Java itself in tests/compat/test_java_labels.py;
these cases pin what the model hands the other stages.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import pytest

from generator.catalog import (
    NO_DATUM,
    AvroSchemaError,
    avro_envelope,
    lint_catalog,
    load_catalog,
    load_settings,
    parse_avro,
    parsed_avro,
)


def record(*fields: dict[str, Any], name: str = "R", **extra: Any) -> dict[str, Any]:
    return {"type": "record", "name": name, "fields": list(fields), **extra}


def field(name: str, type_: Any, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, **extra}


def only_field(schema: dict[str, Any]) -> Any:
    return parse_avro(schema).root.fields[0]


def test_named_types_are_one_node_shared_by_every_reference() -> None:
    money = {"type": "record", "name": "Money", "namespace": "acme", "fields": [
        field("cents", "long")]}
    schema = parse_avro(record(field("a", money), field("b", "acme.Money"),
                               field("c", {"type": "Money", "doc": "refers, with a doc"}),
                               namespace="acme"))
    a, b, c = (f.type for f in schema.root.fields)
    assert a is b is c is schema.names["acme.Money"]
    assert list(schema.names) == ["acme.R", "acme.Money"]  # definition order


def test_recursive_records_are_cycles() -> None:
    node = parse_avro(record(field("next", ["null", "R"]))).root
    assert node.fields[0].type.branches[1] is node


def test_names_aliases_and_namespaces_follow_java() -> None:
    schema = parse_avro(record(
        field("inner", {"type": "enum", "name": "E", "namespace": "", "symbols": ["A"],
                        "aliases": ["Old"]}),
        name="R", namespace="acme", aliases=["Before", "other.Thing"]))
    root = schema.root
    assert (root.name, root.fullname, root.namespace) == ("R", "acme.R", "acme")
    assert root.aliases == ("acme.Before", "other.Thing")  # relative to its own namespace
    enum = root.fields[0].type
    assert enum.fullname == "E" and enum.aliases == ("Old",)  # "" is the null namespace


def test_error_is_a_record() -> None:
    node = parse_avro({"type": "error", "name": "Oops", "fields": []}).root
    assert node.kind == "record" and node.is_error


@pytest.mark.parametrize(("schema", "logical"), [
    ({"type": "string", "logicalType": "uuid"}, "uuid"),
    ({"type": "fixed", "name": "U", "size": 16, "logicalType": "uuid"}, None),  # 1.12 only
    ({"type": "long", "logicalType": "timestamp-millis"}, "timestamp-millis"),
    ({"type": "int", "logicalType": "timestamp-millis"}, None),
    ({"type": "long", "logicalType": "timestamp-nanos"}, None),  # 1.12 only
    ({"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 2}, "decimal"),
    ({"type": "bytes", "logicalType": "decimal", "precision": 2, "scale": 3}, None),
    ({"type": "bytes", "logicalType": "decimal", "precision": 0}, None),
    ({"type": "bytes", "logicalType": "decimal"}, None),
    # two bytes hold every 4-digit number, not every 5-digit one
    ({"type": "fixed", "name": "D", "size": 2, "logicalType": "decimal", "precision": 4},
     "decimal"),
    ({"type": "fixed", "name": "D", "size": 2, "logicalType": "decimal", "precision": 5},
     None),
    ({"type": "string", "logicalType": 7}, None),
])
def test_an_invalid_logical_type_leaves_the_physical_type(schema: Any,
                                                           logical: str | None) -> None:
    node = parse_avro(schema).root
    assert node.logical == logical
    assert node.kind == schema["type"]


@pytest.mark.parametrize(("type_", "default", "datum"), [
    ("bytes", "\u00ff\u0000A", b"\xff\x00A"),
    ("bytes", "\u20ac", b"?"),  # beyond ISO-8859-1: Java writes '?'
    ({"type": "fixed", "name": "F", "size": 3}, "ab", b"ab\x00"),
    ({"type": "fixed", "name": "F", "size": 1}, "ab", b"a"),
    ("double", 1, 1.0),
    ("float", "  1.5f ", 1.5),
    ("double", "0x1p3", 8.0),
    ("double", "-Infinity", -math.inf),
    (["null", "string"], None, None),
    (["string", "null"], "x", "x"),
    ({"type": "array", "items": "bytes"}, ["a"], [b"a"]),
    ({"type": "map", "values": "long"}, {"k": 2}, {"k": 2}),
    (record(field("a", "int"), field("b", "string", default="z"), name="Inner"), {"a": 1},
     {"a": 1, "b": "z"}),
])
def test_defaults_are_interpreted_once_as_the_reader_fills_them(type_: Any, default: Any,
                                                                datum: Any) -> None:
    parsed = only_field(record(field("f", type_, default=default)))
    assert parsed.has_default and parsed.default == default
    assert parsed.datum == datum and type(parsed.datum) is type(datum)


def test_a_nan_default_given_as_text() -> None:
    assert math.isnan(only_field(record(field("f", "double", default="NaN"))).datum)


def test_an_enum_default_that_is_no_symbol_is_accepted_with_a_problem_and_no_datum() -> None:
    enum = {"type": "enum", "name": "E", "symbols": ["A"]}
    parsed = only_field(record(field("f", enum, default="B")))
    assert parsed.datum is NO_DATUM
    assert parsed.default_problem == "'B' is not a symbol of enum E"


def test_a_fixed_default_of_the_wrong_length_has_a_problem() -> None:
    parsed = only_field(record(field("f", {"type": "fixed", "name": "F", "size": 2},
                                     default="abc")))
    assert parsed.datum == b"ab" and "3 bytes" in (parsed.default_problem or "")


@pytest.mark.parametrize(("type_", "default", "reason"), [
    (["null", "string"], "x", "must match its first branch"),
    ("int", 2**31, "is not an int"),
    ("int", 1.0, "is not an int"),
    ("boolean", 0, "is not a boolean"),
    ("double", "one", "is not a number"),
    (record(field("a", "int"), name="Inner"), {}, "field 'a' is missing"),
    (["null", "R"], None, None),
])
def test_defaults_java_rejects(type_: Any, default: Any, reason: str | None) -> None:
    schema = record(field("f", type_, default=default))
    if reason is None:
        parse_avro(schema)
        return
    with pytest.raises(AvroSchemaError, match=reason) as raised:
        parse_avro(schema)
    assert raised.value.pointer == "/fields/0/default"


def test_a_default_cannot_build_a_record_still_being_defined() -> None:
    schema = record(field("self", ["R", "null"], default={"self": None}))
    with pytest.raises(AvroSchemaError, match="still being defined"):
        parse_avro(schema)


def test_without_default_validation_an_invalid_default_is_kept_without_a_datum() -> None:
    schema = record(field("f", ["null", "string"], default="x"))
    parsed = parse_avro(schema, validate_defaults=False).root.fields[0]
    assert parsed.has_default and parsed.datum is NO_DATUM
    with pytest.raises(AvroSchemaError, match="not a number"):  # the parser fails regardless
        parse_avro(record(field("f", "double", default="one")), validate_defaults=False)


def test_predefined_names_are_references_already_parsed() -> None:
    money = parse_avro({"type": "fixed", "name": "Money", "namespace": "acme", "size": 8})
    schema = parse_avro(record(field("m", "acme.Money")), predefined=money.names)
    assert schema.root.fields[0].type is money.root
    assert list(schema.names) == ["R"]  # only what this document defines
    with pytest.raises(AvroSchemaError, match=r"unknown type 'acme\.Money'"):
        parse_avro(record(field("m", "acme.Money")))


def test_parsed_avro_is_keyed_by_content_and_follows_edits_in_place() -> None:
    schema = record(field("a", "int"))
    first = parsed_avro(schema)
    assert parsed_avro(copy.deepcopy(schema)) is first
    schema["fields"].append(field("b", "int"))
    assert [f.name for f in parsed_avro(schema).root.fields] == ["a", "b"]


def test_lint_reports_defaults_the_specification_forbids(project: Any, write_schema: Any) -> None:
    schema = avro_envelope("user.created")
    schema["fields"].append(field("tier", {"type": "enum", "name": "Tier", "symbols": ["GOLD"],
                                           "doc": "d"}, default="SILVER", doc="the tier"))
    write_schema("user.created", 1, schema)
    findings = lint_catalog(load_catalog(project / "contracts", load_settings(project)))
    assert [f.rule_id for f in findings] == ["AVRO_DEFAULT"]
    assert "'SILVER' is not a symbol of enum" in findings[0].message
    index = len(schema["fields"]) - 1
    assert findings[0].extra["pointer"] == f"/fields/{index}/default"
    assert findings[0].line is not None
