"""Golden files: the exact modules generated for tricky schemas (re-record: --update-goldens)."""

from __future__ import annotations

from pathlib import Path

import pytest
from codegen_helpers import GOLDENS, SCHEMAS, make_project, raw_catalog, schema

from generator.catalog import Catalog
from generator.codegen import render_catalog

# case -> (contract, schema files, contract.toml, validated by the catalog loader)
CASES = {
    "tricky": ("test.tricky", ["tricky.avsc"], 'key = "data.user_id"\n', True),
    "plain": ("test.plain", ["plain.avsc"], 'key = "id"\ntopic = "pings"\n', True),
    "wild": ("test.wild", ["wild.avsc"], "\u00e9moji", False),
    "unions": ("test.unions", ["unions.avsc"], 'key = "intLong"\n', True),
    "toplevel": ("test.toplevel", ["toplevel.avsc"], "", True),
}


def _catalog(case: str, root: Path) -> Catalog:
    contract, files, toml, validated = CASES[case]
    schemas = [schema(f) for f in files]
    if validated:
        return make_project(root, {contract: schemas}, toml={contract: toml})
    return raw_catalog(root, contract, schemas, key=toml)


def _compare(text: str, golden: Path, update: bool) -> None:
    if update or not golden.exists():
        golden.write_text(text, "utf-8")
        if not update:
            pytest.fail(f"recorded a new golden {golden.name}: review it and commit it")
    assert text == golden.read_text("utf-8"), (
        f"{golden.name} differs: run `pytest tests/codegen --update-goldens` if intended")


@pytest.mark.parametrize("case", sorted(CASES))
def test_modules_match_goldens(case: str, tmp_path: Path, update_goldens: bool) -> None:
    contract, files, _, _ = CASES[case]
    rendered = render_catalog(_catalog(case, tmp_path))
    module = contract.replace(".", "_")
    for number in range(1, len(files) + 1):
        _compare(rendered[f"events/{module}/v{number}.py"], GOLDENS / f"{case}_v{number}.py.txt",
                 update_goldens)
    _compare(rendered[f"events/{module}/__init__.py"], GOLDENS / f"{case}_init.py.txt",
             update_goldens)


def test_every_schema_has_a_case() -> None:
    used = {f for _, files, _, _ in CASES.values() for f in files}
    assert used == {p.name for p in SCHEMAS.glob("*.avsc")}
