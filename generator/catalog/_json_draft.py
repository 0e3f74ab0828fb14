"""The JSON Schema drafts Confluent Schema Registry loads, told apart by `$schema`.

Confluent reads draft-04, draft-06, draft-07, 2019-09 and 2020-12; a document whose `$schema` is
absent, or names none of them (a vendor's own meta-schema such as Snowplow's self-describing
one), is read as draft-07. One validator library serves every stage: jsonschema-rs, which knows
the five meta-schemas offline and costs a fraction of the `jsonschema` package to import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator._pointer import join


@dataclass(frozen=True)
class JsonDraft:
    """One draft: its name, its meta-schema URI and the keywords that changed between drafts."""

    name: str  # "draft-04", ..., "2020-12"
    uri: str  # the canonical `$schema` value
    id_keyword: str  # "id" in draft-04, "$id" after
    definitions: str  # where the draft keeps reusable schemas
    validator: str  # the jsonschema-rs class

    @property
    def modern(self) -> bool:
        """2019-09 and later: `$anchor`, `$defs`, `dependentSchemas`, `unevaluated*`."""
        return self.name in ("2019-09", "2020-12")

    def __str__(self) -> str:
        return self.name


DRAFT4 = JsonDraft("draft-04", "http://json-schema.org/draft-04/schema#", "id", "definitions",
                   "Draft4Validator")
DRAFT6 = JsonDraft("draft-06", "http://json-schema.org/draft-06/schema#", "$id", "definitions",
                   "Draft6Validator")
DRAFT7 = JsonDraft("draft-07", "http://json-schema.org/draft-07/schema#", "$id", "definitions",
                   "Draft7Validator")
DRAFT2019 = JsonDraft("2019-09", "https://json-schema.org/draft/2019-09/schema", "$id", "$defs",
                      "Draft201909Validator")
DRAFT2020 = JsonDraft("2020-12", "https://json-schema.org/draft/2020-12/schema", "$id", "$defs",
                      "Draft202012Validator")
DRAFTS = (DRAFT4, DRAFT6, DRAFT7, DRAFT2019, DRAFT2020)
DEFAULT_DRAFT = DRAFT7  # Confluent's, for an absent or unknown `$schema`


def _key(uri: str) -> str:
    # http or https, with or without the empty fragment: all name the same meta-schema
    return uri.strip().removesuffix("#").removeprefix("https://").removeprefix("http://")


_BY_KEY = {_key(d.uri): d for d in DRAFTS}


def draft_named(uri: Any) -> JsonDraft | None:
    """The draft a `$schema` value names, or None for anything else."""
    return _BY_KEY.get(_key(uri)) if isinstance(uri, str) else None


def detect_draft(schema: Any) -> JsonDraft:
    """The draft of a schema document: its `$schema`, else draft-07 (as Confluent reads it)."""
    if isinstance(schema, dict):
        return draft_named(schema.get("$schema")) or DEFAULT_DRAFT
    return DEFAULT_DRAFT


def meta_problem(schema: Any, draft: JsonDraft | None = None) -> tuple[str, str] | None:
    """The first way `schema` breaks its draft's meta-schema, as (json pointer, message)."""
    if not isinstance(schema, dict | bool):
        return "", "a JSON Schema must be an object or a boolean"
    draft = draft or detect_draft(schema)
    import jsonschema_rs

    if isinstance(schema, dict):
        # an unknown meta-schema is never fetched: the document is checked as its draft reads it
        schema = {**schema, "$schema": draft.uri}
    try:
        jsonschema_rs.meta.validate(schema)
    except jsonschema_rs.ValidationError as error:
        return join(error.instance_path), error.message
    except jsonschema_rs.ReferencingError as error:
        return "/$schema", str(error)
    return None
