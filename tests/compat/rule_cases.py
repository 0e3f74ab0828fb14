# ruff: noqa: E501  (a data table: one schema pair a line reads better than wrapped)
"""A previous/current schema pair per compatibility rule id, and the level at which exactly
that id is reported (tests/compat/test_rule_cases.py)."""

from __future__ import annotations

from typing import Any


def _rec(*fields: dict[str, Any], name: str = "R") -> dict[str, Any]:
    return {"type": "record", "name": name, "fields": list(fields)}


def _obj(props: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props, **extra}


def _p(**schema: Any) -> dict[str, Any]:
    return _obj({"a": schema})


_ENUM = {"type": "enum", "name": "E", "symbols": ["A", "B"]}
# rule id -> (schema type, previous, current, level)
CASES: dict[str, tuple[str, Any, Any, str]] = {
    "READER_FIELD_MISSING_DEFAULT_VALUE": (
        "AVRO", _rec({"name": "a", "type": "int"}),
        _rec({"name": "a", "type": "int"}, {"name": "b", "type": "int"}), "BACKWARD"),
    "TYPE_MISMATCH": ("AVRO", _rec({"name": "a", "type": "long"}),
                      _rec({"name": "a", "type": "int"}), "BACKWARD"),
    "MISSING_UNION_BRANCH": ("AVRO", _rec({"name": "a", "type": ["null", "string"]}),
                             _rec({"name": "a", "type": ["null", "int"]}), "BACKWARD"),
    "MISSING_ENUM_SYMBOLS": ("AVRO", _rec({"name": "a", "type": _ENUM}),
                             _rec({"name": "a", "type": {**_ENUM, "symbols": ["A"]}}),
                             "BACKWARD"),
    "NAME_MISMATCH": ("AVRO", _rec({"name": "a", "type": "int"}),
                      _rec({"name": "a", "type": "int"}, name="S"), "BACKWARD"),
    "FIXED_SIZE_MISMATCH": (
        "AVRO", _rec({"name": "a", "type": {"type": "fixed", "name": "F", "size": 4}}),
        _rec({"name": "a", "type": {"type": "fixed", "name": "F", "size": 8}}), "BACKWARD"),
    "AMBIGUOUS_FIELD_ALIAS": (
        "AVRO", _rec({"name": "a", "type": "int"}, {"name": "b", "type": "int"}),
        _rec({"name": "a", "type": "int", "aliases": ["b"]}), "BACKWARD"),
    "TYPE_CHANGED": ("JSON", {"type": "string"}, {"type": "integer"}, "BACKWARD"),
    "MAX_LENGTH_ADDED": ("JSON", {"type": "string"}, {"type": "string", "maxLength": 3},
                         "BACKWARD"),
    "MAX_LENGTH_DECREASED": ("JSON", {"type": "string", "maxLength": 5},
                             {"type": "string", "maxLength": 3}, "BACKWARD"),
    "MIN_LENGTH_ADDED": ("JSON", {"type": "string"}, {"type": "string", "minLength": 3},
                         "BACKWARD"),
    "MIN_LENGTH_INCREASED": ("JSON", {"type": "string", "minLength": 1},
                             {"type": "string", "minLength": 3}, "BACKWARD"),
    "PATTERN_ADDED": ("JSON", {"type": "string"}, {"type": "string", "pattern": "a"},
                      "BACKWARD"),
    "PATTERN_CHANGED": ("JSON", {"type": "string", "pattern": "a"},
                        {"type": "string", "pattern": "b"}, "BACKWARD"),
    "MAXIMUM_ADDED": ("JSON", {"type": "number"}, {"type": "number", "maximum": 3}, "BACKWARD"),
    "MAXIMUM_DECREASED": ("JSON", {"type": "number", "maximum": 5},
                          {"type": "number", "maximum": 3}, "BACKWARD"),
    "MINIMUM_ADDED": ("JSON", {"type": "number"}, {"type": "number", "minimum": 3}, "BACKWARD"),
    "MINIMUM_INCREASED": ("JSON", {"type": "number", "minimum": 1},
                          {"type": "number", "minimum": 3}, "BACKWARD"),
    "EXCLUSIVE_MAXIMUM_ADDED": ("JSON", {"type": "number"},
                                {"type": "number", "exclusiveMaximum": 3}, "BACKWARD"),
    "EXCLUSIVE_MAXIMUM_DECREASED": ("JSON", {"type": "number", "exclusiveMaximum": 5},
                                    {"type": "number", "exclusiveMaximum": 3}, "BACKWARD"),
    "EXCLUSIVE_MINIMUM_ADDED": ("JSON", {"type": "number"},
                                {"type": "number", "exclusiveMinimum": 3}, "BACKWARD"),
    "EXCLUSIVE_MINIMUM_INCREASED": ("JSON", {"type": "number", "exclusiveMinimum": 1},
                                    {"type": "number", "exclusiveMinimum": 3}, "BACKWARD"),
    "MULTIPLE_OF_ADDED": ("JSON", {"type": "number"}, {"type": "number", "multipleOf": 2},
                          "BACKWARD"),
    "MULTIPLE_OF_EXPANDED": ("JSON", {"type": "number", "multipleOf": 2},
                             {"type": "number", "multipleOf": 4}, "BACKWARD"),
    "MULTIPLE_OF_CHANGED": ("JSON", {"type": "number", "multipleOf": 2},
                            {"type": "number", "multipleOf": 3}, "BACKWARD"),
    "REQUIRED_ATTRIBUTE_ADDED": ("JSON", _obj({"a": {"type": "string"}}),
                                 _obj({"a": {"type": "string"}}, required=["a"]), "BACKWARD"),
    "MAX_PROPERTIES_ADDED": ("JSON", {"type": "object"}, {"type": "object", "maxProperties": 2},
                             "BACKWARD"),
    "MAX_PROPERTIES_DECREASED": ("JSON", {"type": "object", "maxProperties": 5},
                                 {"type": "object", "maxProperties": 2}, "BACKWARD"),
    "MIN_PROPERTIES_ADDED": ("JSON", {"type": "object"}, {"type": "object", "minProperties": 2},
                             "BACKWARD"),
    "MIN_PROPERTIES_INCREASED": ("JSON", {"type": "object", "minProperties": 1},
                                 {"type": "object", "minProperties": 2}, "BACKWARD"),
    "ADDITIONAL_PROPERTIES_REMOVED": ("JSON", {"type": "object"},
                                      {"type": "object", "additionalProperties": False},
                                      "BACKWARD"),
    "DEPENDENCY_ARRAY_ADDED": ("JSON", {"type": "object"},
                               {"type": "object", "dependencies": {"a": ["b"]}}, "BACKWARD"),
    "DEPENDENCY_ARRAY_EXTENDED": ("JSON", {"type": "object", "dependencies": {"a": ["b"]}},
                                  {"type": "object", "dependencies": {"a": ["b", "c"]}},
                                  "BACKWARD"),
    "DEPENDENCY_ARRAY_CHANGED": ("JSON", {"type": "object", "dependencies": {"a": ["b"]}},
                                 {"type": "object", "dependencies": {"a": ["c"]}}, "BACKWARD"),
    "DEPENDENCY_SCHEMA_ADDED": ("JSON", {"type": "object"},
                                {"type": "object", "dependencies": {"a": {"required": ["b"]}}},
                                "BACKWARD"),
    "MAX_ITEMS_ADDED": ("JSON", {"type": "array"}, {"type": "array", "maxItems": 2}, "BACKWARD"),
    "MAX_ITEMS_DECREASED": ("JSON", {"type": "array", "maxItems": 5},
                            {"type": "array", "maxItems": 2}, "BACKWARD"),
    "MIN_ITEMS_ADDED": ("JSON", {"type": "array"}, {"type": "array", "minItems": 2}, "BACKWARD"),
    "MIN_ITEMS_INCREASED": ("JSON", {"type": "array", "minItems": 1},
                            {"type": "array", "minItems": 2}, "BACKWARD"),
    "UNIQUE_ITEMS_ADDED": ("JSON", {"type": "array"}, {"type": "array", "uniqueItems": True},
                           "BACKWARD"),
    "ENUM_ARRAY_NARROWED": ("JSON", {"enum": ["a", "b"]}, {"enum": ["a"]}, "BACKWARD"),
    "ENUM_ARRAY_CHANGED": ("JSON", {"enum": ["a", "b"]}, {"enum": ["a", "c"]}, "BACKWARD"),
    "COMBINED_TYPE_CHANGED": ("JSON", {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                              {"oneOf": [{"type": "string"}, {"type": "integer"}]}, "BACKWARD"),
    "PRODUCT_TYPE_EXTENDED": ("JSON", {"allOf": [{"type": "string"}]},
                              {"allOf": [{"type": "string"}, {"maxLength": 3}]}, "BACKWARD"),
    "SUM_TYPE_NARROWED": ("JSON", {"oneOf": [{"type": "string"}, {"type": "integer"}]},
                          {"oneOf": [{"type": "string"}]}, "BACKWARD"),
    "NOT_TYPE_EXTENDED": ("JSON", {"not": {"type": "string"}},
                          {"not": {"type": ["string", "integer"]}}, "BACKWARD"),
    "SCHEMA_ADDED": ("JSON", {"type": "array"},
        {"type": "array", "items": {"type": "string"}}, "BACKWARD"),
    "TYPE_NARROWED": ("JSON", {"type": "number"},
        {"type": "integer"}, "BACKWARD"),
    "ADDITIONAL_PROPERTIES_NARROWED": ("JSON", {"type": "object", "additionalProperties": True},
        {"type": "object", "additionalProperties": {"type": "string"}}, "BACKWARD"),
    "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL": ("JSON", {"type": "object", "properties": {"a": {"type": "string"}}},
        {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "required": ["b"]}, "BACKWARD"),
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL": ("JSON", {"type": "object", "properties": {"a": {"type": "string"}}},
        {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string", "default": "x"}}, "required": ["b"]}, "BACKWARD"),
    "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL": ("JSON", {"type": "object", "properties": {"a": {"type": "string"}}},
        {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}}, "BACKWARD"),
    "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL": ("JSON", {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": False},
        {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "required": ["b"], "additionalProperties": False}, "BACKWARD"),
    "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL": ("JSON", {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "additionalProperties": False},
        {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": False}, "BACKWARD"),
    "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": ("JSON", {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "additionalProperties": {"type": "integer"}},
        {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "integer"}}, "BACKWARD"),
    "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": ("JSON", {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "integer"}},
        {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "additionalProperties": {"type": "integer"}}, "BACKWARD"),
    "UNEVALUATED_PROPERTIES_REMOVED": ("JSON", {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"},
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "unevaluatedProperties": False}, "BACKWARD"),
    "UNEVALUATED_PROPERTIES_NARROWED": ("JSON", {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "unevaluatedProperties": True},
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "unevaluatedProperties": {"type": "string"}}, "BACKWARD"),
    "MAX_CONTAINS_ADDED": ("JSON", {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array", "contains": {"type": "string"}},
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array", "contains": {"type": "string"}, "maxContains": 2}, "BACKWARD"),
    "MAX_CONTAINS_DECREASED": ("JSON", {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array", "contains": {"type": "string"}, "maxContains": 3},
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array", "contains": {"type": "string"}, "maxContains": 2}, "BACKWARD"),
    "MIN_CONTAINS_INCREASED": ("JSON", {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array", "contains": {"type": "string"}, "minContains": 1},
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array", "contains": {"type": "string"}, "minContains": 2}, "BACKWARD"),
    # json-sKema reads `contains` with minContains 1 unless given, and the translator records it:
    # adding `contains` adds a minContains (adding one next to an existing `contains` raises it)
    "MIN_CONTAINS_ADDED": ("JSON", {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array"},
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array", "contains": {"type": "string"}}, "BACKWARD"),
    "ADDITIONAL_ITEMS_REMOVED": ("JSON", {"type": "array", "items": [{"type": "string"}]},
        {"type": "array", "items": [{"type": "string"}], "additionalItems": False}, "BACKWARD"),
    "ADDITIONAL_ITEMS_NARROWED": ("JSON", {"type": "array", "items": [{"type": "string"}]},
        {"type": "array", "items": [{"type": "string"}], "additionalItems": {"type": "string"}}, "BACKWARD"),
    "UNEVALUATED_ITEMS_REMOVED": ("JSON", {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array"},
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array", "unevaluatedItems": False}, "BACKWARD"),
    "UNEVALUATED_ITEMS_NARROWED": ("JSON", {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array", "unevaluatedItems": True},
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array", "unevaluatedItems": {"type": "string"}}, "BACKWARD"),
    "ITEM_ADDED_TO_OPEN_CONTENT_MODEL": ("JSON", {"type": "array", "items": [{"type": "string"}]},
        {"type": "array", "items": [{"type": "string"}, {"type": "string"}]}, "BACKWARD"),
    "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL": ("JSON", {"type": "array", "items": [{"type": "string"}, {"type": "string"}], "additionalItems": False},
        {"type": "array", "items": [{"type": "string"}], "additionalItems": False}, "BACKWARD"),
    "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": ("JSON", {"type": "array", "items": [{"type": "string"}, {"type": "string"}], "additionalItems": {"type": "integer"}},
        {"type": "array", "items": [{"type": "string"}], "additionalItems": {"type": "integer"}}, "BACKWARD"),
    "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": ("JSON", {"type": "array", "items": [{"type": "string"}], "additionalItems": {"type": "integer"}},
        {"type": "array", "items": [{"type": "string"}, {"type": "string"}], "additionalItems": {"type": "integer"}}, "BACKWARD"),
    "COMBINED_TYPE_SUBSCHEMAS_CHANGED": ("JSON", {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        {"oneOf": [{"type": "boolean"}, {"type": "null"}]}, "BACKWARD"),
}

# Ids reported together with the case's own id: a property or item not covered by a partially
# open content model is also compared with the model's schema, as Confluent does.
ALSO: dict[str, set[str]] = {
    rule_id: {"TYPE_CHANGED"} for rule_id in (
        "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
        "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
        "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
        "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL")}
