from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.catalog._avro_parse import parsed_avro
from generator.catalog._positions import PositionIndex

if TYPE_CHECKING:
    from generator.catalog._avro_model import AvroSchema
    from generator.catalog._json_document import JsonDocument

SUBJECT_STRATEGIES = ("TopicNameStrategy", "RecordNameStrategy", "TopicRecordNameStrategy")


@dataclass(frozen=True)
class Settings:
    """`[tool.event-contracts]` in pyproject.toml, with defaults for every key."""

    root: Path = Path(".")
    package: str = "events"
    contracts_dir: Path = Path("contracts")
    output: Path = Path("generated")
    default_compatibility: str = "BACKWARD"
    registry_url: str | None = None
    registry_url_env: str = "CONTRACTS_REGISTRY_URL"
    source: str = "event-contracts"
    lint_use: tuple[str, ...] = ()
    lint_ignore: tuple[str, ...] = ()


@dataclass(frozen=True)
class ContractConfig:
    """`contract.toml` of one contract; every key is optional."""

    kind: str = "event"  # or "type": a shared type other contracts use, with no topic
    # [references]: the version of a shared type used (by type name), instead of its latest
    references: tuple[tuple[str, int], ...] = ()
    topic: str | None = None
    key: str = "eventId"
    compatibility: str | None = None
    subject_strategy: str = "TopicNameStrategy"
    owners: tuple[str, ...] = ()
    description: str = ""
    lint_use: tuple[str, ...] = ()
    lint_ignore: tuple[str, ...] = ()
    path: Path | None = None  # the contract.toml file, when there is one


@dataclass(frozen=True, order=True)
class Reference:
    """A shared type one version uses: Confluent's schema reference {name, subject, version}
    (the subject is the type contract's)."""

    name: str  # the Avro full name, or the JSON Schema `$ref`
    contract: str  # the shared type's contract
    version: int


@dataclass(frozen=True)
class SchemaVersion:
    """One version file of a contract, parsed and validated."""

    contract: str  # "user.created"
    version: int  # 1 for v1.avsc
    path: Path  # as given to load_catalog (relative paths stay relative)
    schema_type: str  # "AVRO" or "JSON"
    text: str  # the file's text, exactly as read
    schema: Any  # the parsed JSON value
    positions: PositionIndex = field(repr=False, compare=False)
    # JSON Schema: the document model, its `$ref`s resolved within the catalog
    json: JsonDocument | None = field(default=None, repr=False, compare=False)
    # Avro: the parsed model, its references to shared types resolved
    avro: AvroSchema | None = field(default=None, repr=False, compare=False)
    references: tuple[Reference, ...] = ()

    @property
    def event_type(self) -> str:
        return f"{self.contract}.v{self.version}"

    @property
    def self_contained(self) -> Any:
        """The schema as one document that needs no other file (what a registry compares):
        Avro dereferenced, JSON Schema bundled; the parsed file itself when it uses none."""
        if self.schema_type == "AVRO":
            from generator.catalog._avro_write import dereferenced

            return dereferenced(self.avro_schema)
        from generator.catalog._json_document import json_document

        return json_document(self).bundled()

    @property
    def avro_schema(self) -> AvroSchema:
        """The Avro model: as the catalog parsed it, references resolved (a version built by
        hand, with no references, is parsed on demand)."""
        return self.avro if self.avro is not None else parsed_avro(self.schema)

    def locate(self, pointer: str) -> tuple[int, int]:
        """1-based (line, column) of the value at a JSON pointer; the nearest parent if absent."""
        return self.positions.locate(pointer)


@dataclass(frozen=True)
class Contract:
    name: str  # "{domain}.{action}", the folder's name
    path: Path  # the contract's folder
    config: ContractConfig
    versions: tuple[SchemaVersion, ...]  # sorted by version number

    @property
    def schema_type(self) -> str:
        return self.versions[-1].schema_type if self.versions else "AVRO"

    @property
    def latest(self) -> SchemaVersion:
        return self.versions[-1]

    @property
    def domain(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def action(self) -> str:
        return self.name.split(".", 1)[-1]

    @property
    def topic(self) -> str:
        return self.config.topic or self.name

    @property
    def is_type(self) -> bool:
        """A shared type (kind = "type"): used inside other contracts, sent on no topic."""
        return self.config.kind == "type"

    def record_name(self, version: SchemaVersion) -> str | None:
        """Fully qualified top-level name (Avro record name, or JSON Schema `title`)."""
        schema = version.schema
        if not isinstance(schema, dict):
            return None
        if version.schema_type == "AVRO":
            name = schema.get("name")
            if not isinstance(name, str):
                return None
            namespace = schema.get("namespace")
            if "." in name or not namespace:
                return name
            return f"{namespace}.{name}"
        title = schema.get("title")
        return title if isinstance(title, str) else None

    def subject(self, version: SchemaVersion | None = None) -> str:
        """The registry subject of the value schema under the contract's naming strategy."""
        version = version or self.latest
        if self.is_type:  # as Confluent names a referenced schema's subject
            return (self.record_name(version) or self.name) if version.schema_type == "AVRO" \
                else self.name
        strategy = self.config.subject_strategy
        if strategy == "TopicNameStrategy":
            return f"{self.topic}-value"
        record = self.record_name(version) or self.name
        if strategy == "RecordNameStrategy":
            return record
        return f"{self.topic}-{record}"

    def compatibility(self, settings: Settings) -> str:
        return (self.config.compatibility or settings.default_compatibility).upper()

    def version(self, number: int) -> SchemaVersion:
        for candidate in self.versions:
            if candidate.version == number:
                return candidate
        raise KeyError(f"{self.name} has no version v{number}")


@dataclass(frozen=True)
class Catalog:
    root: Path  # the contracts folder
    settings: Settings
    contracts: tuple[Contract, ...]  # sorted by name

    def get(self, name: str) -> Contract:
        for contract in self.contracts:
            if contract.name == name:
                return contract
        raise KeyError(name)
