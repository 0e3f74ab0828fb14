"""`contracts rules` lists every id the tool can emit, and every id it lists is emitted."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from generator.cli import main

SOURCE = Path(__file__).resolve().parent.parent / "generator"
# Classes whose first argument is the rule id of what is reported.
_REPORTING = {"Finding", "Incompatibility", "CompatFinding", "PropertyFailure", "RuleDoc"}


def _listed(capsys: object) -> list[dict[str, str]]:
    assert main(["rules", "--format", "json"]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    rows: list[dict[str, str]] = json.loads(out)["rules"]
    return rows


def _modules() -> list[ast.Module]:
    return [ast.parse(path.read_text(encoding="utf-8")) for path in sorted(SOURCE.rglob("*.py"))]


def _emitted_ids() -> set[str]:
    """The rule ids passed to a reporting class: literals, or module constants bound to one."""
    ids: set[str] = set()
    for module in _modules():
        constants: dict[str, str] = {}
        for node in module.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(
                    node.targets[0], ast.Name):
                value = node.value.elts[0] if isinstance(node.value, ast.Tuple) else node.value
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    constants[node.targets[0].id] = value.value
        for node in ast.walk(module):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(
                node.func, "attr", "")
            if name not in _REPORTING:
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                ids.add(first.value)
            elif isinstance(first, ast.Subscript):  # STALE_RULE[0]: a (id, purpose, hint)
                first = first.value
            if isinstance(first, ast.Name) and first.id in constants:
                ids.add(constants[first.id])
    return ids


def test_every_emitted_id_is_listed(capsys: object) -> None:
    listed = {row["id"] for row in _listed(capsys)}
    emitted = _emitted_ids()
    assert len(emitted) > 10  # the scan finds the reporting calls
    assert emitted - listed == set()


def test_every_listed_id_is_emitted_somewhere(capsys: object) -> None:
    # Compat ids are proven emitted by tests/compat/test_rule_cases.py (a case per id), lint ids
    # by tests/catalog; every other listed id must be passed to a reporting call in the source.
    rows = _listed(capsys)
    others = {row["id"] for row in rows if not row["kind"].startswith(("compat/avro",
                                                                        "compat/json", "lint"))}
    assert others - _emitted_ids() == set()


def test_rows_carry_kind_and_stage(capsys: object) -> None:
    rows = _listed(capsys)
    kinds = {row["kind"] for row in rows}
    assert {"lint", "compat/avro", "compat/json", "compat/baseline", "registry", "fuzz",
            "generate", "input"} <= kinds
    assert all(row["stage"] and row["purpose"] and row["hint"] for row in rows)
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    for wanted in ("PUBLISHED_VERSION_EDITED", "REGISTRY_DRIFT", "VERDICT_CONTRADICTED",
                   "BAD_INPUT"):
        assert wanted in ids
    assert all(row["sentence"] for row in rows if row["kind"] in ("compat/avro", "compat/json"))
