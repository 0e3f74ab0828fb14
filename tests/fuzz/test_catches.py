"""What `contracts fuzz` must catch, each on real data with a real checker and real codegen."""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

import generator.compat
from generator.catalog import Catalog, Settings
from generator.compat import CompatibilityResult
from generator.fuzz import (
    GENERATED_CODE,
    VERDICT_CONTRADICTED,
    claimed_pairs,
    contract_properties,
    fuzz_contract,
)
from tests.fuzz.conftest import make_contract, record


def test_bytes_to_string_on_non_utf8_data_contradicts_the_checker() -> None:
    v1 = record("Payment", {"name": "id", "type": "string"}, {"name": "memo", "type": "bytes"})
    v2 = record("Payment", {"name": "id", "type": "string"}, {"name": "memo", "type": "string"})
    contract = make_contract("payment.made", [v1, v2])
    pairs, _ = claimed_pairs(contract, "BACKWARD")
    assert pairs == [(1, 2)]  # the Avro checker calls bytes -> string compatible (the spec does)
    report = fuzz_contract(contract, examples=100, seed=11)
    [finding] = report.findings
    assert finding.rule_id == VERDICT_CONTRADICTED
    assert finding.extra["writer_version"] == 1 and finding.extra["reader_version"] == 2
    assert "not valid UTF-8" in finding.message
    # shrunk: the smallest value that shows it is one byte that cannot start a UTF-8 sequence
    assert finding.extra["example"] == "{'id': '', 'memo': b'\\x80'}"
    assert finding.extra["seed"] == 11 and "--seed 11" in finding.extra["replay"]
    assert finding.path == str(Path("contracts/payment.made/v2.avsc"))
    assert (finding.line, finding.column) == contract.versions[1].locate("/fields/1/type")


def test_a_union_default_that_does_not_match_the_first_branch() -> None:
    """The catalog loader rejects this schema; the fuzzer must catch it on data by itself."""
    v1 = record("User", {"name": "id", "type": "string"})
    v2 = record("User", {"name": "id", "type": "string"},
                {"name": "nickname", "type": ["null", "string"], "default": "anonymous"})
    contract = make_contract("user.named", [v1, v2])
    assert claimed_pairs(contract, "BACKWARD")[0] == [(1, 2)]  # the checker finds nothing
    report = fuzz_contract(contract, examples=50, seed=3)
    [finding] = report.findings
    assert finding.rule_id == VERDICT_CONTRADICTED
    assert "does not match the union's first branch" in finding.message
    assert "'anonymous'" in finding.message and "v1 → v2" in finding.message
    assert finding.extra["example"] == "{'id': ''}"
    assert (finding.line, finding.column) == contract.versions[1].locate("/fields/1/default")


def test_an_enum_default_that_is_no_symbol() -> None:
    """Java's parser and the catalog loader take it (lint warns); a reader fails on data."""
    v1 = record("User", {"name": "id", "type": "string"})
    tier = {"type": "enum", "name": "Tier", "symbols": ["FREE", "PAID"]}
    v2 = record("User", {"name": "id", "type": "string"},
                {"name": "tier", "type": tier, "default": "GOLD"})
    contract = make_contract("user.tiered", [v1, v2])
    assert claimed_pairs(contract, "BACKWARD")[0] == [(1, 2)]
    [finding] = fuzz_contract(contract, examples=20, seed=3).findings
    assert finding.rule_id == VERDICT_CONTRADICTED
    assert "'GOLD' is not a symbol of enum test.fuzz.Tier" in finding.message
    assert (finding.line, finding.column) == contract.versions[1].locate("/fields/1/default")


def test_a_wrong_verdict_injected_into_the_checker_is_caught_by_the_properties(
        monkeypatch: pytest.MonkeyPatch) -> None:
    v1 = record("Order", {"name": "id", "type": "string"},
                {"name": "status", "type": {"type": "enum", "name": "Status",
                                            "symbols": ["NEW", "PAID", "SHIPPED"]}})
    v2 = record("Order", {"name": "id", "type": "string"},
                {"name": "status", "type": {"type": "enum", "name": "Status",
                                            "symbols": ["NEW", "PAID"]}})
    contract = make_contract("order.moved", [v1, v2])
    honest = fuzz_contract(contract, examples=50, seed=5)
    assert claimed_pairs(contract, "BACKWARD")[0] == [] and honest.ok  # nothing claimed

    def lying_checker(schema_type: str, new: Any, previous: Any, level: str) -> Any:
        return CompatibilityResult(level, ())

    monkeypatch.setattr(generator.compat, "check_compatibility", lying_checker)
    report = fuzz_contract(contract, examples=100, seed=5)
    [finding] = report.findings
    assert finding.rule_id == VERDICT_CONTRADICTED
    assert "symbol 'SHIPPED'" in finding.message
    assert finding.extra["example"] == "{'id': '', 'status': 'SHIPPED'}"


