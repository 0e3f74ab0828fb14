"""How instant does `contracts check` feel in a pre-commit hook?

Side by side in one run, interleaved: `python -c pass` (the floor), importing fastavro and avro
(what a naive checker pays before doing anything), and `contracts lint` / `contracts check` on the
bundled catalog, warm (verdict cache filled, the usual pre-commit case) and cold (no cache).
Prints median wall times and the ratio to `python -c pass`. Target: check < 6x.

    python bench/bench_cli.py [--runs 15]
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-cli-"))
    shutil.copytree(ROOT / "contracts", work / "contracts")
    (work / "pyproject.toml").write_text("[tool.event-contracts]\n")
    cli = [sys.executable, "-m", "generator", "--contracts-dir", str(work / "contracts")]
    # As installed by pip, which compiles bytecode: without it every run compiles the sources
    # again, which measures the compiler instead of the tool.
    warm_env = {key: value for key, value in os.environ.items()
                if key != "PYTHONDONTWRITEBYTECODE"}
    compileall.compile_dir(ROOT / "generator", quiet=1)
    cold_env = dict(warm_env, EVENT_CONTRACTS_NO_CACHE="1")
    cases = {
        "python -c pass": ([sys.executable, "-c", "pass"], warm_env),
        "import fastavro, avro": ([sys.executable, "-c", "import fastavro, avro.schema"],
                                  warm_env),
        "contracts lint": ([*cli, "lint"], warm_env),
        "contracts check (warm)": ([*cli, "check"], warm_env),
        "contracts check (cold)": ([*cli, "check"], cold_env),
    }
    # fill the cache
    subprocess.run([*cli, "check"], check=True, capture_output=True, cwd=work, env=warm_env)
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.runs):
        for name, (argv, env) in cases.items():
            start = time.perf_counter()
            subprocess.run(argv, check=True, capture_output=True, env=env, cwd=work)
            times[name].append(time.perf_counter() - start)
    floor = statistics.median(times["python -c pass"])
    print(f"{'command':<26}{'median ms':>10}{'x pass':>8}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<26}{median * 1000:>10.1f}{median / floor:>8.1f}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
