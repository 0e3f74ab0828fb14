"""Shared types: kind = "type" contracts other contracts use by name (Avro), resolved at load."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import fastavro
import pytest

from generator.catalog import (
    Reference,
    dereferenced,
    load_catalog,
    load_settings,
    parse_avro,
)
from generator.cli import main
from generator.errors import ContractsError


def money(*extra: dict[str, Any]) -> dict[str, Any]:
    return {"type": "record", "name": "Money", "namespace": "acme.common", "doc": "an amount",
            "fields": [{"name": "cents", "type": "long"},
                       {"name": "currency", "type": {"type": "enum", "name": "Currency",
                                                     "symbols": ["EUR", "USD"]}}, *extra]}


def order(name: str, *fields: dict[str, Any]) -> dict[str, Any]:
    return {"type": "record", "name": name, "namespace": "acme.orders", "fields": list(fields)}


def shared(project: Path, name: str, toml: str = "") -> None:
    folder = project / "contracts" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "contract.toml").write_text(f'kind = "type"\n{toml}', "utf-8")


def load(project: Path) -> Any:
    return load_catalog(project / "contracts", load_settings(project))


@pytest.fixture
def catalog_with_money(project: Path, write_schema: Any) -> Path:
    shared(project, "common.money")
    write_schema("common.money", 1, money())
    write_schema("common.money", 2, money({"name": "note", "type": "string", "default": ""}))
    write_schema("order.placed", 1, order("Placed", {"name": "total", "type": "acme.common.Money"},
                                          {"name": "refund", "type": ["null", "acme.common.Money"],
                                           "default": None}))
    write_schema("order.refunded", 1, order("Refunded",
                                            {"name": "amount", "type": "acme.common.Money"},
                                            {"name": "in", "type": "acme.common.Currency"}))
    return project


def test_a_schema_uses_a_shared_type_by_full_name_in_its_latest_version(catalog_with_money):
    catalog = load(catalog_with_money)
    placed = catalog.get("order.placed").latest
    assert placed.references == (Reference("acme.common.Money", "common.money", 2),)
    total = placed.avro.root.fields_by_name["total"].type
    assert total is placed.avro.root.fields_by_name["refund"].type.branches[1]
    assert [f.name for f in total.fields] == ["cents", "currency", "note"]
    # a name the shared type defines inside it is found through the same contract
    refunded = catalog.get("order.refunded").latest
    assert refunded.references == (Reference("acme.common.Money", "common.money", 2),)
    assert catalog.get("common.money").is_type
    assert catalog.get("common.money").subject() == "acme.common.Money"


def test_a_pin_chooses_the_version(catalog_with_money):
    toml = catalog_with_money / "contracts" / "order.placed" / "contract.toml"
    toml.write_text('[references]\n"acme.common.Money" = 1\n', "utf-8")
    placed = load(catalog_with_money).get("order.placed").latest
    assert placed.references == (Reference("acme.common.Money", "common.money", 1),)
    assert "note" not in placed.avro.root.fields_by_name["total"].type.fields_by_name
    toml.write_text('[references]\n"common.money" = 1\n', "utf-8")  # by contract name too
    assert load(catalog_with_money).get("order.placed").latest.references[0].version == 1


def test_the_dereferenced_schema_defines_each_name_once_and_reads_as_itself(catalog_with_money):
    placed = load(catalog_with_money).get("order.placed").latest
    document = dereferenced(placed.avro)
    total, refund = document["fields"]
    assert total["type"]["name"] == "Money" and total["type"]["namespace"] == "acme.common"
    assert total["type"]["doc"] == "an amount"
    assert refund["type"] == ["null", "acme.common.Money"]  # named after its first use
    again = parse_avro(document)  # no references needed any more
    assert list(again.names) == ["acme.orders.Placed", "acme.common.Money",
                                 "acme.common.Currency"]
    parsed = fastavro.parse_schema(document)
    value = {"total": {"cents": 5, "currency": "EUR", "note": "x"}, "refund": None}
    buffer = io.BytesIO()
    fastavro.schemaless_writer(buffer, parsed, value)
    buffer.seek(0)
    assert fastavro.schemaless_reader(buffer, parsed) == value


def test_a_schema_without_references_is_its_own_dereferenced_document(project, write_schema):
    schema = order("Placed", {"name": "id", "type": "string"})
    write_schema("order.placed", 1, schema)
    version = load(project).get("order.placed").latest
    assert version.references == () and dereferenced(version.avro) is version.schema


def test_an_explicit_namespace_keeps_names_when_a_definition_moves(project, write_schema):
    shared(project, "common.flag")
    write_schema("common.flag", 1, {"type": "enum", "name": "Flag", "namespace": "",
                                    "symbols": ["ON"]})
    write_schema("order.placed", 1, order("Placed", {"name": "f", "type": "Flag"}))
    document = dereferenced(load(project).get("order.placed").latest.avro)
    # without "namespace": "" the moved Flag would become acme.orders.Flag
    assert list(parse_avro(document).names) == ["acme.orders.Placed", "Flag"]


def error_of(project: Path) -> str:
    with pytest.raises(ContractsError) as raised:
        load(project)
    return str(raised.value)


def test_an_unknown_name_is_bad_input_at_its_position(project, write_schema):
    path = write_schema("order.placed", 1, order("Placed", {"name": "m", "type": "acme.Nope"}))
    text = path.read_text()
    line = text[:text.index('"acme.Nope"')].count("\n") + 1
    message = error_of(project)
    assert message.startswith(f"{path}:{line}:")
    assert "unknown type 'acme.Nope'" in message and 'kind = "type"' in message


def test_shared_types_that_use_each_other_are_a_cycle(project, write_schema):
    shared(project, "common.a")
    shared(project, "common.b")
    write_schema("common.a", 1, {"type": "record", "name": "A", "fields": [
        {"name": "b", "type": "B"}]})
    write_schema("common.b", 1, {"type": "record", "name": "B", "fields": [
        {"name": "a", "type": "A"}]})
    message = error_of(project)
    assert "cycle: common.a v1 -> common.b v1 -> common.a v1" in message


def test_a_pin_to_a_missing_version_names_contract_toml(catalog_with_money):
    toml = catalog_with_money / "contracts" / "order.placed" / "contract.toml"
    toml.write_text('[references]\n"acme.common.Money" = 7\n', "utf-8")
    message = error_of(catalog_with_money)
    assert message.startswith(str(toml)) and "pins v7 of common.money" in message


@pytest.mark.parametrize(("toml", "expected"), [
    ('kind = "type"\ntopic = "a.b.c"\n', "has no topic"),
    ('kind = "thing"\n', "kind 'thing' is not one of event, type"),
    ('[references]\n"acme.Money" = 0\n', "must be a version number"),
])
def test_bad_shared_type_settings(project, write_schema, capsys, toml, expected):
    write_schema("order.placed", 1, order("Placed", {"name": "id", "type": "string"}))
    (project / "contracts" / "order.placed" / "contract.toml").write_text(toml, "utf-8")
    code = main(["--contracts-dir", str(project / "contracts"), "lint"])
    err = capsys.readouterr().err
    assert code == 2 and expected in err and len(err.strip().splitlines()) == 1


def test_lint_and_check_run_on_a_catalog_with_shared_types(catalog_with_money, capsys):
    contracts = str(catalog_with_money / "contracts")
    assert main(["--contracts-dir", contracts, "check"]) == 0
    capsys.readouterr()
    assert main(["--contracts-dir", contracts, "--format", "json", "lint"]) in (0, 1)
    report = json.loads(capsys.readouterr().out)
    assert all(f["rule"] != "BAD_INPUT" for f in report["findings"])


def test_check_and_fuzz_read_versions_with_their_shared_types(catalog_with_money, write_schema,
                                                              capsys):
    # v2 drops a field without a default from the used type's record: the checker must see
    # the shared type's fields to find it, and fuzz must build values through the reference
    write_schema("order.placed", 2, order("Placed", {"name": "total", "type": "acme.common.Money"},
                                          {"name": "tip", "type": "acme.common.Money"}))
    contracts = str(catalog_with_money / "contracts")
    assert main(["--contracts-dir", contracts, "--format", "json", "check"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [f["rule"] for f in report["findings"]] == ["READER_FIELD_MISSING_DEFAULT_VALUE"]
    assert "'tip'" in report["findings"][0]["message"]
    assert main(["--contracts-dir", contracts, "--format", "json", "fuzz", "--examples", "10",
                 "--seed", "1", "--contract", "order.refunded", "--contract", "order.placed"]) == 0
    totals = json.loads(capsys.readouterr().out)["totals"]
    assert totals["examples"] == 30 and totals["failures"] == 0


def test_a_breaking_change_to_a_shared_type_names_every_contract_it_breaks(
        project, write_schema, capsys):
    shared(project, "common.money", 'compatibility = "NONE"\n')  # the type alone may change
    write_schema("common.money", 1, money())
    v2 = write_schema("common.money", 2, money({"name": "note", "type": "string"}))
    write_schema("order.placed", 1, order("Placed", {"name": "total", "type": "acme.common.Money"}))
    write_schema("order.refunded", 1, order("Refunded",
                                            {"name": "amount", "type": "acme.common.Money"}))
    (project / "contracts" / "order.refunded" / "contract.toml").write_text(
        'compatibility = "FORWARD"\n', "utf-8")
    write_schema("order.pinned", 1, order("Pinned", {"name": "m", "type": "acme.common.Money"}))
    (project / "contracts" / "order.pinned" / "contract.toml").write_text(
        '[references]\n"acme.common.Money" = 1\n', "utf-8")
    code = main(["--contracts-dir", str(project / "contracts"), "--format", "json", "check"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert code == 1
    assert [(f["rule"], f["dependent"]) for f in findings] == [
        ("READER_FIELD_MISSING_DEFAULT_VALUE", "order.placed")]
    [finding] = findings
    assert finding["message"].startswith(
        "common.money v2 breaks order.placed v1, which uses it and is BACKWARD: with v2 it "
        "cannot read data written with v1: ")
    # placed at the new field in the shared type's own file
    assert finding["path"] == str(v2) and finding["pointer"] == "/fields/2"
    text = v2.read_text()
    assert finding["line"] == text[:text.index('"note"')].count("\n")  # the field's "{" line


def test_list_shows_shared_types_and_what_uses_them(catalog_with_money, capsys):
    contracts = str(catalog_with_money / "contracts")
    assert main(["--contracts-dir", contracts, "--format", "json", "list"]) == 0
    rows = {r["contract"]: r for r in json.loads(capsys.readouterr().out)["contracts"]}
    assert rows["common.money"]["kind"] == "type" and rows["common.money"]["topic"] is None
    assert rows["common.money"]["used_by"] == ["order.placed v1", "order.refunded v1"]
    assert rows["order.placed"]["uses"] == ["common.money v2"]
    assert main(["--contracts-dir", contracts, "list"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("common.money"))
    assert "(shared type)" in line and "order.placed v1, order.refunded v1" in line


def test_a_json_schema_uses_a_shared_type_by_a_relative_ref(project, write_schema):
    shared(project, "common.address")
    write_schema("common.address", 1, {"type": "object", "properties": {
        "city": {"type": "string"}}}, ext="schema.json")
    write_schema("order.placed", 1, {"type": "object", "properties": {
        "ship_to": {"$ref": "../common.address/v1.schema.json"},
        "bill_to": {"$ref": "../common.address/v1.schema.json#/properties/city"}}},
        ext="schema.json")
    catalog = load(project)
    assert catalog.get("order.placed").latest.references == (
        Reference("../common.address/v1.schema.json", "common.address", 1),)
    assert catalog.get("common.address").subject() == "common.address"


def test_lint_holds_shared_types_to_their_own_rules(catalog_with_money, write_schema):
    from generator.catalog import lint_catalog

    # an event that defines the shared type's name again, instead of using it
    write_schema("order.placed", 2, order("Placed", {"name": "total", "type": money()}))
    findings = lint_catalog(load(catalog_with_money))
    by_contract = {(f.contract, f.rule_id) for f in findings}
    assert ("order.placed", "SHARED_NAME") in by_contract
    again = {f.extra["pointer"]: f.message for f in findings if f.rule_id == "SHARED_NAME"}
    assert again == {  # Money, and the Currency enum it defines inside
        "/fields/0/type": "acme.common.Money is defined here and by the shared type "
                          "common.money: one definition per name",
        "/fields/0/type/fields/1/type": "acme.common.Currency is defined here and by the "
                                        "shared type common.money: one definition per name"}
    # a shared type is no event: no envelope, key, topic or event-type findings for it
    assert {rule for contract, rule in by_contract if contract == "common.money"} <= {
        "RECORD_DOC", "FIELD_DOC"}
