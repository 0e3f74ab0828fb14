"""What every command needs: the settings, the catalog, and printing findings."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.catalog import Catalog, Settings
    from generator.report import Finding, RuleDoc


def settings(args: argparse.Namespace) -> Settings:
    from generator.catalog import load_settings

    start = Path(args.contracts_dir) if args.contracts_dir else None
    return load_settings(start.parent if start else None)


def contracts_dir(args: argparse.Namespace, loaded: Settings) -> Path:
    return Path(args.contracts_dir) if args.contracts_dir else loaded.contracts_dir


def catalog(args: argparse.Namespace) -> Catalog:
    from generator.catalog import load_catalog

    loaded = settings(args)
    return load_catalog(contracts_dir(args, loaded), loaded)


def emit(findings: Sequence[Finding], args: argparse.Namespace, command: str,
         summary: str = "", details: Mapping[str, Any] | None = None) -> int:
    """Print findings in the chosen format; exit 1 when any is an error, else 0.

    `details` are the command's own results for the JSON document, between "command" and
    "findings" (the text format says the same in `summary`)."""
    from generator.report import Severity, render

    rules: tuple[RuleDoc, ...] = ()
    if args.format == "sarif":
        from generator._cli._rule_table import rule_docs

        rules = tuple(rule_docs(command))
    out = render(findings, args.format, command=command, rules=rules)
    if args.format == "json" and details:
        # render() owns the findings document; the command's keys are merged into it
        document = json.loads(out)
        out = json.dumps({"command": document.pop("command"), **details, **document},
                         indent=2) + "\n"
    if args.format == "text" and summary:
        out += summary + "\n"
    sys.stdout.write(out)
    return 1 if any(f.severity is Severity.ERROR for f in findings) else 0


def refuse_format(command: str, fmt: str, supported: Sequence[str]) -> int:
    """A command with nothing to say in `fmt`: one line on stderr, exit 2 (usage)."""
    sys.stderr.write(f"{command} has no {fmt} output; use {', '.join(supported[:-1])}"
                     f"{' or ' if len(supported) > 1 else ''}{supported[-1]}\n")
    return 2
