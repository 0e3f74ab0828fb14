"""The verdict cache never turns a finding into a pass: only entries this user's key signed, for
this tool version and of the right shape, are used; links in the cache folder are never followed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator import _cache
from generator.catalog import avro_envelope
from generator.cli import main

CACHE = _cache.CACHE_DIR


@pytest.fixture(autouse=True)
def own_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's user: a key folder of its own, outside the project."""
    home = tmp_path / "home-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("EVENT_CONTRACTS_NO_CACHE", raising=False)
    return home


def incompatible(project: Path, write_schema: Any) -> None:
    v1 = avro_envelope("user.created")
    write_schema("user.created", 1, v1)
    v2 = json.loads(json.dumps(v1))
    v2["fields"][7]["type"]["fields"].append({"name": "email", "type": "string", "doc": "x"})
    write_schema("user.created", 2, v2)


def check(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--contracts-dir", str(project / "contracts"), "check"])
    return code, capsys.readouterr().out


def read_cache(project: Path, name: str = "verdicts") -> tuple[bytes, dict[str, Any]]:
    mac, _, body = (project / CACHE / f"{name}.json").read_bytes().partition(b"\n")
    return mac, json.loads(body)


def write_cache(project: Path, body: dict[str, Any], *, mac: bytes | None = None,
                name: str = "verdicts") -> None:
    """Write a cache file; without `mac`, signed with the current user's key."""
    data = json.dumps(body).encode()
    if mac is None:
        key = _cache._secret(create=True)
        assert key is not None
        mac = _cache._mac(key, data).encode()
    (project / CACHE / f"{name}.json").write_bytes(mac + b"\n" + data)


def test_a_signed_cache_is_used_and_keyed_by_tool_version(project, write_schema, capsys,
                                                           own_key):
    incompatible(project, write_schema)
    cold = check(project, capsys)
    assert cold[0] == 1
    _, body = read_cache(project)
    assert body["tool"] == f"event-contracts {_cache.__version__} cache {_cache.FORMAT}"
    assert len(body["entries"]) == 1
    assert check(project, capsys) == cold  # warm: the signed verdict is used as is
    assert (own_key / "event-contracts" / "key").stat().st_mode & 0o077 == 0
    # the same "no findings" entry, signed, but written by another version of the tool
    body["tool"] = "event-contracts 0.0.0 cache 1"
    body["entries"] = {key: [] for key in body["entries"]}
    write_cache(project, body)
    assert check(project, capsys)[0] == 1
    body["tool"] = _cache._TOOL  # control: what this user's key signed for this version counts
    write_cache(project, body)
    assert check(project, capsys)[0] == 0


def test_a_hand_edited_cache_saying_compatible_is_not_trusted(project, write_schema, capsys):
    incompatible(project, write_schema)
    assert check(project, capsys)[0] == 1
    mac, body = read_cache(project)
    body["entries"] = {key: [] for key in body["entries"]}  # valid shape: "compatible"
    write_cache(project, body, mac=mac)
    code, out = check(project, capsys)
    assert code == 1 and "READER_FIELD_MISSING_DEFAULT_VALUE" in out
    assert read_cache(project)[1]["entries"] != body["entries"]  # recomputed and rewritten


@pytest.mark.parametrize("signed_elsewhere", [False, True])
def test_a_committed_cache_does_not_pass_a_fresh_clone(project, write_schema, capsys,
                                                      tmp_path, monkeypatch, signed_elsewhere):
    incompatible(project, write_schema)
    assert check(project, capsys)[0] == 1
    mac, body = read_cache(project)
    body["entries"] = {key: [] for key in body["entries"]}
    if signed_elsewhere:  # re-signed with the key of the machine it was committed from
        write_cache(project, body)
    else:
        write_cache(project, body, mac=mac)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@e"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-f", "."], cwd=project, check=True)
    subprocess.run([*git, "commit", "-qm", "with a cache"], cwd=project, check=True)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(project), str(clone)], check=True)
    assert (clone / CACHE / "verdicts.json").is_file()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "ci-runner-cache"))  # another machine
    code, out = check(clone, capsys)
    assert code == 1 and "READER_FIELD_MISSING_DEFAULT_VALUE" in out


