"""Contracts built in memory for the fuzz tests.

The catalog loader rejects some broken schemas up front (a union default that does not match its
first branch, for one); the fuzzer must catch those on data by itself, so these helpers build
`Contract` objects directly from schemas, without the loader's validation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.catalog import Contract, ContractConfig, PositionIndex, SchemaVersion

REPO = Path(__file__).resolve().parents[2]


def make_contract(name: str, schemas: list[Any], *, level: str = "BACKWARD",
                  schema_type: str = "AVRO", folder: Path | None = None) -> Contract:
    folder = folder or Path("contracts") / name
    suffix = "avsc" if schema_type == "AVRO" else "schema.json"
    versions = []
    for number, schema in enumerate(schemas, start=1):
        text = json.dumps(schema, indent=2)
        versions.append(SchemaVersion(name, number, folder / f"v{number}.{suffix}", schema_type,
                                      text, schema, PositionIndex(text)))
    return Contract(name, folder, ContractConfig(compatibility=level), tuple(versions))


def record(name: str, *fields: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "record", "name": name, "namespace": "test.fuzz", "fields": list(fields),
            **extra}


@pytest.fixture
def contract_factory():  # type: ignore[no-untyped-def]
    return make_contract
