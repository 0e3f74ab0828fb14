"""The generated package as a whole: layout, determinism, writing, --check, quality gates."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from codegen_helpers import REPO, TOP_LEVEL, make_project, schema

from generator.catalog import load_catalog
from generator.cli import main
from generator.codegen import generate, render_catalog
from generator.errors import ContractsError

BIN = Path(sys.executable).parent


def _project(root: Path) -> Path:
    make_project(root, {"test.tricky": [schema("tricky.avsc")],
                        "test.plain": [schema("plain.avsc")],
                        "test.unions": [schema("unions.avsc")],
                        "test.toplevel": [schema("toplevel.avsc")],
                        **{name: [top] for name, top in TOP_LEVEL.items()}},
                 toml={"test.plain": 'key = "id"\n', "test.unions": 'key = "intLong"\n'})
    return root


def test_layout_and_determinism(tmp_path: Path) -> None:
    catalog = load_catalog(_project(tmp_path) / "contracts")
    first, second = render_catalog(catalog), render_catalog(catalog)
    assert first == second
    assert {"pyproject.toml", "README.md", "events/__init__.py", "events/py.typed",
            "events/_runtime.py", "events/_codec.py", "events/_envelope.py",
            "events/_producer.py", "events/_consumer.py", "events/test_tricky/__init__.py",
            "events/test_tricky/v1.py", "events/test_plain/v1.py"} <= set(first)
    assert "events/_json.py" not in first  # no JSON contracts, no pydantic
    assert "pydantic" not in first["pyproject.toml"]


def test_only_changed_files_are_rewritten(tmp_path: Path) -> None:
    root = _project(tmp_path)
    output = tmp_path / "out"
    written = generate(load_catalog(root / "contracts"), output)
    assert written.changes and all(c.kind == "added" for c in written.changes)
    (output / "events" / "__pycache__").mkdir(exist_ok=True)
    (output / "events" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"cache")
    before = {p: p.stat().st_ino for p in output.rglob("*.py")}
    plain = root / "contracts" / "test.plain" / "v1.avsc"
    plain.write_text(plain.read_text().replace("No envelope", "Without envelope"))
    result = generate(load_catalog(root / "contracts"), output)
    assert {(c.path, c.kind) for c in result.changes} == {("events/test_plain/v1.py", "changed")}
    for path, inode in before.items():
        if "test_plain" not in path.as_posix():
            assert path.stat().st_ino == inode, f"{path} was rewritten"
    assert (output / "events" / "__pycache__" / "x.cpython-311.pyc").read_bytes() == b"cache"
    assert generate(load_catalog(root / "contracts"), output).changes == ()
    shutil.rmtree(root / "contracts" / "test.plain")  # its files are listed in the manifest
    result = generate(load_catalog(root / "contracts"), output)
    assert ("events/test_plain/v1.py", "removed") in {(c.path, c.kind) for c in result.changes}
    assert not (output / "events" / "test_plain").exists()


def test_failure_leaves_the_previous_tree_intact(tmp_path: Path) -> None:
    root = _project(tmp_path)
    output = tmp_path / "out"
    generate(load_catalog(root / "contracts"), output)
    snapshot = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    (root / "contracts" / "test.plain" / "contract.toml").write_text('key = "nope"\n')
    with pytest.raises(ContractsError, match="partition key 'nope'"):
        generate(load_catalog(root / "contracts"), output)
    assert {p: p.read_bytes() for p in output.rglob("*") if p.is_file()} == snapshot
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]


def test_cli_check_lists_stale_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path)
    contracts, output = str(root / "contracts"), str(tmp_path / "out")
    assert main(["--contracts-dir", contracts, "generate", "--output", output, "--check"]) == 1
    assert "events/test_plain/v1.py" in capsys.readouterr().out
    assert not (tmp_path / "out").exists()
    assert main(["--contracts-dir", contracts, "generate", "--output", output]) == 0
    assert main(["--contracts-dir", contracts, "generate", "--output", output, "--check"]) == 0
    (tmp_path / "out" / "events" / "test_plain" / "v1.py").write_text("# edited by hand\n")
    capsys.readouterr()
    assert main(["--contracts-dir", contracts, "--format", "json", "generate", "--output",
                 output, "--check"]) == 1
    out = capsys.readouterr().out
    assert "generated-stale" in out and "test_plain/v1.py" in out


def test_cli_bad_input_exits_2(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "contracts" / "test.plain" / "contract.toml").write_text('key = "data.none"\n')
    assert main(["--contracts-dir", str(root / "contracts"), "generate", "--output",
                 str(tmp_path / "out")]) == 2


def test_committed_output_is_up_to_date() -> None:
    """`contracts generate --check` on the repository: generated/ matches contracts/."""
    catalog = load_catalog(REPO / "contracts")
    result = generate(catalog, REPO / "generated", check=True)
    assert not result.changes, "generated/ is stale: run `contracts generate` and commit"


def test_importing_a_module_does_not_import_the_registry_client() -> None:
    code = ("import sys, events.user_created, events.order_placed\n"
            "assert 'confluent_kafka.schema_registry' not in sys.modules\n"
            "assert 'confluent_kafka' not in sys.modules\n"
            "print('ok')")
    env = {**os.environ, "PYTHONPATH": str(REPO / "generated")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=False)
    assert out.stdout.strip() == "ok", out.stderr


@pytest.mark.slow
def test_ruff_and_mypy_strict_are_clean_on_generated(tmp_path: Path) -> None:
    """The committed package and the test schemas (every union shape and top-level type) pass
    ruff and mypy --strict."""
    root = _project(tmp_path)
    generate(load_catalog(root / "contracts"), tmp_path / "out")
    targets = [REPO / "generated", tmp_path / "out"]
    for target in targets:
        ruff = subprocess.run([str(BIN / "ruff"), "check", "--no-cache", "."], cwd=target,
                              capture_output=True, text=True, check=False)
        assert ruff.returncode == 0, ruff.stdout + ruff.stderr
    mypy = shutil.which("mypy", path=str(BIN)) or "mypy"
    for target in targets:
        result = subprocess.run(
            [mypy, "--strict", "--no-incremental", "--cache-dir", os.devnull, "events"],
            cwd=target, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
