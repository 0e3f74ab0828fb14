"""The composite GitHub Action (action.yml): its structure, and its `run:` scripts executed with
bash as GitHub runs them (`bash --noprofile --norc -eo pipefail`, GITHUB_* variables, step
outputs and `if:` conditions), in git repositories cloned from a local "origin" as
actions/checkout would clone them.

`uses:` steps (actions/setup-python) cannot run here; the test's own Python stands in. The
install step runs for real in one slow test; elsewhere `contracts` on PATH is this checkout.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
ACTION = yaml.safe_load((REPO / "action.yml").read_text("utf-8"))
STEPS: list[dict[str, Any]] = ACTION["runs"]["steps"]
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@e",
                           "-c", "init.defaultBranch=main", *args], cwd=cwd, check=True,
                          capture_output=True, text=True).stdout.strip()


@dataclass
class StepResult:
    outcome: str  # success, failure or skipped, as `steps.<id>.outcome`
    code: int | None = None
    output: str = ""
    outputs: dict[str, str] = field(default_factory=dict)


@dataclass
class Run:
    steps: dict[str, StepResult]

    @property
    def failed(self) -> bool:
        return any(step.outcome == "failure" for step in self.steps.values())

    def __getitem__(self, name: str) -> StepResult:
        return self.steps[name]


class Runner:
    """Runs the composite action's steps in order, as a GitHub runner does."""

    def __init__(self, workspace: Path, tmp: Path, inputs: dict[str, str],
                 env: dict[str, str], event: dict[str, str], *, install: bool,
                 action_path: Path = REPO) -> None:
        defaults = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
        unknown = set(inputs) - set(defaults)
        assert not unknown, f"action.yml has no inputs {unknown}"
        self.inputs = {**defaults, **inputs}
        self.workspace, self.tmp, self.event, self.install = workspace, tmp, event, install
        self.action_path = action_path
        self.path_additions: list[str] = []
        self.results: dict[str, StepResult] = {}
        base = {k: v for k, v in os.environ.items()
                if not k.startswith(("GITHUB_", "RUNNER_", "INPUT_")) and k != "PYTHONPATH"}
        self.env = {**base, "CI": "true", "GITHUB_ACTIONS": "true",
                    "GITHUB_WORKSPACE": str(workspace), "GITHUB_ACTION_PATH": str(action_path),
                    "RUNNER_TEMP": str(tmp / "runner-temp"), **env}
        (tmp / "runner-temp").mkdir(exist_ok=True)

    def value(self, name: str) -> str:
        if name.startswith("inputs."):
            return self.inputs[name.removeprefix("inputs.")]
        if name == "github.action_path":
            return str(self.action_path)
        if name.startswith("github.event."):
            return self.event.get(name.removeprefix("github.event."), "")
        step = re.fullmatch(r"steps\.([\w-]+)\.(outcome|outputs\.([\w-]+))", name)
        if step:
            result = self.results.get(step[1])
            if result is None:
                return ""
            return result.outcome if step[2] == "outcome" else result.outputs.get(step[3], "")
        raise AssertionError(f"the test runner does not know the expression {name!r}")

    def substitute(self, text: str) -> str:
        return _EXPRESSION.sub(lambda m: self.value(m[1]), str(text))

    def condition(self, text: str | None) -> bool:
        if text is None:  # success(): no earlier step failed
            return not any(r.outcome == "failure" for r in self.results.values())
        match = _EXPRESSION.fullmatch(text.strip())
        expression = match[1] if match else text
        for term in (t.strip() for t in expression.split("&&")):
            if term == "!cancelled()":
                continue
            compare = re.fullmatch(r"([\w.-]+) == '([^']*)'", term)
            assert compare, f"the test runner does not evaluate {term!r}"
            if self.value(compare[1]) != compare[2]:
                return False
        return True

    def run(self) -> Run:
        for index, step in enumerate(STEPS):
            key = step.get("id") or step.get("name") or f"step-{index}"
            if not self.condition(step.get("if")):
                self.results[key] = StepResult("skipped")
                continue
            if "uses" in step or (step.get("id") == "install" and not self.install):
                # setup-python: the test's interpreter; no install: this checkout's contracts
                self.results[key] = StepResult("success")
                if "uses" not in step:
                    self.path_additions.insert(0, str(self._checkout_bin()))
                continue
            self.results[key] = self._run_script(key, step)
        return Run(self.results)

    def _checkout_bin(self) -> Path:
        bin_dir = self.tmp / "checkout-bin"
        bin_dir.mkdir(exist_ok=True)
        script = bin_dir / "contracts"
        script.write_text(f'#!/bin/sh\nPYTHONPATH="{REPO}" exec "{sys.executable}" '
                          '-m generator "$@"\n', "utf-8")
        script.chmod(0o755)
        return bin_dir

    def _run_script(self, key: str, step: dict[str, Any]) -> StepResult:
        assert step.get("shell") == "bash"
        script_path = self.tmp / f"{key}.sh"
        script_path.write_text(step["run"], "utf-8")
        output_file = self.tmp / f"{key}.output"
        path_file = self.tmp / f"{key}.path"
        output_file.write_text("")
        path_file.write_text("")
        env = {**self.env, **{k: self.substitute(v) for k, v in step.get("env", {}).items()},
               "GITHUB_OUTPUT": str(output_file), "GITHUB_PATH": str(path_file)}
        # the runner's PATH: setup-python's interpreter first, then what steps added
        env["PATH"] = os.pathsep.join([*self.path_additions, str(Path(sys.executable).parent),
                                       env["PATH"]])
        cwd = self.workspace / self.substitute(step.get("working-directory", "."))
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail",
                               str(script_path)], cwd=cwd, env=env, capture_output=True,
                              text=True, timeout=600)
        outputs = dict(line.split("=", 1) for line in output_file.read_text().splitlines()
                       if "=" in line)
        self.path_additions[:0] = reversed(path_file.read_text().split())
        return StepResult("success" if done.returncode == 0 else "failure", done.returncode,
                          done.stdout + done.stderr, outputs)


