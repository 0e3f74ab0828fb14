"""Schema validation: Avro as Java Avro's parser (what Confluent Schema Registry runs) takes it,
JSON Schema against its declared meta-schema (draft-07 or 2020-12)."""

from __future__ import annotations

from typing import Any

from generator._pointer import join
from generator.catalog._avro_validate import avro_problems

DEFAULT_META_SCHEMA = "http://json-schema.org/draft-07/schema#"
JSON_META_SCHEMAS = {
    "http://json-schema.org/draft-07/schema": "draft-07",
    "https://json-schema.org/draft/2020-12/schema": "2020-12",
}


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
    if not isinstance(schema, dict | bool):
        return "", "a JSON Schema must be an object or a boolean"
    declared = schema.get("$schema") if isinstance(schema, dict) else None
    if declared is not None and (not isinstance(declared, str)
                                 or declared.rstrip("#") not in JSON_META_SCHEMAS):
        return "/$schema", (f"unsupported $schema {declared!r}: use draft-07 "
                                "(http://json-schema.org/draft-07/schema#) or 2020-12 "
                                "(https://json-schema.org/draft/2020-12/schema)")
    # jsonschema-rs: the same meta-schemas as the `jsonschema` package at a tenth of the cost
    # of importing and running it, which is most of a cold `contracts check`.
    import jsonschema_rs

    if isinstance(schema, dict) and "$schema" not in schema:
        schema = {"$schema": DEFAULT_META_SCHEMA, **schema}  # Confluent's default draft
    try:
        jsonschema_rs.meta.validate(schema)
    except jsonschema_rs.ValidationError as error:
        return join(error.instance_path), error.message
    except jsonschema_rs.ReferencingError as error:
        return "/$schema", str(error)
    return None
