"""The shared corpora (../shared/conformance, ../shared/realworld), read in place, never copied."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

CONFORMANCE = Path(__file__).resolve().parents[2] / "shared" / "conformance"
# The real-world schemas and their runner (tests/test_realworld.py); REALWORLD_CORPUS points a
# checkout that is not next to ../shared (a git worktree) at it.
REALWORLD = Path(os.environ.get("REALWORLD_CORPUS")
                 or Path(__file__).resolve().parents[2] / "shared" / "realworld")


def load_cases(file_name: str) -> list[dict[str, Any]]:
    """Every case of one .jsonl file; empty when the corpus is absent (a local checkout)."""
    path = CONFORMANCE / file_name
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def case_params(cases: list[dict[str, Any]], file_name: str) -> list[Any]:
    """One pytest param per case, named by its id; a single skipped param without a corpus."""
    if not cases:
        return [pytest.param(None, marks=pytest.mark.skip(
            reason=f"conformance corpus not found at {CONFORMANCE / file_name}"))]
    return [pytest.param(case, id=case["id"]) for case in cases]


def require(cases: list[dict[str, Any]], file_name: str) -> None:
    if not cases:
        pytest.skip(f"conformance corpus not found at {CONFORMANCE / file_name}")
