"""The Avro reader/writer checker: verdicts, rule ids, pointers, messages and bad input."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from generator.compat import RULES, check_compatibility
from generator.compat._avro import check_reader_writer
from generator.errors import ContractsError

PRIMITIVES = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"]
# writer -> the reader types that can read it, besides itself (the Avro specification)
PROMOTIONS = {"int": {"long", "float", "double"}, "long": {"float", "double"},
              "float": {"double"}, "string": {"bytes"}, "bytes": {"string"}}


def record(*fields: dict[str, Any], name: str = "User", **extra: Any) -> dict[str, Any]:
    return {"type": "record", "name": name, "namespace": "acme", "fields": list(fields), **extra}


def field(name: str, type_: Any, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, **extra}


def rules(reader: Any, writer: Any) -> list[str]:
    return [issue.rule_id for issue in check_reader_writer(reader, writer)]


def test_the_seven_rules_are_registered() -> None:
    for rule_id in ("READER_FIELD_MISSING_DEFAULT_VALUE", "TYPE_MISMATCH", "MISSING_UNION_BRANCH",
                    "MISSING_ENUM_SYMBOLS", "NAME_MISMATCH", "FIXED_SIZE_MISMATCH",
                    "AMBIGUOUS_FIELD_ALIAS"):
        assert RULES[rule_id].schema_type == "AVRO"
        assert RULES[rule_id].purpose


@pytest.mark.parametrize("writer", PRIMITIVES)
@pytest.mark.parametrize("reader", PRIMITIVES)
def test_primitive_promotions(reader: str, writer: str) -> None:
    readable = reader == writer or reader in PROMOTIONS.get(writer, set())
    assert rules(reader, writer) == ([] if readable else ["TYPE_MISMATCH"])


def test_a_field_added_without_default_breaks_backward() -> None:
    old = record(field("id", "string"))
    new = record(field("id", "string"), field("email", "string"))
    [issue] = check_reader_writer(new, old)
    assert issue.rule_id == "READER_FIELD_MISSING_DEFAULT_VALUE"
    assert (issue.reader_pointer, issue.writer_pointer) == ("/fields/1", "")
    assert "'email'" in issue.message and "acme.User" in issue.message
    assert check_reader_writer(old, new) == []  # the old schema ignores the new field

    result = check_compatibility("AVRO", new, [old], "BACKWARD")
    assert not result.compatible
    [finding] = result.findings
    assert (finding.new_pointer, finding.old_pointer, finding.direction) == (
        "/fields/1", "", "backward")


def test_a_field_added_with_default_is_fully_compatible() -> None:
    old = record(field("id", "string"))
    new = record(field("id", "string"), field("email", ["null", "string"], default=None))
    assert check_compatibility("AVRO", new, [old], "FULL").compatible


def test_a_changed_field_type_points_at_both_types() -> None:
    old = record(field("id", "string"), field("age", "int"))
    new = record(field("age", "string"), field("id", "string"))
    [issue] = check_reader_writer(new, old)
    assert issue.rule_id == "TYPE_MISMATCH"
    assert (issue.reader_pointer, issue.writer_pointer) == ("/fields/0/type", "/fields/1/type")
    assert issue.message.startswith("field 'age' of record 'acme.User' is int in the writing")


def test_nested_places_are_described() -> None:
    old = record(field("tags", {"type": "map", "values": {"type": "array", "items": "string"}}))
    new = record(field("tags", {"type": "map", "values": {"type": "array", "items": "int"}}))
    [issue] = check_reader_writer(new, old)
    assert issue.reader_pointer == "/fields/0/type/values/items"
    assert "field 'tags' of record 'acme.User' (map values, array items)" in issue.message


def test_enum_symbols_and_enum_default() -> None:
    old = record(field("status", {"type": "enum", "name": "Status", "symbols": ["ON", "OFF"]}))
    new = record(field("status", {"type": "enum", "name": "Status",
                                  "symbols": ["ON", "OFF", "PAUSED"]}))
    assert check_reader_writer(new, old) == []
    [issue] = check_reader_writer(old, new)
    assert issue.rule_id == "MISSING_ENUM_SYMBOLS"
    assert (issue.reader_pointer, issue.writer_pointer) == (
        "/fields/0/type/symbols", "/fields/0/type/symbols")
    assert "'PAUSED'" in issue.message
    with_default = copy.deepcopy(old)
    with_default["fields"][0]["type"]["default"] = "OFF"
    assert check_reader_writer(with_default, new) == []


def test_named_types_match_by_unqualified_name_or_reader_alias() -> None:
    old = record(field("id", "string"))
    assert check_reader_writer(record(field("id", "string"), namespace="other"), old) == []
    renamed = record(field("id", "string"), name="Customer")
    [issue] = check_reader_writer(renamed, old)
    assert issue.rule_id == "NAME_MISMATCH"
    assert (issue.reader_pointer, issue.writer_pointer) == ("/name", "/name")
    assert check_reader_writer(dict(renamed, aliases=["acme.User"]), old) == []
    # As in Java Avro, an unqualified alias is in the declaring type's namespace ("acme").
    assert check_reader_writer(dict(renamed, aliases=["User"]), old) == []
    assert rules(dict(renamed, aliases=["other.User"]), old) == ["NAME_MISMATCH"]
    assert rules(dict(renamed, aliases=["User"], namespace="other"), old) == ["NAME_MISMATCH"]


def test_a_reader_field_matching_two_writer_fields_is_incompatible() -> None:
    old = record(field("mail", "string"), field("email", "string"))
    assert rules(record(field("email", "string", aliases=["mail"])), old) == [
        "AMBIGUOUS_FIELD_ALIAS"]
    # Java counts the name and an alias finding the same field as two matches too
    assert rules(record(field("mail", "string", aliases=["mail"])), old) == [
        "AMBIGUOUS_FIELD_ALIAS"]


def test_reader_field_aliases_find_renamed_fields() -> None:
    old = record(field("mail", "string"))
    new = record(field("email", "string", aliases=["mail"]))
    assert check_reader_writer(new, old) == []
    assert rules(old, new) == ["READER_FIELD_MISSING_DEFAULT_VALUE"]


def test_fixed_size_and_name() -> None:
    old = {"type": "fixed", "name": "Hash", "size": 16}
    [issue] = check_reader_writer(dict(old, size=32), old)
    assert issue.rule_id == "FIXED_SIZE_MISMATCH"
    assert (issue.reader_pointer, issue.writer_pointer) == ("/size", "/size")
    assert sorted(rules(dict(old, name="Digest", size=8), old)) == [
        "FIXED_SIZE_MISMATCH", "NAME_MISMATCH"]


def test_unions_on_either_side() -> None:
    assert check_reader_writer(["null", "long"], "int") == []
    [issue] = check_reader_writer(["null", "int"], "string")
    assert issue.rule_id == "MISSING_UNION_BRANCH"
    assert "none of its branches can read the writing schema's string" in issue.message
    # every branch the writer can write must be readable
    issues = check_reader_writer("string", ["null", "string", "int"])
    assert [(i.rule_id, i.writer_pointer) for i in issues] == [
        ("TYPE_MISMATCH", "/0"), ("TYPE_MISMATCH", "/2")]
    old = record(field("v", ["null", "string", "int"]))
    new = record(field("v", ["null", "string"]))
    [issue] = check_reader_writer(new, old)
    assert (issue.rule_id, issue.reader_pointer, issue.writer_pointer) == (
        "MISSING_UNION_BRANCH", "/fields/0/type", "/fields/0/type/2")
    assert check_reader_writer(old, new) == []


def test_a_reference_to_a_named_type_points_at_the_reference() -> None:
    address = {"type": "record", "name": "Address", "fields": [field("city", "string")]}
    old = record(field("home", address), field("work", "string"))
    new = record(field("home", address), field("work", "acme.Address"))
    [issue] = check_reader_writer(new, old)
    assert (issue.rule_id, issue.reader_pointer, issue.writer_pointer) == (
        "TYPE_MISMATCH", "/fields/1/type", "/fields/1/type")
    assert "record 'acme.Address' in the reading schema" in issue.message


def test_recursive_schemas() -> None:
    def node(value_type: str, *extra: dict[str, Any]) -> dict[str, Any]:
        return {"type": "record", "name": "Node", "fields": [
            field("value", value_type), field("next", ["null", "Node"], default=None), *extra]}

    assert check_reader_writer(node("long"), node("int")) == []
    assert check_reader_writer(node("int", field("tag", "string", default="")), node("int")) == []
    [issue] = check_reader_writer(node("int"), node("long"))
    assert (issue.rule_id, issue.reader_pointer) == ("TYPE_MISMATCH", "/fields/0/type")
    mutual = {"type": "record", "name": "A", "fields": [
        field("b", ["null", {"type": "record", "name": "B", "fields": [
            field("a", ["null", "A"], default=None)]}], default=None)]}
    assert check_reader_writer(mutual, mutual) == []


def test_logical_types_are_ignored_as_the_reference_does() -> None:
    def decimal(precision: int, scale: int) -> dict[str, Any]:
        return {"type": "bytes", "logicalType": "decimal", "precision": precision, "scale": scale}

    assert check_reader_writer(decimal(12, 4), decimal(10, 2)) == []
    assert check_reader_writer("bytes", decimal(10, 2)) == []
    assert check_reader_writer({"type": "long", "logicalType": "timestamp-millis"},
                               {"type": "int", "logicalType": "date"}) == []
    assert rules({"type": "string", "logicalType": "uuid"}, "long") == ["TYPE_MISMATCH"]


def test_an_enum_default_does_not_stand_in_for_a_missing_field() -> None:
    status = {"type": "enum", "name": "Status", "symbols": ["ON", "OFF"], "default": "ON"}
    [issue] = check_reader_writer(record(field("status", status)), record())
    assert (issue.rule_id, issue.reader_pointer) == ("TYPE_MISMATCH", "/fields/0/type")
    assert "has no default" in issue.message


def test_findings_follow_in_place_edits() -> None:
    old = record(field("id", "string"))
    new = record(field("id", "string"))
    assert check_reader_writer(new, old) == []
    new["fields"].append(field("email", "string"))  # the cache is keyed by content
    assert rules(new, old) == ["READER_FIELD_MISSING_DEFAULT_VALUE"]
    new["fields"][1]["default"] = ""
    assert rules(new, old) == []
    old["fields"][0]["type"] = "boolean"
    assert rules(new, old) == ["TYPE_MISMATCH"]


@pytest.mark.parametrize(("schema", "message"), [
    ("strnig", "unknown type 'strnig'"),
    ({"type": "record", "name": "R"}, "needs a \"fields\" list"),
    ({"name": "R", "fields": []}, "needs a \"type\""),
    ({"type": "record", "name": "R", "fields": [field("a", "int"), field("a", "int")]},
     "appears twice"),
    ({"type": "record", "name": "R", "fields": [field("a", {"type": "record", "name": "R",
                                                               "fields": []})]},
     "defined twice"),
    ({"type": "enum", "name": "E", "symbols": ["A"], "default": "B"}, "not one of its symbols"),
    ({"type": "enum", "name": "E", "symbols": ["A", "A"]}, "appears twice"),
    ({"type": "enum", "name": "E", "symbols": ["not-a-name"]}, "invalid enum symbol"),
    ({"type": "fixed", "name": "F", "size": -1}, "size"),
    ({"type": "fixed", "name": "9F", "size": 1}, "invalid name"),
    ({"type": "record", "name": "long", "fields": []}, "primitive"),
    (["null", ["int"]], "another union"),
    (["int", "int"], "holds 'int' twice"),
    ({"type": "array"}, "needs \"items\""),
    ({"type": "map", "values": "nope"}, "unknown type 'nope'"),
    (42, "not 42"),
    ({"type": "record", "name": "R", "fields": [], "aliases": "S"}, "aliases"),
])
def test_invalid_schemas_are_bad_input(schema: Any, message: str) -> None:
    with pytest.raises(ContractsError, match=message):
        check_reader_writer(schema, "int")
    with pytest.raises(ContractsError, match=message):
        check_reader_writer("int", schema)


def test_a_schema_nested_too_deeply_is_bad_input_not_a_crash() -> None:
    schema: Any = "int"
    for _ in range(5000):
        schema = {"type": "array", "items": schema}
    with pytest.raises(ContractsError, match="nested too deeply"):
        check_reader_writer(schema, schema)


def test_named_references_resolve_like_the_specification() -> None:
    schema = {"type": "record", "name": "R", "namespace": "a", "fields": [
        field("x", {"type": "fixed", "name": "F", "size": 2}),
        field("y", "F"),  # the enclosing namespace: a.F
        field("z", {"type": "enum", "name": "E", "namespace": "", "symbols": ["S"]}),
        field("w", "E"),  # not a.E: falls back to the null namespace, as Avro's Java parser
        field("v", {"type": "a.F"}),
    ]}
    assert check_reader_writer(schema, schema) == []


def test_prepared_schemas_check_like_their_json() -> None:
    from generator.compat._avro import prepare

    old = record(field("id", "string"))
    new = record(field("id", "string"), field("email", "string"))
    assert check_reader_writer(prepare(new), prepare(old)) == check_reader_writer(new, old)
    assert check_reader_writer(prepare(old), new) == []
    with pytest.raises(ContractsError, match="unknown type"):
        prepare({"type": "nope"})


def test_an_empty_namespace_is_the_null_namespace() -> None:
    # As Avro's Java parser: 'Old' is in the null namespace (avro.schema would make it acme.Old).
    # The reader's unqualified alias is in its own namespace (acme), so it names acme.Old;
    # ".Old" names the null namespace's Old.
    old = record(field("x", {"type": "record", "name": "Old", "namespace": "", "fields": []}))
    new = record(field("x", {"type": "record", "name": "New", "aliases": ["Old"], "fields": []}))
    assert rules(new, old) == ["NAME_MISMATCH"]
    new_null = copy.deepcopy(new)
    new_null["fields"][0]["type"]["aliases"] = [".Old"]
    assert check_reader_writer(new_null, old) == []
    new_qualified = copy.deepcopy(new)
    new_qualified["fields"][0]["type"]["aliases"] = ["acme.Old"]
    assert rules(new_qualified, old) == ["NAME_MISMATCH"]
