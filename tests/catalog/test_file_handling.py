"""Files the CLI must not choke on: FIFOs and devices named like contract files, folders it
cannot list, and JSON no later stage could handle. Each is exit 2 with one line naming the file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.catalog import MAX_DEPTH, avro_envelope
from generator.cli import main

COMMANDS = [["lint"], ["check"], ["generate"], ["fuzz", "--examples", "2"]]


def run(project: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    if argv[0] == "generate":
        argv = (*argv, "--output", str(project / "generated"))
    code = main(["--contracts-dir", str(project / "contracts"), *argv])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err
    assert len(err.strip().splitlines()) == 1, err
    return code, err.strip()


def test_a_fifo_named_like_a_schema_is_refused(project, write_schema, capsys):
    write_schema("user.created", 1, avro_envelope("user.created"))
    fifo = project / "contracts" / "user.created" / "v2.avsc"
    os.mkfifo(fifo)
    code, err = run(project, capsys, "lint")  # used to block forever opening the FIFO
    assert code == 2
    assert err.startswith(f"{fifo}: error: not a regular file (a FIFO)")


def test_a_contract_toml_linked_to_a_device_is_refused(project, write_schema, capsys):
    write_schema("user.created", 1, avro_envelope("user.created"))
    toml = project / "contracts" / "user.created" / "contract.toml"
    toml.symlink_to("/dev/zero")  # used to read forever
    code, err = run(project, capsys, "lint")
    assert code == 2
    assert err.startswith(f"{toml}: error: not a regular file (a device)")


def test_a_fifo_named_like_a_note_is_not_read(project, write_schema, capsys):
    write_schema("user.created", 1, avro_envelope("user.created"))
    os.mkfifo(project / "contracts" / "user.created" / "NOTES.md")
    assert main(["--contracts-dir", str(project / "contracts"), "lint"]) == 0


def _as_unprivileged(argv: list[str]) -> list[str] | None:
    """Run without the capabilities that let root read any folder, so a chmod 000 folder is
    really unreadable (tests often run as root). None when that is not possible here."""
    if os.geteuid() != 0:
        return argv
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    drop = "-dac_override,-dac_read_search"
    wrapped = [setpriv, f"--bounding-set={drop}", f"--inh-caps={drop}", *argv]
    probe = subprocess.run([*wrapped[:-len(argv)], "true"], capture_output=True)
    return wrapped if probe.returncode == 0 else None


@pytest.mark.parametrize("locked", ["contracts", "contracts/user.created"])
def test_a_folder_that_cannot_be_listed_is_named(project, write_schema, locked):
    write_schema("user.created", 1, avro_envelope("user.created"))
    argv = _as_unprivileged([sys.executable, "-m", "generator", "--contracts-dir",
                             str(project / "contracts"), "lint"])
    if argv is None:
        pytest.skip("running as root without setpriv: no folder is unreadable here")
    folder = project / locked
    folder.chmod(0)
    try:
        done = subprocess.run(argv, capture_output=True, text=True, cwd=project, timeout=120)
    finally:
        folder.chmod(0o755)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().startswith(
        f"{folder}: error: cannot list the folder: Permission denied")


DEEP = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
VERY_DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize(("text", "where", "message"), [
    (DEEP, f"1:{MAX_DEPTH + 1}", f"JSON nested deeper than {MAX_DEPTH} levels"),
    (VERY_DEEP, f"1:{MAX_DEPTH + 1}", f"JSON nested deeper than {MAX_DEPTH} levels"),
    ('{"type": "record", "name": "X",\n "fields": [], "x": ' + "9" * 5000 + "}", "2:21",
     "integer with 5000 digits: at most 4300 are supported"),
    ('{"type": "record", "name": "X",\n "doc": "\\ud800", "fields": []}', "2:9",
     "a string holds a lone UTF-16 surrogate"),
], ids=["deep", "very-deep", "huge-int", "lone-surrogate"])
def test_json_no_stage_could_handle_is_bad_input(project, write_schema, capsys, command, text,
                                                 where, message):
    path = write_schema("user.created", 1, text)
    code, err = run(project, capsys, *command)
    assert code == 2
    assert err.startswith(f"{path}:{where}: error: {message}")


def test_json_at_the_depth_limit_is_parsed(project, write_schema, capsys):
    path = write_schema("user.created", 1, "[" * MAX_DEPTH + "]" * MAX_DEPTH)
    code, err = run(project, capsys, "lint")
    assert code == 2  # parsed, then refused as Avro: a union may not hold a union
    assert err.startswith(f"{path}:") and "invalid Avro schema" in err
