"""The Java-labelled Avro cases (tests/compat/data/avro_java_*.jsonl) and our answers to them.

The cases and their labels come from tests/compat/java_labels/make_cases.py (Java Apache Avro
1.11, what Confluent Schema Registry runs). Our answers go through the same code paths as a
contracts folder: .avsc text is read by `parse_avro_text` and validated by `validate_schema`;
a pair is judged by `check_compatibility("AVRO", reader, [writer], "BACKWARD")`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.catalog._avro_text import parse_avro_text
from generator.catalog._validate import validate_schema
from generator.compat import check_compatibility
from generator.errors import ContractsError

DATA = Path(__file__).resolve().parent / "compat" / "data"


def load(name: str) -> list[dict[str, Any]]:
    with open(DATA / name, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def pair_cases() -> list[dict[str, Any]]:
    return load("avro_java_pairs.jsonl")


def parse_cases() -> list[dict[str, Any]]:
    return load("avro_java_parse.jsonl")


def accepts_text(text: str) -> bool | str:
    """Whether a contracts folder would take this .avsc text (False: exit 2)."""
    try:
        schema = parse_avro_text(text)
    except json.JSONDecodeError:
        return False
    return accepts(schema)


def accepts(schema: Any) -> bool | str:
    """True or False; a string describing the crash when validation raises."""
    try:
        return validate_schema("AVRO", schema) is None
    except Exception as error:  # a crash is a disagreement to report, not a verdict
        return f"validation crashed: {error!r}"


def pair_answer(case: dict[str, Any]) -> dict[str, Any]:
    """Our answer in the labels' shape: reader_parses, writer_parses, compatible."""
    reader_parses = accepts(case["reader"])
    writer_parses = accepts(case["writer"])
    compatible: bool | str | None = None
    if reader_parses is True and writer_parses is True:
        try:
            compatible = check_compatibility("AVRO", case["reader"], [case["writer"]],
                                             "BACKWARD").compatible
        except ContractsError as error:
            compatible = f"checker rejected a valid schema: {error}"
        except Exception as error:  # a crash is a disagreement to report, not a verdict
            compatible = f"checker crashed: {error!r}"
    return {"reader_parses": reader_parses, "writer_parses": writer_parses,
            "compatible": compatible}


def java_answer(case: dict[str, Any]) -> dict[str, Any]:
    return {key: case[key] for key in ("reader_parses", "writer_parses", "compatible")}
