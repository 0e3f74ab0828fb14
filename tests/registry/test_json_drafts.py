"""The embedded registry accepts a JSON Schema in every draft Confluent loads, over HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError

pytestmark = pytest.mark.registry

# one schema per draft, each using what only its own draft means
DRAFTS = {
    "draft-04": {"$schema": "http://json-schema.org/draft-04/schema#", "id": "urn:draft4",
                 "type": "object", "properties": {"n": {"type": "number", "maximum": 5,
                                                        "exclusiveMaximum": True}}},
    "draft-06": {"$schema": "http://json-schema.org/draft-06/schema#", "$id": "urn:draft6",
                 "type": "object", "properties": {"n": {"exclusiveMaximum": 5},
                                                  "c": {"const": "x"}}},
    "draft-07": {"$schema": "http://json-schema.org/draft-07/schema", "type": "object",
                 "if": {"required": ["a"]}, "then": {"required": ["b"]}},
    "2019-09": {"$schema": "https://json-schema.org/draft/2019-09/schema", "type": "array",
                "items": [{"type": "string"}], "additionalItems": False},
    "2020-12": {"$schema": "https://json-schema.org/draft/2020-12/schema#", "type": "array",
                "prefixItems": [{"type": "string"}], "items": False},
    "unknown": {"$schema": "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/"
                           "schema/jsonschema/1-0-0#", "self": {"name": "x"}, "type": "object"},
}


@pytest.fixture
def client(schema_registry: str) -> Iterator[SchemaRegistryClient]:
    with SchemaRegistryClient({"url": schema_registry}) as sr:
        yield sr


@pytest.mark.parametrize("draft", sorted(DRAFTS))
def test_each_draft_registers(client: SchemaRegistryClient, draft: str) -> None:
    subject = f"drafts-{draft}-value"
    text = json.dumps(DRAFTS[draft])
    schema_id = client.register_schema(subject, Schema(text, "JSON"))
    latest = client.get_latest_version(subject)
    assert (latest.schema_id, latest.version) == (schema_id, 1)
    assert json.loads(latest.schema.schema_str) == DRAFTS[draft]


@pytest.mark.parametrize(("draft", "bad"), [
    ("http://json-schema.org/draft-06/schema#", {"exclusiveMaximum": True}),  # draft-04 only
    ("http://json-schema.org/draft-04/schema#", {"minLength": -1}),
    ("https://json-schema.org/draft/2019-09/schema", {"$anchor": "1-not-a-name"}),
    ("http://example.com/unknown-meta-schema", {"required": True}),  # read as draft-07
])
def test_each_draft_rejects_what_its_meta_schema_forbids(client: SchemaRegistryClient,
                                                         draft: str, bad: dict[str, object]
                                                         ) -> None:
    with pytest.raises(SchemaRegistryError) as info:
        client.register_schema("drafts-bad-value", Schema(json.dumps({"$schema": draft, **bad}),
                                                          "JSON"))
    assert info.value.http_status_code == 422
    assert "invalid JSON Schema" in info.value.error_message
