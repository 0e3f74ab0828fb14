"""The JSON Schema checker: Confluent's diff rules on cases beyond the conformance corpus.

`check_reader_writer(reader, writer)` is Confluent's `SchemaDiff.compare(original=writer,
update=reader)`, keeping the incompatible differences.
"""

from __future__ import annotations

from typing import Any

import pytest

from generator.compat import RULES, check_compatibility
from generator.compat._jsonschema import all_differences, check_reader_writer
from generator.errors import ContractsError

MODERN = "https://json-schema.org/draft/2020-12/schema"


def rules(reader: Any, writer: Any) -> set[str]:
    return {i.rule_id for i in check_reader_writer(reader, writer)}


def obj(props: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props, **extra}


def test_identical_schemas_have_no_findings() -> None:
    schema = obj({"a": {"type": "string", "maxLength": 3}, "b": {"enum": [1, 2]}},
                 required=["a"], additionalProperties=False)
    assert check_reader_writer(schema, schema) == []


def test_finding_carries_pointers_and_a_sentence() -> None:
    old = obj({"name": {"type": "string"}})
    new = obj({"name": {"type": "string", "maxLength": 10}})
    [finding] = check_reader_writer(new, old)
    assert finding.rule_id == "MAX_LENGTH_ADDED"
    assert finding.reader_pointer == "/properties/name/maxLength"
    assert finding.writer_pointer == "/properties/name"
    assert "'/properties/name/maxLength'" in finding.message
    assert finding.message.endswith(".")


def test_every_reported_rule_is_registered_for_json() -> None:
    old = obj({"a": {"type": "number"}}, additionalProperties=False)
    new = obj({"b": {"type": "integer"}}, required=["b"], additionalProperties=False)
    found = rules(new, old)
    assert found == {"PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
                     "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"}
    assert all(RULES[r].schema_type == "JSON" for r in found)


def test_required_property_with_default_added_to_closed_model_is_compatible() -> None:
    old = obj({"a": {"type": "string"}}, additionalProperties=False)
    new = obj({"a": {"type": "string"}, "b": {"type": "string", "default": "x"}},
              required=["b"], additionalProperties=False)
    assert rules(new, old) == set()
    kinds = {d.kind for d in all_differences(new, old)}
    assert kinds == {"REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL"}


def test_required_with_default_on_existing_property() -> None:
    old = obj({"a": {"type": "string"}})
    assert rules(obj({"a": {"type": "string", "default": ""}}, required=["a"]), old) == set()
    assert rules(obj({"a": {"type": "string"}}, required=["a"]), old) == {
        "REQUIRED_ATTRIBUTE_ADDED"}


def test_open_model_rejects_a_new_typed_property_but_accepts_an_empty_one() -> None:
    old = obj({"a": {"type": "string"}})
    assert rules(obj({"a": {"type": "string"}, "b": {"type": "string"}}), old) == {
        "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"}
    assert rules(obj({"a": {"type": "string"}, "b": {}}), old) == set()


def test_pattern_properties_cover_added_properties() -> None:
    patterns = {"^n_": {"type": "integer"}}
    old = obj({}, patternProperties=patterns, additionalProperties=False)
    # the new property accepts every value the pattern accepted: covered
    assert rules(obj({"n_1": {"type": "number"}}, patternProperties=patterns,
                     additionalProperties=False), old) == set()
    assert rules(obj({"n_1": {"type": "string"}}, patternProperties=patterns,
                     additionalProperties=False), old) == {
        "TYPE_CHANGED", "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"}


def test_unevaluated_properties_in_2020_12() -> None:
    old = {"$schema": MODERN, "type": "object", "properties": {"a": {"type": "string"}}}
    closed = {**old, "unevaluatedProperties": False}
    partial = {**old, "unevaluatedProperties": {"type": "string"}}
    assert rules(closed, old) == {"UNEVALUATED_PROPERTIES_REMOVED"}
    assert rules(partial, old) == {"UNEVALUATED_PROPERTIES_NARROWED"}
    assert rules(old, closed) == set()
    # draft 7 does not know the keyword: it changes nothing there
    assert rules({"type": "object", "unevaluatedProperties": False}, {"type": "object"}) == set()


