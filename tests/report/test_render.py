"""The renderers: repository-relative paths for code hosts, and the hint in every format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.report import FORMATS, Finding, relative_path, render, render_error

HINT = "give the new field \"email\" a \"default\""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository (a `.git` folder) whose contracts/ subfolder is the working directory."""
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    (tmp_path / ".git").mkdir()
    (tmp_path / "contracts" / "user.created").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "contracts")
    return tmp_path


def finding(path: Path | str | None, hint: str | None = HINT) -> Finding:
    return Finding("READER_FIELD_MISSING_DEFAULT_VALUE", "v2 cannot read v1",
                   None if path is None else str(path), 7, 5, hint=hint)


def test_paths_are_relative_to_the_git_root_not_the_working_directory(repo: Path) -> None:
    absolute = repo / "contracts" / "user.created" / "v2.avsc"
    assert relative_path(str(absolute)) == ("contracts/user.created/v2.avsc", True)
    # a relative path is taken from the working directory (contracts/)
    assert relative_path("user.created/v2.avsc") == ("contracts/user.created/v2.avsc", True)


def test_a_git_file_marks_the_root_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    (tmp_path / ".git").write_text("gitdir: /elsewhere/worktrees/x\n")  # a git worktree
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert relative_path(str(tmp_path / "a" / "b.avsc")) == ("a/b.avsc", True)


def test_github_workspace_wins(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_WORKSPACE", str(repo / "contracts"))
    assert relative_path(str(repo / "contracts" / "x.avsc")) == ("x.avsc", True)


def test_outside_the_repository_the_path_stays_absolute(repo: Path, tmp_path_factory:
                                                        pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "v1.avsc"
    assert relative_path(str(elsewhere)) == (elsewhere.as_posix(), False)


def test_github_annotation_uses_the_relative_path_and_appends_the_hint(repo: Path) -> None:
    out = render([finding(repo / "contracts" / "user.created" / "v2.avsc")], "github")
    assert out == ("::error file=contracts/user.created/v2.avsc,line=7,col=5,"
                   "title=READER_FIELD_MISSING_DEFAULT_VALUE::v2 cannot read v1%0Ahint: "
                   f"{HINT}\n")


def test_text_keeps_the_first_line_greppable_and_puts_the_hint_below(repo: Path) -> None:
    path = repo / "contracts" / "user.created" / "v2.avsc"
    lines = render([finding(path), finding(path, hint=None)], "text").splitlines()
    assert lines == [f"{path}:7:5: error: v2 cannot read v1 [READER_FIELD_MISSING_DEFAULT_VALUE]",
                     f"  hint: {HINT}",
                     f"{path}:7:5: error: v2 cannot read v1 [READER_FIELD_MISSING_DEFAULT_VALUE]"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_hint_is_in_every_format(repo: Path, fmt: str) -> None:
    out = render([finding(repo / "contracts" / "v2.avsc")], fmt)
    if fmt == "json":
        assert json.loads(out)["findings"][0]["hint"] == HINT
    elif fmt == "junit":
        case = ET.fromstring(out).find("testsuite/testcase")
        assert case is not None and case.get("file") == "contracts/v2.avsc"
        failure = case.find("failure")
        assert failure is not None and failure.text is not None and HINT in failure.text
    elif fmt == "sarif":
        result = json.loads(out)["runs"][0]["results"][0]
        assert HINT in result["message"]["text"] and result["properties"]["hint"] == HINT
    else:
        assert HINT in out


@pytest.mark.parametrize("fmt", ["github", "junit", "sarif"])
def test_bad_input_errors_are_relative_too(repo: Path, fmt: str) -> None:
    out = render_error("invalid JSON", fmt, path=str(repo / "contracts" / "v1.avsc"), line=3,
                       column=9)
    assert "contracts/v1.avsc" in out and str(repo) + "/contracts/v1.avsc" not in out.replace(
        "file://", "")
