"""Finding ids of `contracts check --registry` and `contracts register`, with what to do."""

from __future__ import annotations

from generator.report import RuleDoc

DRIFT = "REGISTRY_DRIFT"
EXTRA_VERSION = "REGISTRY_EXTRA_VERSION"
LEVEL_MISMATCH = "REGISTRY_LEVEL_MISMATCH"
REJECTED = "REGISTRY_REJECTED"
VERDICT_MISMATCH = "REGISTRY_VERDICT_MISMATCH"
REGISTER_FAILED = "REGISTRY_REGISTER_FAILED"

REGISTRY_RULES = (
    RuleDoc(DRIFT, "a version equals the schema registered under its number",
            "a registered version is immutable: restore the file to the registered schema and "
            "put the change in a new version"),
    RuleDoc(EXTRA_VERSION, "every version the registry holds is in the contract",
            "add the registered schema to the contract as that version, or, if it was "
            "registered by mistake, delete it from the registry"),
    RuleDoc(LEVEL_MISMATCH, "the subject's compatibility level is the contract's",
            "run `contracts register` to set the contract's level on the subject, or set "
            "compatibility in contract.toml to the registry's level"),
    RuleDoc(REJECTED, "the registry accepts every new version",
            "change the version as the registry's reasons say (`contracts check` names the "
            "place in the schema), then register again"),
    RuleDoc(VERDICT_MISMATCH, "this tool and the registry agree on every new version",
            "hold off registering: compare `contracts check` with the registry's reasons and "
            "report the case with both schemas"),
    RuleDoc(REGISTER_FAILED, "`contracts register` registers every new version",
            "fix what the registry's error names (`contracts check --registry` shows its "
            "compatibility reasons), then run `contracts register` again: it resumes where it "
            "stopped"),
)
_HINTS = {rule.id: rule.hint for rule in REGISTRY_RULES}


def registry_hint(rule_id: str) -> str | None:
    return _HINTS.get(rule_id)
