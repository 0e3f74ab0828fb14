"""The pytest plugin as a service uses it: scaffold a contract, generate its package, publish
with the generated producer and receive with the generated consumer on `kafka_consumer_config`."""

from __future__ import annotations

import importlib
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main

PACKAGE = "plugin_probe_events"


def test_kafka_consumer_config_hands_out_the_tansu_settings(kafka_consumer_config: dict[str, Any],
                                                kafka_broker: str) -> None:
    assert kafka_consumer_config == {
        "bootstrap.servers": kafka_broker, "session.timeout.ms": 6000,
        "heartbeat.interval.ms": 500, "group.protocol": "classic",
        "auto.offset.reset": "earliest"}


@pytest.fixture
def probe_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """`contracts new probe.sent` then `contracts generate`, imported from tmp_path."""
    (tmp_path / "pyproject.toml").write_text(
        f'[project]\nname = "probe"\n\n[tool.event-contracts]\npackage = "{PACKAGE}"\n')
    contracts, output = str(tmp_path / "contracts"), str(tmp_path / "generated")
    assert main(["--contracts-dir", contracts, "new", "probe.sent"]) == 0
    assert main(["--contracts-dir", contracts, "generate", "--output", output]) == 0
    monkeypatch.syspath_prepend(output)
    importlib.invalidate_caches()
    yield importlib.import_module(f"{PACKAGE}.probe_sent")
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
        del sys.modules[name]


@pytest.mark.broker
@pytest.mark.registry
def test_generated_consumer_receives_an_event_with_the_fixture_config(
        probe_package: Any, schema_registry: str, kafka_broker: str,
        kafka_consumer_config: dict[str, Any]) -> None:
    # like the README's example: publishing creates the topic (Tansu auto-creates topics)
    with probe_package.ProbeSentProducer(kafka_broker, schema_registry,
                                         source="plugin-test") as producer:
        sent = producer.publish(probe_package.ProbeSentData(id="probe-1"))
    received: list[Any] = []
    with probe_package.ProbeSentConsumer(kafka_broker, f"probe-{uuid.uuid4()}", schema_registry,
                                         config=kafka_consumer_config) as consumer:
        consumer.on(probe_package.v1.ProbeSent, received.append)
        # the timeout only detects a hang; it is no speed requirement
        handled = consumer.run(max_messages=1, timeout=60)
    assert handled == 1
    assert received == [sent]
    assert received[0].data.id == "probe-1" and received[0].source == "plugin-test"