def test_tuples_draft7_and_2020_12() -> None:
    old7 = {"type": "array", "items": [{"type": "string"}], "additionalItems": False}
    new7 = {"type": "array", "items": [{"type": "string"}, {"type": "number"}],
            "additionalItems": False}
    assert rules(new7, old7) == set()
    assert rules(old7, new7) == {"ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL"}
    old20 = {"$schema": MODERN, "type": "array", "prefixItems": [{"type": "string"}],
             "items": False}
    new20 = {**old20, "prefixItems": [{"type": "string"}, {"type": "number"}]}
    assert rules(new20, old20) == set()
    assert rules(old20, new20) == {"ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL"}
    [finding] = check_reader_writer(old20, new20)
    assert finding.writer_pointer == "/prefixItems/1"


def test_dependencies_draft7_and_2020_12() -> None:
    old = {"dependencies": {"a": ["b"]}}
    assert rules({"dependencies": {"a": ["b", "c"]}}, old) == {"DEPENDENCY_ARRAY_EXTENDED"}
    assert rules({"dependencies": {}}, old) == set()
    modern = {"$schema": MODERN, "dependentRequired": {"a": ["b"]}}
    [finding] = check_reader_writer({**modern, "dependentRequired": {"a": ["b"], "c": ["a"]}},
                                    modern)
    assert finding.rule_id == "DEPENDENCY_ARRAY_ADDED"
    assert finding.reader_pointer == "/dependentRequired/c"


def test_not_enum_const_and_numbers() -> None:
    assert rules({"not": {"type": "string"}}, {"not": {"enum": ["a"]}}) == {"NOT_TYPE_EXTENDED"}
    assert rules({"enum": ["a"]}, {"enum": ["a", "b"]}) == {"ENUM_ARRAY_NARROWED"}
    assert rules({"enum": [True]}, {"enum": [1]}) == {"ENUM_ARRAY_CHANGED"}
    assert rules({"const": 1.0}, {"const": 1}) == set()
    assert rules({"type": "number", "multipleOf": 0.5}, {"type": "number", "multipleOf": 0.50}) \
        == set()
    assert rules({"type": "number", "multipleOf": 4}, {"type": "number", "multipleOf": 2}) == {
        "MULTIPLE_OF_EXPANDED"}
    assert rules({"type": "number", "exclusiveMinimum": 1}, {"type": "number"}) == {
        "EXCLUSIVE_MINIMUM_ADDED"}


def test_combined_subschemas_are_matched_not_compared_by_position() -> None:
    old = {"oneOf": [{"type": "string"}, {"type": "null"}]}
    assert rules({"oneOf": [{"type": "null"}, {"type": "string"}, {"type": "number"}]},
                 old) == set()
    assert rules({"oneOf": [{"type": "null"}, {"type": "number"}]}, old) == {
        "COMBINED_TYPE_SUBSCHEMAS_CHANGED"}
    assert rules({"anyOf": [{"type": "string"}]}, {"type": "string"}) == set()


def test_type_array_is_a_sum_type() -> None:
    assert rules({"type": ["string", "null"]}, {"type": "string"}) == set()
    assert rules({"type": "string"}, {"type": ["string", "null"]}) == {"TYPE_CHANGED"}


def test_boolean_schemas() -> None:
    assert rules(True, {"type": "string"}) == set()
    assert rules({"type": "string"}, False) == set()
    assert rules(False, True) == {"TYPE_CHANGED"}
    assert rules({"type": "string"}, {}) == {"TYPE_CHANGED"}


