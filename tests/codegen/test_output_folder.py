"""`generate` writes only into a folder of its own, cleans up after interrupted runs, and swaps the
new tree in without the folder ever going missing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from codegen_helpers import REPO, make_project, schema

from generator.catalog import load_catalog
from generator.cli import main
from generator.codegen import generate
from generator.codegen._package import MANIFEST, exchange


def _project(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    make_project(root, {"test.plain": [schema("plain.avsc")]}, toml={"test.plain": 'key = "id"\n'})
    return root


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_output_dot_in_a_project_is_refused_and_deletes_nothing(tmp_path, capsys, monkeypatch):
    root = _project(tmp_path / "project")
    (root / "README.md").write_text("# my project\n")
    before = _snapshot(root)
    monkeypatch.chdir(root)
    code = main(["generate", "--output", "."])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "internal error" not in err
    assert "not written by `contracts generate`" in err
    assert err.startswith("README.md: error: ")  # names the first foreign file
    assert _snapshot(root) == before
    assert not [p for p in root.parent.iterdir() if p.name.startswith(".project.")]


@pytest.mark.parametrize("check", [False, True])
def test_a_foreign_file_is_named_and_left_alone(tmp_path, capsys, check):
    root = _project(tmp_path)
    output = tmp_path / "out"
    generate(load_catalog(root / "contracts"), output)
    mine = output / "events" / "helpers.py"
    mine.write_text("def mine() -> None: ...\n")
    argv = ["--contracts-dir", str(root / "contracts"), "generate", "--output", str(output)]
    code = main([*argv, "--check"] if check else argv)
    assert code == 2
    assert capsys.readouterr().err.startswith(f"{mine}: error: not written by")
    assert mine.read_text() == "def mine() -> None: ...\n"


def test_an_older_generated_package_without_a_manifest_is_accepted(tmp_path):
    root = _project(tmp_path)
    output = tmp_path / "out"
    generate(load_catalog(root / "contracts"), output)
    (output / MANIFEST).unlink()  # as written before there was a manifest
    (output / "events.egg-info").mkdir()  # pip install -e leaves this: not a foreign file
    (output / "events.egg-info" / "PKG-INFO").write_text("x")
    result = generate(load_catalog(root / "contracts"), output)
    assert [(c.path, c.kind) for c in result.changes] == [(MANIFEST, "added")]
    assert (output / "events.egg-info" / "PKG-INFO").exists()


def test_a_folder_with_a_pyproject_but_no_generated_package_is_refused(tmp_path):
    root = _project(tmp_path)
    output = tmp_path / "out"
    output.mkdir()
    (output / "pyproject.toml").write_text("[project]\nname = 'mine'\n")
    with pytest.raises(Exception, match="not written by"):
        generate(load_catalog(root / "contracts"), output)
    assert (output / "pyproject.toml").read_text() == "[project]\nname = 'mine'\n"


def test_the_repository_generated_folder_has_its_manifest() -> None:
    listed = {line for line in (REPO / "generated" / MANIFEST).read_text().splitlines()
              if line and not line.startswith("#")}
    assert "events/__init__.py" in listed and "pyproject.toml" in listed


def test_leftovers_of_interrupted_runs_are_removed(tmp_path):
    root = _project(tmp_path)
    output = tmp_path / "out"
    generate(load_catalog(root / "contracts"), output)
    staging = tmp_path / ".out.new-abc123"
    backup = tmp_path / ".out.old-abc123"
    for folder in (staging, backup):
        (folder / "events").mkdir(parents=True)
        (folder / "events" / "x.py").write_text("x = 1\n")
    unrelated = tmp_path / ".other.new-abc123"
    unrelated.mkdir()
    assert generate(load_catalog(root / "contracts"), output).changes == ()
    assert not staging.exists() and not backup.exists()
    assert unrelated.exists()


def test_exchange_swaps_two_folders_in_one_step(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "from_a").write_text("a")
    (second / "from_b").write_text("b")
    if not exchange(first, second):
        pytest.skip("no renameat2 RENAME_EXCHANGE on this system or file system")
    assert [p.name for p in first.iterdir()] == ["from_b"]
    assert [p.name for p in second.iterdir()] == ["from_a"]


def test_the_output_folder_never_goes_missing_while_rewritten(tmp_path):
    if not exchange(*_two_folders(tmp_path)):
        pytest.skip("no renameat2 RENAME_EXCHANGE on this system or file system")
    root = _project(tmp_path)
    output = tmp_path / "out"
    plain = root / "contracts" / "test.plain" / "v1.avsc"
    original = plain.read_text()
    generate(load_catalog(root / "contracts"), output)
    stop = tmp_path / "stop"
    # a concurrent reader in its own process (a thread would wait for the GIL between renames)
    watcher = subprocess.Popen([sys.executable, "-c", WATCH, str(output / "events"), str(stop)],
                               stdout=subprocess.PIPE, text=True)
    try:
        for round_ in range(30):
            plain.write_text(original.replace("No envelope", f"No envelope {round_}", 1))
            assert generate(load_catalog(root / "contracts"), output).changes
    finally:
        stop.touch()
        out, _ = watcher.communicate(timeout=60)
    checks, missing = map(int, out.split())
    assert checks > 0
    assert missing == 0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


WATCH = """
import os, sys
folder, stop = sys.argv[1], sys.argv[2]
checks = missing = 0
while not os.path.exists(stop):
    checks += 1
    missing += not os.path.isdir(folder)
print(checks, missing)
"""


def _two_folders(tmp_path: Path) -> tuple[Path, Path]:
    probe = tmp_path / "probe"
    for name in ("a", "b"):
        (probe / name).mkdir(parents=True)
    return probe / "a", probe / "b"
