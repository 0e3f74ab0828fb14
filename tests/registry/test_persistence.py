"""The registry as a process (`contracts registry serve`): restart, kill -9, one per folder."""

from __future__ import annotations

import json
import subprocess
import sys
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


def test_a_second_server_on_one_data_folder_is_refused(tmp_path: Path) -> None:
    """Two servers on one folder served a stale schema for a reused id: the second exits 2."""
    command = [sys.executable, "-m", "generator", "registry", "serve", "--port", "0",
               "--data", str(tmp_path)]
    with start_process(tmp_path) as first, SchemaRegistryClient({"url": first.url}) as sr:
        schema_id = sr.register_schema("a-value", Schema(schema(0), "AVRO"))
        second = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert second.returncode == 2
        assert second.stdout == ""
        lines = second.stderr.strip().splitlines()
        assert len(lines) == 1 and str(tmp_path) in lines[0]
        assert "already serving" in lines[0]
        assert sr.get_latest_version("a-value").schema_id == schema_id  # the first one serves on
    # Once the first has stopped, the folder is free again.
    with start_process(tmp_path) as again, SchemaRegistryClient({"url": again.url}) as sr:
        assert sr.get_latest_version("a-value").schema_id == schema_id


def test_a_killed_server_does_not_keep_the_folder_locked(tmp_path: Path) -> None:
    registry = start_process(tmp_path)
    registry.kill()
    with start_process(tmp_path) as again, SchemaRegistryClient({"url": again.url}) as sr:
        assert sr.get_subjects() == []


def test_a_thread_server_locks_its_folder_too(tmp_path: Path) -> None:
    from generator.errors import ContractsError
    from generator.registry import start_in_thread

    with start_in_thread(tmp_path), pytest.raises(ContractsError, match="already serving"):
        start_in_thread(tmp_path)
    start_in_thread(tmp_path).stop()  # free once stopped
