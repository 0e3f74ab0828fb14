"""Shared types: contracts of kind "type" that other contracts use (Confluent schema references).

An Avro schema uses a shared type by its full name, as Java's parser sees a name defined by a
schema parsed before it; the catalog finds the type contract that defines the name, in the
version the using contract pins under `[references]` (by the type's name or its contract's)
or else the latest. Every Avro version is parsed here, once, into the catalog's model with its
references resolved, so later stages never parse it again. A name no schema of the catalog
defines, or types that use each other in a cycle, is a bad schema (exit 2), as the registry
would refuse it. JSON Schema uses a shared type by a relative `$ref` to its file, which the JSON
document model resolves.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from generator.catalog._avro_model import AvroNode, AvroSchemaError
from generator.catalog._avro_parse import parse_avro
from generator.catalog._model import Contract, Reference, SchemaVersion
from generator.errors import ContractsError

_Key = tuple[str, int]  # (contract name, version number)


def resolve_references(contracts: Sequence[Contract], label: str = "") -> tuple[Contract, ...]:
    """The contracts with every Avro version parsed (`avro`), and each version's `references`
    found: the shared types' versions it uses (for JSON Schema, the other contracts' files its
    `$ref`s reach)."""
    resolver = _Resolver(contracts, label, {})
    files = {id(v.json): (c.name, v.version) for c in contracts for v in c.versions if v.json}
    return tuple(dataclasses.replace(contract, versions=tuple(
        resolver.version(contract, version) if version.schema_type == "AVRO"
        else _json_references(version, files) for version in contract.versions))
        for contract in contracts)


def _json_references(version: SchemaVersion, files: dict[int, tuple[str, int]]) -> SchemaVersion:
    if version.json is None:
        return version
    found: dict[tuple[str, int], Reference] = {}
    for ref in version.json.refs():
        owner = files.get(id(ref.target.document)) if ref.target else None
        if owner is not None and owner != (version.contract, version.version):
            found.setdefault(owner, Reference(ref.ref.partition("#")[0], *owner))
    return dataclasses.replace(version, references=tuple(sorted(found.values())))


def with_shared_version(contracts: Sequence[Contract], user: Contract, version: SchemaVersion,
                        shared: str, number: int) -> SchemaVersion:
    """`version` of `user` parsed as if the shared type `shared` were at v`number` for every
    contract (the catalog as it was before a new version of the type); raises ContractsError
    when it does not parse so (it uses what only a later version defines)."""
    return _Resolver(contracts, "", {shared: number}).version(
        user, dataclasses.replace(version, avro=None, references=()))


class _Resolver:
    def __init__(self, contracts: Sequence[Contract], label: str,
                 overrides: dict[str, int]) -> None:
        self.label = label
        self.overrides = overrides
        self.types = [c for c in contracts if c.config.kind == "type"
                      and all(v.schema_type == "AVRO" for v in c.versions)]
        self.done: dict[_Key, SchemaVersion] = {}
        self.stack: list[_Key] = []

    def version(self, contract: Contract, version: SchemaVersion) -> SchemaVersion:
        if version.schema_type != "AVRO":
            return version
        key = (contract.name, version.version)
        if key in self.done:
            return self.done[key]
        self.stack.append(key)
        used: dict[str, Reference] = {}
        blocked: list[_Key] = []

        def lookup(fullname: str) -> AvroNode | None:
            for shared in self.types:
                if shared.name == contract.name:
                    continue  # a type's versions never use each other
                chosen = self.chosen(contract, shared)
                if (shared.name, chosen.version) in self.stack:
                    blocked.append((shared.name, chosen.version))
                    continue
                parsed = self.version(shared, chosen).avro
                node = parsed.names.get(fullname) if parsed else None
                if node is not None:
                    used.setdefault(shared.name, Reference(
                        shared.record_name(chosen) or shared.name, shared.name, chosen.version))
                    return node
            return None

        try:
            parsed = parse_avro(version.schema, lookup)
        except AvroSchemaError as error:
            line, column = version.locate(error.pointer)
            reason = error.reason
            if blocked and reason.startswith("unknown type"):
                cycle = " -> ".join(f"{name} v{number}" for name, number in
                                    (*self.stack[self.stack.index(blocked[0]):], blocked[0]))
                reason = f"{reason}; shared types use each other in a cycle: {cycle}"
            elif reason.startswith("unknown type"):
                reason += " (nor by a shared type: a contract with kind = \"type\")"
            raise ContractsError(f"invalid Avro schema: {reason}", self.shown(version), line,
                                 column) from None
        finally:
            self.stack.pop()
        resolved = dataclasses.replace(version, avro=parsed,
                                       references=tuple(sorted(used.values())))
        self.done[key] = resolved
        return resolved

    def chosen(self, user: Contract, shared: Contract) -> SchemaVersion:
        """The version of `shared` that `user` pins, or its latest."""
        pins = dict(user.config.references)
        if shared.name in self.overrides:
            pins = {shared.name: self.overrides[shared.name]}
        number = pins.get(shared.record_name(shared.latest) or "", pins.get(shared.name))
        if number is None:
            return shared.latest
        try:
            return shared.version(number)
        except KeyError:
            raise ContractsError(f"[references] pins v{number} of {shared.name}, which has no "
                                 f"v{number}", user.config.path or user.path) from None

    def shown(self, version: SchemaVersion) -> str:
        return f"{self.label}{version.path}"
