from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

FORMATS = ("text", "json", "github", "junit", "sarif")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One thing wrong with the contracts, placed as precisely as we can.

    Every stage (lint, check, generate --check, fuzz) reports through this one type so that
    each output format is written once.
    """

    rule_id: str
    message: str
    path: str | None = None
    line: int | None = None
    column: int | None = None
    severity: Severity = Severity.ERROR
    contract: str | None = None
    version: int | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    hint: str | None = None  # what the author can do about it, one sentence

    @property
    def location(self) -> str:
        if self.path is None:
            return ""
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule_id,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "contract": self.contract,
            "version": self.version,
            "hint": self.hint,
        }
        data.update(self.extra)
        return data


@dataclass(frozen=True)
class RuleDoc:
    """What a rule id means and what to do about its findings, for rule listings (SARIF)."""

    id: str
    purpose: str
    hint: str
