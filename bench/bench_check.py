"""Benchmark: the Avro compatibility engine against Avro's reference checker, side by side.

A synthetic catalog (500 contracts x 10 versions by default) of evolving event records: the
event envelope plus a payload record whose versions add fields with defaults, add symbols to
enums that have a default, grow nested records, drop defaulted fields, and now and then make a
breaking change (a union widened, a required field added). Every version is checked against all
earlier ones at FULL_TRANSITIVE, in both directions.

- event-contracts: `generator.compat.check_compatibility("AVRO", new, previous, "FULL_TRANSITIVE")`
  on the parsed JSON values, as `contracts check` calls it. Its timing includes compiling every
  schema into the checker's own form (its caches are emptied first).
- reference: `avro.compatibility.ReaderWriterCompatibilityChecker().get_compatibility(reader,
  writer)` on the same (reader, writer) pairs. For fairness its schemas are parsed with
  `avro.schema.parse` before the clock starts: only the checks are timed.

    python bench/bench_check.py            # 500 x 10
    python bench/bench_check.py --quick    # 50 x 5
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
import time
import warnings
from pathlib import Path
from typing import Any

try:
    from generator.compat import check_compatibility
except ImportError:  # run from a checkout without an installed package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from generator.compat import check_compatibility
from generator.catalog import _avro_parse as _avro_schema

DOMAINS = ["user", "order", "payment", "invoice", "shipment", "cart", "account", "review"]
ACTIONS = ["created", "updated", "deleted", "placed", "cancelled", "paid", "shipped", "refunded"]


def _envelope(name: str, namespace: str, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "record", "name": name, "namespace": namespace,
        "doc": "An event as every service publishes it.",
        "fields": [
            {"name": "eventId", "type": {"type": "string", "logicalType": "uuid"}},
            {"name": "eventType", "type": "string"},
            {"name": "eventVersion", "type": "int"},
            {"name": "timestamp", "type": {"type": "long", "logicalType": "timestamp-millis"}},
            {"name": "source", "type": "string"},
            {"name": "correlationId", "type": ["null", "string"], "default": None},
            {"name": "traceId", "type": ["null", "string"], "default": None},
            {"name": "data", "type": data},
        ],
    }


class _Evolver:
    """Builds the versions of one contract, each a deep copy of the last with one change."""

    def __init__(self, rng: random.Random, index: int) -> None:
        self.rng = rng
        self.counter = 0
        domain = DOMAINS[index % len(DOMAINS)]
        action = ACTIONS[(index // len(DOMAINS)) % len(ACTIONS)]
        self.name = f"{domain.title()}{action.title()}{index}"
        self.namespace = f"com.acme.{domain}"
        data_fields = [self.new_field(required=True) for _ in range(rng.randint(4, 10))]
        self.schema = _envelope(self.name, self.namespace, {
            "type": "record", "name": f"{self.name}Data", "fields": data_fields})

    def fresh(self, stem: str) -> str:
        self.counter += 1
        return f"{stem}{self.counter}"

    def new_field(self, required: bool) -> dict[str, Any]:
        rng = self.rng
        kind = rng.choice(["string", "int", "long", "double", "boolean", "enum", "array", "map",
                           "nested", "nullable", "decimal"])
        name = self.fresh(kind)
        field: dict[str, Any] = {"name": name}
        if kind in ("string", "int", "long", "double", "boolean"):
            field["type"] = kind
            default: Any = {"string": "", "int": 0, "long": 0, "double": 0.0,
                            "boolean": False}[kind]
        elif kind == "enum":
            symbols = [f"S{n}" for n in range(rng.randint(2, 5))]
            field["type"] = {"type": "enum", "name": self.fresh("Kind"), "symbols": symbols,
                             "default": symbols[0]}
            default = symbols[0]
        elif kind == "array":
            field["type"] = {"type": "array", "items": rng.choice(["string", "long"])}
            default = []
        elif kind == "map":
            field["type"] = {"type": "map", "values": rng.choice(["string", "double"])}
            default = {}
        elif kind == "nested":
            field["type"] = {"type": "record", "name": self.fresh("Part"), "fields": [
                {"name": "street", "type": "string"},
                {"name": "city", "type": "string"},
                {"name": "zip", "type": ["null", "string"], "default": None},
            ]}
            default = {"street": "", "city": "", "zip": None}
        elif kind == "nullable":
            field["type"] = ["null", rng.choice(["string", "long", "double"])]
            default = None
        else:
            field["type"] = {"type": "bytes", "logicalType": "decimal", "precision": 12,
                             "scale": 2}
            default = "\u0000"
        if not required or rng.random() < 0.3:
            field["default"] = default
        return field

    def evolve(self) -> dict[str, Any]:
        rng = self.rng
        schema = copy.deepcopy(self.schema)
        data = schema["fields"][-1]["type"]
        fields: list[dict[str, Any]] = data["fields"]
        roll = rng.random()
        enums = [f["type"] for f in fields if isinstance(f["type"], dict)
                 and f["type"]["type"] == "enum"]
        nested = [f["type"] for f in fields if isinstance(f["type"], dict)
                  and f["type"]["type"] == "record"]
        removable = [f for f in fields if "default" in f]
        unions = [f["type"] for f in fields if isinstance(f["type"], list)]
        if roll < 0.45 or not (enums or nested or removable):
            fields.append(self.new_field(required=False))
        elif roll < 0.65 and enums:
            enum = rng.choice(enums)
            enum["symbols"].append(f"S{len(enum['symbols'])}")
        elif roll < 0.80 and nested:
            rng.choice(nested)["fields"].append(
                {"name": self.fresh("extra"), "type": ["null", "string"], "default": None})
        elif roll < 0.985 and removable:
            fields.remove(rng.choice(removable))
        elif roll < 0.993 and unions:
            union = rng.choice(unions)  # backward compatible, not forward: breaks FULL
            union.extend(t for t in ["boolean"] if t not in union)
        else:
            fields.append(self.new_field(required=True) | {"name": self.fresh("required")})
            fields[-1].pop("default", None)  # a required field: breaks backward
        self.schema = schema
        return schema


def build_catalog(contracts: int, versions: int, seed: int = 20240501) -> list[list[Any]]:
    rng = random.Random(seed)
    catalog = []
    for index in range(contracts):
        evolver = _Evolver(rng, index)
        history = [copy.deepcopy(evolver.schema)]
        history += [evolver.evolve() for _ in range(versions - 1)]
        # as loaded from files: independent JSON values, nothing shared between versions
        catalog.append([json.loads(json.dumps(schema)) for schema in history])
    return catalog


Failures = set[tuple[int, int, int, str]]  # (contract, new version, old version, direction)


def run_ours(catalog: list[list[Any]]) -> tuple[float, Failures]:
    _avro_schema._CACHE.clear()
    _avro_schema._RECENT.clear()
    results = []
    start = time.perf_counter()
    for history in catalog:
        for n in range(1, len(history)):
            results.append(check_compatibility("AVRO", history[n], history[:n], "FULL_TRANSITIVE"))
    elapsed = time.perf_counter() - start
    failures: Failures = set()
    results.reverse()
    for contract, history in enumerate(catalog):
        for n in range(1, len(history)):
            failures.update((contract, n, f.old_index, f.direction)
                            for f in results.pop().findings)
    return elapsed, failures


def run_reference(catalog: list[list[Any]]) -> tuple[float, Failures, int]:
    import avro.schema
    from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = [[avro.schema.parse(json.dumps(s)) for s in history] for history in catalog]
    pairs = [(history[n], history[old], (contract, n, old))  # (new, old, where)
             for contract, history in enumerate(parsed)
             for n in range(1, len(history)) for old in range(n)]
    failures: Failures = set()
    compatible = SchemaCompatibilityType.compatible
    start = time.perf_counter()  # parsing is done: only the checks are timed
    for new, old, where in pairs:
        if ReaderWriterCompatibilityChecker().get_compatibility(
                new, old).compatibility is not compatible:
            failures.add((*where, "backward"))
        if ReaderWriterCompatibilityChecker().get_compatibility(
                old, new).compatibility is not compatible:
            failures.add((*where, "forward"))
    return time.perf_counter() - start, failures, 2 * len(pairs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small run: 50 contracts x 5")
    parser.add_argument("--contracts", type=int, default=None)
    parser.add_argument("--versions", type=int, default=None)
    args = parser.parse_args(argv)
    contracts = args.contracts or (50 if args.quick else 500)
    versions = args.versions or (5 if args.quick else 10)

    catalog = build_catalog(contracts, versions)
    ours, ours_failures = run_ours(catalog)
    reference, reference_failures, checks = run_reference(catalog)

    print(f"catalog: {contracts} contracts x {versions} versions, FULL_TRANSITIVE: "
          f"{checks} one-way reader/writer checks ({len(ours_failures)} incompatible)")
    print(f"event-contracts check_compatibility (schema compiling included): {ours:8.3f} s")
    print(f"avro.compatibility, schemas parsed before timing:            {reference:8.3f} s")
    print(f"ratio event-contracts / avro.compatibility: {ours / reference:.2f} "
          f"({reference / ours:.1f}x faster)")
    if ours_failures != reference_failures:
        print(f"VERDICTS DIFFER on {len(ours_failures ^ reference_failures)} checks, e.g. "
              f"{sorted(ours_failures ^ reference_failures)[:3]}", file=sys.stderr)
        return 1
    print("verdicts: identical on every check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
