"""Reliability of the embedded Schema Registry under hostile load; figures for the README.

Each part runs `contracts registry serve` as a child process on 127.0.0.1 (temporary folder):

1. kill -9: `--kills` rounds of two clients registering distinct schemas while the server is
   killed with SIGKILL after a random 0.2-1.0 s; after each restart every acknowledged
   registration must be there with its id (lost = acknowledged but missing or changed).
2. a heavy registration: GET /subjects latency (p50/p99) idle, then while a JSON Schema with
   `--properties` properties (100,000) is being registered by another client.
3. memory: the server's RSS (from /proc) before and after `--registrations` distinct
   registrations (10,000), with readings on the way, to show it levels off.
4. hostile inputs: content types, version and id strings, deep nesting, lone surrogates, NaN,
   oversized bodies, control characters; each one's status code; none may be a 5xx.

    python bench/bench_registry_hostile.py            # the README's figures (about 3 min)
    python bench/bench_registry_hostile.py --quick    # smaller numbers, about 40 s
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

try:
    from generator.registry import start_process
except ImportError:  # run from a checkout without an installed package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from generator.registry import start_process

import httpx

MEDIA = "application/vnd.schemaregistry.v1+json"
HEADERS = {"Content-Type": MEDIA}


def avro(name: str) -> str:
    return json.dumps({"type": "record", "name": name, "namespace": "bench",
                       "fields": [{"name": "id", "type": "string"}]})


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


# -- 1. kill -9 ---------------------------------------------------------------------------------


def kill_rounds(rounds: int) -> dict[str, Any]:
    acknowledged: dict[str, int] = {}
    lock = threading.Lock()
    counter = iter(range(10**9))
    with tempfile.TemporaryDirectory() as data:
        for _ in range(rounds):
            registry = start_process(data)
            stop = threading.Event()

            def load(url: str = registry.url, stop: threading.Event = stop) -> None:
                with httpx.Client(base_url=url, timeout=10) as http:
                    while not stop.is_set():
                        with lock:
                            n = next(counter)
                        subject = f"k{n}-value"
                        try:
                            r = http.post(f"/subjects/{subject}/versions", headers=HEADERS,
                                          content=json.dumps({"schema": avro(f"K{n}")}))
                        except httpx.HTTPError:
                            return  # the server was killed mid-request: not acknowledged
                        if r.status_code == 200:
                            with lock:
                                acknowledged[subject] = r.json()["id"]

            threads = [threading.Thread(target=load) for _ in range(2)]
            for thread in threads:
                thread.start()
            time.sleep(random.uniform(0.2, 1.0))
            registry.kill()
            stop.set()
            for thread in threads:
                thread.join()
        with start_process(data) as again, httpx.Client(base_url=again.url, timeout=30) as http:
            lost = 0
            for subject, schema_id in acknowledged.items():
                r = http.get(f"/subjects/{subject}/versions/1")
                if r.status_code != 200 or r.json()["id"] != schema_id:
                    lost += 1
    return {"kills": rounds, "acknowledged": len(acknowledged), "lost": lost}


# -- 2. reads during a heavy registration ---------------------------------------------------------


def heavy_registration(properties: int) -> dict[str, Any]:
    body = json.dumps({"schemaType": "JSON", "schema": json.dumps(
        {"type": "object", "properties": {f"p{i}": {"type": "string"}
                                          for i in range(properties)}})})
    with tempfile.TemporaryDirectory() as data, start_process(data) as registry, \
            httpx.Client(base_url=registry.url, timeout=120) as http:
        def timed_get() -> float:
            start = time.perf_counter()
            http.get("/subjects").raise_for_status()
            return (time.perf_counter() - start) * 1000

        idle = [timed_get() for _ in range(200)]
        outcome: dict[str, Any] = {}

        def register() -> None:
            start = time.perf_counter()
            with httpx.Client(base_url=registry.url, timeout=600) as heavy:
                r = heavy.post("/subjects/big-value/versions", headers=HEADERS, content=body)
            outcome.update(status=r.status_code, seconds=time.perf_counter() - start)

        worker = threading.Thread(target=register)
        worker.start()
        time.sleep(0.5)
        during: list[float] = []
        while worker.is_alive():
            during.append(timed_get())
            time.sleep(0.02)
        worker.join()
    p50_idle, p50_busy = statistics.median(idle), statistics.median(during)
    return {"properties": properties, "body_mib": round(len(body) / 2**20, 1),
            "registration_s": round(outcome["seconds"], 1), "status": outcome["status"],
            "idle_p50_ms": round(p50_idle, 1), "idle_p99_ms": round(percentile(idle, 99), 1),
            "busy_gets": len(during), "busy_p50_ms": round(p50_busy, 1),
            "busy_p99_ms": round(percentile(during, 99), 1),
            "busy_max_ms": round(max(during), 1),
            "p50_ratio": round(p50_busy / p50_idle, 1)}


# -- 3. memory over many distinct registrations -------------------------------------------------


def memory(registrations: int) -> dict[str, Any]:
    readings: list[tuple[int, int]] = []
    padding = "x" * 2000  # about 2 KB a schema, so that an unbounded cache would show
    with tempfile.TemporaryDirectory() as data, start_process(data) as registry, \
            httpx.Client(base_url=registry.url, timeout=30) as http:
        pid = registry.process.pid
        http.get("/subjects")
        readings.append((0, rss_kib(pid)))
        step = max(1, registrations // 5)
        for n in range(1, registrations + 1):
            schema = json.dumps({"type": "record", "name": f"M{n}", "doc": padding,
                                 "fields": [{"name": "id", "type": "string"}]})
            r = http.post(f"/subjects/m{n}-value/versions", headers=HEADERS,
                          content=json.dumps({"schema": schema}))
            r.raise_for_status()
            if n % step == 0:
                http.get(f"/schemas/ids/{random.randint(1, n)}").raise_for_status()
                readings.append((n, rss_kib(pid)))
    return {"registrations": registrations,
            "rss_mib": [(n, round(kib / 1024, 1)) for n, kib in readings]}


# -- 4. hostile inputs ---------------------------------------------------------------------------


def nested(depth: int) -> str:
    return ("".join(f'{{"type":"record","name":"R{i}","fields":[{{"name":"f","type":'
                    for i in range(depth)) + '"string"' + "}]}" * depth)


def hostile_inputs() -> dict[str, Any]:
    cases: list[tuple[str, str, str, bytes, str]] = []  # kind, method, path, body, content type
    good = json.dumps({"schema": avro("Good")}).encode()
    for content_type in ("text/plain", "text/plain;charset=UTF-8",
                         "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                         "application/xml", "text/html", "image/png"):
        cases.append(("content type", "POST", "/subjects/h-value/versions", good, content_type))
    for raw in ("+1", "01", "%201%20", "%EF%BC%91", "1_0", "1.0", "0", "-2", "1e0", "0x1",
                "2147483648", "99999999999999999999", "%D9%A1", "NaN", "latest%00"):
        cases.append(("version string", "GET", f"/subjects/h-value/versions/{raw}", b"", ""))
        cases.append(("id string", "GET", f"/schemas/ids/{raw}", b"", ""))
    for depth in (334, 400, 1000, 5000, 50_000):
        cases.append(("deep nesting", "POST", "/subjects/h-value/versions",
                      json.dumps({"schema": nested(depth)}).encode(), MEDIA))
    cases.append(("deep nesting", "POST", "/subjects/h-value/versions",
                  b"[" * 500_000 + b"]" * 500_000, MEDIA))
    for body in (b'{"schema": "\\ud800"}', b'{"schema": "\\udfff\\ud800"}',
                 json.dumps({"schema": '{"type":"string","doc":"\\ud800"}'}).encode(),
                 b'{"schema": "{\\"type\\":\\"string\\"}", "x\\udc00": 1}'):
        cases.append(("lone surrogate", "POST", "/subjects/h-value/versions", body, MEDIA))
    for constant in ("NaN", "Infinity", "-Infinity"):
        cases.append(("NaN/Infinity", "POST", "/subjects/h-value/versions", json.dumps(
            {"schemaType": "JSON", "schema": f'{{"maximum": {constant}}}'}).encode(), MEDIA))
    cases.append(("oversized body", "POST", "/subjects/h-value/versions",
                  b'{"schema": "' + b"x" * (9 * 2**20) + b'"}', MEDIA))
    for subject in ("a%00b", "a%0Ab", "a%1Bb", "a%7Fb", "a%C2%85b"):
        cases.append(("control character", "POST", f"/subjects/{subject}/versions", good, MEDIA))
    for body in (b"{", b"[]", b"null", b'"x"', b"\xff\xfe", b'{"schema": 5}',
                 b'{"schema": "{\\"type\\": \\"nope\\"}"}',
                 b'{"schemaType": "XML", "schema": "1"}'):
        cases.append(("malformed body", "POST", "/subjects/h-value/versions", body, MEDIA))

    statuses: dict[str, Counter[int]] = {}
    with tempfile.TemporaryDirectory() as data, start_process(data) as registry, \
            httpx.Client(base_url=registry.url, timeout=120) as http:
        http.post("/subjects/h-value/versions", headers=HEADERS, content=good).raise_for_status()
        for kind, method, path, body, content_type in cases:
            headers = {"Content-Type": content_type} if content_type else {}
            r = http.request(method, path, content=body or None, headers=headers)
            statuses.setdefault(kind, Counter())[r.status_code] += 1
        alive = http.get("/subjects").status_code == 200
    server_errors = sum(n for c in statuses.values() for s, n in c.items() if s >= 500)
    return {"inputs": len(cases), "server_errors": server_errors, "alive_after": alive,
            "by_kind": {kind: dict(sorted(c.items())) for kind, c in statuses.items()}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller numbers")
    parser.add_argument("--kills", type=int)
    parser.add_argument("--properties", type=int)
    parser.add_argument("--registrations", type=int)
    args = parser.parse_args()
    kills = args.kills or (3 if args.quick else 10)
    properties = args.properties or (20_000 if args.quick else 100_000)
    registrations = args.registrations or (1_000 if args.quick else 10_000)

    results = {"kill -9": kill_rounds(kills), "heavy registration": heavy_registration(properties),
               "memory": memory(registrations), "hostile inputs": hostile_inputs()}
    for name, result in results.items():
        print(f"{name}: {json.dumps(result)}")
    ok = (results["kill -9"]["lost"] == 0 and results["hostile inputs"]["server_errors"] == 0
          and results["hostile inputs"]["alive_after"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
