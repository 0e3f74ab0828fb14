"""Shared types registered as Confluent schema references, against the embedded registry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from confluent_kafka.schema_registry import SchemaRegistryClient

from generator.cli import main

pytestmark = pytest.mark.registry

MONEY = {"type": "record", "name": "Money", "namespace": "acme.common", "doc": "an amount",
         "fields": [{"name": "cents", "type": "long", "doc": "in cents"}]}


def order(name: str) -> dict[str, Any]:
    return {"type": "record", "name": name, "namespace": "acme.orders", "doc": "an order",
            "fields": [{"name": "total", "type": "acme.common.Money", "doc": "the total"}]}


@pytest.fixture
def shared_catalog(project: Path, write_schema: Any) -> Path:
    folder = project / "contracts" / "common.money"
    folder.mkdir(parents=True)
    (folder / "contract.toml").write_text('kind = "type"\n', "utf-8")
    write_schema("common.money", 1, MONEY)
    write_schema("order.placed", 1, order("Placed"))
    write_schema("order.refunded", 1, order("Refunded"))
    return project / "contracts"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_register_puts_the_shared_type_first_and_references_it(shared_catalog, schema_registry,
                                                              capsys):
    dirs = ("--contracts-dir", str(shared_catalog))
    code, out = run(capsys, *dirs, "register", "--registry", schema_registry, "--dry-run")
    assert code == 0, out
    lines = [line for line in out.splitlines() if line.startswith("would register")]
    assert lines[0].startswith("would register common.money v1 under acme.common.Money")
    code, out = run(capsys, *dirs, "register", "--registry", schema_registry)
    assert code == 0, out
    client = SchemaRegistryClient({"url": schema_registry})
    assert sorted(client.get_subjects()) == ["acme.common.Money", "order.placed-value",
                                             "order.refunded-value"]
    for subject in ("order.placed-value", "order.refunded-value"):
        registered = client.get_latest_version(subject).schema
        assert [(r.name, r.subject, r.version) for r in registered.references] == [
            ("acme.common.Money", "acme.common.Money", 1)]
        assert json.loads(registered.schema_str)["fields"][0]["type"] == "acme.common.Money"
    code, out = run(capsys, *dirs, "register", "--registry", schema_registry)
    assert code == 0 and "register: nothing to do" in out


def test_check_against_the_registry_compares_dereferenced_schemas(shared_catalog, write_schema,
                                                                  schema_registry, capsys):
    dirs = ("--contracts-dir", str(shared_catalog))
    assert run(capsys, *dirs, "register", "--registry", schema_registry)[0] == 0
    # v2 adds a second Money without a default: both engines must see Money's fields to agree
    v2 = order("Placed")
    v2["fields"].append({"name": "tip", "type": "acme.common.Money", "doc": "a tip"})
    write_schema("order.placed", 2, v2)
    code, out = run(capsys, *dirs, "--format", "json", "check", "--registry", schema_registry)
    rules = sorted(f["rule"] for f in json.loads(out)["findings"])
    assert code == 1
    # the local history and the registered one each, and the registry's own verdict, which
    # agrees (no REGISTRY_VERDICT_MISMATCH)
    assert rules == ["READER_FIELD_MISSING_DEFAULT_VALUE"] * 2 + ["REGISTRY_REJECTED"], out
    v2["fields"][1]["default"] = {"cents": 0}
    write_schema("order.placed", 2, v2)
    code, out = run(capsys, *dirs, "--format", "json", "check", "--registry", schema_registry)
    assert code == 0, out