# --- the repositories -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def origin(tmp_path_factory) -> Path:
    """A bare "origin" whose main holds the bundled contracts and their generated package."""
    seed = tmp_path_factory.mktemp("seed")
    shutil.copytree(REPO / "contracts", seed / "contracts")
    (seed / "pyproject.toml").write_text(
        '[project]\nname = "service-contracts"\nversion = "1"\n\n'
        '[tool.event-contracts]\npackage = "events"\n', "utf-8")
    (seed / ".gitignore").write_text(".event-contracts-cache/\n", "utf-8")
    subprocess.run([sys.executable, "-m", "generator", "generate"], cwd=seed, check=True,
                   capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    git(seed, "init", "-q", ".")
    git(seed, "add", "-A")
    git(seed, "commit", "-qm", "publish the contracts")
    bare = tmp_path_factory.mktemp("origin") / "contracts.git"
    git(seed.parent, "clone", "-q", "--bare", str(seed), str(bare))
    return bare


def branch(origin: Path, tmp_path: Path, name: str, change=None, *, commits: int = 1,
           base: str = "main") -> None:
    """Push a branch `name` off `base` with `change(work_tree)` committed on it."""
    work = tmp_path / f"author-{name}"
    git(tmp_path, "clone", "-q", "--branch", base, str(origin), str(work))
    git(work, "checkout", "-q", "-b", name)
    for number in range(commits):
        (work / "NOTES.md").write_text(f"change {number}\n", "utf-8")
        if change is not None and number == commits - 1:
            change(work)
        git(work, "add", "-A")
        git(work, "commit", "-qm", f"{name} {number}")
    git(work, "push", "-q", "origin", name)


def checkout(origin: Path, tmp_path: Path, ref: str, *, depth: int = 0) -> Path:
    """What actions/checkout leaves: fetch-depth 0 clones every branch, 1 only the tip."""
    workspace = tmp_path / "workspace"
    shallow = ["--depth", str(depth), "--branch", ref] if depth else []
    git(tmp_path, "clone", "-q", *shallow, f"file://{origin}", str(workspace))
    if not depth:
        git(workspace, "checkout", "-q", ref)
    return workspace


def pull_request(workspace: Path, tmp_path: Path, head: str, *, base: str = "main",
                 install: bool = False, action_path: Path = REPO, **inputs: str) -> Run:
    env = {"GITHUB_EVENT_NAME": "pull_request", "GITHUB_BASE_REF": base,
           "GITHUB_HEAD_REF": head, "GITHUB_REF": "refs/pull/1/merge"}
    return Runner(workspace, tmp_path, inputs, env, {}, install=install,
                  action_path=action_path).run()


def push(workspace: Path, tmp_path: Path, before: str, **inputs: str) -> Run:
    env = {"GITHUB_EVENT_NAME": "push", "GITHUB_REF": "refs/heads/feature"}
    return Runner(workspace, tmp_path, inputs, env, {"before": before}, install=False).run()


def edit_published(work: Path) -> None:
    path = work / "contracts" / "user.created" / "v1.avsc"
    text = path.read_text("utf-8")
    path.write_text(text.replace('"doc": "', '"doc": "Edited after publication. ', 1), "utf-8")


def add_incompatible_version(work: Path) -> None:
    folder = work / "contracts" / "payment.processed"  # BACKWARD Avro
    latest = max(folder.glob("v*.avsc"), key=lambda p: int(p.name[1:].split(".")[0]))
    text = latest.read_text("utf-8")
    # a new required field in the payload record: v(N+1) cannot read data written with vN
    anchor = text.index('"fields": [', text.index('"name": "data"')) + len('"fields": [')
    text = (text[:anchor] + '\n{"name": "chargebackWindowDays", "type": "int", "doc": "x"},'
            + text[anchor:])
    number = int(latest.name[1:].split(".")[0]) + 1
    (folder / f"v{number}.avsc").write_text(text, "utf-8")


def hand_edit_generated(work: Path) -> None:
    module = work / "generated" / "events" / "user_created" / "__init__.py"
    module.write_text(module.read_text("utf-8") + "\nHAND_EDIT = 1\n", "utf-8")


# --- structure --------------------------------------------------------------------------------

def test_action_is_composite_with_the_documented_inputs():
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) == {"python-version", "version", "working-directory",
                                     "contracts-dir", "against", "generate-check"}
    assert all("description" in spec and "default" in spec
               for spec in ACTION["inputs"].values())
    assert ACTION["inputs"]["generate-check"]["default"] == "true"
    assert ACTION["outputs"]["base"]["value"] == "${{ steps.base.outputs.base }}"
    setup = STEPS[0]
    assert setup["uses"].startswith("actions/setup-python@")
    assert setup["with"]["python-version"] == "${{ inputs.python-version }}"
    commands = [step.get("run", "") for step in STEPS]
    assert any("lint --format github" in c for c in commands)
    assert any('check ${BASE:+--against "$BASE"} --format github' in c for c in commands)
    assert any("generate --check --format github" in c for c in commands)
    assert "fetch-depth: 0" in (REPO / "action.yml").read_text("utf-8")