@pytest.mark.slow  # over 3 s in the default tier
def test_a_lying_checker_on_a_json_schema_contract(monkeypatch: pytest.MonkeyPatch) -> None:
    """Open content model: v1 allows any extra property, v2 types one; old data breaks v2."""
    v1 = {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
          "properties": {"id": {"type": "string"}}, "required": ["id"]}
    v2 = {**v1, "properties": {"id": {"type": "string"}, "n": {"type": "integer"}}}
    contract = make_contract("thing.json", [v1, v2], schema_type="JSON")
    monkeypatch.setattr(generator.compat, "check_compatibility",
                        lambda t, new, prev, level: CompatibilityResult(level, ()))
    report = fuzz_contract(contract, examples=200, seed=2)
    [finding] = report.findings
    assert finding.rule_id == VERDICT_CONTRADICTED
    assert "valid under v1 but not under v2" in finding.message
    example = json.loads(finding.extra["example"])  # JSON text for JSON Schema contracts
    assert example == {"id": "", "n": None}  # shrunk: the smallest non-integer is null


def _generated_contract(tmp_path: Path) -> tuple[Any, Settings]:
    schema = record(
        "Shipment",
        {"name": "eventId", "type": {"type": "string", "logicalType": "uuid"}},
        {"name": "carrier", "type": "string"},
        {"name": "weight", "type": "double"},
        {"name": "when", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "parcels", "type": {"type": "array", "items": record(
            "Parcel", {"name": "sku", "type": "string"}, {"name": "count", "type": "int"})}},
        {"name": "note", "type": ["null", "string"], "default": None})
    from generator.codegen import generate

    package = f"fuzz_{uuid.uuid4().hex[:8]}"
    contract = make_contract("shipment.sent", [schema],
                             folder=tmp_path / "contracts" / "shipment.sent")
    settings = Settings(root=tmp_path, package=package, output=Path("generated"))
    generate(Catalog(tmp_path / "contracts", settings, (contract,)), tmp_path / "generated")
    return contract, settings


def test_a_codegen_bug_injected_into_an_encode_path(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "path", list(sys.path))
    contract, settings = _generated_contract(tmp_path)
    healthy = fuzz_contract(contract, settings, examples=60, seed=9)
    assert healthy.ok and "generated-class" in healthy.runs[0].checks

    module = sys.modules[f"{settings.package}.shipment_sent.v1"]
    encode = module._enc_Parcel

    def buggy(parcel: Any) -> dict[str, Any]:  # an off-by-one in a nested record's encoder
        data: dict[str, Any] = encode(parcel)
        if data["count"] > 1:
            data["count"] -= 1
        return data

    monkeypatch.setattr(module, "_enc_Parcel", buggy)
    report = fuzz_contract(contract, settings, examples=200, seed=9)
    [finding] = report.findings
    assert finding.rule_id == GENERATED_CODE and finding.extra["property"] == "generated-class"
    assert "encodes different data" in finding.message
    assert ".parcels[0].count: expected 2, got 1" in finding.message  # shrunk to the edge
    for name in [m for m in sys.modules if m.startswith(settings.package)]:
        del sys.modules[name]


def test_the_same_seed_replays_the_same_finding() -> None:
    v1 = record("Blob", {"name": "data", "type": {"type": "map", "values": "bytes"}})
    v2 = record("Blob", {"name": "data", "type": {"type": "map", "values": "string"}})
    contract = make_contract("blob.stored", [v1, v2])
    first = fuzz_contract(contract, examples=80, seed=1234)
    again = fuzz_contract(contract, examples=80, seed=1234)
    assert first.findings and [f.message for f in first.findings] == \
        [f.message for f in again.findings]
    assert [r.examples for r in first.runs] == [r.examples for r in again.runs]


def test_contract_properties_for_a_service_test_suite(tmp_path: Path) -> None:
    folder = tmp_path / "contracts" / "user.signed"
    folder.mkdir(parents=True)
    base = [{"name": "eventId", "type": {"type": "string", "logicalType": "uuid"}},
            {"name": "blob", "type": "bytes"}]
    (folder / "v1.avsc").write_text(json.dumps(record("UserSigned", *base)))
    changed = [base[0], {"name": "blob", "type": "string"}]
    (folder / "v2.avsc").write_text(json.dumps(record("UserSigned", *changed)))
    (tmp_path / "pyproject.toml").write_text("[tool.event-contracts]\n")
    [prop] = contract_properties(tmp_path / "contracts", examples=50)
    assert str(prop) == "user.signed"
    with pytest.raises(AssertionError, match="VERDICT_CONTRADICTED") as caught:
        prop()
    assert "seed 0" in str(caught.value) and "shrunk example" in str(caught.value)
    with pytest.raises(KeyError):
        contract_properties(tmp_path / "contracts", ["no.such"])
