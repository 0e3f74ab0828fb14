"""Every Avro case of the shared conformance corpus, through the public facade.

The corpus lives outside the repository (`../shared/conformance/avro.jsonl`, see its README for
the format): it is read from there, never copied. `pair` cases check the new schema against the
old one; `history` cases against `previous_schemas`. A case without a `level` is a raw
reader/writer check: its direction gives the level (backward → BACKWARD, forward → FORWARD,
full → FULL).
"""

from __future__ import annotations

from typing import Any

import pytest
from conformance_cases import case_params, load_cases, require

from generator.compat import check_compatibility
from generator.errors import ContractsError

LEVEL_OF_DIRECTION = {"backward": "BACKWARD", "forward": "FORWARD", "full": "FULL"}

# Cases whose schemas are not valid Avro: the checker must reject them as bad input.
INVALID_SCHEMA_CASES = {
    "karapace:test_avro_compatibility/test_schemaregistry_basic_backwards_compatibility/08":
        "its enum default 'B' is not one of the enum's symbols; upstream parses it with symbol "
        "validation off, strict Avro parsers (avro, fastavro) reject it",
}


CASES = load_cases("avro.jsonl")


def _params() -> list[Any]:
    return case_params(CASES, "avro.jsonl")


def _run(case: dict[str, Any]) -> bool:
    level = case.get("level") or LEVEL_OF_DIRECTION[case["direction"]]
    previous = case["previous_schemas"] if case["kind"] == "history" else [case["writer_or_old"]]
    return check_compatibility("AVRO", case["reader_or_new"], previous, level).compatible


@pytest.mark.parametrize("case", _params())
def test_avro_conformance_case(case: dict[str, Any]) -> None:
    assert case["schemaType"] == "AVRO"
    if case["id"] in INVALID_SCHEMA_CASES:
        with pytest.raises(ContractsError, match="not one of its symbols"):
            _run(case)
        return
    assert _run(case) is case["compatible"], case.get("description", "")


def test_the_whole_corpus_is_covered() -> None:
    require(CASES, "avro.jsonl")
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids)) == 329
    assert set(INVALID_SCHEMA_CASES) <= set(ids)
