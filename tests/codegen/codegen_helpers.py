"""Helpers of the code generation tests: projects from schemas, importing generated code."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from generator.catalog import Catalog, load_catalog

HERE = Path(__file__).resolve().parent
SCHEMAS = HERE / "schemas"
GOLDENS = HERE / "goldens"
REPO = HERE.parents[1]


def make_project(root: Path, contracts: dict[str, list[Any]], *, package: str = "events",
                 toml: dict[str, str] | None = None) -> Catalog:
    """A project under `root` with the given contracts: name -> [schema per version]."""
    (root / "pyproject.toml").write_text(
        f'[project]\nname = "demo"\n\n[tool.event-contracts]\npackage = "{package}"\n'
        'source = "tests"\n', "utf-8")
    for name, versions in contracts.items():
        folder = root / "contracts" / name
        folder.mkdir(parents=True, exist_ok=True)
        for number, schema in enumerate(versions, 1):
            text = schema if isinstance(schema, str) else json.dumps(schema, indent=2)
            is_json = isinstance(schema, dict) and "$schema" in schema
            (folder / f"v{number}.{'schema.json' if is_json else 'avsc'}").write_text(text, "utf-8")
        if toml and name in toml:
            (folder / "contract.toml").write_text(toml[name], "utf-8")
    return load_catalog(root / "contracts")


def schema(name: str) -> Any:
    return json.loads((SCHEMAS / name).read_text("utf-8"))


def import_package(output: Path, package: str) -> Callable[[str], ModuleType]:
    """An importer for the package generated in `output` (earlier imports of it forgotten)."""
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]
    if str(output) not in sys.path:
        sys.path.insert(0, str(output))
    importlib.invalidate_caches()
    return importlib.import_module


def raw_catalog(root: Path, contract: str, schemas: list[Any], *, package: str = "events",
                key: str = "eventId", topic: str | None = None) -> Catalog:
    """A catalog built by hand, bypassing the loader's validation (names the Avro specification
    forbids but fastavro and other producers accept, such as `2fa` or `user-id`)."""
    from generator.catalog import Contract, ContractConfig, PositionIndex, SchemaVersion, Settings

    folder = root / "contracts" / contract
    versions = []
    for number, value in enumerate(schemas, 1):
        text = json.dumps(value, indent=2)
        versions.append(SchemaVersion(contract, number, folder / f"v{number}.avsc", "AVRO", text,
                                      value, PositionIndex(text)))
    config = ContractConfig(topic=topic, key=key)
    settings = Settings(root=root, package=package, source="tests")
    return Catalog(root / "contracts", settings,
                   (Contract(contract, folder, config, tuple(versions)),))