@pytest.mark.parametrize("entry", [
    {}, "compatible", None, 0, [None], [[]], [["RULE", "message", "", ""]],
    [["RULE", "message", "", "", 7, "backward", "hint"]],  # a version that does not exist
    [["RULE", "message", "", "", -1, "backward", "hint"]],
    [["RULE", "message", "", "", True, "backward", "hint"]],
    [["RULE", "message", "", "", 0, "sideways", "hint"]],
    [["RULE", 5, "", "", 0, "backward", "hint"]],
    [["RULE", "message", "", "", 0, "backward", None]],
    [["RULE", "message", "", "", 0, "backward"]],  # the shape before hints
    [["RULE", "message", "", "", 0, "backward", "hint", "extra"]],
], ids=repr)
def test_a_malformed_signed_entry_is_recomputed(project, write_schema, capsys, entry):
    incompatible(project, write_schema)
    cold = check(project, capsys)
    _, body = read_cache(project)
    body["entries"] = {key: entry for key in body["entries"]}
    write_cache(project, body)
    assert check(project, capsys) == cold
    assert check(project, capsys) == cold  # and the rewritten cache is sound


@pytest.mark.parametrize("entry", [1, "true", [], {"valid": True}], ids=repr)
def test_a_malformed_validation_entry_is_revalidated(project, write_schema, capsys, entry):
    schema = avro_envelope("user.created")
    schema["fields"][7]["type"]["fields"].append({"name": "n", "type": "int", "default": "x",
                                                  "doc": "x"})
    write_schema("user.created", 1, schema)
    assert check(project, capsys)[0] == 2
    (project / CACHE).mkdir(exist_ok=True)
    key = _cache.content_key("AVRO", (project / "contracts/user.created/v1.avsc").read_bytes())
    write_cache(project, {"cache": "valid", "tool": _cache._TOOL, "entries": {key: entry}},
                name="valid")
    assert check(project, capsys)[0] == 2


def test_a_dangling_gitignore_link_is_not_written_through(project, write_schema, capsys,
                                                          tmp_path):
    incompatible(project, write_schema)
    outside = tmp_path / "outside" / "target"
    outside.parent.mkdir()
    (project / CACHE).mkdir()
    (project / CACHE / ".gitignore").symlink_to(outside)
    assert check(project, capsys)[0] == 1
    assert not outside.exists() and not os.path.lexists(outside)
    assert (project / CACHE / ".gitignore").is_symlink()
    assert (project / CACHE / "verdicts.json").is_file()  # the cache itself still works


def test_a_linked_cache_file_is_replaced_not_followed(project, write_schema, capsys, tmp_path):
    incompatible(project, write_schema)
    outside = tmp_path / "outside.json"
    outside.write_text("theirs")
    (project / CACHE).mkdir()
    (project / CACHE / "verdicts.json").symlink_to(outside)
    assert check(project, capsys)[0] == 1
    assert outside.read_text() == "theirs"
    assert not (project / CACHE / "verdicts.json").is_symlink()


def test_a_cache_folder_that_is_a_link_is_not_used(project, write_schema, capsys, tmp_path):
    incompatible(project, write_schema)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / CACHE).symlink_to(elsewhere)
    assert check(project, capsys)[0] == 1
    assert check(project, capsys)[0] == 1
    assert list(elsewhere.iterdir()) == []


def test_a_fifo_as_cache_file_does_not_hang(project, write_schema, tmp_path):
    incompatible(project, write_schema)
    (project / CACHE).mkdir()
    os.mkfifo(project / CACHE / "verdicts.json")
    os.mkfifo(project / CACHE / "valid.json")
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "home-cache"))
    # a generous bound only to turn a hang (a blocking open of the FIFO) into a failure
    done = subprocess.run([sys.executable, "-m", "generator", "--contracts-dir",
                           str(project / "contracts"), "check"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "READER_FIELD_MISSING_DEFAULT_VALUE" in done.stdout
