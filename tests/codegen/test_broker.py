"""The generated package against the real things: confluent-kafka's serializers, the embedded
schema registry and the Tansu broker."""

from __future__ import annotations

import threading
import time
import uuid
from types import ModuleType
from typing import Any

import pytest
from codegen_helpers import REPO, avro_event, import_package, json_event

from generator.catalog import load_catalog

CONSUMER_CONFIG = {"session.timeout.ms": 6000, "heartbeat.interval.ms": 500,
                   "group.protocol": "classic"}


@pytest.fixture(scope="module")
def events() -> Any:
    return import_package(REPO / "generated", "events")


def _versions() -> list[tuple[str, str, int]]:
    catalog = load_catalog(REPO / "contracts")
    return [(c.name, c.name.replace(".", "_"), v.version) for c in catalog.contracts
            for v in c.versions]


def _set_levels(registry_url: str) -> None:
    """Each subject gets its contract's compatibility level (what `contracts register` does)."""
    from confluent_kafka.schema_registry import SchemaRegistryClient

    catalog = load_catalog(REPO / "contracts")
    client = SchemaRegistryClient({"url": registry_url})
    for contract in catalog.contracts:
        client.set_compatibility(contract.subject(), contract.compatibility(catalog.settings))


def _example(module: ModuleType, seed: int = 0) -> Any:
    return avro_event(module, seed) if module.SCHEMA_TYPE == "AVRO" else json_event(module, seed)


@pytest.mark.registry
def test_wire_format_interop_with_confluent_kafka(schema_registry: str, events: Any) -> None:
    """Byte for byte: AvroSerializer's output is our to_wire(), and each side reads the other."""
    from confluent_kafka.schema_registry import SchemaRegistryClient
    from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
    from confluent_kafka.serialization import MessageField, SerializationContext

    _set_levels(schema_registry)
    client = SchemaRegistryClient({"url": schema_registry})
    schemas = events("events._runtime").WriterSchemas(client)
    for name, module_name, version in _versions():
        module = events(f"events.{module_name}.v{version}")
        if module.SCHEMA_TYPE != "AVRO":
            continue
        context = SerializationContext(module.TOPIC, MessageField.VALUE)
        def strategy(ctx: Any, name: Any, subject: str = module.SUBJECT) -> str:
            return subject

        serializer = AvroSerializer(client, module.SCHEMA, lambda e, ctx: e.to_dict(),
                                    {"auto.register.schemas": True,
                                     "subject.name.strategy": strategy})
        deserializer = AvroDeserializer(client)
        for seed in range(3):
            event = _example(module, seed)
            theirs = serializer(event, context)
            assert theirs is not None
            schema_id = int.from_bytes(theirs[1:5], "big")
            ours = event.to_wire(schema_id)
            assert ours == theirs, f"{name} v{version}: bytes differ"
            assert module.Event.from_wire(theirs, schemas) == event
            assert module.Event.from_dict(deserializer(ours, context)) == event


