"""Finding, loading, validating and linting the contracts.

    >>> from generator.catalog import load_catalog, lint_catalog
    >>> catalog = load_catalog("contracts")
    >>> [c.name for c in catalog.contracts]
"""

from generator.catalog._avro_defaults import NO_DATUM
from generator.catalog._avro_model import (
    LOGICAL_TYPES as AVRO_LOGICAL_TYPES,
)
from generator.catalog._avro_model import (
    NAMED as NAMED_AVRO_TYPES,
)
from generator.catalog._avro_model import (
    PRIMITIVES as AVRO_PRIMITIVES,
)
from generator.catalog._avro_model import (
    AvroField,
    AvroNode,
    AvroSchema,
    AvroSchemaError,
    full_name,
    is_valid_name,
    split_name,
)
from generator.catalog._avro_parse import parse_avro, parsed_avro
from generator.catalog._avro_write import dereferenced
from generator.catalog._json_document import (
    JsonDocument,
    JsonRef,
    JsonSchemaSet,
    Target,
    json_document,
    standalone,
)
from generator.catalog._json_draft import (
    DEFAULT_DRAFT,
    DRAFTS,
    JsonDraft,
    detect_draft,
    draft_named,
    meta_problem,
)
from generator.catalog._lint import LINT_RULES, LintRule, lint_catalog
from generator.catalog._load import (
    catalog_from_files,
    load_catalog,
    load_catalog_at_ref,
    unborn_head,
)
from generator.catalog._model import (
    Catalog,
    Contract,
    ContractConfig,
    Reference,
    SchemaVersion,
    Settings,
)
from generator.catalog._positions import PositionIndex
from generator.catalog._read import MAX_DEPTH
from generator.catalog._references import with_shared_version
from generator.catalog._scaffold import avro_envelope, json_envelope, scaffold
from generator.catalog._settings import load_settings

__all__ = [
    "AVRO_LOGICAL_TYPES",
    "AVRO_PRIMITIVES",
    "DEFAULT_DRAFT",
    "DRAFTS",
    "LINT_RULES",
    "MAX_DEPTH",
    "NAMED_AVRO_TYPES",
    "NO_DATUM",
    "AvroField",
    "AvroNode",
    "AvroSchema",
    "AvroSchemaError",
    "Catalog",
    "Contract",
    "ContractConfig",
    "JsonDocument",
    "JsonDraft",
    "JsonRef",
    "JsonSchemaSet",
    "LintRule",
    "PositionIndex",
    "Reference",
    "SchemaVersion",
    "Settings",
    "Target",
    "avro_envelope",
    "catalog_from_files",
    "dereferenced",
    "detect_draft",
    "draft_named",
    "full_name",
    "is_valid_name",
    "json_document",
    "json_envelope",
    "lint_catalog",
    "load_catalog",
    "load_catalog_at_ref",
    "load_settings",
    "meta_problem",
    "parse_avro",
    "parsed_avro",
    "scaffold",
    "split_name",
    "standalone",
    "unborn_head",
    "with_shared_version",
]
