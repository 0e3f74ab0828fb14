from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Incompatibility:
    """What a one-way schema checker returns for one reader/writer (or old/new) pair.

    `reader_pointer` and `writer_pointer` are JSON pointers ("" is the root, "/fields/2/type")
    into the reader's and the writer's schema documents.
    """

    rule_id: str
    message: str
    reader_pointer: str
    writer_pointer: str


@dataclass(frozen=True)
class CompatFinding:
    """One reason the new schema is not compatible with one earlier version."""

    rule_id: str
    message: str
    new_pointer: str
    old_pointer: str
    old_index: int  # index into `previous` (0 = oldest)
    direction: str  # "backward": new reads old data; "forward": old reads new data
    hint: str = ""  # what the author can do about it


@dataclass(frozen=True)
class CompatibilityResult:
    level: str
    findings: tuple[CompatFinding, ...]

    @property
    def compatible(self) -> bool:
        return not self.findings

    def __bool__(self) -> bool:
        return self.compatible
