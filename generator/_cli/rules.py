from __future__ import annotations

import argparse
import json
import sys

HELP = "list the lint and compatibility rules with their ids and purpose"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", choices=("lint", "compat", "all"), default="all")


def run(args: argparse.Namespace) -> int:
    rows: list[dict[str, str]] = []
    if args.kind in ("lint", "all"):
        from generator.catalog import LINT_RULES

        rows += [{"kind": "lint", "id": r.id, "categories": ",".join(r.categories),
                  "purpose": r.purpose} for r in LINT_RULES]
    if args.kind in ("compat", "all"):
        import generator.compat._avro
        import generator.compat._jsonschema  # noqa: F401  (registers the JSON rules)
        from generator.compat import RULES

        rows += [{"kind": f"compat/{r.schema_type.lower()}", "id": r.id, "categories": "",
                  "purpose": r.purpose} for r in sorted(RULES.values(),
                                                        key=lambda r: (r.schema_type, r.id))]
    if args.format == "json":
        sys.stdout.write(json.dumps({"rules": rows}, indent=2) + "\n")
        return 0
    width = max((len(r["id"]) for r in rows), default=0)
    kind_width = max((len(r["kind"]) for r in rows), default=0)
    for r in rows:
        sys.stdout.write(f"{r['kind']:<{kind_width}}  {r['id']:<{width}}  {r['purpose']}\n")
    return 0
