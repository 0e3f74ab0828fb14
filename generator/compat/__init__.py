"""Compatibility of a new schema with earlier versions, with Confluent Schema Registry's levels.

    >>> from generator.compat import check_compatibility
    >>> result = check_compatibility("AVRO", new, [v1, v2], "BACKWARD")
    >>> result.compatible, result.findings
"""

from generator.compat._catalog_check import check_catalog, first_difference
from generator.compat._levels import LEVELS, check_compatibility
from generator.compat._model import CompatFinding, CompatibilityResult
from generator.compat._rules import BASELINE_RULES, COMPAT_RULES, RULES, Rule, all_rules

__all__ = [
    "BASELINE_RULES",
    "COMPAT_RULES",
    "LEVELS",
    "RULES",
    "CompatFinding",
    "CompatibilityResult",
    "Rule",
    "all_rules",
    "check_catalog",
    "check_compatibility",
    "first_difference",
]
