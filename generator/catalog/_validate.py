"""Schema validation: Avro as Java Avro's parser (what Confluent Schema Registry runs) takes it,
JSON Schema against the meta-schema of its draft (draft-04, -06, -07, 2019-09 or 2020-12)."""

from __future__ import annotations

from typing import Any

from generator.catalog._avro_parse import avro_problems
from generator.catalog._json_draft import meta_problem


def validate_schema(schema_type: str, schema: Any) -> tuple[str, str] | None:
    """The first problem as (json pointer, message), or None for a valid schema."""
    if schema_type == "AVRO":
        return _avro(schema)
    return _json_schema(schema)


def _avro(schema: Any) -> tuple[str, str] | None:
    # Not fastavro as well: it rejects what Java accepts (an invalid logical type, which Java
    # ignores; a namespace part that is not a name) and Java's verdict is the registry's.
    problems = avro_problems(schema)
    return problems[0] if problems else None


def _json_schema(schema: Any) -> tuple[str, str] | None:
    # every draft Confluent loads, each against its own meta-schema; an absent or unknown
    # `$schema` is draft-07, as Confluent reads it
    return meta_problem(schema)
