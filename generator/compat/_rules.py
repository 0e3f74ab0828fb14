"""Every compatibility rule in one explicit table, buf style: id, kind, purpose, sentence,
hint and handler. Nothing registers itself at import time; `_avro` and `_json_rules` only hold
the handlers and (for JSON) Confluent's difference texts, which this table reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.compat import _json_rules
from generator.compat._model import Incompatibility

Handler = Callable[[Any, Any], list[Incompatibility]]


def _avro_handler(reader: Any, writer: Any) -> list[Incompatibility]:
    # Imported on use: a warm `contracts check` reads the table without loading the checker.
    from generator.compat._avro import check_reader_writer

    return check_reader_writer(reader, writer)


def _json_handler(reader: Any, writer: Any) -> list[Incompatibility]:
    from generator.compat._jsonschema import check_reader_writer

    return check_reader_writer(reader, writer)


@dataclass(frozen=True)
class Rule:
    """A rule: a stable id, the schema type (kind) it applies to, what it guards, the sentence
    its findings say, what the author can do, and the reader/writer check that reports it."""

    id: str
    schema_type: str
    purpose: str
    hint: str = ""
    sentence: str = ""
    handler: Handler | None = None

    @property
    def kind(self) -> str:
        return self.schema_type.lower()


_AVRO = (
    ("READER_FIELD_MISSING_DEFAULT_VALUE",
     "A reader field the writer's record lacks must have a default to fill it in.",
     "field '{field}' of record '{record}' has no default and is missing from the writing "
     "schema, so records written without it cannot be read",
     "give the field a \"default\" (for an optional field: a union [\"null\", ...] with "
     "\"default\": null); a field that was renamed keeps old data readable with \"aliases\" "
     "holding the old name"),
    ("TYPE_MISMATCH",
     "The reader's type must read the writer's type as it is or by an Avro promotion.",
     "{at} is {writer} in the writing schema but {reader} in the reading schema, and data "
     "written as {writer} cannot be read as {reader}",
     "keep the old type, or change it only by a promotion (int to long, float or double; long "
     "to float or double; float to double; string and bytes); for another type add a new field "
     "with a default and stop writing the old one"),
    ("MISSING_UNION_BRANCH",
     "A reader union needs a branch for every type the writer can write.",
     "{at} is {reader} in the reading schema, and none of its branches can read the writing "
     "schema's {writer}",
     "keep every branch the other version's union has; to widen a field make it a union that "
     "includes the old type"),
    ("MISSING_ENUM_SYMBOLS",
     "A reader enum needs every symbol the writer's enum has, or a default symbol.",
     "enum '{reader}' in the reading schema lacks {symbols} of the writing schema and has no "
     "default symbol, so those values cannot be read",
     "keep every symbol of the other version, or give the reading enum a \"default\" symbol for "
     "the ones it does not know"),
    ("NAME_MISMATCH",
     "Records, enums and fixed types match by name, or by a reader alias of the writer's name.",
     "{kind} '{reader}' in the reading schema matches neither the name nor an alias of {kind} "
     "'{writer}' in the writing schema, so its data cannot be resolved",
     "keep the record's name and namespace, or list the old full name in \"aliases\" of the "
     "renamed type"),
    ("FIXED_SIZE_MISMATCH",
     "A fixed type must keep its size.",
     "fixed '{reader}' is {reader_size} bytes in the reading schema but {writer_size} in the "
     "writing schema, so its values cannot be read",
     "keep the fixed type's size; for another size add a new field with a default"),
    ("AMBIGUOUS_FIELD_ALIAS",
     "A reader field's name and aliases must match at most one writer field.",
     "field '{field}' of record '{record}' matches more than one field of the writing schema's "
     "record '{writer}' by its name and aliases {aliases}, so the reader cannot tell which to "
     "read",
     "give the reader field aliases that name only one field of the writer's record (an alias "
     "equal to the field's own name, or to another writer field's name, makes Java's check "
     "fail)"),
)

# The table `contracts rules`, the hints and the rule-case tests read.
COMPAT_RULES: tuple[Rule, ...] = (
    *(Rule(rule_id, "AVRO", purpose, hint, sentence, _avro_handler)
      for rule_id, purpose, sentence, hint in _AVRO),
    *(Rule(rule_id, "JSON", purpose, hint, sentence, _json_handler)
      for rule_id, (purpose, sentence, hint) in _json_rules.INCOMPATIBLE.items()),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in COMPAT_RULES}

# `contracts check --against REF`: what was published (present at REF) is immutable.
BASELINE_RULES = (
    Rule("PUBLISHED_VERSION_EDITED", "ANY", "a version present at the baseline is unchanged",
         "restore the version as it is at the baseline and put the change in a new version"),
    Rule("PUBLISHED_VERSION_DELETED", "ANY", "a version present at the baseline still exists",
         "restore the deleted version from the baseline; published versions stay, even when "
         "no longer produced"),
    Rule("PUBLISHED_CONTRACT_DELETED", "ANY", "a contract present at the baseline still exists",
         "restore the contract folder from the baseline; to retire it, stop producing the "
         "event and say so in its contract.toml description"),
)


def all_rules() -> list[Rule]:
    """Every compatibility rule of every schema type, sorted by type and id."""
    return sorted(COMPAT_RULES, key=lambda rule: (rule.schema_type, rule.id))


def rule_hint(rule_id: str) -> str:
    """The fix suggestion of a rule ("" for an id not in the tables)."""
    rule = RULES.get(rule_id) or next((r for r in BASELINE_RULES if r.id == rule_id), None)
    return rule.hint if rule is not None else ""
