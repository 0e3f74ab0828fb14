"""Each compatibility rule in the table has a previous/current pair reporting exactly that id;
the same pair the other way round does not report it where the change widens."""

from __future__ import annotations

from typing import Any

import pytest

from generator.compat import COMPAT_RULES, check_compatibility
from tests.compat.rule_cases import ALSO, CASES


def _ids(schema_type: str, previous: Any, current: Any, level: str) -> set[str]:
    result = check_compatibility(schema_type, current, [previous], level)
    return {finding.rule_id for finding in result.findings}


def test_every_rule_has_a_case() -> None:
    table = {rule.id: rule.schema_type for rule in COMPAT_RULES}
    assert set(CASES) == set(table)
    assert all(CASES[rule_id][0] == table[rule_id] for rule_id in CASES)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_case_reports_exactly_its_rule(rule_id: str) -> None:
    schema_type, previous, current, level = CASES[rule_id]
    assert _ids(schema_type, previous, current, level) == {rule_id} | ALSO.get(rule_id, set())


# A change of a value (type, pattern, name, size, ...) is incompatible both ways; every other
# rule guards a narrowing, whose reverse is a widening the rule does not report.
SYMMETRIC = {"COMBINED_TYPE_SUBSCHEMAS_CHANGED", "DEPENDENCY_ARRAY_CHANGED", "ENUM_ARRAY_CHANGED",
             "FIXED_SIZE_MISMATCH", "MISSING_UNION_BRANCH", "MULTIPLE_OF_CHANGED",
             "NAME_MISMATCH", "PATTERN_CHANGED", "TYPE_CHANGED"}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_reverse_reports_the_rule_only_when_symmetric(rule_id: str) -> None:
    schema_type, previous, current, level = CASES[rule_id]
    reverse = _ids(schema_type, current, previous, level)
    assert (rule_id in reverse) == (rule_id in SYMMETRIC)
