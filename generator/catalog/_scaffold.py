"""`contracts new NAME`: a v1 with the standard envelope, ready to fill in."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from generator.catalog._naming import contract_name_problem, topic_problem
from generator.errors import ContractsError


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.replace(".", "_").split("_"))


# The docs name the contract and its domain as identifiers instead of conjugating the action
# ("a user is signedup"): an action may be any word, so no verb form is always right.
def _event_doc(name: str) -> str:
    domain = name.partition(".")[0]
    return f"The {name} event of the {domain} domain (say here when it is emitted)."


def _id_doc(name: str) -> str:
    domain = name.partition(".")[0]
    return f"Id of the {domain} entity the event concerns."


def avro_envelope(name: str) -> dict[str, Any]:
    domain = name.partition(".")[0]
    record = _pascal(name)
    optional = {"type": ["null", "string"], "default": None}
    return {
        "type": "record",
        "name": record,
        "namespace": f"events.{domain}",
        "doc": _event_doc(name),
        "fields": [
            {"name": "eventId", "type": {"type": "string", "logicalType": "uuid"},
             "doc": "Unique id of this event."},
            {"name": "eventType", "type": "string", "doc": f"Always {name}.v1 for this version."},
            {"name": "eventVersion", "type": "int", "doc": "The contract version, 1."},
            {"name": "timestamp", "type": {"type": "long", "logicalType": "timestamp-millis"},
             "doc": "When the event happened (UTC)."},
            {"name": "source", "type": "string", "doc": "The service that emitted the event."},
            {"name": "correlationId", **optional, "doc": "Ties events of one request together."},
            {"name": "traceId", **optional, "doc": "Distributed trace id, when traced."},
            {"name": "data", "doc": "The event's payload.", "type": {
                "type": "record", "name": f"{record}Data", "doc": f"The payload of {name}.",
                "fields": [{"name": "id", "type": "string", "doc": _id_doc(name)}]}},
        ],
    }


def json_envelope(name: str) -> dict[str, Any]:
    text = {"type": "string"}
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": _pascal(name),
        "description": _event_doc(name),
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "eventId": {"type": "string", "format": "uuid", "description": "Unique id of this "
                        "event."},
            "eventType": {**text, "description": f"Always {name}.v1 for this version."},
            "eventVersion": {"type": "integer", "description": "The contract version, 1."},
            "timestamp": {"type": "string", "format": "date-time",
                          "description": "When the event happened (UTC)."},
            "source": {**text, "description": "The service that emitted the event."},
            "correlationId": {"type": ["string", "null"],
                              "description": "Ties events of one request together."},
            "traceId": {"type": ["string", "null"], "description": "Distributed trace id."},
            "data": {"type": "object", "description": f"The payload of {name}.",
                     "additionalProperties": False,
                     "properties": {"id": {**text, "description": _id_doc(name)}},
                     "required": ["id"]},
        },
        "required": ["eventId", "eventType", "eventVersion", "timestamp", "source", "data"],
    }


def scaffold(contracts_dir: Path, name: str, schema_type: str, topic: str | None) -> list[Path]:
    """Write NAME/v1 and contract.toml; refuse to touch an existing contract, and refuse a name
    or topic that `contracts lint` would reject."""
    problem = contract_name_problem(name)
    if problem is None:
        problem = topic_problem(topic or name, name.partition(".")[2])
        if problem and topic is None:
            problem += " (the default topic is the contract name; pass --topic)"
    if problem:
        raise ContractsError(problem, contracts_dir.absolute())
    folder = contracts_dir / name
    if folder.exists():
        raise ContractsError("contract already exists", folder)
    if schema_type == "AVRO":
        schema, file_name = avro_envelope(name), "v1.avsc"
    else:
        schema, file_name = json_envelope(name), "v1.schema.json"
    toml = f'topic = "{topic or name}"\nkey = "eventId"\ncompatibility = "BACKWARD"\n' \
           f'description = ""\nowners = []\n'
    folder.mkdir(parents=True)
    written = [_atomic_write(folder / file_name, json.dumps(schema, indent=2) + "\n"),
               _atomic_write(folder / "contract.toml", toml)]
    return written


def _atomic_write(path: Path, text: str) -> Path:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)
    return path
