"""Benchmark: the embedded Schema Registry on loopback (requests per second, latency percentiles).

Starts `contracts registry serve` as a child process on 127.0.0.1 (a free port, a temporary
data folder, SQLite with synchronous=FULL), then drives it over HTTP/1.1 keep-alive from
`--clients` threads, each with its own connection:

- register: POST /subjects/{s}/versions, every request a new schema (a new subject, or a
  BACKWARD-compatible next version of an existing one, so the compatibility check runs too);
- lookup by id: GET /schemas/ids/{id} over the registered ids;
- compatibility: POST /compatibility/subjects/{s}/versions/latest?verbose=true.

Bounded: each phase stops after `--requests` requests or `--seconds` seconds, whichever comes
first; the server is stopped at the end.

    python bench/bench_registry.py             # 2000 requests per phase, 1 client
    python bench/bench_registry.py --quick     # 200 requests per phase
    python bench/bench_registry.py --clients 4
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:
    from generator.registry import start_process
except ImportError:  # run from a checkout without an installed package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from generator.registry import start_process

import httpx

SUBJECTS = 50


def schema(subject: int, version: int) -> str:
    fields: list[dict[str, Any]] = [{"name": "eventId", "type": "string"},
                                    {"name": "amount", "type": "long"}]
    fields += [{"name": f"extra{i}", "type": ["null", "string"], "default": None}
               for i in range(version - 1)]
    return json.dumps({"type": "record", "name": f"Event{subject}", "namespace": "bench",
                       "fields": fields})


def percentile(sorted_ms: list[float], q: float) -> float:
    if not sorted_ms:
        return float("nan")
    index = min(len(sorted_ms) - 1, max(0, round(q / 100 * len(sorted_ms)) - 1))
    return sorted_ms[index]


def phase(name: str, url: str, clients: int, requests: int, seconds: float,
          request: Callable[[httpx.Client, int], httpx.Response]) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    counter = iter(range(requests))
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker() -> None:
        with httpx.Client(base_url=url, timeout=30) as client:
            while time.monotonic() < deadline:
                with lock:
                    index = next(counter, None)
                if index is None:
                    return
                start = time.perf_counter()
                response = request(client, index)
                latencies.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    errors.append(f"{response.status_code} {response.text[:120]}")

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies)
    return {"phase": name, "requests": len(latencies), "errors": len(errors),
            "first_error": errors[0] if errors else None, "seconds": round(elapsed, 3),
            "rps": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
            "p50_ms": round(percentile(ordered, 50), 2),
            "p95_ms": round(percentile(ordered, 95), 2),
            "p99_ms": round(percentile(ordered, 99), 2),
            "mean_ms": round(statistics.fmean(ordered), 2) if ordered else float("nan")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per phase")
    parser.add_argument("--seconds", type=float, default=30.0, help="time cap per phase")
    parser.add_argument("--clients", type=int, default=1, help="concurrent connections")
    parser.add_argument("--quick", action="store_true", help="200 requests per phase")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args(argv)
    requests = 200 if args.quick else args.requests

    with tempfile.TemporaryDirectory() as data:
        registry = start_process(data)
        try:
            url = registry.url
            results = []

            def register(client: httpx.Client, index: int) -> httpx.Response:
                subject, version = index % SUBJECTS, index // SUBJECTS + 1
                return client.post(f"/subjects/s{subject}-value/versions",
                                   json={"schema": schema(subject, version)})

            results.append(phase("register", url, args.clients, requests, args.seconds,
                                 register))
            with httpx.Client(base_url=url) as probe:
                ids = [i for i in range(1, requests + 1)
                       if probe.get(f"/schemas/ids/{i}").status_code == 200][:requests]
                versions = {s: len(probe.get(f"/subjects/s{s}-value/versions").json())
                            for s in range(min(SUBJECTS, requests))}
            if not ids:
                raise SystemExit("no schema was registered; nothing to look up")

            def lookup(client: httpx.Client, index: int) -> httpx.Response:
                return client.get(f"/schemas/ids/{ids[index % len(ids)]}")

            results.append(phase("lookup by id", url, args.clients, requests, args.seconds,
                                 lookup))

            def compatibility(client: httpx.Client, index: int) -> httpx.Response:
                subject = index % len(versions)
                candidate = schema(subject, versions[subject] + 1)
                return client.post(f"/compatibility/subjects/s{subject}-value/versions/latest",
                                   params={"verbose": "true"}, json={"schema": candidate})

            results.append(phase("compatibility", url, args.clients, requests, args.seconds,
                                 compatibility))
        finally:
            registry.stop()

    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"embedded schema registry on loopback, {args.clients} client(s), "
          f"{requests} requests per phase (cap {args.seconds:g} s)")
    print(f"{'phase':<15}{'requests':>9}{'errors':>8}{'req/s':>10}{'p50 ms':>9}{'p95 ms':>9}"
          f"{'p99 ms':>9}")
    for r in results:
        print(f"{r['phase']:<15}{r['requests']:>9}{r['errors']:>8}{r['rps']:>10}"
              f"{r['p50_ms']:>9}{r['p95_ms']:>9}{r['p99_ms']:>9}")
    failed = [r for r in results if r["errors"]]
    for r in failed:
        print(f"{r['phase']}: first error: {r['first_error']}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
