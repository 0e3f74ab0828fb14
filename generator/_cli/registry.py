"""`contracts registry serve`: the embedded, Confluent-compatible Schema Registry."""

from __future__ import annotations

import argparse
import sys

HELP = "run the embedded Confluent-compatible Schema Registry (contracts registry serve)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="registry_command", metavar="ACTION", required=True)
    serve = actions.add_parser(
        "serve", help="serve the registry's REST API until interrupted",
        description="Serve Confluent Schema Registry's REST API from a SQLite database in DIR.")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on "
                                                           "(default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8081,
                       help="port to listen on; 0 picks a free one (default: 8081)")
    serve.add_argument("--data", metavar="DIR", default=".registry",
                       help="folder of the registry's database (default: .registry)")
    serve.add_argument("--auth-file", metavar="FILE",
                       help="require authentication: lines of `user:password[:read|write]` "
                            "or `bearer:TOKEN[:read|write]`")
    serve.add_argument("--max-body", metavar="BYTES", type=_byte_count, default=None,
                       help="largest request body accepted; larger ones get HTTP 413 "
                            "(default: 8388608, 8 MiB)")


def _byte_count(text: str) -> int:
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number of bytes, got {text!r}")
    return int(text)


def run(args: argparse.Namespace) -> int:
    from generator.registry import READY_PREFIX, serve

    def ready(url: str) -> None:
        sys.stdout.write(f"{READY_PREFIX}{url}\n")
        sys.stdout.flush()

    serve(host=args.host, port=args.port, data_dir=args.data, auth_file=args.auth_file,
          max_body=args.max_body, on_ready=ready)
    return 0
