"""Sessions: tests, fast, lint, types, demo (the README's main job), e2e, bench.

`nox -s demo` and `nox -s tests` are the README's two commands; `.ci/run` runs the latter.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import nox

nox.options.sessions = ["lint", "types", "tests"]
nox.options.reuse_existing_virtualenvs = True
ROOT = Path(__file__).parent
PYTHON = "3.11" if sys.version_info[:2] != (3, 11) else None


def _install(session: nox.Session, extras: str = "dev") -> None:
    session.install("--upgrade", "pip")
    session.install("-e", f".[{extras}]")
    if (ROOT / "generated" / "pyproject.toml").exists():
        session.install("-e", "./generated")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The whole test suite: unit tests, the slow ones and the real-broker / real-registry tests
    (`--run-all`: plain pytest deselects the last three tiers)."""
    _install(session)
    session.run("pytest", "-p", "no:cacheprovider", "--run-all", *session.posargs)


@nox.session(python=PYTHON)
def fast(session: nox.Session) -> None:
    """The default tier: what plain `pytest` runs (no slow, broker or registry tests)."""
    _install(session)
    session.run("pytest", "-p", "no:cacheprovider", *session.posargs)


@nox.session(python=PYTHON)
def e2e(session: nox.Session) -> None:
    """Only the tests that start Tansu and the embedded registry."""
    _install(session)
    session.run("pytest", "--run-all", "-m", "broker or registry", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    session.install("ruff")
    session.run("ruff", "check", "generator", "tests", "bench", "noxfile.py")
    with session.chdir("generated"):  # the generated package, under its own ruff settings
        session.run("ruff", "check", ".")


@nox.session(python=PYTHON)
def types(session: nox.Session) -> None:
    _install(session)
    session.run("mypy", "--strict", "generator")
    with session.chdir("generated"):
        session.run("mypy", "--strict", "events")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@nox.session(python=PYTHON)
def demo(session: nox.Session) -> None:
    """The main job on the bundled contracts: lint, check, generate --check, then register them
    in an embedded registry and check against it, then a short fuzz run."""
    _install(session, "all")
    session.run("contracts", "lint")
    session.run("contracts", "check")
    if (ROOT / "generator" / "codegen" / "__init__.py").exists():
        session.run("contracts", "generate", "--check")
    if (ROOT / "generator" / "registry" / "__init__.py").exists():
        _registry_demo(session)
    if (ROOT / "generator" / "fuzz" / "__init__.py").exists():
        session.run("contracts", "fuzz", "--examples", "25", "--seed", "1")


def _registry_demo(session: nox.Session) -> None:
    port = _free_port()
    data = session.create_tmp()
    url = f"http://127.0.0.1:{port}"
    bindir = Path(session.bin)
    server = subprocess.Popen(
        [str(bindir / "contracts"), "registry", "serve", "--port", str(port), "--data", data],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        env = {"CONTRACTS_REGISTRY_URL": url}
        session.run("contracts", "register", "--registry", url, env=env)
        session.run("contracts", "register", "--registry", url, env=env)  # idempotent
        session.run("contracts", "check", "--registry", url, env=env)
    finally:
        server.terminate()
        server.wait(timeout=10)
        os.environ.pop("CONTRACTS_REGISTRY_URL", None)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Every benchmark under bench/, side by side in one run each."""
    _install(session)
    for script in sorted((ROOT / "bench").glob("bench_*.py")):
        session.run("python", str(script), *session.posargs)