def test_no_expression_is_spliced_into_a_script():
    # inputs and branch names reach the scripts through env only: never run as shell code
    for step in STEPS:
        assert "${{" not in step.get("run", ""), step.get("name")


# --- behaviour --------------------------------------------------------------------------------

@pytest.mark.slow  # lint, check and generate --check, each a process
def test_pull_request_with_unchanged_contracts_passes(origin, tmp_path):
    branch(origin, tmp_path, "docs-only")
    workspace = checkout(origin, tmp_path, "docs-only")
    run = pull_request(workspace, tmp_path, "docs-only")
    assert not run.failed, {k: v.output for k, v in run.steps.items()}
    assert [run[s].outcome for s in ("contracts lint", "contracts check",
                                     "contracts generate --check")] == ["success"] * 3
    assert run["base"].outputs["base"] == git(workspace, "rev-parse", "origin/main")
    assert "::error" not in "".join(step.output for step in run.steps.values())


@pytest.mark.slow  # lint, check and generate --check, each a process
def test_pull_request_editing_a_published_version_fails_with_an_annotation(origin, tmp_path):
    branch(origin, tmp_path, "edit-v1", edit_published, commits=2)
    workspace = checkout(origin, tmp_path, "edit-v1")
    run = pull_request(workspace, tmp_path, "edit-v1")
    assert run.failed
    check = run["contracts check"]
    assert check.outcome == "failure" and check.code == 1
    assert re.search(r"^::error file=contracts/user\.created/v1\.avsc,line=\d+,col=\d+",
                     check.output, re.M), check.output
    assert "PUBLISHED_VERSION_EDITED" in check.output
    assert run["contracts lint"].outcome == "success"


