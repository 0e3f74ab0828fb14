from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """A compatibility rule: a stable id, the schema type it applies to, and what it guards."""

    id: str
    schema_type: str
    purpose: str


# Filled by the per-type modules at import time through `register`; listed by `contracts rules`.
RULES: dict[str, Rule] = {}


def register(rule_id: str, schema_type: str, purpose: str) -> str:
    RULES.setdefault(rule_id, Rule(rule_id, schema_type, purpose))
    return rule_id


def all_rules() -> list[Rule]:
    """Every compatibility rule of every schema type, sorted by type and id."""
    import generator.compat._avro
    import generator.compat._jsonschema  # noqa: F401  (registers the JSON Schema rules)

    return sorted(RULES.values(), key=lambda rule: (rule.schema_type, rule.id))
