from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from generator._cli import _common

if TYPE_CHECKING:
    from generator.fuzz import FuzzReport

HELP = ("fuzz the contracts: value → bytes → value round trips per version, and data written "
        "with one version read by every version the checker calls compatible")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value < 2**32:
        raise argparse.ArgumentTypeError("must be between 0 and 4294967295")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--contract", dest="contracts", action="append", default=[],
                        metavar="NAME", help="only this contract (repeatable)")
    parser.add_argument("--examples", type=_positive, default=100, metavar="N",
                        help="values per version (default: 100)")
    parser.add_argument("--seed", type=_seed, default=None, metavar="S",
                        help="seed; the same seed and examples replay the same values "
                             "(default: a fresh one, printed)")


def run(args: argparse.Namespace) -> int:
    from generator.fuzz import fuzz_catalog

    catalog = _common.catalog(args)
    bar = _ProgressBar() if sys.stderr.isatty() else None
    try:
        report = fuzz_catalog(catalog, contracts=tuple(args.contracts), examples=args.examples,
                              seed=args.seed, progress=bar)
    finally:
        if bar is not None:
            bar.clear()
    return _common.emit(report.findings, args, "fuzz", summary_table(report),
                        details=summary_document(report))


class _ProgressBar:
    width = 28

    def __init__(self) -> None:
        self.shown = 0

    def __call__(self, done: int, total: int, label: str) -> None:
        filled = self.width * done // max(total, 1)
        text = f"fuzz [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} {label}"
        sys.stderr.write("\r" + text.ljust(self.shown))
        sys.stderr.flush()
        self.shown = len(text)

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * self.shown + "\r")
            sys.stderr.flush()


def contract_rows(report: FuzzReport) -> list[dict[str, Any]]:
    """Per contract: versions, pairs fuzzed, examples, time, examples/s, where the values came
    from, result. The text table and the JSON document both show these."""
    failing = {f.contract for f in report.findings
               if f.severity.value == "error" and f.contract is not None}
    examples: dict[str, int] = {}
    seconds: dict[str, float] = {}
    versions: dict[str, int] = {}
    sources: dict[str, set[str]] = {}
    for run in report.runs:
        sources.setdefault(run.contract, set()).add(run.source)
        examples[run.contract] = examples.get(run.contract, 0) + run.examples
        seconds[run.contract] = seconds.get(run.contract, 0.0) + run.seconds
        versions[run.contract] = versions.get(run.contract, 0) + 1
    rows = []
    for name in sorted(set(examples) | failing):
        count, spent = examples.get(name, 0), seconds.get(name, 0.0)
        rows.append({"contract": name, "versions": versions.get(name, 0),
                     "pairs": len(report.pairs.get(name, ())), "examples": count,
                     "seconds": spent,
                     "examples_per_second": round(count / spent) if spent else None,
                     "values": sorted(sources.get(name, ())),
                     "result": "FAIL" if name in failing else "ok"})
    return rows


def summary_document(report: FuzzReport) -> dict[str, Any]:
    """What `--format json` carries besides the findings: the seed, totals and the rows."""
    rows = contract_rows(report)
    return {
        "seed": report.seed,
        "examples_per_version": report.examples,
        "totals": {
            "contracts": len(rows),
            "versions": len(report.runs),
            "pairs": sum(row["pairs"] for row in rows),
            "examples": report.total_examples,
            "failures": _failures(report),
            "seconds": report.seconds,
        },
        "contracts": rows,
    }


def _failures(report: FuzzReport) -> int:
    return sum(1 for f in report.findings if f.severity.value == "error")


def summary_table(report: FuzzReport) -> str:
    """The rows of `contract_rows` as a table, then one line with the totals and the seed."""
    header = ("contract", "versions", "pairs", "examples", "seconds", "examples/s", "values",
              "result")
    table = [header] + [
        (row["contract"], str(row["versions"]), str(row["pairs"]), str(row["examples"]),
         f"{row['seconds']:.2f}", "-" if row["examples_per_second"] is None
         else str(row["examples_per_second"]), ",".join(row["values"]) or "-", row["result"])
        for row in contract_rows(report)]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    left_aligned = (0, 6, 7)  # contract, values, result
    lines = ["  ".join(cell.ljust(w) if i in left_aligned else cell.rjust(w)
                       for i, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip()
             for row in table]
    total = report.total_examples
    rate = total / report.seconds if report.seconds else 0.0
    errors = _failures(report)
    verdict = f"{errors} failure(s)" if errors else "all properties hold"
    lines.append(f"fuzz: {verdict}; {len(report.runs)} version(s), {total} examples in "
                 f"{report.seconds:.1f} s ({rate:.0f} examples/s), seed {report.seed} "
                 f"(replay: --seed {report.seed} --examples {report.examples})")
    return "\n".join(lines)
