"""The real thing: `pre-commit try-repo` installs this repository's hooks into their own
virtualenv (pip installs the package, from the committed HEAD of this checkout) and runs them
in a contracts repository made here.

Each run builds that virtualenv afresh (try-repo uses a temporary store), which needs the
package's dependencies from the package index: up to a minute a run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (REPO / ".git").exists(), reason="needs a git checkout of the tool"),
]


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@e", *args], cwd=repo,
                   check=True, capture_output=True)


def pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # The hook must run what pip installed, not this checkout: no PYTHONPATH, no CI paths.
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "GITHUB_WORKSPACE", "SKIP"} and not k.startswith(
               "PRE_COMMIT")}
    env["PRE_COMMIT_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=280)


def try_repo(repo: Path, home: Path, hook: str) -> subprocess.CompletedProcess[str]:
    return pre_commit(repo, home, "try-repo", str(REPO), hook, "--all-files", "--verbose",
                      "--color", "never")


@pytest.fixture
def contracts_repo(tmp_path: Path) -> Path:
    """A git repository whose one commit holds a copy of the bundled contracts/."""
    repo = tmp_path / "service-contracts"
    repo.mkdir()
    shutil.copytree(REPO / "contracts", repo / "contracts")
    (repo / ".gitignore").write_text(".event-contracts-cache/\n", "utf-8")
    git(repo, "init", "-q", ".")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "publish the contracts")
    return repo


def test_check_hook_passes_on_an_unedited_repository(contracts_repo, tmp_path):
    done = try_repo(contracts_repo, tmp_path / "home", "contracts-check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "contracts check" in done.stdout and "Passed" in done.stdout
    assert "against HEAD" in done.stdout  # the hook compared with the commit


def test_check_hook_fails_on_an_edit_to_a_published_version(contracts_repo, tmp_path):
    published = contracts_repo / "contracts" / "user.created" / "v1.avsc"
    text = published.read_text("utf-8")
    assert '"doc": "' in text
    published.write_text(text.replace('"doc": "', '"doc": "Edited after publication. ', 1),
                         "utf-8")
    git(contracts_repo, "add", "-A")  # staged for the next commit, as a hook sees it
    done = try_repo(contracts_repo, tmp_path / "home", "contracts-check")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Failed" in done.stdout and "PUBLISHED_VERSION_EDITED" in done.stdout
    assert "contracts/user.created/v1.avsc:" in done.stdout


def readme_config() -> str:
    text = (REPO / "README.md").read_text("utf-8")
    section = text[text.index("\n### Pre-commit\n"):]
    block = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert block
    return block[1]


def test_readme_config_pinned_as_the_readme_says_runs_every_hook(contracts_repo, tmp_path):
    text = readme_config()
    (entry,) = yaml.safe_load(text)["repos"]
    assert entry["rev"] == "<40-hex-sha>"
    assert [hook["id"] for hook in entry["hooks"]] == [
        "contracts-lint", "contracts-check", "contracts-generate-check"]
    config_file = contracts_repo / ".pre-commit-config.yaml"  # the README's text, our URL
    config_file.write_text(text.replace("<git URL of this repository>", str(REPO)), "utf-8")
    home = tmp_path / "home"
    # `pre-commit autoupdate --freeze` pins the sha that `git ls-remote <url> HEAD` prints
    done = pre_commit(contracts_repo, home, "autoupdate", "--freeze")
    assert done.returncode == 0, done.stdout + done.stderr
    rev = yaml.safe_load(config_file.read_text("utf-8"))["repos"][0]["rev"]
    listed = subprocess.run(["git", "ls-remote", str(REPO), "HEAD"], capture_output=True,
                            text=True, check=True).stdout.split()[0]
    assert re.fullmatch(r"[0-9a-f]{40}", rev) and rev == listed
    subprocess.run([sys.executable, "-m", "generator", "generate"], cwd=contracts_repo,
                   check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    git(contracts_repo, "add", "-A")
    git(contracts_repo, "commit", "-qm", "pin the hooks, generate the package")
    done = pre_commit(contracts_repo, home, "run", "--all-files", "--color", "never")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("Passed") == 3
    # a hand edit to generated code fails contracts-generate-check (the environment is reused)
    module = contracts_repo / "generated" / "events" / "user_created" / "__init__.py"
    module.write_text(module.read_text("utf-8") + "\nHAND_EDIT = 1\n", "utf-8")
    git(contracts_repo, "add", "-A")
    done = pre_commit(contracts_repo, home, "run", "--color", "never")  # the staged files
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"contracts generate --check\.+Failed", done.stdout)
    assert "generated/events/user_created/__init__.py" in done.stdout
    assert re.search(r"contracts lint\.+\(no files to check\)Skipped", done.stdout)