@pytest.mark.broker
def test_end_to_end_every_bundled_contract(schema_registry: str, kafka_broker: str,
                                           events: Any) -> None:
    """Typed events of every contract and version: published, consumed, equal objects back."""
    from confluent_kafka.admin import AdminClient, NewTopic

    _set_levels(schema_registry)
    catalog = load_catalog(REPO / "contracts")
    admin = AdminClient({"bootstrap.servers": kafka_broker})
    topics = sorted({c.topic for c in catalog.contracts})
    futures = admin.create_topics([NewTopic(t, 1, 1) for t in topics])
    for future in futures.values():
        future.result(30)
    sent: dict[str, list[Any]] = {}
    received: dict[str, list[Any]] = {}
    consumers = []
    for contract in catalog.contracts:
        module_name = contract.name.replace(".", "_")
        package = events(f"events.{module_name}")
        prefix = _prefix(package)
        producer_class = getattr(package, f"{prefix}Producer")
        consumer_class = getattr(package, f"{prefix}Consumer")
        sent[contract.name] = []
        with producer_class(kafka_broker, schema_registry, source="e2e") as producer:
            for version in contract.versions:
                module = events(f"events.{module_name}.v{version.version}")
                event = _example(module, version.version)
                sent[contract.name].append(producer.publish(event))
            latest = events(f"events.{module_name}.v{contract.latest.version}")
            payload = _example(latest, 5).data
            wrapped = producer.publish(payload, correlation_id="corr-e2e")
            assert wrapped.data == payload and wrapped.eventType == latest.EVENT_TYPE
            sent[contract.name].append(wrapped)
        consumer = consumer_class(kafka_broker, f"e2e-{uuid.uuid4()}", schema_registry,
                                  config=CONSUMER_CONFIG)
        bucket = received.setdefault(contract.name, [])
        for version in contract.versions:
            module = events(f"events.{module_name}.v{version.version}")
            consumer.on(module.Event, bucket.append)
        consumers.append((consumer, len(sent[contract.name])))
    threads = [threading.Thread(target=c.run, kwargs={"max_messages": n, "timeout": 90})
               for c, n in consumers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for consumer, _ in consumers:
        consumer.close()
    for name, events_sent in sent.items():
        assert received[name] == events_sent, name


@pytest.mark.broker
def test_failing_handler_lands_on_the_dlq(schema_registry: str, kafka_broker: str,
                                          events: Any) -> None:
    from confluent_kafka import Consumer
    from confluent_kafka.admin import AdminClient, NewTopic

    _set_levels(schema_registry)
    package = events("events.user_created")
    topic = package.TOPIC
    admin = AdminClient({"bootstrap.servers": kafka_broker})
    for future in admin.create_topics([NewTopic(f"{topic}.dlq", 1, 1),
                                       NewTopic(topic, 1, 1)]).values():
        try:
            future.result(30)
        except Exception as error:  # already there from the other test
            assert "exist" in str(error).lower() or "TOPIC_ALREADY" in str(error)
    with package.UserCreatedProducer(kafka_broker, schema_registry, source="dlq") as producer:
        event = producer.publish(_example(package.v3, 9).data, correlation_id="corr-dlq",
                                 headers={"trace-origin": "test"})
    attempts: list[float] = []
    seen_ids: list[Any] = []

    def broken(received: Any) -> None:
        attempts.append(time.monotonic())
        seen_ids.append(events("events._runtime").current_correlation_id.get())
        raise RuntimeError("handler is broken")

    consumer = package.UserCreatedConsumer(
        kafka_broker, f"dlq-{uuid.uuid4()}", schema_registry, config=CONSUMER_CONFIG,
        retry=events("events._runtime").RetryPolicy(attempts=3, base_delay=0.1))
    consumer.on(package.v3.UserCreated, broken)
    # The topic may hold the other test's events: handle until ours has been dead-lettered.
    deadline = time.monotonic() + 90
    dead: Any = None
    reader = Consumer({"bootstrap.servers": kafka_broker, "group.id": f"r-{uuid.uuid4()}",
                       "auto.offset.reset": "earliest", **CONSUMER_CONFIG})
    reader.subscribe([f"{topic}.dlq"])
    while dead is None and time.monotonic() < deadline:
        consumer.run(max_messages=1, timeout=5)
        message = reader.poll(1)
        while message is not None:
            if message.error() is None and dict(message.headers() or []).get(
                    "correlation-id") == b"corr-dlq":
                dead = message
                break
            message = reader.poll(0.5)
    consumer.close()
    reader.close()
    assert dead is not None, "the event never reached the dead-letter topic"
    headers = {k: v.decode() for k, v in dead.headers() or []}
    assert headers["dlq-error"] == "RuntimeError: handler is broken"
    assert headers["dlq-original-topic"] == topic
    assert headers["dlq-attempts"] == "3"
    assert headers["event-type"] == "user.created.v3" and headers["trace-origin"] == "test"
    assert int(headers["dlq-original-offset"]) >= 0
    assert package.v3.UserCreated.from_wire(dead.value(),
                                            events("events._runtime").WriterSchemas.from_url(
                                                schema_registry)) == event
    gaps = [b - a for a, b in zip(attempts[-3:], attempts[-2:], strict=False)]
    assert gaps[0] >= 0.09 and gaps[1] >= 0.19  # exponential backoff: 0.1 s, then 0.2 s
    assert seen_ids[-1] == "corr-dlq"


def _prefix(package: ModuleType) -> str:
    producers = [n for n in package.__all__ if n.endswith("Producer")]
    return producers[0][: -len("Producer")]