def test_recursive_refs_terminate_and_still_see_deep_changes() -> None:
    def tree(kind: str) -> dict[str, Any]:
        return {"$ref": "#/definitions/node", "definitions": {"node": obj({
            "value": {"type": kind},
            "children": {"type": "array", "items": {"$ref": "#/definitions/node"}}})}}

    assert check_reader_writer(tree("number"), tree("number")) == []
    assert rules(tree("number"), tree("integer")) == set()
    [finding] = check_reader_writer(tree("integer"), tree("number"))
    assert finding.rule_id == "TYPE_NARROWED"
    assert finding.reader_pointer == "/definitions/node/properties/value/type"


def test_mutually_recursive_defs_and_root_ref() -> None:
    def pair(kind: str) -> dict[str, Any]:
        return {"$schema": MODERN, "$ref": "#/$defs/a", "$defs": {
            "a": obj({"b": {"$ref": "#/$defs/b"}}),
            "b": obj({"a": {"$ref": "#/$defs/a"}, "x": {"type": kind}, "root": {"$ref": "#"}})}}

    assert rules(pair("string"), pair("string")) == set()
    assert rules(pair("number"), pair("string")) == {"TYPE_CHANGED"}


def test_2020_12_empty_properties_is_no_constraint() -> None:
    # json-sKema drops an empty `properties`; Everit (draft 7) keeps an object schema
    assert rules({"$schema": MODERN, "properties": {}}, {"$schema": MODERN}) == set()
    assert rules({"properties": {}}, {}) == {"TYPE_CHANGED"}


def test_levels_through_the_facade() -> None:
    v1 = obj({"a": {"type": "string"}}, additionalProperties=False)
    v2 = obj({"a": {"type": "string"}, "b": {"type": "string"}}, required=["b"],
             additionalProperties=False)
    backward = check_compatibility("JSON", v2, [v1], "BACKWARD")
    assert [f.rule_id for f in backward.findings] == [
        "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"]
    assert backward.findings[0].new_pointer == "/properties/b"
    forward = check_compatibility("JSON", v2, [v1], "FORWARD")
    assert [f.rule_id for f in forward.findings] == ["PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"]
    assert forward.findings[0].new_pointer == "/properties/b"
    full = check_compatibility("JSON", v2, [v1], "FULL")
    assert {f.direction for f in full.findings} == {"backward", "forward"}
    # with a partially open model the property is covered both ways
    strings = {"type": "string"}
    p1 = obj({"a": strings}, additionalProperties=strings)
    p2 = obj({"a": strings, "b": strings}, additionalProperties=strings)
    assert check_compatibility("JSON", p2, [p1], "FULL_TRANSITIVE").compatible


@pytest.mark.parametrize("schema, where", [
    ("string", "object or a boolean"),
    ({"type": "text"}, "unknown type"),
    ({"$ref": "#/definitions/missing"}, "does not resolve"),
    ({"$ref": "other.json#/a"}, "outside the document"),
    ({"properties": []}, "properties must be an object"),
    ({"required": "a"}, "array of property names"),
])
def test_bad_schemas_are_contracts_errors(schema: Any, where: str) -> None:
    with pytest.raises(ContractsError, match=where):
        check_reader_writer(schema, {"type": "object"})


def test_many_mutually_referring_definitions_in_unions() -> None:
    def web(kind: str) -> dict[str, Any]:
        defs = {f"d{i}": obj({"x": {"type": "string"}, "next": {"oneOf": [
            {"$ref": f"#/definitions/d{j}"} for j in range(8)]}}) for i in range(8)}
        defs["d3"]["properties"]["x"] = {"type": kind}
        return {"definitions": defs, "oneOf": [{"$ref": f"#/definitions/d{j}"} for j in range(8)]}

    assert check_reader_writer(web("string"), web("string")) == []
    assert rules(web("number"), web("string")) == {"COMBINED_TYPE_SUBSCHEMAS_CHANGED"}
