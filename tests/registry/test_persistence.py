"""The registry as a process (`contracts registry serve`): restart, kill -9, several processes."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient

from generator.registry import start_process

pytestmark = pytest.mark.registry


def schema(index: int) -> str:
    return json.dumps({"type": "record", "name": f"Event{index}", "namespace": "com.acme",
                       "fields": [{"name": "id", "type": "string"}]})


def test_restart_keeps_every_subject_version_id_and_level(tmp_path: Path) -> None:
    with start_process(tmp_path) as registry, SchemaRegistryClient({"url": registry.url}) as sr:
        ids = {f"s{i}-value": sr.register_schema(f"s{i}-value", Schema(schema(i), "AVRO"))
               for i in range(5)}
        sr.set_compatibility("s0-value", "FULL")
        sr.set_compatibility(level="NONE")
        sr.delete_subject("s4-value")
    assert registry.process.returncode == 0  # stopped gracefully with SIGTERM

    with start_process(tmp_path) as again, SchemaRegistryClient({"url": again.url}) as sr:
        assert sr.get_subjects() == [f"s{i}-value" for i in range(4)]
        assert sr.get_subjects(deleted=True) == sorted(ids)
        for subject, schema_id in ids.items():
            assert sr.get_version(subject, 1, deleted=True).schema_id == schema_id
        assert sr.get_compatibility("s0-value") == "FULL"
        assert sr.get_compatibility() == "NONE"
        # ids continue after a restart instead of being reused
        assert sr.register_schema("new-value", Schema(schema(99), "AVRO")) == max(ids.values()) + 1


def test_kill_9_loses_nothing_acknowledged(tmp_path: Path) -> None:
    registry = start_process(tmp_path)
    acknowledged: dict[str, int] = {}
    try:
        with SchemaRegistryClient({"url": registry.url}) as sr:
            for i in range(20):
                acknowledged[f"k{i}-value"] = sr.register_schema(f"k{i}-value",
                                                                 Schema(schema(i), "AVRO"))
    finally:
        registry.kill()
    assert registry.process.returncode == -9

    with start_process(tmp_path) as again, SchemaRegistryClient({"url": again.url}) as sr:
        assert sorted(sr.get_subjects()) == sorted(acknowledged)
        for subject, schema_id in acknowledged.items():
            assert sr.get_latest_version(subject).schema_id == schema_id


@pytest.mark.slow
def test_two_processes_on_one_data_dir_agree_on_ids(tmp_path: Path) -> None:
    """Registrations racing through two servers sharing a database still get one id."""
    first, second = start_process(tmp_path), start_process(tmp_path)
    ids: list[int] = []
    errors: list[BaseException] = []

    def register(url: str, index: int) -> None:
        try:
            with SchemaRegistryClient({"url": url}) as sr:
                ids.append(sr.register_schema(f"p{index}-value", Schema(schema(0), "AVRO")))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    try:
        threads = [threading.Thread(target=register, args=(url, i))
                   for i, url in enumerate([first.url, second.url] * 5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        first.stop()
        second.stop()
    assert not errors
    assert len(ids) == 10 and len(set(ids)) == 1
