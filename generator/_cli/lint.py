from __future__ import annotations

import argparse

from generator._cli import _common

HELP = "check naming, the event envelope, docs and structure of every contract"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("contracts", nargs="*", metavar="NAME", help="only these contracts")


def run(args: argparse.Namespace) -> int:
    from generator.catalog import lint_catalog

    catalog = _common.catalog(args)
    unknown = sorted(set(args.contracts) - {c.name for c in catalog.contracts})
    if unknown:
        from generator.errors import ContractsError

        raise ContractsError(f"no such contract: {', '.join(unknown)}", catalog.root)
    findings = lint_catalog(catalog, tuple(args.contracts))
    count = len(catalog.contracts) if not args.contracts else len(args.contracts)
    summary = (f"{len(findings)} lint finding(s) in {count} contract(s)" if findings
               else f"lint: {count} contract(s) clean")
    return _common.emit(findings, args, "lint", summary)
