from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """A compatibility rule: a stable id, the schema type it applies to, what it guards, and
    what the author can do about a finding."""

    id: str
    schema_type: str
    purpose: str
    hint: str = ""


# Filled by the per-type modules at import time through `register`; listed by `contracts rules`.
RULES: dict[str, Rule] = {}

# `contracts check --against REF`: what was published (present at REF) is immutable.
BASELINE_RULES = (
    Rule("PUBLISHED_VERSION_EDITED", "ANY", "a version present at the baseline is unchanged",
         "restore the version as it is at the baseline and put the change in a new version"),
    Rule("PUBLISHED_VERSION_DELETED", "ANY", "a version present at the baseline still exists",
         "restore the deleted version from the baseline; published versions stay, even when "
         "no longer produced"),
    Rule("PUBLISHED_CONTRACT_DELETED", "ANY", "a contract present at the baseline still exists",
         "restore the contract folder from the baseline; to retire it, stop producing the "
         "event and say so in its contract.toml description"),
)


def register(rule_id: str, schema_type: str, purpose: str, hint: str = "") -> str:
    RULES.setdefault(rule_id, Rule(rule_id, schema_type, purpose,
                                   hint))
    return rule_id


def all_rules() -> list[Rule]:
    """Every compatibility rule of every schema type, sorted by type and id."""
    import generator.compat._avro
    import generator.compat._jsonschema  # noqa: F401  (registers the JSON Schema rules)

    return sorted(RULES.values(), key=lambda rule: (rule.schema_type, rule.id))


def rule_hint(rule_id: str) -> str:
    """The fix suggestion of a registered rule ("" for an id no module registered)."""
    rule = RULES.get(rule_id) or next((r for r in BASELINE_RULES if r.id == rule_id), None)
    return rule.hint if rule is not None else ""
