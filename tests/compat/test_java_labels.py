"""Our Avro validator and checker give Java Apache Avro 1.11's answer on every labelled case.

Java's `Schema.Parser` and `SchemaCompatibility` are what Confluent Schema Registry runs. The
cases (tests/compat/data/avro_java_*.jsonl) were labelled by that library through
tests/compat/java_labels/make_cases.py; CI checks the committed labels, no JVM needed.
Parse cases go through the catalog's reading and validation of .avsc text; pairs through
`check_compatibility("AVRO", reader, [writer], "BACKWARD")` once both schemas validate.
"""

from __future__ import annotations

from typing import Any

import pytest
from avro_java_cases import accepts_text, java_answer, pair_answer, pair_cases, parse_cases

PAIRS = pair_cases()
PARSE = parse_cases()


def test_the_labelled_cases_cover_every_area() -> None:
    pair_areas = {case["category"].split("/")[0] for case in PAIRS}
    parse_areas = {case["category"].split("/")[0] for case in PARSE}
    assert pair_areas >= {"promotion", "union", "record", "enum", "fixed", "alias",
                          "field-alias", "recursive", "logical", "reference", "namespace"}
    assert parse_areas >= {"default", "name", "alias", "order", "structure", "text"}
    # both verdicts occur, so agreeing cannot be a constant answer
    assert {case["compatible"] for case in PAIRS} == {True, False, None}
    assert {case["accepts"] for case in PARSE} == {True, False}


@pytest.mark.parametrize("case", PARSE, ids=[case["id"] for case in PARSE])
def test_parse_case_agrees_with_java(case: dict[str, Any]) -> None:
    assert accepts_text(case["text"]) == case["accepts"], case["text"]


@pytest.mark.parametrize("case", PAIRS, ids=[case["id"] for case in PAIRS])
def test_pair_agrees_with_java(case: dict[str, Any]) -> None:
    assert pair_answer(case) == java_answer(case), (case["reader"], case["writer"])
