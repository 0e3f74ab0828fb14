"""Every rule id a command can report, with its purpose and hint: for `contracts rules` and for
the rule list of SARIF logs. Each stage keeps its own table; this only gathers them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.report import RuleDoc

KINDS = ("lint", "compat", "registry", "fuzz", "generate", "input")
# The kinds of rule each command can report.
COMMAND_KINDS = {"lint": ("lint",), "check": ("compat", "registry"), "register": ("registry",),
                 "fuzz": ("fuzz",), "generate": ("generate",)}
# The stage whose table owns each kind of rule.
_STAGES = {"lint": "catalog", "compat": "compat", "registry": "registry", "fuzz": "fuzz",
           "generate": "codegen", "input": "report"}


def rule_rows(kinds: tuple[str, ...] = KINDS) -> list[dict[str, str]]:
    """One row per rule: kind, stage, id, categories (lint only), purpose, sentence (compat
    only: the finding's message template), hint."""
    rows: list[dict[str, str]] = []
    if "lint" in kinds:
        from generator.catalog import LINT_RULES

        rows += [_row("lint", r.id, r.purpose, r.hint, ",".join(r.categories))
                 for r in LINT_RULES]
    if "compat" in kinds:
        from generator.compat import BASELINE_RULES, all_rules

        rows += [_row(f"compat/{r.kind}", r.id, r.purpose, r.hint, sentence=r.sentence)
                 for r in all_rules()]
        rows += [_row("compat/baseline", r.id, r.purpose, r.hint) for r in BASELINE_RULES]
    for kind in ("registry", "fuzz", "generate", "input"):
        if kind in kinds:
            rows += [_row(kind, r.id, r.purpose, r.hint) for r in _docs(kind)]
    return rows


def rule_docs(command: str) -> list[RuleDoc]:
    """The rules `command` can report (none for a command without findings)."""
    from generator.report import RuleDoc

    return [RuleDoc(row["id"], row["purpose"], row["hint"])
            for row in rule_rows(COMMAND_KINDS.get(command, ()))]


def _docs(kind: str) -> tuple[RuleDoc, ...]:
    if kind == "registry":
        from generator.registry import REGISTRY_RULES

        return REGISTRY_RULES
    if kind == "fuzz":
        from generator.fuzz import FUZZ_RULES

        return FUZZ_RULES
    if kind == "input":
        from generator.report import BAD_INPUT_RULE

        return (BAD_INPUT_RULE,)
    from generator._cli.generate import STALE_RULE
    from generator.report import RuleDoc

    return (RuleDoc(*STALE_RULE),)


def _row(kind: str, rule_id: str, purpose: str, hint: str, categories: str = "",
         sentence: str = "") -> dict[str, str]:
    return {"kind": kind, "stage": _STAGES[kind.split("/")[0]], "id": rule_id,
            "categories": categories, "purpose": purpose, "sentence": sentence, "hint": hint}
