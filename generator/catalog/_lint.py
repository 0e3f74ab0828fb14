"""Lint rules as data: each has an id, categories, a purpose, a fix hint and a handler.

Selection works like buf's: the project's `use` (rule ids or categories, default DEFAULT) minus
its `ignore`, then each contract's own `use` / `ignore` on top, so a team can adopt rules
gradually.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from generator.catalog._envelope import envelope_problems
from generator.catalog._model import Catalog, Contract, SchemaVersion
from generator.catalog._naming import (
    contract_name_problem,
    event_type_problems,
    key_problems,
    topic_problem,
)
from generator.catalog._walk import undocumented
from generator.report import Finding, Severity

# A handler yields (version or None for the contract itself, json pointer, message) for one
# contract of the catalog.
Problem = tuple[SchemaVersion | None, str, str]
Handler = Callable[[Contract, Catalog], Iterator[Problem]]


@dataclass(frozen=True)
class LintRule:
    id: str
    categories: tuple[str, ...]
    purpose: str
    hint: str  # what the author can do about a finding
    handler: Handler


def _contract_name(contract: Contract, _catalog: Catalog) -> Iterator[Problem]:
    problem = contract_name_problem(contract.name)
    if problem:
        yield None, "", problem


def _topic_name(contract: Contract, _catalog: Catalog) -> Iterator[Problem]:
    if contract.is_type:
        return  # a shared type is no event: it has no topic, envelope or key
    problem = topic_problem(contract.topic, contract.action)
    if problem:
        yield None, "", problem


def _event_type(contract: Contract, _catalog: Catalog) -> Iterator[Problem]:
    if contract.is_type:
        return  # a shared type is no event: it has no topic, envelope or key
    for version in contract.versions:
        for pointer, message in event_type_problems(version):
            yield version, pointer, message


def _envelope(contract: Contract, _catalog: Catalog) -> Iterator[Problem]:
    if contract.is_type:
        return  # a shared type is no event: it has no topic, envelope or key
    for version in contract.versions:
        for pointer, message in envelope_problems(version):
            yield version, pointer, message


def _contiguous(contract: Contract, _catalog: Catalog) -> Iterator[Problem]:
    expected = 1
    for version in contract.versions:
        if version.version != expected:
            missing = ", ".join(f"v{n}" for n in range(expected, version.version))
            yield version, "", (f"versions must be contiguous from v1: {missing} missing "
                                f"before v{version.version}")
        expected = version.version + 1


def _one_schema_type(contract: Contract, _catalog: Catalog) -> Iterator[Problem]:
    first = contract.versions[0]
    for version in contract.versions[1:]:
        if version.schema_type != first.schema_type:
            yield version, "", (f"v{version.version} is {version.schema_type} but "
                                f"v{first.version} is {first.schema_type}: one schema type "
                                "per contract")


def _docs(records: bool) -> Handler:
    def handler(contract: Contract, _catalog: Catalog) -> Iterator[Problem]:
        version = contract.latest
        for pointer, what, is_record in undocumented(version):
            if is_record == records:
                key = "doc" if version.schema_type == "AVRO" else "description"
                yield version, pointer, f"{what} has no {key!r}: say what it means"
    return handler


def _avro_defaults(contract: Contract, _catalog: Catalog) -> Iterator[Problem]:
    for version in contract.versions:
        if version.schema_type != "AVRO":
            continue
        for node in version.avro_schema.names.values():
            for field in node.fields if node.kind == "record" else ():
                if field.default_problem:
                    yield version, f"{field.ptr}/default", (
                        f"the default of field {field.name!r} breaks the Avro specification: "
                        f"{field.default_problem}")


def _shared_names(contract: Contract, catalog: Catalog) -> Iterator[Problem]:
    latest = contract.latest
    if latest.schema_type != "AVRO":
        return
    for other in catalog.contracts:
        if other is contract or not other.is_type or other.schema_type != "AVRO":
            continue
        theirs = other.latest.avro_schema.names
        for name, node in latest.avro_schema.names.items():
            if name in theirs:
                yield latest, node.ptr, (f"{name} is defined here and by the shared type "
                                         f"{other.name}: one definition per name")


def _key_field(contract: Contract, _catalog: Catalog) -> Iterator[Problem]:
    if contract.is_type:
        return  # a shared type is no event: it has no topic, envelope or key
    for pointer, message in key_problems(contract):
        yield contract.latest, pointer, message


LINT_RULES: tuple[LintRule, ...] = (
    LintRule("CONTRACT_NAME", ("DEFAULT", "NAMING"),
             "contract folders are named {domain}.{action}",
             "rename the contract folder to two lowercase words joined by a dot, like "
             "user.created", _contract_name),
    LintRule("TOPIC_NAME", ("DEFAULT", "NAMING"),
             "topics are {domain}.{entity}.{action} or the contract name",
             "set topic in contract.toml to {domain}.{entity}.{action} ending in the contract's "
             "action, or remove it to use the contract name", _topic_name),
    LintRule("EVENT_TYPE", ("DEFAULT", "NAMING"),
             "a fixed eventType in a schema equals {domain}.{action}.v{N}",
             "set the fixed eventType to the contract name plus this file's version, like "
             "user.created.v2, or drop the fixed value", _event_type),
    LintRule("ENVELOPE", ("DEFAULT", "ENVELOPE"),
             "every version carries the standard event envelope",
             "give the envelope field the name and type the message names (`contracts new` "
             "writes a complete envelope to copy); the event's own fields go under data",
             _envelope),
    LintRule("VERSIONS_CONTIGUOUS", ("DEFAULT", "STRUCTURE"),
             "versions run v1, v2, ... without gaps",
             "rename the schema files so the numbers run v1, v2, ... with none skipped",
             _contiguous),
    LintRule("ONE_SCHEMA_TYPE", ("DEFAULT", "STRUCTURE"),
             "all versions of a contract are Avro, or all are JSON Schema",
             "write the new version in the contract's first schema type; to change type, start "
             "a new contract with `contracts new NAME --type TYPE`", _one_schema_type),
    LintRule("RECORD_DOC", ("DEFAULT", "DOCS"),
             "records (Avro) and objects (JSON Schema) say what they are",
             "add a \"doc\" (Avro) or \"description\" (JSON Schema) saying what the record holds, "
             "or ignore RECORD_DOC under [lint] in contract.toml", _docs(True)),
    LintRule("FIELD_DOC", ("DEFAULT", "DOCS"),
             "fields and properties say what they mean",
             "add a \"doc\" (Avro) or \"description\" (JSON Schema) saying what the field means, "
             "or ignore FIELD_DOC under [lint] in contract.toml", _docs(False)),
    LintRule("AVRO_DEFAULT", ("DEFAULT", "STRUCTURE"),
             "Avro field defaults follow the specification, not only Java's parser",
             "use one of the enum's symbols, or a fixed default exactly as long as its size: "
             "registries accept these defaults, but a reader that fills one in fails or reads "
             "other bytes", _avro_defaults),
    LintRule("SHARED_NAME", ("DEFAULT", "STRUCTURE"),
             "a named Avro type is defined once: by one shared type, or inside one contract",
             "use the shared type by its full name instead of defining it again, or rename "
             "one of the two", _shared_names),
    LintRule("KEY_FIELD", ("DEFAULT", "STRUCTURE"),
             "the partition key named in contract.toml exists and is a required scalar",
             "point key in contract.toml at a required string or number of the latest version, "
             "like key = \"data.userId\", or remove it to key by eventId (a schema without "
             "eventId and key: ignore KEY_FIELD to send events without a key)", _key_field),
)
RULE_IDS = {rule.id for rule in LINT_RULES}
CATEGORIES = sorted({c for rule in LINT_RULES for c in rule.categories})


def _expand(names: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for name in names:
        out |= {rule.id for rule in LINT_RULES if name == rule.id or name in rule.categories}
    return out


def selected_rules(project_use: tuple[str, ...], project_ignore: tuple[str, ...],
                   contract_use: tuple[str, ...] = (),
                   contract_ignore: tuple[str, ...] = ()) -> set[str]:
    chosen = _expand(project_use or ("DEFAULT",)) - _expand(project_ignore)
    return (chosen | _expand(contract_use)) - _expand(contract_ignore)


def unknown_rule_names(names: tuple[str, ...]) -> list[str]:
    return [n for n in names if n not in RULE_IDS and n not in CATEGORIES]


def lint_catalog(catalog: Catalog, only: tuple[str, ...] = ()) -> list[Finding]:
    """Run the selected rules over every contract (or just those named in `only`)."""
    settings = catalog.settings
    findings: list[Finding] = []
    for contract in catalog.contracts:
        if only and contract.name not in only:
            continue
        config = contract.config
        chosen = selected_rules(settings.lint_use, settings.lint_ignore, config.lint_use,
                                config.lint_ignore)
        for rule in LINT_RULES:
            if rule.id not in chosen:
                continue
            for version, pointer, message in rule.handler(contract, catalog):
                findings.append(_finding(contract, rule, version, pointer, message))
    return findings


def _finding(contract: Contract, rule: LintRule, version: SchemaVersion | None, pointer: str,
             message: str) -> Finding:
    if version is None:
        path = contract.config.path or contract.path
        return Finding(rule.id, message, str(path), None, None, Severity.ERROR, contract.name,
                       hint=rule.hint)
    line, column = version.locate(pointer)
    return Finding(rule.id, message, str(version.path), line, column, Severity.ERROR,
                   contract.name, version.version, {"pointer": pointer}, hint=rule.hint)
