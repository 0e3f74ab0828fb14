"""Schema validation: Avro through fastavro plus the Java parser's extra checks, JSON Schema
against its declared meta-schema (draft-07 or 2020-12)."""

from __future__ import annotations

from typing import Any

from generator.catalog._avro_validate import avro_problems

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
    problems = avro_problems(schema)
    if problems:
        return problems[0]
    import fastavro

    try:
        fastavro.parse_schema(schema, _write_hint=False)
    except Exception as error:  # fastavro raises several types for bad schemas
        return "", str(error)
    return None


def _json_schema(schema: Any) -> tuple[str, str] | None:
    if not isinstance(schema, dict | bool):
        return "", "a JSON Schema must be an object or a boolean"
    declared = schema.get("$schema") if isinstance(schema, dict) else None
    if declared is not None and (not isinstance(declared, str)
                                 or declared.rstrip("#") not in JSON_META_SCHEMAS):
        return "/$schema", (f"unsupported $schema {declared!r}: use draft-07 "
                                "(http://json-schema.org/draft-07/schema#) or 2020-12 "
                                "(https://json-schema.org/draft/2020-12/schema)")
    import jsonschema
    from jsonschema.validators import validator_for

    validator = validator_for(schema, default=jsonschema.Draft7Validator)
    error = jsonschema.exceptions.best_match(validator(validator.META_SCHEMA).iter_errors(schema))
    if error is None:
        return None
    pointer = "".join(f"/{str(p).replace('~', '~0').replace('/', '~1')}" for p in error.path)
    return pointer, error.message
