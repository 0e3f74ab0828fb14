"""`contracts check --registry`: where our verdict and the registry's disagree, and drift findings.

Two identical engines never disagree, so the disagreement tests give the in-process registry a
different verdict by replacing the compatibility function its verdict module calls (the one fault
here we cannot cause for real). Everything else is real: HTTP, the store, the CLI, the catalog.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient

from generator.catalog._scaffold import avro_envelope
from generator.cli import main
from generator.compat import CompatFinding, CompatibilityResult

pytestmark = pytest.mark.registry

SUBJECT = "ping.sent-value"


@pytest.fixture(autouse=True)
def _no_registry_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CONTRACTS_REGISTRY_URL", "CONTRACTS_REGISTRY_AUTH", "CONTRACTS_REGISTRY_TOKEN",
                 "CONTRACTS_REGISTRY_CA"):
        monkeypatch.delenv(name, raising=False)


def envelope(*extra: dict[str, Any]) -> dict[str, Any]:
    schema = avro_envelope("ping.sent")
    schema["fields"] = [*schema["fields"], *extra]
    return schema


def contract_toml(project: Path, level: str) -> None:
    (project / "contracts" / "ping.sent" / "contract.toml").write_text(
        f'topic = "ping.sent"\nkey = "eventId"\ncompatibility = "{level}"\n'
        f'description = "A ping."\nowners = []\n', "utf-8")


def cli(capsys: pytest.CaptureFixture[str], project: Path, *argv: str) -> tuple[int, str]:
    code = main(["--contracts-dir", str(project / "contracts"), *argv])
    out, _ = capsys.readouterr()
    return code, out


def check_json(capsys: pytest.CaptureFixture[str], project: Path,
               url: str) -> tuple[int, list[dict[str, Any]]]:
    code, out = cli(capsys, project, "--format", "json", "check", "--registry", url)
    return code, json.loads(out)["findings"]


def the(findings: list[dict[str, Any]], rule: str) -> dict[str, Any]:
    matching = [f for f in findings if f["rule"] == rule]
    assert len(matching) == 1, findings
    return matching[0]


def registry_verdict(monkeypatch: pytest.MonkeyPatch, *, compatible: bool) -> None:
    """Make the registry's engine answer `compatible` for every check, whatever the schemas."""
    import generator.registry._verdict as verdict

    def fake(schema_type: str, new: Any, previous: Sequence[Any],
             level: str) -> CompatibilityResult:
        if compatible or not previous:
            return CompatibilityResult(level, ())
        return CompatibilityResult(level, (CompatFinding(
            "PRETEND_INCOMPATIBLE", "the registry's engine objects", "/fields/8", "",
            len(previous) - 1, "backward"),))

    monkeypatch.setattr(verdict, "check_compatibility", fake)


