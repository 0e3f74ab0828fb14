"""JSON Schema strategies: valid values for 2020-12, recursive $ref, combinators and formats."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, find, given, settings

from generator.fuzz import json_strategy
from generator.fuzz._json_strategies import ecma_to_python, json_validator

FAST = settings(max_examples=100, database=None, deadline=None,
                suppress_health_check=list(HealthCheck))

SCHEMAS: dict[str, Any] = {
    "2020-12 prefixItems and $defs": {
        "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
        "properties": {"pair": {"type": "array", "prefixItems": [{"type": "string"},
                                                                  {"type": "integer"}],
                                "items": False},
                       "money": {"$ref": "#/$defs/Money"}},
        "required": ["pair", "money"], "additionalProperties": False,
        "$defs": {"Money": {"type": "object", "additionalProperties": False,
                            "required": ["amount", "currency"],
                            "properties": {"amount": {"type": "string",
                                                      "pattern": "^-?[0-9]+(\\.[0-9]+)?$"},
                                           "currency": {"type": "string",
                                                        "pattern": "^[A-Z]{3}$"}}}}},
    "recursive $ref": {
        "type": "object", "required": ["value"],
        "properties": {"value": {"type": "integer", "minimum": 0, "maximum": 9},
                       "children": {"type": "array", "items": {"$ref": "#"}}}},
    "combinators and formats": {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "oneOf": [{"type": "object", "required": ["id"], "additionalProperties": False,
                   "properties": {"id": {"type": "string", "format": "uuid"}}},
                  {"type": "object", "required": ["at"], "additionalProperties": False,
                   "properties": {"at": {"type": "string", "format": "date-time"}}}]},
    "numbers": {"type": "object", "required": ["n", "m", "x"], "properties": {
        "n": {"type": "integer", "exclusiveMinimum": 0, "multipleOf": 5},
        "m": {"type": "number", "minimum": -1.5, "maximum": 2},
        "x": {"enum": ["a", 1, None]}}},
}


@pytest.mark.parametrize("name", SCHEMAS)
def test_values_are_valid_under_their_schema(name: str) -> None:
    schema = SCHEMAS[name]
    validator = json_validator(schema)
    seen: list[Any] = []

    @FAST
    @given(json_strategy(schema))
    def check(value: Any) -> None:
        seen.append(value)
        assert validator.is_valid(value)

    check()
    assert len(seen) >= 50


def test_patterns_follow_ecma_not_python() -> None:
    """`$` is the very end in ECMA-262: "AAA\\n" is not a currency code, though Python says so."""
    assert ecma_to_python("^[A-Z]{3}$") == "^[A-Z]{3}\\Z"
    assert ecma_to_python("^[$]\\$$") == "^[$]\\$\\Z"

    @FAST
    @given(json_strategy({"type": "string", "pattern": "^[A-Z]{3}$"}))
    def check(value: str) -> None:
        assert len(value) == 3 and value.isascii() and value.isupper()

    check()


def test_recursion_happens_and_is_bounded() -> None:
    schema = SCHEMAS["recursive $ref"]

    def depth(value: dict[str, Any]) -> int:
        return 1 + max((depth(c) for c in value.get("children", [])), default=0)

    depths: list[int] = []

    @FAST
    @given(json_strategy(schema, max_recursion=2))
    def check(value: dict[str, Any]) -> None:
        depths.append(depth(value))

    check()
    assert 3 <= max(depths) <= 4


def test_open_content_models_get_extra_properties_from_the_vocabulary() -> None:
    schema = {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}
    found = find(json_strategy(schema, vocabulary=["id", "amount"]), lambda v: "amount" in v,
                 settings=settings(database=None))
    assert found == {"id": "", "amount": None}
    closed = {**schema, "additionalProperties": False}

    @FAST
    @given(json_strategy(closed, vocabulary=["amount"]))
    def check(value: dict[str, Any]) -> None:
        assert set(value) == {"id"}

    check()
