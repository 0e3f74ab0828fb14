"""`contracts check` on a project: local history, and --against a git ref."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.catalog import avro_envelope
from generator.cli import main

REPO = Path(__file__).resolve().parents[2]


def check(project, capsys, *argv):
    code = main(["--contracts-dir", str(project / "contracts"), *argv])
    return code, capsys.readouterr().out


def add_field(schema, field):
    schema = json.loads(json.dumps(schema))
    schema["fields"][7]["type"]["fields"].append(field)
    return schema


def git(project, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@e", *args], cwd=project,
                   check=True, capture_output=True)


def test_field_without_default_breaks_backward_at_the_right_line(project, write_schema, capsys):
    v1 = avro_envelope("user.created")
    write_schema("user.created", 1, v1)
    path = write_schema("user.created", 2, add_field(v1, {"name": "email", "type": "string",
                                                          "doc": "Contact address."}))
    code, out = check(project, capsys, "check")
    assert code == 1
    text = path.read_text()
    line = text[: text.index('"name": "email"')].count("\n") + 1
    first = out.splitlines()[0]
    assert first.startswith(f"{path}:{line - 1}:")  # the new field object opens one line up
    assert "READER_FIELD_MISSING_DEFAULT_VALUE" in first and "v2" in first and "v1" in first


def test_field_with_default_is_backward_compatible(project, write_schema, capsys):
    v1 = avro_envelope("user.created")
    write_schema("user.created", 1, v1)
    write_schema("user.created", 2, add_field(v1, {"name": "email", "type": "string",
                                                   "default": "", "doc": "x"}))
    assert check(project, capsys, "check")[0] == 0


def test_level_from_contract_toml_none_allows_anything(project, write_schema, capsys):
    v1 = avro_envelope("user.created")
    write_schema("user.created", 1, v1)
    write_schema("user.created", 2, add_field(v1, {"name": "email", "type": "string",
                                                   "doc": "x"}))
    (project / "contracts" / "user.created" / "contract.toml").write_text(
        'compatibility = "NONE"\n')
    assert check(project, capsys, "check")[0] == 0


@pytest.mark.parametrize("fmt", ["json", "github", "junit"])
def test_findings_carry_location_in_every_format(project, write_schema, capsys, fmt):
    v1 = avro_envelope("user.created")
    write_schema("user.created", 1, v1)
    path = write_schema("user.created", 2, add_field(v1, {"name": "email", "type": "string",
                                                          "doc": "x"}))
    code, out = check(project, capsys, "--format", fmt, "check")
    assert code == 1
    if fmt == "json":
        finding = json.loads(out)["findings"][0]
        assert finding["path"] == str(path) and finding["line"] > 1 and finding["column"] > 1
        assert finding["old_version"] == 1 and finding["rule"] == (
            "READER_FIELD_MISSING_DEFAULT_VALUE")
    elif fmt == "github":
        assert out.startswith(f"::error file={path},line=")
        assert ",col=" in out.splitlines()[0]
    else:
        assert "<failure" in out and str(path) in out


def test_against_git_ref_catches_edited_and_deleted_published_versions(project, write_schema,
                                                                       capsys):
    v1 = avro_envelope("user.created")
    write_schema("user.created", 1, v1)
    write_schema("user.deleted", 1, avro_envelope("user.deleted"))
    git(project, "init", "-q", ".")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "v1")
    edited = dict(v1, doc="Edited after publication.")
    path = write_schema("user.created", 1, edited)
    git(project, "commit", "-qam", "edit v1")
    code, out = check(project, capsys, "check", "--against", "HEAD~1")
    assert code == 1
    assert out.startswith(f"{path}:5:10:") and "PUBLISHED_VERSION_EDITED" in out  # at "doc"
    assert check(project, capsys, "check")[0] == 0  # the local history alone is fine
    shutil.rmtree(project / "contracts" / "user.deleted")
    code, out = check(project, capsys, "check", "--against", "HEAD~1")
    assert "PUBLISHED_CONTRACT_DELETED" in out


def test_against_ref_checks_new_versions_against_the_published_history(project, write_schema,
                                                                        capsys):
    v1 = avro_envelope("user.created")
    write_schema("user.created", 1, v1)
    git(project, "init", "-q", ".")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "v1")
    write_schema("user.created", 2, add_field(v1, {"name": "email", "type": "string",
                                                   "doc": "x"}))
    code, out = check(project, capsys, "check", "--against", "HEAD")
    assert code == 1 and "READER_FIELD_MISSING_DEFAULT_VALUE" in out


def test_unknown_ref_is_bad_input(project, write_schema, capsys):
    write_schema("user.created", 1, avro_envelope("user.created"))
    git(project, "init", "-q", ".")
    code = main(["--contracts-dir", str(project / "contracts"), "check", "--against", "nope"])
    assert code == 2
    assert "--against nope" in capsys.readouterr().err


def test_verdict_cache_gives_the_same_findings(project, write_schema, capsys):
    v1 = avro_envelope("user.created")
    write_schema("user.created", 1, v1)
    write_schema("user.created", 2, add_field(v1, {"name": "email", "type": "string",
                                                   "doc": "x"}))
    cold = check(project, capsys, "check")
    assert (project / ".event-contracts-cache" / "verdicts.json").exists()
    assert check(project, capsys, "check") == cold


def test_bundled_catalog_is_compatible(capsys):
    code = main(["--contracts-dir", str(REPO / "contracts"), "check"])
    out = capsys.readouterr().out
    assert code == 0, out


def test_bundled_catalog_with_an_added_required_field_fails(tmp_path, capsys):
    shutil.copytree(REPO / "contracts", tmp_path / "contracts")
    (tmp_path / "pyproject.toml").write_text("[tool.event-contracts]\n")
    folder = tmp_path / "contracts" / "payment.processed"  # a BACKWARD Avro contract
    latest = max(folder.glob("v*.avsc"), key=lambda p: int(p.name[1:].split(".")[0]))
    schema = json.loads(latest.read_text())
    schema["fields"][-1]["type"]["fields"].append({"name": "chargebackWindowDays", "type": "int",
                                                   "doc": "x"})
    new = folder / f"v{int(latest.name[1:].split('.')[0]) + 1}.avsc"
    new.write_text(json.dumps(schema, indent=2))
    code = main(["--contracts-dir", str(tmp_path / "contracts"), "check"])
    out = capsys.readouterr().out
    assert code == 1
    text = new.read_text()
    line = text[: text.index('"name": "chargebackWindowDays"')].count("\n")
    assert out.startswith(f"{new}:{line}:") and "chargebackWindowDays" in out


def findings(project, capsys, *argv):
    code, out = check(project, capsys, "--format", "json", *argv)
    return code, {(f["rule"], f["path"], f["line"], f["column"], f["message"])
                  for f in json.loads(out)["findings"]}


def test_against_ref_still_reports_an_incompatible_pair_already_at_the_baseline(
        project, write_schema, capsys):
    # v2 broke BACKWARD and was committed anyway (--no-verify, or before the hook existed):
    # a baseline that already holds the break must not make `check --against` forget it.
    v1 = avro_envelope("user.created")
    write_schema("user.created", 1, v1)
    v2 = write_schema("user.created", 2, add_field(v1, {"name": "email", "type": "string",
                                                        "doc": "x"}))
    git(project, "init", "-q", ".")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "v1 and an incompatible v2")
    plain_code, plain = findings(project, capsys, "check")
    assert plain_code == 1 and {rule for rule, *_ in plain} == {
        "READER_FIELD_MISSING_DEFAULT_VALUE"}
    code, against = findings(project, capsys, "check", "--against", "HEAD")
    assert code == 1 and plain <= against
    assert all(path == str(v2) for _, path, *_ in against)


def test_against_ref_is_a_superset_of_plain_check_after_editing_a_published_version(
        project, write_schema, capsys):
    # The edit makes v1 incompatible with the (unchanged, published) v2: plain check reports
    # that pair with the local v1; --against reports the edit and the same pair.
    v1 = avro_envelope("user.created")
    write_schema("user.created", 1, v1)
    with_email = add_field(v1, {"name": "email", "type": "string", "default": "", "doc": "x"})
    write_schema("user.created", 2, with_email)
    git(project, "init", "-q", ".")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "v1, v2")
    v1_edited = add_field(v1, {"name": "email", "type": "int", "doc": "x"})
    write_schema("user.created", 1, v1_edited)
    write_schema("user.created", 3, with_email)
    plain_code, plain = findings(project, capsys, "check")
    assert plain_code == 1 and plain
    code, against = findings(project, capsys, "check", "--against", "HEAD")
    assert code == 1 and plain <= against
    assert "PUBLISHED_VERSION_EDITED" in {rule for rule, *_ in against}
    assert "PUBLISHED_VERSION_EDITED" not in {rule for rule, *_ in plain}
