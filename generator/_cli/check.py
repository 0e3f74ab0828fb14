from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from generator._cli import _common

if TYPE_CHECKING:
    from generator.catalog import Catalog
    from generator.report import Finding

HELP = ("check every contract's history for compatibility under its level; with --against REF "
        "also that published versions are unchanged")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("contracts", nargs="*", metavar="NAME", help="only these contracts")
    parser.add_argument("--against", metavar="REF",
                        help="git ref to compare with, like `buf breaking --against`: its "
                             "versions are published and immutable (HEAD before the first "
                             "commit: nothing is published yet, the local history is checked)")
    parser.add_argument("--registry", metavar="URL", nargs="?", const="",
                        help="also check against a Schema Registry: drift from the registered "
                             "versions, and both our verdict and the registry's on new ones "
                             "(URL default: $CONTRACTS_REGISTRY_URL or registry-url)")


# The ref the pre-commit hook checks against: before a repository's first commit it names no
# commit, and nothing is published yet, so the local history alone is checked (with a note).
_HOOK_REF = "HEAD"


def run(args: argparse.Namespace) -> int:
    from generator.catalog import load_catalog_at_ref, unborn_head
    from generator.compat import check_catalog

    catalog = _common.catalog(args)
    baseline = None
    if args.against == _HOOK_REF and unborn_head(catalog.root):
        sys.stderr.write(f"check --against {_HOOK_REF}: no commit yet, so nothing is "
                         "published; checking the local history only\n")
        args.against = None
    if args.against:
        baseline = load_catalog_at_ref(args.against, catalog.root, catalog.settings)
    findings = check_catalog(catalog, baseline, tuple(args.contracts))
    if args.registry is not None:
        findings = [*findings, *_registry_findings(args, catalog)]
    checked = sum(len(c.versions) for c in catalog.contracts
                  if not args.contracts or c.name in args.contracts)
    baselines = [args.against] if args.against else []
    if args.registry is not None:
        baselines.append("the schema registry")
    against = f" against {' and '.join(baselines)}" if baselines else ""
    summary = (f"{len(findings)} compatibility finding(s){against}" if findings
               else f"check: {checked} version(s) in {len(catalog.contracts)} contract(s) "
                    f"compatible{against}")
    return _common.emit(findings, args, "check", summary)


def _registry_findings(args: argparse.Namespace, catalog: Catalog) -> list[Finding]:
    from generator.registry import RegistryClient, check_against_registry, registry_url

    if args.contracts:
        from dataclasses import replace

        catalog = replace(catalog, contracts=tuple(
            c for c in catalog.contracts if c.name in args.contracts))
    with RegistryClient.from_env(registry_url(args.registry or None, catalog.settings)) as client:
        return check_against_registry(catalog, client)
