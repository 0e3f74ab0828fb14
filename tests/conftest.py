from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conformance_cases import CONFORMANCE

REPO = Path(__file__).resolve().parents[1]


def pytest_configure(config: pytest.Config) -> None:
    # Locally the conformance tests skip without ../shared/conformance; in CI they must run.
    if os.environ.get("CI") and not (CONFORMANCE / "avro.jsonl").is_file():
        raise pytest.UsageError(f"CI run without the conformance corpus at {CONFORMANCE}")


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