@pytest.mark.slow  # lint, check and generate --check, each a process
def test_pull_request_with_an_incompatible_version_runs_every_step(origin, tmp_path):
    branch(origin, tmp_path, "break", add_incompatible_version)
    workspace = checkout(origin, tmp_path, "break")
    run = pull_request(workspace, tmp_path, "break")
    check = run["contracts check"]
    assert check.code == 1 and "::error file=contracts/payment.processed/v" in check.output
    assert "chargebackWindowDays" in check.output
    generate = run["contracts generate --check"]  # still runs after check failed
    assert generate.code == 1 and "::error file=generated/" in generate.output
    assert run["contracts lint"].outcome == "success"


@pytest.mark.slow  # lint, check and generate --check, each a process
def test_pull_request_with_a_hand_edit_in_generated_fails(origin, tmp_path):
    branch(origin, tmp_path, "hand-edit", hand_edit_generated)
    workspace = checkout(origin, tmp_path, "hand-edit")
    run = pull_request(workspace, tmp_path, "hand-edit")
    generate = run["contracts generate --check"]
    assert generate.code == 1
    assert "::error file=generated/events/user_created/__init__.py" in generate.output
    assert run["contracts check"].outcome == "success"
    skipped = pull_request(workspace, tmp_path, "hand-edit", **{"generate-check": "false"})
    assert skipped["contracts generate --check"].outcome == "skipped" and not skipped.failed


@pytest.mark.slow  # lint, check and generate --check, each a process
def test_shallow_checkout_is_a_clear_error_naming_fetch_depth(origin, tmp_path):
    branch(origin, tmp_path, "shallow", edit_published, commits=2)
    workspace = checkout(origin, tmp_path, "shallow", depth=1)
    run = pull_request(workspace, tmp_path, "shallow")
    assert run["base"].code == 2
    assert "::error title=event-contracts::no merge base" in run["base"].output
    assert "fetch-depth: 0" in run["base"].output
    assert run["contracts check"].outcome == "skipped"  # never a pass without its baseline
    assert run["contracts lint"].outcome == "success" and run.failed


@pytest.mark.slow  # lint, check and generate --check, each a process
def test_explicit_against_input(origin, tmp_path):
    branch(origin, tmp_path, "edit-again", edit_published)
    workspace = checkout(origin, tmp_path, "edit-again")
    run = Runner(workspace, tmp_path, {"against": "origin/main"}, {"GITHUB_EVENT_NAME": "push"},
                 {}, install=False).run()
    assert run["contracts check"].code == 1
    assert run["base"].outputs["base"] == git(workspace, "rev-parse", "origin/main")


@pytest.mark.slow  # lint, check and generate --check, each a process
def test_push_checks_against_the_commit_before_it(origin, tmp_path):
    branch(origin, tmp_path, "pushed", edit_published)
    workspace = checkout(origin, tmp_path, "pushed")
    before = git(workspace, "rev-parse", "HEAD~1")
    run = push(workspace, tmp_path, before)
    assert run["base"].outputs["base"] == before
    assert run["contracts check"].code == 1
    assert "PUBLISHED_VERSION_EDITED" in run["contracts check"].output


def test_first_push_has_no_baseline_and_checks_each_history(origin, tmp_path):
    branch(origin, tmp_path, "new-branch", add_incompatible_version)
    workspace = checkout(origin, tmp_path, "new-branch")
    run = push(workspace, tmp_path, "0" * 40, **{"generate-check": "false"})
    assert run["base"].outputs["base"] == ""
    assert "::notice title=event-contracts::nothing to compare with" in run["base"].output
    assert run["contracts check"].code == 1  # the local history still catches the break


