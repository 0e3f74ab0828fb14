"""Fuzz strategies for every JSON Schema draft: hypothesis-jsonschema for drafts 4, 6 and 7, the
builder for 2019-09 and 2020-12, and every value checked by the draft's own validator."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from generator.catalog import json_envelope, load_catalog
from generator.fuzz._json_strategies import BUILDER, LIBRARY, choose_json_strategy, json_validator
from generator.fuzz._runner import fuzz_contract

FAST = settings(max_examples=60, database=None, deadline=None,
                suppress_health_check=list(HealthCheck))

# each schema means something else (or nothing) under another draft's rules
DRAFTS: dict[str, tuple[dict[str, Any], str]] = {
    "draft-04": ({"$schema": "http://json-schema.org/draft-04/schema#", "type": "object",
                  "required": ["n"], "additionalProperties": False,
                  "properties": {"n": {"type": "integer", "minimum": 0, "maximum": 3,
                                       "exclusiveMaximum": True}}}, LIBRARY),
    "draft-06": ({"$schema": "http://json-schema.org/draft-06/schema#", "type": "object",
                  "required": ["n", "c"], "additionalProperties": False,
                  "properties": {"n": {"type": "integer", "exclusiveMinimum": 0,
                                       "exclusiveMaximum": 3}, "c": {"const": "x"}}}, LIBRARY),
    "2019-09": ({"$schema": "https://json-schema.org/draft/2019-09/schema", "type": "array",
                 "items": [{"type": "string"}, {"type": "integer"}], "additionalItems": False,
                 "minItems": 2}, BUILDER),
    "2020-12": ({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array",
                 "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": False,
                 "minItems": 2}, BUILDER),
}


@pytest.mark.parametrize("draft", sorted(DRAFTS))
def test_values_are_valid_under_the_drafts_validator(draft: str) -> None:
    schema, source = DRAFTS[draft]
    choice = choose_json_strategy(schema)
    assert choice.source == source, choice.reason
    if source == BUILDER:
        assert choice.reason == f"draft {draft}: hypothesis-jsonschema knows drafts 4, 6 and 7"
    validator = json_validator(schema)
    seen: list[Any] = []

    @FAST
    @given(choice.strategy)
    def check(value: Any) -> None:
        assert validator.is_valid(value)
        seen.append(value)

    check()
    if draft == "draft-04":  # the boolean exclusiveMaximum excludes 3
        assert {v["n"] for v in seen} <= {0, 1, 2}
    if draft in ("2019-09", "2020-12"):
        assert all(isinstance(v[0], str) and isinstance(v[1], int) for v in seen)


def test_fuzz_follows_refs_between_contracts(project) -> None:
    import json

    money = {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object",
             "required": ["amount"], "additionalProperties": False,
             "properties": {"amount": {"type": "integer", "minimum": 0}}}
    order = json_envelope("acme.ordered")
    order["properties"]["data"] = {"$ref": "../common.money/v1.schema.json"}
    for name, schema in (("acme.ordered", order), ("common.money", money)):
        folder = project / "contracts" / name
        folder.mkdir()
        (folder / "v1.schema.json").write_text(json.dumps(schema), "utf-8")
    catalog = load_catalog(project / "contracts")
    report = fuzz_contract(catalog.get("acme.ordered"), catalog.settings, examples=20, seed=1)
    assert report.findings == (), report.findings
    assert [(run.examples, run.source) for run in report.runs] == [(20, "hypothesis-jsonschema")]


def test_mutually_recursive_definitions_stay_within_the_budget() -> None:
    # the shape of Google's Firestore event (draft-04): Value holds maps and arrays of Values
    value = {"type": "object", "properties": {
        "n": {"type": "number"}, "s": {"type": "string"}, "b": {"type": "boolean"},
        "map": {"$ref": "#/definitions/MapValue"}, "array": {"$ref": "#/definitions/ArrayValue"},
        "ref": {"$ref": "#/definitions/Document"}}}
    schema = {"$schema": "http://json-schema.org/draft-04/schema#",
              "$ref": "#/definitions/Document", "definitions": {
                  "Value": value,
                  "MapValue": {"type": "object", "properties": {"fields": {
                      "type": "object", "additionalProperties": {"$ref": "#/definitions/Value"}}}},
                  "ArrayValue": {"type": "object", "properties": {"values": {
                      "type": "array", "items": {"$ref": "#/definitions/Value"}}}},
                  "Document": {"type": "object", "properties": {
                      "fields": {"type": "object",
                                 "additionalProperties": {"$ref": "#/definitions/Value"}},
                      "old": {"$ref": "#/definitions/Document"}}}}}
    choice = choose_json_strategy(schema, max_recursion=2)
    assert choice.source == BUILDER
    validator = json_validator(schema)

    @FAST
    @given(choice.strategy)
    def check(value: Any) -> None:
        assert validator.is_valid(value)

    check()
