"""The real thing: `pre-commit try-repo` installs this repository's hooks into their own
virtualenv (pip installs the package, from the committed HEAD of this checkout) and runs them
in a contracts repository made here.

Each run builds that virtualenv afresh (try-repo uses a temporary store), which needs the
package's dependencies from the package index: about a minute.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (REPO / ".git").exists(), reason="needs a git checkout of the tool"),
]


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@e", *args], cwd=repo,
                   check=True, capture_output=True)


def try_repo(repo: Path, home: Path, hook: str) -> subprocess.CompletedProcess[str]:
    # The hook must run what pip installed, not this checkout: no PYTHONPATH, no CI paths.
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "GITHUB_WORKSPACE", "SKIP"} and not k.startswith(
               "PRE_COMMIT")}
    env["PRE_COMMIT_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), hook, "--all-files",
         "--verbose", "--color", "never"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=280)


@pytest.fixture
def contracts_repo(tmp_path: Path) -> Path:
    """A git repository whose one commit holds a copy of the bundled contracts/."""
    repo = tmp_path / "service-contracts"
    repo.mkdir()
    shutil.copytree(REPO / "contracts", repo / "contracts")
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
