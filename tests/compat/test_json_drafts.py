"""JSON Schema compatibility per draft: the catalog's draft detection picks the loader, and what a
keyword means (or whether it is one) changes with the draft, as in Confluent's loaders (Everit
for draft-04/06/07, json-sKema for 2019-09 and 2020-12)."""

from __future__ import annotations

from typing import Any

import pytest

from generator.compat._jsonschema import all_differences, check_reader_writer
from generator.errors import ContractsError

D4 = "http://json-schema.org/draft-04/schema#"
D6 = "http://json-schema.org/draft-06/schema#"
D7 = "http://json-schema.org/draft-07/schema#"
D2019 = "https://json-schema.org/draft/2019-09/schema"


def rules(draft: str, reader: dict[str, Any], writer: dict[str, Any]) -> list[str]:
    found = check_reader_writer({"$schema": draft, **reader}, {"$schema": draft, **writer})
    return sorted(f.rule_id for f in found)


NUMBER = {"type": "number", "maximum": 5}


def test_draft_04_exclusive_maximum_is_a_flag_on_maximum() -> None:
    assert rules(D4, {**NUMBER, "exclusiveMaximum": True}, NUMBER) == []
    assert rules(D4, {**NUMBER, "maximum": 4}, NUMBER) == ["MAXIMUM_DECREASED"]
    # from draft-06 on it is a number of its own, and a boolean is no schema at all
    assert rules(D6, {"type": "number", "exclusiveMaximum": 5}, {"type": "number"}) == [
        "EXCLUSIVE_MAXIMUM_ADDED"]
    with pytest.raises(ContractsError, match="exclusiveMaximum must be a number"):
        rules(D7, {**NUMBER, "exclusiveMaximum": True}, NUMBER)


def test_draft_04_id_is_its_identifier_and_const_is_no_keyword() -> None:
    assert rules(D4, {"id": "urn:b", "type": "string"}, {"id": "urn:a", "type": "string"}) == []
    # a property named "id" stays a property
    assert rules(D4, {"type": "object", "properties": {"id": {"type": "integer"}}},
                 {"type": "object", "properties": {"id": {"type": "string"}}}) == [
        "TYPE_CHANGED"]
    assert rules(D4, {"type": "string", "const": "a"}, {"type": "string"}) == []
    assert rules(D6, {"type": "string", "const": "a"}, {"type": "string"}) == ["TYPE_CHANGED"]


def test_draft_06_has_no_conditionals() -> None:
    conditional = {"if": {"required": ["a"]}, "then": {"required": ["b"]}}
    assert rules(D6, {"type": "object", **conditional}, {"type": "object"}) == []
    assert rules(D7, {"type": "object", **conditional}, {"type": "object"}) == ["TYPE_CHANGED"]


def test_2019_09_is_read_with_the_modern_vocabulary() -> None:
    dependent = {"dependentRequired": {"a": ["b"]}}
    assert rules(D2019, dependent, {}) == ["TYPE_CHANGED"]
    assert rules(D7, dependent, {}) == []  # an unknown keyword before 2019-09
    # an unknown `$schema` is draft-07, as Confluent reads it
    assert rules("http://example.com/my-meta-schema#", dependent, {}) == []


def test_refs_between_contracts_are_compared_through_the_bundled_view(project) -> None:
    import json

    from generator.catalog import json_envelope, load_catalog
    from generator.compat import check_catalog

    def write(contract: str, version: int, schema: dict[str, Any]) -> None:
        folder = project / "contracts" / contract
        folder.mkdir(exist_ok=True)
        (folder / f"v{version}.schema.json").write_text(json.dumps(schema), "utf-8")

    order = json_envelope("acme.ordered")
    order["properties"]["data"] = {"$ref": "../common.money/v1.schema.json"}
    write("acme.ordered", 1, order)
    order2 = json_envelope("acme.ordered")
    order2["properties"]["data"] = {"$ref": "../common.money/v2.schema.json"}
    write("acme.ordered", 2, order2)
    money = {"type": "object", "properties": {"amount": {"type": "number"}}}
    write("common.money", 1, money)
    write("common.money", 2, {**money, "required": ["amount"]})
    catalog = load_catalog(project / "contracts")
    findings = check_catalog(catalog)
    ids = {(f.rule_id, f.contract) for f in findings}
    assert ("REQUIRED_ATTRIBUTE_ADDED", "acme.ordered") in ids, findings


