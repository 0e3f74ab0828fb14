from __future__ import annotations

import argparse
import json
import sys

from generator._cli import _common

HELP = "list the contracts with their versions, topic, subject and compatibility level"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    if args.format in ("junit", "sarif"):  # a table of contracts, not findings about them
        return _common.refuse_format("list", args.format, ("text", "json"))
    catalog = _common.catalog(args)
    rows = [
        {
            "contract": c.name,
            "type": c.schema_type,
            "versions": [v.version for v in c.versions],
            "topic": c.topic,
            "subject": c.subject(),
            "compatibility": c.compatibility(catalog.settings),
            "key": c.config.key,
        }
        for c in catalog.contracts
    ]
    if args.format == "json":
        document = {"contracts_dir": str(catalog.root.absolute()), "contracts": rows}
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
        return 0
    if not rows:  # a new repository: say where we looked and how to start
        sys.stdout.write(f"no contracts in {catalog.root.absolute()}: scaffold one with "
                         "`contracts new <domain>.<action>`\n")
        return 0
    headers = ("contract", "type", "versions", "topic", "subject", "compatibility")
    table = [headers] + [
        (r["contract"], r["type"], f"v1..v{r['versions'][-1]}" if len(r["versions"]) > 1
         else f"v{r['versions'][0]}", r["topic"], r["subject"], r["compatibility"])
        for r in rows
    ]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(headers))]
    for row in table:
        sys.stdout.write("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True))
                         .rstrip() + "\n")
    return 0
