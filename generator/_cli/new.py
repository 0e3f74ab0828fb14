from __future__ import annotations

import argparse
import sys

from generator._cli import _common

HELP = "scaffold a new contract's v1 with the standard event envelope"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", help="{domain}.{action}, e.g. user.created")
    parser.add_argument("--type", choices=("avro", "json"), default="avro",
                        help="schema type (default: avro)")
    parser.add_argument("--topic", help="topic (default: the contract name)")


def run(args: argparse.Namespace) -> int:
    from generator.catalog import scaffold

    loaded = _common.settings(args)
    written = scaffold(_common.contracts_dir(args, loaded), args.name, args.type.upper(),
                       args.topic)
    for path in written:
        sys.stdout.write(f"created {path}\n")
    return 0
