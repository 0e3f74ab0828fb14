"""The stages talk to each other only through their facades, and data flows one way.

A stage's private modules (`generator.compat._avro`, ...) are free to change; another stage
importing one would tie the two together behind the facade's back.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "generator"
STAGES = ("report", "catalog", "compat", "codegen", "fuzz", "registry")
# What each stage may use. report is the findings model every stage emits; catalog is the
# schema model every stage reads; nothing earlier in the flow depends on anything later.
ALLOWED = {
    "report": set(),
    "catalog": {"report"},
    "compat": {"report", "catalog"},
    "codegen": {"report", "catalog"},
    "fuzz": {"report", "catalog", "compat"},
    "registry": {"report", "catalog", "compat"},
}


def _imported_modules(source: str) -> list[tuple[str, int]]:
    tree = ast.parse(source)
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
            # `from generator.compat import _avro` names a private module too
            found += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names]
    return found


def _stage_of(module: str) -> tuple[str, str | None] | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "generator" or parts[1] not in STAGES:
        return None
    return parts[1], parts[2] if len(parts) > 2 else None


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_package_has_every_stage() -> None:
    for stage in STAGES:
        assert (PACKAGE / stage / "__init__.py").is_file(), stage


@pytest.mark.parametrize("path", _sources(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_no_module_reaches_into_another_stage(path: Path) -> None:
    relative = path.relative_to(PACKAGE)
    own = relative.parts[0] if len(relative.parts) > 1 and relative.parts[0] in STAGES else None
    problems = []
    for module, line in _imported_modules(path.read_text(encoding="utf-8")):
        target = _stage_of(module)
        if target is None or target[0] == own:
            continue
        stage, submodule = target
        if submodule is not None and submodule.startswith("_"):
            problems.append(f"{relative}:{line}: imports {module}, private to {stage}")
        if own is not None and stage not in ALLOWED[own]:
            problems.append(f"{relative}:{line}: {own} must not depend on {stage}")
    assert not problems, "\n".join(problems)


def test_the_check_sees_both_spellings_of_a_private_import() -> None:
    found = _imported_modules("from generator.compat import _avro\nimport generator.fuzz._rules\n")
    assert ("generator.compat._avro", 1) in found
    assert ("generator.fuzz._rules", 2) in found
