"""How fast `contracts fuzz` runs on the bundled catalog, next to a plain baseline in the same run.

    python bench/bench_fuzz.py [--examples 200] [--seed 1] [--quick] [--json]

Per contract, the three sides run one right after the other, so a shared machine's load falls
on all three alike. Each side's time includes its own setup (strategies, parsed schemas,
validators). Rates and ratios use the process's CPU time, because on a shared machine the wall
clock also counts the time other processes held the cores. The wall time is printed too:

1. fuzz: `fuzz_contract`, as `contracts fuzz` runs it. The checker says which pairs are
   compatible. Per version, Hypothesis draws `examples` values, and each goes through the Avro
   binary and Confluent wire round trips (for JSON Schema: validation, the JSON round trip and
   the wire round trip), the generated class, and a read by every version the checker says can
   read it.
2. draw: the fuzz's own strategies, with the same Hypothesis settings and seeds, and no checks.
   This is the cost of generating the values alone.
3. baseline: what the off-the-shelf generators give a team, plus the one check everyone
   writes. For Avro: `fastavro.utils.generate_many` (uniform random values), written and read
   back by fastavro. For JSON Schema: hypothesis-jsonschema's `from_schema` with the same
   Hypothesis settings, each value validated with jsonschema and put through `json.dumps` and
   `json.loads`.

The baseline does much less work. It has no cross-version reads, no wire format, no generated
classes and no edge-case bias. So the ratio (fuzz time / baseline time) is the price of the
fuzz's checks over a plain generate-and-round-trip loop. It does not compare two tools doing
the same job. The two kinds of schema are summed apart, because their baselines differ:
fastavro's generator is plain `random` calls, while hypothesis-jsonschema is Hypothesis like
the fuzz. The baseline also counts the values its own check rejects, and the versions its
generator cannot draw for at all: fastavro's generator recurses without bound on a recursive
record. hypothesis-jsonschema knows drafts 4, 6 and 7 only. For the 2020-12 contract the fuzz
uses its own builder, while the baseline runs hypothesis-jsonschema anyway.

The last line sums up the whole catalog. The exit code is 1 when the fuzz has findings on the
bundled catalog.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _elapsed(started: tuple[float, float]) -> dict[str, float]:
    """Wall and CPU seconds since `started`. The rates and ratios use CPU time: on a shared
    machine the wall clock also counts the time other processes held the cores."""
    wall, cpu = _clock()
    return {"seconds": wall - started[0], "cpu": cpu - started[1]}


def fuzz_side(contract: Any, settings: Any, examples: int, seed: int) -> dict[str, Any]:
    from generator.fuzz import fuzz_contract

    started = _clock()
    report = fuzz_contract(contract, settings, examples=examples, seed=seed)
    return {**_elapsed(started), "examples": report.total_examples,
            "findings": len(report.findings), "source": ",".join(
                sorted({run.source for run in report.runs}))}


def draw_side(contract: Any, examples: int, seed: int) -> dict[str, Any]:
    from generator.fuzz._runner import _strategy, derived_seed, run_hypothesis

    count = 0

    def nothing(_value: Any) -> None:
        nonlocal count
        count += 1

    started = _clock()
    for version in contract.versions:
        strategy = _strategy(contract, version)[0]
        run_hypothesis(strategy, nothing, examples,
                       derived_seed(seed, contract.name, version.version), shrink=False)
    return {**_elapsed(started), "examples": count}


def baseline_side(contract: Any, examples: int, seed: int) -> dict[str, Any]:
    from generator.fuzz._runner import derived_seed

    count = rejected = 0
    failed: list[str] = []  # versions the baseline generator cannot draw values for at all
    started = _clock()
    for version in contract.versions:
        run_seed = derived_seed(seed, contract.name, version.version)
        try:
            if version.schema_type == "AVRO":
                drawn, bad = _avro_baseline(version.schema, examples, run_seed)
            else:
                drawn, bad = _json_baseline(version.schema, examples, run_seed)
        except Exception as error:  # RecursionError: fastavro's generator on a recursive type
            failed.append(f"v{version.version}: {type(error).__name__}")
            continue
        count, rejected = count + drawn, rejected + bad
    return {**_elapsed(started), "examples": count, "rejected": rejected,
            "failed": failed}


def _avro_baseline(schema: Any, examples: int, run_seed: int) -> tuple[int, int]:
    import fastavro
    from fastavro.utils import generate_many

    parsed = fastavro.parse_schema(schema)
    random.seed(run_seed)  # fastavro's generator draws from the random module
    rejected = 0
    for value in generate_many(parsed, examples):
        buffer = io.BytesIO()
        try:
            fastavro.schemaless_writer(buffer, parsed, value)
            fastavro.schemaless_reader(io.BytesIO(buffer.getvalue()), parsed, None)
        except Exception:
            rejected += 1
    return examples, rejected


def _json_baseline(schema: Any, examples: int, run_seed: int) -> tuple[int, int]:
    from hypothesis_jsonschema import from_schema
    from jsonschema.validators import Draft7Validator, validator_for

    from generator.fuzz._runner import run_hypothesis

    validator = validator_for(schema, default=Draft7Validator)(schema)
    count = rejected = 0

    def check(value: Any) -> None:
        nonlocal count, rejected
        count += 1
        if not validator.is_valid(value) or json.loads(json.dumps(value)) != value:
            rejected += 1

    run_hypothesis(from_schema(schema), check, examples, run_seed, shrink=False)
    return count, rejected


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200, help="values per version")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="25 examples per version")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    examples = 25 if args.quick else args.examples

    from generator.catalog import load_catalog

    catalog = load_catalog(REPO / "contracts")
    rows: list[dict[str, Any]] = []
    for contract in catalog.contracts:
        fuzz = fuzz_side(contract, catalog.settings, examples, args.seed)
        draw = draw_side(contract, examples, args.seed)
        base = baseline_side(contract, examples, args.seed)
        # a ratio only where the baseline did every version: else it did less than it claims
        ratio = None if base["failed"] else fuzz["cpu"] / base["cpu"]
        rows.append({"contract": contract.name, "versions": len(contract.versions),
                     "schema_type": contract.schema_type, "values": fuzz["source"],
                     "fuzz": fuzz, "draw": draw, "baseline": base, "ratio": ratio})

    def total(side: str, key: str, chosen: list[dict[str, Any]] = rows) -> float:
        return sum(float(row[side][key]) for row in chosen)

    totals: dict[str, dict[str, Any]] = {
        side: {"seconds": total(side, "seconds"), "cpu": total(side, "cpu"),
               "examples": int(total(side, "examples"))}
        for side in ("fuzz", "draw", "baseline")}
    totals["baseline"]["rejected"] = int(total("baseline", "rejected"))
    comparable = [row for row in rows if row["ratio"] is not None]
    ratios = {}  # fuzz time / baseline time, per schema type, where the baseline did it all
    for kind in ("AVRO", "JSON"):
        chosen = [row for row in comparable if row["schema_type"] == kind]
        if chosen:
            ratios[kind] = total("fuzz", "cpu", chosen) / total("baseline", "cpu", chosen)
    findings = int(total("fuzz", "findings"))
    if args.json:
        print(json.dumps({"examples_per_version": examples, "seed": args.seed, "rows": rows,
                          "totals": totals, "ratios": ratios,
                          "comparable": [row["contract"] for row in comparable],
                          "findings": findings}, indent=2))
        return 1 if findings else 0

    def rate(side: dict[str, Any]) -> float:
        return side["examples"] / side["cpu"] if side["cpu"] > 0 else 0.0

    print(f"bundled catalog, {examples} examples per version, seed {args.seed}; "
          "examples per CPU second")
    print(f"{'contract':<21}{'vers':>5}  {'fuzz values':<22}{'fuzz':>7}{'draw':>8}"
          f"{'baseline':>10}{'rejected':>10}{'fuzz/base':>11}")
    for row in rows:
        base = row["baseline"]
        shown = f"{row['ratio']:.1f}x" if row["ratio"] is not None else "n/a"
        print(f"{row['contract']:<21}{row['versions']:>5}  {row['values']:<22}"
              f"{rate(row['fuzz']):>7.0f}{rate(row['draw']):>8.0f}{rate(base):>10.0f}"
              f"{base['rejected']:>10}{shown:>11}"
              + (f"   baseline failed: {', '.join(base['failed'])}" if base["failed"] else ""))
    fuzz, draw = totals["fuzz"], totals["draw"]
    failed = sum(len(row["baseline"]["failed"]) for row in rows)
    print(f"fuzz: {fuzz['examples']} examples in {fuzz['cpu']:.1f} s CPU ({rate(fuzz):.0f}/s; "
          f"{fuzz['seconds']:.1f} s wall), {findings} finding(s); "
          f"fuzz/draw {fuzz['cpu'] / draw['cpu']:.1f}x; "
          f"fuzz/baseline " + ", ".join(f"{kind} {value:.1f}x" for kind, value in ratios.items())
          + f" ({len(comparable)} of {len(rows)} contracts; the baseline could not draw for "
          f"{failed} version(s), its own check rejected {totals['baseline']['rejected']} value(s))")
    return 1 if findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
