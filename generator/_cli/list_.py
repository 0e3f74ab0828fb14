from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from generator._cli import _common

HELP = ("list the contracts with their versions, topic, subject and compatibility level, and "
        "the shared types each uses")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    if args.format in ("junit", "sarif"):  # a table of contracts, not findings about them
        return _common.refuse_format("list", args.format, ("text", "json"))
    catalog = _common.catalog(args)
    users: dict[str, list[str]] = {}
    for contract in catalog.contracts:
        for reference in contract.latest.references:
            users.setdefault(reference.contract, []).append(
                f"{contract.name} v{contract.latest.version}")
    rows: list[dict[str, Any]] = [
        {
            "contract": c.name,
            "kind": c.config.kind,
            "type": c.schema_type,
            "versions": [v.version for v in c.versions],
            "topic": None if c.is_type else c.topic,
            "subject": c.subject(),
            "compatibility": c.compatibility(catalog.settings),
            "key": None if c.is_type else c.config.key,
            "uses": [f"{r.contract} v{r.version}" for r in c.latest.references],
            "used_by": users.get(c.name, []),
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
    shared = any(r["uses"] or r["used_by"] for r in rows)
    headers = ("contract", "type", "versions", "topic", "subject", "compatibility",
               *(("uses", "used by") if shared else ()))
    table = [headers] + [
        (r["contract"], r["type"], f"v1..v{r['versions'][-1]}" if len(r["versions"]) > 1
         else f"v{r['versions'][0]}", r["topic"] or "(shared type)", r["subject"],
         r["compatibility"],
         *((", ".join(r["uses"]) or "-", ", ".join(r["used_by"]) or "-") if shared else ()))
        for r in rows
    ]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(headers))]
    for row in table:
        sys.stdout.write("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True))
                         .rstrip() + "\n")
    return 0
