"""The shipped pre-commit hooks (.pre-commit-hooks.yaml): what they match and what their
entries do when pre-commit runs them at the root of a contracts repository."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import yaml

from generator.catalog import avro_envelope
from generator.cli import main

REPO = Path(__file__).resolve().parents[2]
HOOKS = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml")
                                                     .read_text("utf-8"))}


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@e", *args], cwd=project,
                   check=True, capture_output=True)


def run_hook(hook_id: str, project: Path, monkeypatch, capsys) -> tuple[int, str, str]:
    """Run a hook's entry the way pre-commit does: at the repository root, no file names."""
    hook = HOOKS[hook_id]
    assert hook["pass_filenames"] is False
    argv = shlex.split(hook["entry"])
    assert argv[0] == "contracts"  # the console script is generator.cli:main
    monkeypatch.chdir(project)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    code = main(argv[1:])
    out, err = capsys.readouterr()
    return code, out, err


def incompatible_v2(v1: dict) -> dict:
    v2 = json.loads(json.dumps(v1))
    v2["fields"][7]["type"]["fields"].append({"name": "email", "type": "string", "doc": "x"})
    return v2


def test_every_hook_is_a_python_hook_over_the_whole_catalog():
    assert set(HOOKS) == {"contracts-lint", "contracts-check", "contracts-generate-check"}
    for hook in HOOKS.values():
        assert hook["language"] == "python" and hook["require_serial"] is True
        assert re.search(hook["files"], "contracts/user.created/v1.avsc")
        assert not re.search(hook["files"], "src/service/app.py")


def test_check_hook_compares_with_head():
    assert shlex.split(HOOKS["contracts-check"]["entry"]) == [
        "contracts", "check", "--against", "HEAD"]


def test_generate_check_hook_runs_when_generated_code_changes():
    files = HOOKS["contracts-generate-check"]["files"]
    assert re.search(files, "generated/events/user_created.py")
    assert re.search(files, "generated/pyproject.toml")
    assert not re.search(files, "src/generated/x.py")


def test_check_hook_fails_on_an_edit_to_a_committed_version(project, write_schema,
                                                            monkeypatch, capsys):
    v1 = avro_envelope("user.created")
    write_schema("user.created", 1, v1)
    git(project, "init", "-q", ".")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "publish v1")
    assert run_hook("contracts-check", project, monkeypatch, capsys)[0] == 0
    write_schema("user.created", 1, dict(v1, doc="Edited after publication."))
    git(project, "add", "-A")  # staged, as pre-commit sees it
    code, out, _ = run_hook("contracts-check", project, monkeypatch, capsys)
    assert code == 1
    assert "contracts/user.created/v1.avsc:" in out and "PUBLISHED_VERSION_EDITED" in out


def test_check_hook_before_the_first_commit_checks_the_local_history(project, write_schema,
                                                                     monkeypatch, capsys):
    # `git commit` of the very first commit: HEAD names no commit yet, nothing is published
    v1 = avro_envelope("user.created")
    write_schema("user.created", 1, v1)
    git(project, "init", "-q", ".")
    git(project, "add", "-A")
    code, out, err = run_hook("contracts-check", project, monkeypatch, capsys)
    assert code == 0, out + err
    assert "no commit yet" in err and "internal error" not in err
    write_schema("user.created", 2, incompatible_v2(v1))  # still checked: the history itself
    code, out, err = run_hook("contracts-check", project, monkeypatch, capsys)
    assert code == 1 and "READER_FIELD_MISSING_DEFAULT_VALUE" in out
    assert "contracts/user.created/v2.avsc:" in out


def test_only_head_falls_back_before_the_first_commit(project, write_schema, monkeypatch,
                                                      capsys):
    # an explicit ref that names no commit is still bad input: CI must not pass silently
    write_schema("user.created", 1, avro_envelope("user.created"))
    git(project, "init", "-q", "-b", "main", ".")
    monkeypatch.chdir(project)
    assert main(["check", "--against", "main"]) == 2
    assert "--against main" in capsys.readouterr().err


def test_check_against_head_outside_a_repository_is_bad_input(project, write_schema,
                                                              monkeypatch, capsys):
    write_schema("user.created", 1, avro_envelope("user.created"))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(project.parent))
    code, _, err = run_hook("contracts-check", project, monkeypatch, capsys)
    assert code == 2 and "not in a git repository" in err and str(project / "contracts") in err


def test_generate_check_hook_fails_after_a_hand_edit_in_generated(project, write_schema,
                                                                  monkeypatch, capsys):
    write_schema("user.created", 1, avro_envelope("user.created"))
    monkeypatch.chdir(project)
    assert main(["generate"]) == 0
    capsys.readouterr()
    assert run_hook("contracts-generate-check", project, monkeypatch, capsys)[0] == 0
    module = next(p for p in (project / "generated").rglob("*.py")
                  if "user_created" in p.as_posix())
    module.write_text(module.read_text("utf-8") + "\nHAND_EDIT = 1\n", "utf-8")
    code, out, _ = run_hook("contracts-generate-check", project, monkeypatch, capsys)
    assert code == 1 and "generated-stale" in out
    assert module.relative_to(project).as_posix() in out
