from __future__ import annotations

import argparse
import sys

from generator._cli import _common

HELP = "list the lint and compatibility rules with their ids, purpose and fix hint"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", choices=("lint", "compat", "registry", "fuzz", "generate",
                                           "input", "all"), default="all")


def run(args: argparse.Namespace) -> int:
    from generator._cli._rule_table import KINDS, rule_rows

    if args.format == "junit":
        return _common.refuse_format("rules", args.format, ("text", "json", "sarif"))
    rows = rule_rows(KINDS if args.kind == "all" else (args.kind,))
    if args.format == "json":
        import json

        sys.stdout.write(json.dumps({"rules": rows}, indent=2) + "\n")
        return 0
    if args.format == "sarif":  # the rule metadata alone: a log without results
        from generator.report import RuleDoc, render

        sys.stdout.write(render([], "sarif", command="rules", rules=[
            RuleDoc(r["id"], r["purpose"], r["hint"]) for r in rows]))
        return 0
    width = max((len(r["id"]) for r in rows), default=0)
    kind_width = max((len(r["kind"]) for r in rows), default=0)
    for r in rows:
        sys.stdout.write(f"{r['kind']:<{kind_width}}  {r['id']:<{width}}  {r['purpose']}\n"
                         f"{'':<{kind_width}}  {'':<{width}}  hint: {r['hint']}\n")
    return 0
