"""Naming conventions: contract names, topics, event types and the partition key path."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator._pointer import escape
from generator.catalog._avro_model import AvroSchema
from generator.catalog._model import Contract, ContractConfig, SchemaVersion
from generator.catalog._walk import resolve_json

_WORD = r"[a-z][a-z0-9_]*"
CONTRACT_NAME = re.compile(rf"{_WORD}\.{_WORD}\Z")
TOPIC_NAME = re.compile(rf"{_WORD}(\.{_WORD}){{1,2}}\Z")
_AVRO_KEY_TYPES = {"string", "int", "long"}
DEFAULT_KEY = ContractConfig.key
_JSON_KEY_TYPES = {"string", "integer"}


def contract_name_problem(name: str) -> str | None:
    """Why `name` is not a contract name ({domain}.{action}), or None; lint and `contracts new`
    share it so a scaffolded contract always passes CONTRACT_NAME."""
    if CONTRACT_NAME.match(name):
        return None
    return (f"contract name {name!r} must be {{domain}}.{{action}}: two lowercase "
            "dot-separated words, e.g. user.created")


def topic_problem(topic: str, action: str) -> str | None:
    """Why `topic` is not a topic for a contract with this action, or None (TOPIC_NAME)."""
    if not TOPIC_NAME.match(topic):
        return (f"topic {topic!r} must be {{domain}}.{{entity}}.{{action}} or the contract "
                "name: lowercase words separated by dots")
    if topic.endswith(".dlq"):
        return f"topic {topic!r} ends in .dlq, which is reserved for dead letters"
    if topic.rsplit(".", 1)[-1] != action:
        return (f"topic {topic!r} should end with the contract's action {action!r} "
                "({domain}.{entity}.{action})")
    return None


def event_type_problems(version: SchemaVersion) -> Iterator[tuple[str, str]]:
    """A fixed eventType (Avro default; JSON const, enum or default) must be the event type."""
    expected = version.event_type
    schema = version.schema
    if not isinstance(schema, dict):
        return
    if version.schema_type == "AVRO":
        for index, field in enumerate(schema.get("fields") or []):
            if isinstance(field, dict) and field.get("name") == "eventType" \
                    and field.get("default", expected) != expected:
                yield (f"/fields/{index}/default",
                       f"eventType default {field['default']!r} should be {expected!r}")
        return
    prop = (schema.get("properties") or {}).get("eventType")
    if not isinstance(prop, dict):
        return
    for keyword in ("const", "default"):
        if keyword in prop and prop[keyword] != expected:
            yield (f"/properties/eventType/{keyword}",
                   f"eventType {keyword} {prop[keyword]!r} should be {expected!r}")
    if isinstance(prop.get("enum"), list) and prop["enum"] != [expected]:
        yield "/properties/eventType/enum", f"eventType enum should be [{expected!r}]"


def key_problems(contract: Contract) -> Iterator[tuple[str, str]]:
    """The partition key path from contract.toml must name a required scalar of the latest
    version."""
    path = contract.config.key
    version = contract.latest
    if version.schema_type == "AVRO":
        if path == DEFAULT_KEY and not _has_avro_field(version.avro_schema, path):
            # Generated code still works: its events go out without a partition key.
            yield "", (f"no field {path!r} to key by (the default key): events get a null "
                       "partition key unless the producer is given one")
            return
        yield from _avro_key(path, version.avro_schema)
    else:
        yield from _json_key(path, version.schema)


def _has_avro_field(schema: AvroSchema, name: str) -> bool:
    root = schema.root
    return root.kind == "record" and name in root.fields_by_name


def _avro_key(path: str, schema: AvroSchema) -> Iterator[tuple[str, str]]:
    node, pointer = schema.root, ""
    for part in path.split("."):
        if node.kind != "record":
            yield pointer, f"key {path!r}: {part!r} is not inside a record"
            return
        field = node.fields_by_name.get(part)
        if field is None:
            yield pointer, f"key {path!r}: the record has no field {part!r}"
            return
        pointer, node = field.ptr, field.type
    if node.kind not in _AVRO_KEY_TYPES:
        shown = "a union" if node.kind == "union" else repr(node.key)
        yield pointer, f"key {path!r} must be a required string, int or long, not {shown}"


def _json_key(path: str, document: Any) -> Iterator[tuple[str, str]]:
    node, pointer = resolve_json(document, document), ""
    for part in path.split("."):
        properties = node.get("properties") if isinstance(node, dict) else None
        if not isinstance(properties, dict) or part not in properties:
            yield pointer, f"key {path!r}: no property {part!r}"
            return
        if part not in (node.get("required") or []):
            yield pointer, f"key {path!r}: {part!r} must be required"
            return
        pointer = f"{pointer}/properties/{escape(part)}"
        node = resolve_json(properties[part], document)
    kind = node.get("type") if isinstance(node, dict) else None
    if not isinstance(kind, str) or kind not in _JSON_KEY_TYPES:
        yield pointer, f"key {path!r} must be a string or an integer, not {kind!r}"
