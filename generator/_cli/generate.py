from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator._cli import _common

HELP = "generate the typed event package (classes, producers, consumers) from the contracts"
# The one rule `generate --check` reports: (id, purpose, hint).
STALE_RULE = ("generated-stale", "the generated package is what `contracts generate` writes",
              "run `contracts generate` and commit the generated folder with the contracts")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", metavar="DIR",
                        help="output folder (default: [tool.event-contracts] output, generated/)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 listing the files that are stale")


def run(args: argparse.Namespace) -> int:
    from generator.codegen import generate
    from generator.report import Finding

    loaded = _common.settings(args)
    catalog = _common.catalog(args)
    output = Path(args.output) if args.output else loaded.output
    result = generate(catalog, output, check=args.check)
    try:
        shown = output.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        shown = output.as_posix().rstrip("/")
    if args.check:
        findings = [
            Finding(STALE_RULE[0], f"{change.path} is stale ({_WHY[change.kind]})",
                    path=f"{shown}/{change.path}", hint=STALE_RULE[2])
            for change in result.changes
        ]
        summary = (f"{shown}: {len(findings)} stale file(s)" if findings
                   else f"{shown}: up to date")
        return _common.emit(findings, args, "generate", summary)
    if args.format == "text":
        for change in result.changes:
            sys.stdout.write(f"{change.kind:8} {shown}/{change.path}\n")
        sys.stdout.write(f"{shown}: {len(result.changes)} file(s) written\n"
                         if result.changes else f"{shown}: up to date\n")
    else:
        return _common.emit([], args, "generate")
    return 0


_WHY = {"changed": "differs from the contracts", "added": "missing",
        "removed": "no longer generated"}
