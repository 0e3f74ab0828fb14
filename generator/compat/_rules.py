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

# The Avro checker registers its rules under the reference checker's ids without a hint; what
# to do about each is kept here, next to the registry of rules.
AVRO_HINTS = {
    "READER_FIELD_MISSING_DEFAULT_VALUE": (
        "give the field a \"default\" (for an optional field: a union [\"null\", ...] with "
        "\"default\": null); a field that was renamed keeps old data readable with "
        "\"aliases\" holding the old name"),
    "TYPE_MISMATCH": (
        "keep the old type, or change it only by a promotion (int to long, float or double; "
        "long to float or double; float to double; string and bytes); for another type add a "
        "new field with a default and stop writing the old one"),
    "MISSING_UNION_BRANCH": (
        "keep every branch the other version's union has; to widen a field make it a union "
        "that includes the old type"),
    "MISSING_ENUM_SYMBOLS": (
        "keep every symbol of the other version, or give the reading enum a \"default\" symbol "
        "for the ones it does not know"),
    "NAME_MISMATCH": (
        "keep the record's name and namespace, or list the old full name in \"aliases\" of "
        "the renamed type"),
    "FIXED_SIZE_MISMATCH": (
        "keep the fixed type's size; for another size add a new field with a default"),
}


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
                                   hint or AVRO_HINTS.get(rule_id, "")))
    return rule_id


def all_rules() -> list[Rule]:
    """Every compatibility rule of every schema type, sorted by type and id."""
    import generator.compat._avro
    import generator.compat._jsonschema  # noqa: F401  (registers the JSON Schema rules)

    return sorted(RULES.values(), key=lambda rule: (rule.schema_type, rule.id))


def rule_hint(rule_id: str) -> str:
    """The fix suggestion of a registered rule ("" for an id no module registered)."""
    rule = RULES.get(rule_id) or next((r for r in BASELINE_RULES if r.id == rule_id), None)
    return rule.hint if rule is not None else AVRO_HINTS.get(rule_id, "")
