from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from generator.compat._model import CompatFinding, CompatibilityResult, Incompatibility

LEVELS = (
    "BACKWARD",
    "BACKWARD_TRANSITIVE",
    "FORWARD",
    "FORWARD_TRANSITIVE",
    "FULL",
    "FULL_TRANSITIVE",
    "NONE",
)

# A one-way checker: (reader, writer) -> the reasons the reader cannot read the writer's data.
# For JSON Schema "reader" is the newer schema of a backward check, as in Confluent's SchemaDiff.
Checker = Callable[[Any, Any], list[Incompatibility]]


def _checker(schema_type: str) -> Checker:
    if schema_type == "AVRO":
        from generator.compat._avro import check_reader_writer

        return check_reader_writer
    if schema_type == "JSON":
        from generator.compat._jsonschema import check_reader_writer as check_json

        return check_json
    raise ValueError(f"unknown schema type {schema_type!r}: expected AVRO or JSON")


def check_compatibility(
    schema_type: str, new: Any, previous: Sequence[Any], level: str
) -> CompatibilityResult:
    """Check `new` against `previous` (oldest first) under a Confluent compatibility level."""
    level = level.upper()
    if level not in LEVELS:
        raise ValueError(f"unknown compatibility level {level!r}: expected one of {LEVELS}")
    if level == "NONE" or not previous:
        return CompatibilityResult(level, ())
    check = _checker(schema_type.upper())
    indexes = range(len(previous)) if level.endswith("_TRANSITIVE") else [len(previous) - 1]
    backward = level.startswith(("BACKWARD", "FULL"))
    forward = level.startswith(("FORWARD", "FULL"))
    findings: list[CompatFinding] = []
    for index in reversed(indexes):  # newest first, like the registry reports
        old = previous[index]
        if backward:
            for issue in check(new, old):
                findings.append(CompatFinding(issue.rule_id, issue.message, issue.reader_pointer,
                                              issue.writer_pointer, index, "backward"))
        if forward:
            for issue in check(old, new):
                findings.append(CompatFinding(issue.rule_id, issue.message, issue.writer_pointer,
                                              issue.reader_pointer, index, "forward"))
    if findings:
        from generator.compat._hints import with_hints

        findings = with_hints(schema_type, new, previous, findings)
    return CompatibilityResult(level, tuple(findings))
