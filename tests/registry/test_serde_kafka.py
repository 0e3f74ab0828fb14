"""Real messages through Tansu, serialized with confluent-kafka's serializers and our registry."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from confluent_kafka import Consumer, Producer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

pytestmark = [pytest.mark.broker, pytest.mark.registry]

USER_V1 = json.dumps({
    "type": "record", "name": "UserCreated", "namespace": "com.acme",
    "fields": [{"name": "userId", "type": "string"}, {"name": "age", "type": "int"}]})
USER_V2 = json.dumps({
    "type": "record", "name": "UserCreated", "namespace": "com.acme",
    "fields": [{"name": "userId", "type": "string"}, {"name": "age", "type": "long"},
               {"name": "plan", "type": "string", "default": "free"}]})
ORDER = json.dumps({
    "$schema": "http://json-schema.org/draft-07/schema#", "title": "OrderPlaced",
    "type": "object", "properties": {"orderId": {"type": "string"},
                                     "total": {"type": "number"}},
    "required": ["orderId", "total"]})


def produce(bootstrap: str, topic: str, values: list[bytes]) -> None:
    producer = Producer({"bootstrap.servers": bootstrap})
    errors: list[Any] = []
    for value in values:
        producer.produce(topic, value=value,
                         on_delivery=lambda err, _msg: errors.append(err) if err else None)
    assert producer.flush(30) == 0
    assert not errors


def consume(bootstrap: str, topic: str, count: int,
            decode: Callable[[bytes, SerializationContext], Any]) -> list[Any]:
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": f"test-{uuid.uuid4()}",
        "auto.offset.reset": "earliest",
        "group.protocol": "classic",
        "session.timeout.ms": 6000,
        "heartbeat.interval.ms": 500,
        "enable.auto.commit": False,
    })
    consumer.subscribe([topic])
    ctx = SerializationContext(topic, MessageField.VALUE)
    out: list[Any] = []
    deadline = time.monotonic() + 60
    try:
        while len(out) < count and time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is None or message.error():
                continue
            out.append(decode(message.value(), ctx))
    finally:
        consumer.close()
    return out


def create_topic(bootstrap: str, topic: str) -> None:
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient({"bootstrap.servers": bootstrap})  # keep it alive until the result
    futures = admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])
    futures[topic].result(30)


def test_avro_round_trip_through_tansu_with_schema_evolution(kafka_broker: str,
                                                              schema_registry: str) -> None:
    topic = f"user.created.{uuid.uuid4().hex[:8]}"
    create_topic(kafka_broker, topic)
    sr = SchemaRegistryClient({"url": schema_registry})
    ctx = SerializationContext(topic, MessageField.VALUE)
    old = AvroSerializer(sr, USER_V1)
    new = AvroSerializer(sr, USER_V2)  # a BACKWARD compatible evolution, auto-registered
    values = [old({"userId": "u1", "age": 30}, ctx), new({"userId": "u2", "age": 2**40,
                                                          "plan": "pro"}, ctx)]
    assert sr.get_versions(f"{topic}-value") == [1, 2]
    produce(kafka_broker, topic, values)
    # A reader on v2 reads both: the v1 record gets the default and the promoted long.
    reader = AvroDeserializer(sr, USER_V2)
    got = consume(kafka_broker, topic, 2, reader)
    assert got == [{"userId": "u1", "age": 30, "plan": "free"},
                   {"userId": "u2", "age": 2**40, "plan": "pro"}]
    # A reader without its own schema uses the writer's schema, fetched by id.
    writer_side = AvroDeserializer(sr)
    assert writer_side(values[0], ctx) == {"userId": "u1", "age": 30}


def test_json_schema_round_trip_through_tansu(kafka_broker: str, schema_registry: str) -> None:
    topic = f"order.placed.{uuid.uuid4().hex[:8]}"
    create_topic(kafka_broker, topic)
    sr = SchemaRegistryClient({"url": schema_registry})
    ctx = SerializationContext(topic, MessageField.VALUE)
    serializer = JSONSerializer(ORDER, sr)
    orders = [{"orderId": "o1", "total": 12.5}, {"orderId": "o2", "total": 3}]
    produce(kafka_broker, topic, [serializer(o, ctx) for o in orders])
    latest = sr.get_latest_version(f"{topic}-value")
    assert latest.schema.schema_type == "JSON"
    got = consume(kafka_broker, topic, 2, JSONDeserializer(None, schema_registry_client=sr))
    assert got == orders
