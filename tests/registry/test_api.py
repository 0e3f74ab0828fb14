"""The embedded registry driven through confluent-kafka's own SchemaRegistryClient."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from confluent_kafka.schema_registry import Schema, SchemaReference, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError

pytestmark = pytest.mark.registry

MEDIA = "application/vnd.schemaregistry.v1+json"


def avro(*fields: dict[str, Any], name: str = "User") -> str:
    return json.dumps({"type": "record", "name": name, "namespace": "com.acme",
                       "fields": [{"name": "id", "type": "string"}, *fields]})


V1 = avro()
V2 = avro({"name": "age", "type": "int", "default": 0})
BREAKING = avro({"name": "email", "type": "string"})  # no default: not BACKWARD


@pytest.fixture
def client(schema_registry: str) -> Iterator[SchemaRegistryClient]:
    with SchemaRegistryClient({"url": schema_registry}) as sr:
        yield sr


def error_of(call: Any) -> SchemaRegistryError:
    with pytest.raises(SchemaRegistryError) as info:
        call()
    return info.value


def test_register_lookup_versions_latest(client: SchemaRegistryClient) -> None:
    first = client.register_schema("users-value", Schema(V1, "AVRO"))
    second = client.register_schema("users-value", Schema(V2, "AVRO"))
    assert (first, second) == (1, 2)
    # Re-registering is idempotent: the same id, no new version.
    assert client.register_schema("users-value", Schema(V1, "AVRO")) == 1
    assert client.get_versions("users-value") == [1, 2]
    latest = client.get_latest_version("users-value")
    assert (latest.version, latest.schema_id) == (2, 2)
    assert json.loads(latest.schema.schema_str) == json.loads(V2)
    found = client.lookup_schema("users-value", Schema(V1, "AVRO"))
    assert (found.version, found.schema_id) == (1, 1)
    assert client.get_version("users-value", 1).schema_id == 1
    assert client.get_subjects() == ["users-value"]
    assert sorted(client.get_schema_types()) == ["AVRO", "JSON"]


def test_same_schema_under_two_subjects_gets_one_id(client: SchemaRegistryClient) -> None:
    spaced = json.dumps(json.loads(V1), indent=4)  # whitespace does not make a new schema
    a = client.register_schema("a-value", Schema(V1, "AVRO"))
    b = client.register_schema("b-value", Schema(spaced, "AVRO"))
    assert a == b
    assert sorted(client.get_subjects_by_schema_id(a)) == ["a-value", "b-value"]
    pairs = {(v.subject, v.version) for v in client.get_schema_versions(a)}
    assert pairs == {("a-value", 1), ("b-value", 1)}
    assert json.loads(client.get_schema(a).schema_str) == json.loads(V1)


def test_normalize_collapses_key_order(client: SchemaRegistryClient) -> None:
    doc = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}}
    reordered = {"properties": {"b": {"type": "integer"}, "a": {"type": "string"}},
                 "type": "object"}
    plain_a = client.register_schema("n1", Schema(json.dumps(doc), "JSON"))
    plain_b = client.register_schema("n2", Schema(json.dumps(reordered), "JSON"))
    assert plain_a != plain_b  # without normalize, key order is kept
    norm_a = client.register_schema("n3", Schema(json.dumps(doc), "JSON"), normalize_schemas=True)
    norm_b = client.register_schema("n4", Schema(json.dumps(reordered), "JSON"),
                                    normalize_schemas=True)
    assert norm_a == norm_b


def test_incompatible_registration_is_409_with_engine_messages(
        client: SchemaRegistryClient, schema_registry: str) -> None:
    client.register_schema("users-value", Schema(V1, "AVRO"))
    error = error_of(lambda: client.register_schema("users-value", Schema(BREAKING, "AVRO")))
    assert (error.http_status_code, error.error_code) == (409, 409)
    assert "READER_FIELD_MISSING_DEFAULT_VALUE" in error.error_message
    assert client.test_compatibility("users-value", Schema(BREAKING, "AVRO")) is False
    assert client.test_compatibility("users-value", Schema(V2, "AVRO")) is True
    assert client.test_compatibility_all_versions("users-value", Schema(V2, "AVRO")) is True
    # The messages come only over REST with verbose=true (the client returns a bool).
    answer = httpx.post(f"{schema_registry}/compatibility/subjects/users-value/versions/latest",
                        params={"verbose": "true"}, json={"schema": BREAKING})
    assert answer.headers["content-type"] == MEDIA
    body = answer.json()
    assert body["is_compatible"] is False
    assert any("READER_FIELD_MISSING_DEFAULT_VALUE" in m and "/fields/1" in m
               for m in body["messages"])
    assert "{compatibility: 'BACKWARD'}" in body["messages"]
    quiet = httpx.post(f"{schema_registry}/compatibility/subjects/users-value/versions/1",
                       json={"schema": BREAKING}).json()
    assert quiet == {"is_compatible": False}


def test_config_levels_and_default_to_global(client: SchemaRegistryClient,
                                             schema_registry: str) -> None:
    assert client.get_compatibility() == "BACKWARD"
    client.register_schema("users-value", Schema(V1, "AVRO"))
    assert error_of(lambda: client.get_compatibility("users-value")).error_code == 40408
    answer = httpx.get(f"{schema_registry}/config/users-value",
                       params={"defaultToGlobal": "true"}).json()
    assert answer == {"compatibilityLevel": "BACKWARD"}
    client.set_compatibility("users-value", "NONE")
    assert client.get_compatibility("users-value") == "NONE"
    assert client.register_schema("users-value", Schema(BREAKING, "AVRO")) == 2  # NONE allows
    assert client.delete_config("users-value").compatibility_level.value == "NONE"
    client.set_compatibility(level="FULL")
    assert client.get_config().compatibility_level.value == "FULL"
    assert error_of(lambda: client.set_compatibility(level="SIDEWAYS")).error_code == 42203


def test_transitive_levels_check_every_version(client: SchemaRegistryClient) -> None:
    with_default = avro({"name": "email", "type": "string", "default": ""})
    client.set_compatibility("t-value", "BACKWARD_TRANSITIVE")
    client.register_schema("t-value", Schema(V1, "AVRO"))
    client.register_schema("t-value", Schema(with_default, "AVRO"))
    # Dropping the default reads v2 data but not v1 data: only transitive checks catch it.
    assert client.test_compatibility("t-value", Schema(BREAKING, "AVRO"), version=2) is True
    assert client.test_compatibility_all_versions("t-value", Schema(BREAKING, "AVRO")) is False
    assert error_of(lambda: client.register_schema("t-value", Schema(BREAKING, "AVRO"))
                    ).error_code == 409


def test_soft_and_permanent_delete(client: SchemaRegistryClient) -> None:
    client.register_schema("d-value", Schema(V1, "AVRO"))
    client.register_schema("d-value", Schema(V2, "AVRO"))
    assert error_of(lambda: client.delete_version("d-value", 1, permanent=True)
                    ).error_code == 40407  # soft delete first
    assert client.delete_version("d-value", 1) == 1
    assert client.get_versions("d-value") == [2]
    assert client.get_versions("d-value", deleted=True) == [1, 2]
    assert error_of(lambda: client.delete_version("d-value", 1)).error_code == 40406
    assert client.get_version("d-value", 1, deleted=True).schema_id == 1
    assert client.get_schema(1) is not None  # ids keep resolving after a soft delete
    assert client.delete_version("d-value", 1, permanent=True) == 1
    assert client.get_versions("d-value", deleted=True) == [2]
    assert error_of(lambda: client.delete_subject("d-value", permanent=True)
                    ).error_code == 40405
    assert client.delete_subject("d-value") == [2]
    assert client.get_subjects() == []
    assert client.get_subjects(deleted=True) == ["d-value"]
    assert error_of(lambda: client.get_versions("d-value")).error_code == 40401
    assert error_of(lambda: client.delete_subject("d-value")).error_code == 40404
    assert client.delete_subject("d-value", permanent=True) == [2]
    assert client.get_subjects(deleted=True) == []
    fresh = SchemaRegistryClient({"url": client._rest_client.base_urls[0]})
    assert error_of(lambda: fresh.get_schema(1)).error_code == 40403


def test_not_found_and_invalid_errors(client: SchemaRegistryClient,
                                      schema_registry: str) -> None:
    assert error_of(lambda: client.get_versions("nope")).error_code == 40401
    client.register_schema("e-value", Schema(V1, "AVRO"))
    assert error_of(lambda: client.get_version("e-value", 9)).error_code == 40402
    assert error_of(lambda: client.get_schema(999)).error_code == 40403
    assert error_of(lambda: client.lookup_schema("e-value", Schema(V2, "AVRO"))
                    ).error_code == 40403
    bad = error_of(lambda: client.register_schema("e-value", Schema('{"type": "recrd"}', "AVRO")))
    assert (bad.http_status_code, bad.error_code) == (422, 42201)
    bad_json = error_of(lambda: client.register_schema(
        "j-value", Schema('{"type": 12}', "JSON")))
    assert bad_json.error_code == 42201
    answer = httpx.get(f"{schema_registry}/subjects/e-value/versions/0")
    assert (answer.status_code, answer.json()["error_code"]) == (422, 42202)
    assert answer.headers["content-type"] == MEDIA
    assert httpx.get(f"{schema_registry}/subjects/e-value/versions/-1").json()["version"] == 1


def test_mode_read_only_blocks_writes(client: SchemaRegistryClient) -> None:
    assert client.get_global_mode() == "READWRITE"
    client.register_schema("m-value", Schema(V1, "AVRO"))
    assert client.update_mode("m-value", "READONLY") == "READONLY"
    assert client.get_mode("m-value") == "READONLY"
    assert error_of(lambda: client.register_schema("m-value", Schema(V2, "AVRO"))
                    ).error_code == 42205
    assert client.delete_mode("m-value") == "READONLY"
    assert client.register_schema("m-value", Schema(V2, "AVRO")) == 2
    assert error_of(lambda: client.update_global_mode("IMPORT")).error_code == 42205
    assert error_of(lambda: client.update_global_mode("SIDEWAYS")).error_code == 42204


def test_avro_references_resolve_for_compatibility(client: SchemaRegistryClient) -> None:
    address = json.dumps({"type": "record", "name": "Address", "namespace": "com.acme",
                          "fields": [{"name": "city", "type": "string"}]})
    client.register_schema("address", Schema(address, "AVRO"))
    ref = [SchemaReference("com.acme.Address", "address", 1)]
    order = avro({"name": "shipTo", "type": "com.acme.Address"}, name="Order")
    order_id = client.register_schema("orders-value", Schema(order, "AVRO", ref))
    assert client.get_referenced_by("address", 1) == [order_id]
    registered = client.get_latest_version("orders-value").schema
    assert [r.name for r in registered.references] == ["com.acme.Address"]
    # The referenced record is part of the check: a new required field inside it is caught.
    address2 = json.dumps({"type": "record", "name": "Address", "namespace": "com.acme",
                           "fields": [{"name": "city", "type": "string"},
                                      {"name": "zip", "type": "string"}]})
    client.set_compatibility("address", "NONE")
    client.register_schema("address", Schema(address2, "AVRO"))
    ref2 = [SchemaReference("com.acme.Address", "address", 2)]
    assert client.test_compatibility("orders-value", Schema(order, "AVRO", ref2)) is False
    assert client.test_compatibility("orders-value", Schema(order, "AVRO", ref)) is True
    assert error_of(lambda: client.delete_version("address", 1)).error_code == 42206
    missing = [SchemaReference("com.acme.Address", "address", 7)]
    assert error_of(lambda: client.register_schema("x-value", Schema(order, "AVRO", missing))
                    ).error_code == 42201


def test_json_references_by_name(client: SchemaRegistryClient) -> None:
    money = {"type": "object", "properties": {"amount": {"type": "number"}},
             "required": ["amount"]}
    client.register_schema("money", Schema(json.dumps(money), "JSON"))
    payment = {"type": "object", "properties": {"total": {"$ref": "money.json"}},
               "additionalProperties": False}
    ref = [SchemaReference("money.json", "money", 1)]
    client.register_schema("payments-value", Schema(json.dumps(payment), "JSON", ref))
    assert client.test_compatibility("payments-value",
                                     Schema(json.dumps(payment), "JSON", ref)) is True
    assert client.get_latest_version("payments-value").schema.schema_type == "JSON"


def test_concurrent_registrations_of_one_schema_get_one_id(schema_registry: str) -> None:
    ids: list[int] = []
    errors: list[BaseException] = []

    def register(index: int) -> None:
        try:
            with SchemaRegistryClient({"url": schema_registry}) as sr:
                ids.append(sr.register_schema(f"c{index % 3}-value", Schema(V1, "AVRO")))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=register, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(ids) == 12 and set(ids) == {1}
    with SchemaRegistryClient({"url": schema_registry}) as sr:
        assert all(sr.get_versions(f"c{i}-value") == [1] for i in range(3))


def test_unknown_route_and_content_type(schema_registry: str) -> None:
    answer = httpx.get(f"{schema_registry}/no/such/route")
    assert answer.status_code == 404
    assert answer.json()["error_code"] == 404
    assert httpx.get(f"{schema_registry}/subjects").headers["content-type"] == MEDIA
    spec = httpx.get(f"{schema_registry}/openapi.json").json()
    assert spec["openapi"].startswith("3.") and "/subjects/{subject}/versions" in spec["paths"]
