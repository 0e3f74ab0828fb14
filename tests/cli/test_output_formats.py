"""Output formats across commands: repository-relative GitHub annotations from every command,
hints in every format, --version, and the commands that refuse a format."""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from generator.catalog import avro_envelope
from generator.cli import main
from generator.report import FORMATS

# `::error file=PATH,line=...` (or `::warning`)
ANNOTATION = re.compile(r"^::(?:error|warning) file=([^,:]+)")


@pytest.fixture
def repo(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The project as a git repository, run from inside its contracts/ folder."""
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    (project / ".git").mkdir()
    monkeypatch.chdir(project / "contracts")
    return project


def annotated_files(out: str) -> list[str]:
    files = [m.group(1) for m in map(ANNOTATION.match, out.splitlines()) if m]
    assert files, out
    return files


def undocumented_v1(write_schema: Any) -> None:
    schema = avro_envelope("user.created")
    del schema["doc"]
    write_schema("user.created", 1, schema)


def renamed_field(write_schema: Any) -> None:
    v1 = avro_envelope("user.created")
    data = v1["fields"][7]["type"]["fields"]
    data.append({"name": "email", "type": "string", "doc": "Contact address."})
    write_schema("user.created", 1, v1)
    data[-1] = {"name": "emailAddress", "type": "string", "doc": "Contact address."}
    write_schema("user.created", 2, v1)


def test_lint_annotations_are_relative_to_the_repository(
        repo: Path, write_schema: Any, capsys: pytest.CaptureFixture[str]) -> None:
    undocumented_v1(write_schema)
    assert main(["--format", "github", "lint"]) == 1
    assert annotated_files(capsys.readouterr().out) == ["contracts/user.created/v1.avsc"]


def test_check_annotations_are_relative(repo: Path, write_schema: Any,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    renamed_field(write_schema)
    assert main(["check", "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert annotated_files(out) == ["contracts/user.created/v2.avsc"]
    assert '%0Ahint: if "email" was renamed to "emailAddress"' in out


def test_generate_check_annotations_are_relative(repo: Path, write_schema: Any,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    write_schema("user.created", 1, avro_envelope("user.created"))
    assert main(["--format", "github", "generate", "--check"]) == 1
    files = annotated_files(capsys.readouterr().out)
    assert all(f.startswith("generated/") for f in files) and len(files) > 1


def test_bad_input_annotation_is_relative(repo: Path, write_schema: Any,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    write_schema("user.created", 1, "{not json")
    assert main(["--format", "github", "check"]) == 2
    assert annotated_files(capsys.readouterr().out) == ["contracts/user.created/v1.avsc"]


def test_fuzz_annotations_are_relative(repo: Path, write_schema: Any,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    def signed(kind: str) -> dict[str, Any]:
        return {"type": "record", "name": "UserSigned", "fields": [
            {"name": "eventId", "type": {"type": "string", "logicalType": "uuid"}},
            {"name": "sig", "type": kind}]}

    # bytes → string: the checker calls it compatible, but not every byte string is UTF-8
    write_schema("user.signed", 1, signed("bytes"))
    write_schema("user.signed", 2, signed("string"))
    assert main(["--format", "github", "fuzz", "--examples", "40", "--seed", "7"]) == 1
    out = capsys.readouterr().out
    assert set(annotated_files(out)) == {"contracts/user.signed/v2.avsc"}
    assert "title=VERDICT_CONTRADICTED" in out and "%0Ahint: " in out


@pytest.mark.registry
def test_register_annotations_are_relative(repo: Path, write_schema: Any, schema_registry: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    renamed_field(write_schema)  # v2 is not BACKWARD compatible: the registry rejects it
    assert main(["--format", "github", "register", "--registry", schema_registry]) == 1
    out = capsys.readouterr().out
    assert annotated_files(out) == ["contracts/user.created/v2.avsc"]
    assert "title=REGISTRY_REGISTER_FAILED" in out and "%0Ahint: fix what the registry" in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_rename_hint_reaches_every_format(repo: Path, write_schema: Any, fmt: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    renamed_field(write_schema)
    assert main(["--format", fmt, "check"]) == 1
    out = capsys.readouterr().out
    hint = ('if "email" was renamed to "emailAddress", keep reading old data with "aliases": '
            '["email"] on the new field')
    if fmt == "json":
        assert json.loads(out)["findings"][0]["hint"] == hint
    elif fmt == "sarif":
        [result] = json.loads(out)["runs"][0]["results"]
        assert result["properties"]["hint"] == hint
        assert result["message"]["text"].endswith(f"\nHint: {hint}")
    elif fmt == "junit":
        import xml.etree.ElementTree as ET

        failure = ET.fromstring(out).find("testsuite/testcase/failure")
        assert failure is not None and (failure.text or "").endswith(f"  hint: {hint}")
    else:
        assert hint in out
    if fmt == "text":
        first, second = out.splitlines()[:2]
        assert first.endswith("[READER_FIELD_MISSING_DEFAULT_VALUE]")
        assert second == f"  hint: {hint}"


def test_every_listed_rule_has_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--format", "json", "rules"]) == 0
    rows = json.loads(capsys.readouterr().out)["rules"]
    kinds = {row["kind"] for row in rows}
    assert kinds == {"lint", "compat/avro", "compat/json", "compat/baseline", "registry", "fuzz",
                     "generate", "input"}
    assert [row["id"] for row in rows if not row["hint"].strip()] == []
    assert len({row["id"] for row in rows}) == len(rows)
    assert main(["rules", "--kind", "lint"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["lint", "CONTRACT_NAME"]
    assert lines[1].strip().startswith("hint: rename the contract folder")


def test_version_comes_from_the_installed_distribution(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == (
        f"contracts (event-contracts) {metadata.version('event-contracts')}\n")


@pytest.mark.parametrize(("argv", "said"), [
    (["--format", "junit", "list"], "list has no junit output; use text or json"),
    (["list", "--format", "sarif"], "list has no sarif output; use text or json"),
    (["--format", "junit", "rules"], "rules has no junit output; use text, json or sarif"),
])
def test_listings_refuse_formats_they_cannot_fill(argv: list[str], said: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--contracts-dir", str(Path(__file__).parents[2] / "contracts"), *argv]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == said + "\n"
