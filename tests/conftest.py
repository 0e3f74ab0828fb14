from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conformance_cases import CONFORMANCE, REALWORLD

REPO = Path(__file__).resolve().parents[1]


# Test tiers. Plain `pytest` runs the fast unit tests; the tests marked with one of TIERS are
# deselected unless `--run-all` is given or CI is set to a true value (`nox -s tests`, which
# `.ci/run` runs, passes --run-all). A test that uses a fixture starting a real service, directly
# or through another fixture, gets that service's mark here, so none can be forgotten.
TIERS = ("slow", "broker", "registry")
SERVICE_FIXTURES = {"kafka_broker": "broker", "schema_registry": "registry"}
TRUE = frozenset({"1", "true", "yes", "on"})
_DESELECTED = pytest.StashKey[int]()


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in TRUE


def _run_all(config: pytest.Config) -> bool:
    return bool(config.getoption("--run-all")) or _in_ci()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-all", action="store_true", default=False,
                     help=f"also run the tests marked {', '.join(TIERS)} (deselected by default; "
                          "CI=true selects them too)")


def pytest_configure(config: pytest.Config) -> None:
    # Locally the conformance and real-world tests skip without ../shared; in CI they must run.
    if _in_ci() and not (CONFORMANCE / "avro.jsonl").is_file():
        raise pytest.UsageError(f"CI run without the conformance corpus at {CONFORMANCE}")
    if _in_ci() and not (REALWORLD / "run_corpus.py").is_file():
        raise pytest.UsageError(f"CI run without the real-world corpus at {REALWORLD}")


def pytest_report_header(config: pytest.Config) -> str:
    if _run_all(config):
        return f"tiers: all ({', '.join(TIERS)} included)"
    return (f"tiers: fast only; tests marked {', '.join(TIERS)} are deselected "
            "(run them with: pytest --run-all, or nox -s tests)")


@pytest.hookimpl(tryfirst=True)  # before `-m` selects: it must see the marks added here
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        for fixture, mark in SERVICE_FIXTURES.items():
            if fixture in item.fixturenames and item.get_closest_marker(mark) is None:
                item.add_marker(mark)
    if _run_all(config):
        return
    kept = [i for i in items if not any(i.get_closest_marker(t) for t in TIERS)]
    dropped = [i for i in items if any(i.get_closest_marker(t) for t in TIERS)]
    config.stash[_DESELECTED] = len(dropped)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    # Said again at the end, so that a green default run is not read as the whole suite passing.
    count = config.stash.get(_DESELECTED, 0)
    if count:
        terminalreporter.write_line(
            f"tiers: {count} test(s) marked {', '.join(TIERS)} were deselected and did NOT run; "
            "run them with: pytest --run-all (or nox -s tests)", yellow=True, bold=True)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project: pyproject.toml with [tool.event-contracts] and a contracts/ folder."""
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "demo"\n\n[tool.event-contracts]\npackage = "events"\n', "utf-8")
    (tmp_path / "contracts").mkdir()
    return tmp_path


WriteSchema = Callable[..., Path]


@pytest.fixture
def write_schema(project: Path) -> WriteSchema:
    """write_schema("user.created", 1, schema_or_text, ext="avsc") -> the file's path."""

    def write(contract: str, version: int, schema: Any, ext: str = "avsc") -> Path:
        folder = project / "contracts" / contract
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"v{version}.{ext}"
        if isinstance(schema, bytes):
            path.write_bytes(schema)
        elif isinstance(schema, str):
            path.write_text(schema, "utf-8")
        else:
            path.write_text(json.dumps(schema, indent=2) + "\n", "utf-8")
        return path

    return write
