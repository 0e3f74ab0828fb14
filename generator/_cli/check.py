from __future__ import annotations

import argparse

from generator._cli import _common

HELP = ("check every contract's history for compatibility under its level; with --against REF "
        "also that published versions are unchanged")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("contracts", nargs="*", metavar="NAME", help="only these contracts")
    parser.add_argument("--against", metavar="REF",
                        help="git ref to compare with, like `buf breaking --against`: its "
                             "versions are published and immutable")


def run(args: argparse.Namespace) -> int:
    from generator.catalog import load_catalog_at_ref
    from generator.compat import check_catalog

    catalog = _common.catalog(args)
    baseline = None
    if args.against:
        baseline = load_catalog_at_ref(args.against, catalog.root, catalog.settings)
    findings = check_catalog(catalog, baseline, tuple(args.contracts))
    checked = sum(len(c.versions) for c in catalog.contracts
                  if not args.contracts or c.name in args.contracts)
    against = f" against {args.against}" if args.against else ""
    summary = (f"{len(findings)} compatibility finding(s){against}" if findings
               else f"check: {checked} version(s) in {len(catalog.contracts)} contract(s) "
                    f"compatible{against}")
    return _common.emit(findings, args, "check", summary)
