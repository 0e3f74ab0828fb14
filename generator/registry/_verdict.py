"""The registry's compatibility verdict, from this project's engine, in Confluent's message form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

# Bound here (not imported inside the function) so that tests can give the server a different
# verdict than the client's engine: a disagreement cannot be caused for real with one engine.
from generator.compat import check_compatibility

if TYPE_CHECKING:
    from generator.registry._schemas import ParsedSchema
    from generator.registry._store import StoredVersion


def incompatibility_messages(schema: ParsedSchema, previous: Sequence[StoredVersion],
                             level: str) -> list[str]:
    """Why `schema` may not follow `previous` (oldest first) under `level`; empty: it may.

    Messages follow the registry's verbose form: one `{errorType:..., description:...}` entry
    per finding, then the old version it concerns, and the level last.
    """
    from generator.errors import ContractsError
    from generator.registry._errors import RegistryError, invalid_schema

    if level == "NONE" or not previous:
        return []
    changed = [p for p in previous if p.schema.schema_type != schema.schema_type]
    messages: list[str] = []
    if changed:
        messages.append(f"{{errorType:'TYPE_CHANGED', description:'The schema type changed from "
                        f"{changed[-1].schema.schema_type} to {schema.schema_type}'}}")
        previous = [p for p in previous if p.schema.schema_type == schema.schema_type]
    try:
        result = check_compatibility(schema.schema_type, schema.resolved,
                                     [p.schema.resolved for p in previous], level)
    except ContractsError as error:
        raise invalid_schema(error.message) from None
    except Exception as error:  # a fault in the engine is the server's, not the client's
        raise RegistryError(500, 50001, f"compatibility check failed: {error}") from None
    seen_versions: list[int] = []
    for finding in result.findings:
        old = previous[finding.old_index]
        if old.version not in seen_versions:
            seen_versions.append(old.version)
        messages.append(
            f"{{errorType:'{finding.rule_id}', description:'{finding.message}', "
            f"newPath:'{finding.new_pointer or '/'}', oldPath:'{finding.old_pointer or '/'}', "
            f"direction:'{finding.direction}', oldSchemaVersion:{old.version}}}")
    if messages:
        for version in seen_versions:
            old = next(p for p in previous if p.version == version)
            messages.append(f"{{oldSchemaVersion: {version}}}")
            messages.append(f"{{oldSchema: '{old.schema.canonical}'}}")
        messages.append(f"{{compatibility: '{level}'}}")
    return messages