def test_registry_accepts_what_this_tool_finds_incompatible(
        project: Path, write_schema: Any, schema_registry: str,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write_schema("ping.sent", 1, envelope())
    contract_toml(project, "BACKWARD")
    assert cli(capsys, project, "register", "--registry", schema_registry)[0] == 0
    # A new field without a default: new readers cannot read v1 data (not BACKWARD compatible).
    v2 = write_schema("ping.sent", 2, envelope({"name": "region", "type": "string"}))

    registry_verdict(monkeypatch, compatible=True)
    code, findings = check_json(capsys, project, schema_registry)
    assert code == 1
    rules = {f["rule"] for f in findings}
    assert "READER_FIELD_MISSING_DEFAULT_VALUE" in rules  # ours, against the registered v1
    assert "REGISTRY_REJECTED" not in rules  # the registry (wrongly) accepts it
    mismatch = the(findings, "REGISTRY_VERDICT_MISMATCH")
    assert (mismatch["contract"], mismatch["version"]) == ("ping.sent", 2)
    assert (mismatch["path"], mismatch["line"], mismatch["column"]) == (str(v2), 1, 1)
    assert mismatch["severity"] == "error"
    assert mismatch["message"].startswith(
        f"compatibility verdicts disagree on ping.sent v2 against version 1 registered under "
        f"{SUBJECT} (BACKWARD): this tool finds it incompatible but the registry accepts it")
    assert (mismatch["tool_verdict"], mismatch["registry_verdict"]) == ("incompatible",
                                                                        "compatible")
    assert mismatch["registry_versions"] == [1]

    code, out = cli(capsys, project, "check", "--registry", schema_registry)
    assert code == 1
    assert (f"{v2}:1:1: error: compatibility verdicts disagree on ping.sent v2" in out
            and "[REGISTRY_VERDICT_MISMATCH]" in out)

    monkeypatch.undo()  # the registry's real engine agrees with ours: no mismatch
    code, findings = check_json(capsys, project, schema_registry)
    assert code == 1 and "REGISTRY_REJECTED" in {f["rule"] for f in findings}
    assert "REGISTRY_VERDICT_MISMATCH" not in {f["rule"] for f in findings}


def test_registry_rejects_what_this_tool_finds_compatible(
        project: Path, write_schema: Any, schema_registry: str,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write_schema("ping.sent", 1, envelope())
    write_schema("ping.sent", 2, envelope({"name": "region", "type": "string", "default": ""}))
    contract_toml(project, "FULL_TRANSITIVE")
    assert cli(capsys, project, "register", "--registry", schema_registry)[0] == 0
    # Another optional field: compatible both ways with every earlier version.
    v3 = write_schema("ping.sent", 3, envelope(
        {"name": "region", "type": "string", "default": ""},
        {"name": "zone", "type": ["null", "string"], "default": None}))
    assert cli(capsys, project, "check", "--registry", schema_registry)[0] == 0

    registry_verdict(monkeypatch, compatible=False)
    code, findings = check_json(capsys, project, schema_registry)
    assert code == 1
    assert {f["rule"] for f in findings} == {"REGISTRY_REJECTED", "REGISTRY_VERDICT_MISMATCH"}
    rejected = the(findings, "REGISTRY_REJECTED")
    assert "PRETEND_INCOMPATIBLE" in rejected["message"]  # the registry's reasons, passed on
    assert "oldSchema:" not in rejected["message"]  # the old schema's text: JSON output only
    assert any("oldSchema:" in m for m in rejected["registry_messages"])
    mismatch = the(findings, "REGISTRY_VERDICT_MISMATCH")
    assert (mismatch["contract"], mismatch["version"]) == ("ping.sent", 3)
    assert (mismatch["path"], mismatch["line"], mismatch["column"]) == (str(v3), 1, 1)
    assert mismatch["message"] == (
        f"compatibility verdicts disagree on ping.sent v3 against versions 1, 2 registered "
        f"under {SUBJECT} (FULL_TRANSITIVE): this tool finds it compatible but the registry "
        f"rejects it, so `contracts register` will fail (the registry's reasons: "
        f"REGISTRY_REJECTED); one of the two engines is wrong, so hold off registering until "
        f"the difference is understood")
    assert (mismatch["tool_verdict"], mismatch["registry_verdict"]) == ("compatible",
                                                                        "incompatible")
    assert mismatch["registry_versions"] == [1, 2]


def test_type_change_under_none_is_no_disagreement(
        project: Path, write_schema: Any, schema_registry: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Under NONE both sides accept an Avro version after a JSON one (was a false mismatch)."""
    write_schema("ping.sent", 1, envelope())
    write_schema("ping.sent", 2, envelope({"name": "region", "type": "string", "default": ""}))
    contract_toml(project, "NONE")
    with SchemaRegistryClient({"url": schema_registry}) as sr:
        sr.set_compatibility(SUBJECT, "NONE")
        sr.register_schema(SUBJECT, Schema('{"type": "object"}', "JSON"))
    code, findings = check_json(capsys, project, schema_registry)
    assert code == 1
    assert [(f["rule"], f["version"]) for f in findings] == [("REGISTRY_DRIFT", 1)]


def test_extra_version_and_level_set_in_the_registry(
        project: Path, write_schema: Any, schema_registry: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    v1 = write_schema("ping.sent", 1, envelope())
    contract_toml(project, "BACKWARD")
    assert cli(capsys, project, "register", "--registry", schema_registry)[0] == 0
    with SchemaRegistryClient({"url": schema_registry}) as sr:
        extra_id = sr.register_schema(SUBJECT, Schema(json.dumps(envelope(
            {"name": "region", "type": "string", "default": ""})), "AVRO"))
        sr.set_compatibility(SUBJECT, "FORWARD")
    code, findings = check_json(capsys, project, schema_registry)
    assert code == 1
    extra = the(findings, "REGISTRY_EXTRA_VERSION")
    assert extra["message"] == (f"the registry holds version 2 of {SUBJECT} (id {extra_id}), "
                                f"which ping.sent lacks")
    assert (extra["path"], extra["version"], extra["severity"]) == (str(v1), 1, "error")
    level = the(findings, "REGISTRY_LEVEL_MISMATCH")
    assert level["message"] == f"{SUBJECT} is FORWARD in the registry but the contract asks " \
                               f"for BACKWARD"
    assert (level["path"], level["severity"]) == (str(v1), "warning")
    assert len(findings) == 2
