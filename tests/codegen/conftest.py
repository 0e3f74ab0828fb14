from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from codegen_helpers import import_package, make_project

from generator.codegen import generate


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="re-record tests/codegen/goldens from the current generator")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    try:
        flag = bool(request.config.getoption("--update-goldens"))
    except ValueError:  # the option is registered only when this folder is named on the CLI
        flag = False
    return flag or os.environ.get("UPDATE_GOLDENS") == "1"


@pytest.fixture
def generated(tmp_path: Path) -> Iterator[Callable[..., Callable[[str], ModuleType]]]:
    """generated(contracts, package=...) -> importer of the freshly generated package."""
    added: list[str] = []

    def build(contracts: dict[str, list[Any]], package: str = "evtest",
              toml: dict[str, str] | None = None) -> Callable[[str], ModuleType]:
        catalog = make_project(tmp_path, contracts, package=package, toml=toml)
        generate(catalog, tmp_path / "generated")
        added.append(str(tmp_path / "generated"))
        return import_package(tmp_path / "generated", package)

    yield build
    for path in added:
        if path in sys.path:
            sys.path.remove(path)
