"""Valid schemas nested hundreds of records deep pass every command (each stage walks schemas
recursively: the CLI runs commands on a thread with a deep stack, and fuzz draws records flat)."""

from __future__ import annotations

import importlib
import json
import sys
from typing import Any

import pytest

from generator.catalog import avro_envelope
from generator.cli import main

# 330 nested records are 994 levels of JSON, just within catalog.MAX_DEPTH
DEEPEST = 330


def nested(levels: int) -> str:
    """The schema text of `levels` nested records (built as text: json.dumps would recurse)."""
    leaf = '{"name": "value", "type": "int", "doc": "A number."}'
    text = f'{{"type": "record", "name": "Level{levels}", "doc": "Leaf.", "fields": [{leaf}]}}'
    for level in range(levels - 1, 0, -1):
        child = f'{{"name": "child", "type": {text}, "doc": "One level down."}}'
        text = (f'{{"type": "record", "name": "Level{level}", "doc": "One level.", '
                f'"fields": [{leaf}, {child}]}}')
    return text


def with_tree(schema: dict[str, Any], levels: int) -> str:
    schema["fields"][7]["type"]["fields"].append({"name": "tree", "type": "TREE", "doc": "x"})
    return json.dumps(schema, indent=2).replace('"TREE"', nested(levels))


def write_versions(write_schema: Any, levels: int) -> None:
    v1 = avro_envelope("deep.nested")
    v2 = avro_envelope("deep.nested")
    v2["fields"][7]["type"]["fields"].append(
        {"name": "note", "type": ["null", "string"], "default": None, "doc": "Added in v2."})
    write_schema("deep.nested", 1, with_tree(v1, levels))
    write_schema("deep.nested", 2, with_tree(v2, levels))


@pytest.fixture(autouse=True)
def fresh_events_package(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test generates its own `events` package: forget any imported one, and sys.path."""
    monkeypatch.setattr(sys, "path", list(sys.path))
    for name in [m for m in sys.modules if m == "events" or m.startswith("events.")]:
        monkeypatch.delitem(sys.modules, name)


@pytest.mark.slow
@pytest.mark.parametrize("levels", [200, DEEPEST])
def test_nested_records_pass_lint_check_generate_and_fuzz(project, write_schema, capsys, levels):
    write_versions(write_schema, levels)
    contracts = ["--contracts-dir", str(project / "contracts")]
    for argv in (["lint"], ["check"], ["generate", "--output", str(project / "generated")],
                 ["fuzz", "--examples", "3", "--seed", "1"]):
        code = main([*contracts, *argv])
        captured = capsys.readouterr()
        assert code == 0, (argv, captured.out[-6000:], captured.err[-2000:])


def test_200_nested_records_generate_an_importable_package(project, write_schema, monkeypatch):
    write_versions(write_schema, 200)
    output = project / "generated"
    assert main(["--contracts-dir", str(project / "contracts"), "generate", "--output",
                 str(output)]) == 0
    monkeypatch.syspath_prepend(str(output))
    module = importlib.import_module("events.deep_nested.v2")
    assert hasattr(module, "Level200")