# --- contains / minContains / maxContains ----------------------------------------------------
D2020 = "https://json-schema.org/draft/2020-12/schema"
ARRAY: dict[str, Any] = {"type": "array"}
CONTAINS: dict[str, Any] = {**ARRAY, "contains": {"type": "string"}}


def kinds(draft: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Every difference (compatible ones too) from old to new, as Confluent prints them."""
    found = all_differences({"$schema": draft, **new}, {"$schema": draft, **old})
    return sorted(f"{d.kind} {d.confluent_path}" for d in found)


BOUND_CHANGES = [  # the same in every draft once both sides state the bound
    ({**CONTAINS, "minContains": 2}, {**CONTAINS, "minContains": 3},
     "MIN_CONTAINS_INCREASED #/minContains"),
    ({**CONTAINS, "minContains": 3}, {**CONTAINS, "minContains": 2},
     "MIN_CONTAINS_DECREASED #/minContains"),
    (CONTAINS, {**CONTAINS, "maxContains": 2}, "MAX_CONTAINS_ADDED #/maxContains"),
    ({**CONTAINS, "maxContains": 2}, {**CONTAINS, "maxContains": 3},
     "MAX_CONTAINS_INCREASED #/maxContains"),
    ({**CONTAINS, "maxContains": 3}, {**CONTAINS, "maxContains": 2},
     "MAX_CONTAINS_DECREASED #/maxContains"),
    ({**CONTAINS, "maxContains": 2}, CONTAINS, "MAX_CONTAINS_REMOVED #/maxContains"),
]


@pytest.mark.parametrize("draft", [D4, D7, D2019, D2020])
@pytest.mark.parametrize(("old", "new", "kind"), BOUND_CHANGES)
def test_contains_bounds_changed(draft: str, old: dict[str, Any], new: dict[str, Any],
                                 kind: str) -> None:
    assert kinds(draft, old, new) == [kind]


@pytest.mark.parametrize("draft", [D2019, D2020])
def test_modern_contains_always_has_a_min_contains_of_one(draft: str) -> None:
    # json-sKema gives `contains` minContains 1 unless stated and the translator records it
    assert kinds(draft, ARRAY, CONTAINS) == ["MIN_CONTAINS_ADDED #/minContains"]
    assert kinds(draft, CONTAINS, ARRAY) == ["MIN_CONTAINS_REMOVED #/minContains"]
    assert kinds(draft, {**CONTAINS, "minContains": 1}, CONTAINS) == []
    assert kinds(draft, CONTAINS, {**CONTAINS, "minContains": 2}) == [
        "MIN_CONTAINS_INCREASED #/minContains"]
    assert kinds(draft, {**CONTAINS, "minContains": 2}, CONTAINS) == [
        "MIN_CONTAINS_DECREASED #/minContains"]
    # a bound that is no number is not read (minContains falls back to 1) ...
    assert kinds(draft, {**CONTAINS, "minContains": "2"}, CONTAINS) == []
    assert kinds(draft, CONTAINS, {**CONTAINS, "maxContains": True}) == []
    # ... nor is one without `contains`
    assert kinds(draft, ARRAY, {**ARRAY, "minContains": 2}) == []
    # an unknown keyword beside them replaces the map the bounds are kept in
    assert kinds(draft, {**CONTAINS, "x-a": 1}, {**CONTAINS, "x-a": 1, "minContains": 2}) == []


@pytest.mark.parametrize("draft", [D4, D6, D7])
def test_everit_reads_the_contains_bounds_as_unknown_keywords(draft: str) -> None:
    # no default: `contains` alone brings no minContains, and a stated 1 is one
    assert kinds(draft, ARRAY, CONTAINS) == []
    assert kinds(draft, CONTAINS, {**CONTAINS, "minContains": 2}) == [
        "MIN_CONTAINS_ADDED #/minContains"]
    assert kinds(draft, {**CONTAINS, "minContains": 1}, CONTAINS) == [
        "MIN_CONTAINS_REMOVED #/minContains"]
    # read on any array schema, with or without `contains`
    assert kinds(draft, ARRAY, {**ARRAY, "minContains": 2}) == [
        "MIN_CONTAINS_ADDED #/minContains"]
    assert kinds(draft, ARRAY, {**ARRAY, "minContains": "2"}) == []


@pytest.mark.parametrize("draft", [D4, D7, D2020])
def test_the_contains_schema_itself_is_not_compared(draft: str) -> None:
    assert kinds(draft, CONTAINS, {**ARRAY, "contains": {"type": "integer"}}) == []
