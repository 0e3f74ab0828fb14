"""`contracts register`: register new contract versions in a Schema Registry, idempotently."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from generator._cli import _common

if TYPE_CHECKING:
    from generator.catalog import Catalog
    from generator.registry import Action

HELP = ("register every contract's new versions, in order, in a Schema Registry and set each "
        "subject's compatibility level (idempotent)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--registry", metavar="URL",
                        help="registry URL (default: $CONTRACTS_REGISTRY_URL or registry-url in "
                             "[tool.event-contracts]); credentials from "
                             "$CONTRACTS_REGISTRY_AUTH (user:password) or "
                             "$CONTRACTS_REGISTRY_TOKEN, CA from $CONTRACTS_REGISTRY_CA")
    parser.add_argument("--dry-run", action="store_true",
                        help="print what would be registered and change nothing")


def run(args: argparse.Namespace) -> int:
    from generator.registry import (
        RegistryClient,
        failed_findings,
        register_catalog,
        registry_url,
    )

    catalog = _common.catalog(args)
    url = registry_url(args.registry, catalog.settings)
    with RegistryClient.from_env(url) as client:
        actions = register_catalog(catalog, client, dry_run=args.dry_run)
    findings = failed_findings(actions, catalog)
    changes = [a for a in actions if a.kind in ("register", "set-level")]
    if args.format == "text":
        for action in actions:
            if action.kind != "failed":
                sys.stdout.write(action.describe(args.dry_run) + "\n")
    registered = sum(1 for a in changes if a.kind == "register")
    verb = "would register" if args.dry_run else "registered"
    summary = (f"register: {verb} {registered} version(s), "
               f"{sum(1 for a in actions if a.kind == 'unchanged')} already registered, "
               f"at {client.url}")
    if not changes and not findings:
        summary = f"register: nothing to do, every version is registered at {client.url}"
    return _common.emit(findings, args, "register", summary,
                        details=register_document(actions, catalog, client.url, args.dry_run))


_STATUS = {"register": "registered", "unchanged": "already-registered", "failed": "failed"}


def register_document(actions: list[Action], catalog: Catalog, url: str,
                      dry_run: bool) -> dict[str, Any]:
    """What `--format json` carries besides the findings: every version with its subject,
    registry version and id, and every level set."""
    schemas = []
    levels = []
    for action in actions:
        if action.kind == "set-level":
            levels.append({"contract": action.contract, "subject": action.subject,
                           "level": action.detail, "status": "would-set" if dry_run else "set"})
            continue
        if action.version is None:
            continue
        status = _STATUS[action.kind]
        if dry_run and action.kind == "register":
            status = "would-register"
        row: dict[str, Any] = {
            "contract": action.contract, "version": action.version, "subject": action.subject,
            "registry_version": action.registry_version, "id": action.schema_id,
            "schema_file": str(catalog.get(action.contract).version(action.version).path),
            "status": status}
        if action.kind == "failed":
            row["error"] = action.detail
        schemas.append(row)
    return {"registry": url, "dry_run": dry_run, "schemas": schemas, "levels": levels}
