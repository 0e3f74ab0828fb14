"""The `contracts` command line: parse, call one stage, report. Nothing heavy is imported here."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import threading
from collections.abc import Callable, Sequence

from generator.errors import ContractsError
from generator.report import FORMATS

# Subcommand name -> module under generator._cli with `help`, `add_arguments(parser)` and
# `run(args) -> int`. Modules are imported only when their command runs, except for --help.
COMMANDS = {
    "list": "list_",
    "lint": "lint",
    "new": "new",
    "rules": "rules",
    "check": "check",
    "register": "register",
    "registry": "registry",
    "generate": "generate",
    "fuzz": "fuzz",
}

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


def _add_global_options(parser: argparse.ArgumentParser, *, defaults: bool) -> None:
    # Accepted before and after the command (`contracts --format json check` and
    # `contracts check --format json`); after it, only a given value overrides.
    parser.add_argument("--contracts-dir", metavar="DIR",
                        default=None if defaults else argparse.SUPPRESS,
                        help="contracts folder (default: [tool.event-contracts] or ./contracts)")
    parser.add_argument("--format", choices=FORMATS,
                        default="text" if defaults else argparse.SUPPRESS,
                        help="output format (default: text)")


class _Version(argparse.Action):
    # Like action="version", but the installed version is only looked up when asked for.
    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        from generator._meta import DISTRIBUTION, distribution_version

        sys.stdout.write(f"contracts ({DISTRIBUTION}) {distribution_version()}\n")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="contracts",
        description="Check, compile and fuzz versioned Avro and JSON Schema event contracts.",
    )
    _add_global_options(parser, defaults=True)
    parser.add_argument("--version", action=_Version, nargs=0,
                        help="print the version of event-contracts and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(f"generator._cli.{module_name}")
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        _add_global_options(command, defaults=False)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


# Schemas nest (200 nested records are valid Avro) and every stage walks them recursively:
# commands run on a thread with room for catalog.MAX_DEPTH levels of JSON. `registry serve`
# stays on the main thread, which alone may install signal handlers.
_MAIN_THREAD_COMMANDS = {"registry"}
_STACK_BYTES = 512 * 1024 * 1024  # reserved address space; only the pages used are committed
_RECURSION_LIMIT = 100_000


def _run_on_deep_stack(run: Callable[[argparse.Namespace], int],
                       args: argparse.Namespace) -> int:
    outcome: list[int] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            outcome.append(run(args))
        except BaseException as error:  # re-raised on the calling thread
            failure.append(error)

    previous_stack = threading.stack_size(_STACK_BYTES)
    previous_limit = sys.getrecursionlimit()
    worker = threading.Thread(target=target, name="contracts", daemon=True)
    started = True
    sys.setrecursionlimit(max(previous_limit, _RECURSION_LIMIT))
    try:
        worker.start()
    except RuntimeError:  # no room for such a stack (a low ulimit -v): run here instead
        started = False
    finally:
        threading.stack_size(previous_stack)
    if not started:
        sys.setrecursionlimit(previous_limit)
        return run(args)
    try:
        worker.join()
    finally:
        sys.setrecursionlimit(previous_limit)
    if failure:
        raise failure[0]
    return outcome[0]


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    fmt = args.format
    try:
        code: int = (args.run(args) if args.command in _MAIN_THREAD_COMMANDS
                     else _run_on_deep_stack(args.run, args))
        return code
    except ContractsError as error:
        from generator.report import render_error

        output = render_error(error.message, fmt, path=error.path, line=error.line,
                              column=error.column)
        (sys.stdout if fmt != "text" else sys.stderr).write(output)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `contracts rules | head`: the reader left, nothing to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
    except Exception as error:  # a bug of ours: one line, the traceback only on request
        if os.environ.get("CONTRACTS_DEBUG"):
            raise
        sys.stderr.write(f"internal error: {type(error).__name__}: {error} (this is a bug in "
                         "event-contracts; set CONTRACTS_DEBUG=1 to see the traceback)\n")
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    raise SystemExit(main())