def test_contracts_dir_and_working_directory_inputs(origin, tmp_path):
    def move(work: Path) -> None:
        (work / "service").mkdir()
        (work / "contracts").rename(work / "service" / "schemas")

    def edit(work: Path) -> None:
        path = work / "service" / "schemas" / "user.created" / "v1.avsc"
        text = path.read_text("utf-8")
        path.write_text(text.replace('"doc": "', '"doc": "Edited after publication. ', 1))

    branch(origin, tmp_path, "layout", move)  # the base branch keeps them in service/schemas
    branch(origin, tmp_path, "edit-moved", edit, base="layout")
    workspace = checkout(origin, tmp_path, "edit-moved")
    inputs = {"working-directory": "service", "contracts-dir": "schemas",
              "generate-check": "false"}
    run = pull_request(workspace, tmp_path, "edit-moved", base="layout", **inputs)
    assert run["contracts lint"].outcome == "success", run["contracts lint"].output
    check = run["contracts check"]
    assert check.code == 1 and "PUBLISHED_VERSION_EDITED" in check.output
    # annotations name files from the repository root, where GitHub looks for them
    assert "::error file=service/schemas/user.created/v1.avsc," in check.output


@pytest.mark.slow
def test_the_install_step_installs_the_action_checkout_and_the_steps_use_it(origin, tmp_path):
    branch(origin, tmp_path, "installed", edit_published)
    workspace = checkout(origin, tmp_path, "installed")
    # GitHub checks the action out afresh: a copy of this checkout's files, so that pip's
    # in-tree build leaves nothing behind here
    action = tmp_path / "action"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=REPO, capture_output=True,
                            check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (action / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, action / name)
    run = pull_request(workspace, tmp_path, "installed", install=True, action_path=action)
    install = run["install"]
    assert install.outcome == "success", install.output
    assert re.search(r"contracts \(event-contracts\) \d+\.\d+", install.output)
    venv_bin = tmp_path / "runner-temp" / "event-contracts-venv" / "bin"
    assert (venv_bin / "contracts").exists()
    check = run["contracts check"]
    assert check.code == 1 and "::error file=contracts/user.created/v1.avsc" in check.output
    assert run["contracts lint"].outcome == "success"


# --- the README -------------------------------------------------------------------------------

def _readme_block(section: str, language: str) -> str:
    text = (REPO / "README.md").read_text("utf-8")
    body = text[text.index(f"\n### {section}\n"):]
    body = body[:body.find("\n### ", 1)] if "\n### " in body[1:] else body
    match = re.search(rf"```{language}\n(.*?)```", body, re.S)
    assert match, f"no {language} block under ### {section}"
    return match[1]


def test_readme_workflow_uses_every_input_with_its_default():
    workflow = yaml.safe_load(_readme_block("GitHub Action", "yaml"))
    steps = workflow["jobs"]["contracts"]["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@")
    assert steps[0]["with"]["fetch-depth"] == 0
    ours = steps[1]
    assert re.fullmatch(r"<owner>/event-contracts@<40-hex-sha>", ours["uses"])
    defaults = {name: spec["default"] for name, spec in ACTION["inputs"].items()}
    assert ours["with"] == defaults


@pytest.mark.slow
def test_readme_ci_commands_catch_an_edited_published_version(origin, tmp_path):
    commands = [line for line in _readme_block("CI", "sh").splitlines() if line.strip()]
    assert any("git merge-base origin/main HEAD" in c for c in commands)
    branch(origin, tmp_path, "readme-ci", edit_published)
    workspace = checkout(origin, tmp_path, "readme-ci")
    runner = Runner(workspace, tmp_path, {}, {}, {}, install=False)
    env = {**runner.env, "PATH": f"{runner._checkout_bin()}{os.pathsep}{os.environ['PATH']}"}
    codes = {}
    for command in commands:
        done = subprocess.run(["bash", "-eo", "pipefail", "-c", command], cwd=workspace,
                              env=env, capture_output=True, text=True)
        codes[command.split()[1]] = (done.returncode, done.stdout)
    assert codes["lint"][0] == 0
    assert codes["check"][0] == 1
    assert "::error file=contracts/user.created/v1.avsc," in codes["check"][1]
    assert codes["generate"][0] == 1  # the doc is in the generated docstring too
