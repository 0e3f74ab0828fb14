"""JSON Schema strategies: valid values for 2020-12, recursive $ref, combinators and formats."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, find, given, settings

from generator.catalog import load_catalog, load_settings
from generator.fuzz import fuzz_contract, json_strategy
from generator.fuzz._json_strategies import (
    BUILDER,
    LIBRARY,
    choose_json_strategy,
    ecma_to_python,
    json_validator,
    recursive_ref,
)
from tests.fuzz.conftest import REPO

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


SOURCES = {"2020-12 prefixItems and $defs": BUILDER, "recursive $ref": BUILDER,
           "combinators and formats": LIBRARY, "numbers": LIBRARY}


@pytest.mark.parametrize("name", SCHEMAS)
def test_values_are_valid_under_their_schema(name: str) -> None:
    schema = SCHEMAS[name]
    validator = json_validator(schema)
    seen: list[Any] = []
    choice = choose_json_strategy(schema)
    assert choice.source == SOURCES[name], choice.reason

    @FAST
    @given(choice.strategy)
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


@pytest.mark.slow  # over 3 s in the default tier
def test_draft_07_bundled_contracts_use_hypothesis_jsonschema_and_2020_12_the_builder() -> None:
    catalog = load_catalog(REPO / "contracts", load_settings(REPO))
    sources: dict[str, set[str]] = {}
    for name in ("order.cancelled", "inventory.reserved", "order.placed"):
        report = fuzz_contract(catalog.get(name), catalog.settings, examples=10, seed=3)
        assert report.ok, report.findings
        assert len(report.runs) == len(catalog.get(name).versions)
        sources[name] = {run.source for run in report.runs}
        for run in report.runs:
            assert run.examples >= 5
            assert (run.reason == "") == (run.source == LIBRARY), run
    assert sources == {"order.cancelled": {LIBRARY}, "inventory.reserved": {LIBRARY},
                       "order.placed": {BUILDER}}
    placed = catalog.get("order.placed").versions[0].schema
    assert "draft 2020-12" in choose_json_strategy(placed).reason


def test_recursive_ref_falls_back_to_the_builder_and_stays_valid() -> None:
    schema = {"$schema": "http://json-schema.org/draft-07/schema#",
              "definitions": {"node": {"type": "object", "required": ["v"],
                                       "properties": {"v": {"type": "integer"},
                                                      "next": {"$ref": "#/definitions/node"}}}},
              "$ref": "#/definitions/node"}
    assert recursive_ref(schema) == "#/definitions/node"
    assert recursive_ref(SCHEMAS["recursive $ref"]) == "#"
    assert recursive_ref(SCHEMAS["2020-12 prefixItems and $defs"]) is None  # shared, not cyclic
    choice = choose_json_strategy(schema)
    assert choice.source == BUILDER
    assert "recursive $ref '#/definitions/node'" in choice.reason
    validator = json_validator(schema)
    nested: list[Any] = []

    @FAST
    @given(choice.strategy)
    def check(value: dict[str, Any]) -> None:
        assert validator.is_valid(value)
        if "next" in value:
            nested.append(value["next"])

    check()
    assert nested and all(isinstance(node["v"], int) for node in nested)


@pytest.mark.slow  # over 3 s in the default tier
def test_the_library_draws_vocabulary_names_in_open_models_and_uuid_formats() -> None:
    """The other versions' property names reach hypothesis-jsonschema as optional properties."""
    schema = {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
              "required": ["id", "inner"],
              "properties": {"id": {"type": "string", "format": "uuid"},
                             "inner": {"type": "object", "additionalProperties": False,
                                       "properties": {"q": {"type": "integer"}}}}}
    choice = choose_json_strategy(schema, vocabulary=["id", "amount"])
    assert choice.source == LIBRARY
    found = find(choice.strategy, lambda v: "amount" in v, settings=settings(database=None))
    assert set(found) == {"id", "inner", "amount"}
    validator = json_validator(schema)

    @FAST
    @given(choice.strategy)
    def check(value: dict[str, Any]) -> None:
        assert validator.is_valid(value)
        assert set(value["inner"]) <= {"q"}  # closed: no vocabulary there
        assert str(uuid.UUID(value["id"])) == value["id"]  # draft 7 has no uuid format

    check()
