from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("hypothesis", "datamodel_code_generator", "confluent_kafka", "jinja2", "starlette",
         "uvicorn", "pydantic")


@pytest.mark.parametrize("argv", [["--help"], ["lint"]])
def test_startup_imports_nothing_heavy(argv):
    code = (
        "import sys\n"
        "from generator.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, env={"EVENT_CONTRACTS_NO_CACHE": "1", "PATH": ""})
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr


def test_list_json(capsys):
    assert main(["--contracts-dir", str(REPO / "contracts"), "--format", "json", "list"]) == 0
    rows = json.loads(capsys.readouterr().out)["contracts"]
    assert len(rows) >= 8
    assert all(row["versions"] == list(range(1, len(row["versions"]) + 1)) for row in rows)


def test_bundled_catalog_lints_clean(capsys):
    assert main(["--contracts-dir", str(REPO / "contracts"), "lint"]) == 0
    assert "clean" in capsys.readouterr().out


def test_new_scaffolds_a_clean_contract(project, capsys):
    contracts = str(project / "contracts")
    assert main(["--contracts-dir", contracts, "new", "billing.invoiced", "--type", "json"]) == 0
    assert main(["--contracts-dir", contracts, "new", "user.created"]) == 0
    assert main(["--contracts-dir", contracts, "lint"]) == 0
    capsys.readouterr()
    assert main(["--contracts-dir", contracts, "new", "user.created"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["--contracts-dir", contracts, "new", "Bad-Name"]) == 2


def test_list_in_an_empty_contracts_folder_says_where_and_how_to_start(project, capsys):
    contracts = project / "contracts"
    assert main(["--contracts-dir", str(contracts), "list"]) == 0
    out = capsys.readouterr().out
    assert out == (f"no contracts in {contracts}: scaffold one with "
                   "`contracts new <domain>.<action>`\n")
    assert main(["--contracts-dir", str(contracts), "--format", "json", "list"]) == 0
    assert json.loads(capsys.readouterr().out) == {"contracts_dir": str(contracts),
                                                   "contracts": []}


def test_list_without_a_contracts_folder_is_bad_input_naming_it(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no pyproject.toml: the default ./contracts, given relatively
    assert main(["list"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (f"{tmp_path / 'contracts'}: error: contracts folder not found "
                            "(start one with `contracts new <domain>.<action>`, or pass "
                            "--contracts-dir) [BAD_INPUT]\n")


# Actions of every kind: past participles, a run-together one, a bare verb, a noun.
SCAFFOLD_NAMES = ("user.created", "user.signedup", "order.placed", "billing.invoiced",
                  "inventory.restock", "order.cancelled", "payment.refund_failed", "cart.abandon")


@pytest.mark.parametrize("schema_type", ["avro", "json"])
def test_new_then_lint_is_clean_for_any_action(project, capsys, schema_type):
    contracts = str(project / "contracts")
    for name in SCAFFOLD_NAMES:
        assert main(["--contracts-dir", contracts, "new", name, "--type", schema_type]) == 0
    assert main(["--contracts-dir", contracts, "new", "order.shipped", "--type", schema_type,
                 "--topic", "order.parcel.shipped"]) == 0
    capsys.readouterr()
    assert main(["--contracts-dir", contracts, "lint"]) == 0, capsys.readouterr().out
    assert f"lint: {len(SCAFFOLD_NAMES) + 1} contract(s) clean" in capsys.readouterr().out
    suffix = "avsc" if schema_type == "avro" else "schema.json"
    schema = json.loads((project / "contracts" / "user.signedup" / f"v1.{suffix}").read_text())
    doc = schema["doc"] if schema_type == "avro" else schema["description"]
    # The action is named as part of the contract, never conjugated ("a user is signedup").
    assert doc == "The user.signedup event of the user domain (say here when it is emitted)."


@pytest.mark.parametrize(("argv", "message"), [
    (["new", "user.renamed", "--topic", "User.Renamed"],
     "topic 'User.Renamed' must be {domain}.{entity}.{action}"),
    (["new", "user.renamed", "--topic", "user.account.created"],
     "topic 'user.account.created' should end with the contract's action 'renamed'"),
    (["new", "user.renamed", "--topic", "user.renamed.dlq"], "reserved for dead letters"),
    (["new", "user.dlq"], "the default topic is the contract name; pass --topic"),
    (["new", "user.signed.up"], "contract name 'user.signed.up' must be {domain}.{action}"),
])
def test_new_refuses_what_lint_would_reject(project, capsys, argv, message):
    contracts = project / "contracts"
    assert main(["--contracts-dir", str(contracts), *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    line = captured.err.strip()
    assert "\n" not in line and line.startswith(f"{contracts}: error: ") and message in line
    assert list(contracts.iterdir()) == []  # nothing written


def test_lint_unknown_contract_is_usage_error(capsys):
    assert main(["--contracts-dir", str(REPO / "contracts"), "lint", "no.such"]) == 2
    assert "no such contract: no.such" in capsys.readouterr().err


def test_rules_lists_lint_rules(capsys):
    assert main(["--format", "json", "rules", "--kind", "lint"]) == 0
    ids = {r["id"] for r in json.loads(capsys.readouterr().out)["rules"]}
    assert {"ENVELOPE", "KEY_FIELD", "TOPIC_NAME", "VERSIONS_CONTIGUOUS"} <= ids


def test_github_annotation_escapes_and_places(project, write_schema, capsys):
    from generator.catalog import avro_envelope

    schema = avro_envelope("user.created")
    del schema["doc"]
    path = write_schema("user.created", 1, schema)
    assert main(["--contracts-dir", str(project / "contracts"), "--format", "github",
                 "lint"]) == 1
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith(f"::error file={path},line=1,col=1,title=RECORD_DOC::")


def test_junit_is_valid_xml(project, write_schema, capsys):
    import xml.etree.ElementTree as ET

    from generator.catalog import avro_envelope

    schema = avro_envelope("user.created")
    del schema["doc"]
    write_schema("user.created", 1, schema)
    main(["--contracts-dir", str(project / "contracts"), "--format", "junit", "lint"])
    suite = ET.fromstring(capsys.readouterr().out).find("testsuite")
    assert suite is not None and suite.get("failures") == "1"


def test_rules_lists_compat_rules_of_both_schema_types(capsys):
    assert main(["--format", "json", "rules", "--kind", "compat"]) == 0
    rules = json.loads(capsys.readouterr().out)["rules"]
    ids = {(r["kind"], r["id"]) for r in rules}
    assert ("compat/avro", "READER_FIELD_MISSING_DEFAULT_VALUE") in ids
    assert ("compat/json", "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL") in ids
    assert all(r["purpose"] for r in rules)


def test_global_options_work_after_the_command_too(capsys):
    contracts = str(REPO / "contracts")
    assert main(["list", "--format", "json", "--contracts-dir", contracts]) == 0
    after = json.loads(capsys.readouterr().out)
    assert main(["--format", "json", "--contracts-dir", contracts, "list"]) == 0
    assert json.loads(capsys.readouterr().out) == after
    assert main(["--format", "json", "list", "--format", "text",
                 "--contracts-dir", contracts]) == 0
    assert capsys.readouterr().out.startswith("contract ")
