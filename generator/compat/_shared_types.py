"""A new version of a shared type, checked against the contracts that use it.

The type's own history is checked under its own level like any contract's. Each contract whose
latest version uses the type's latest version (directly or through another shared type) is
checked as well, under its own level: its latest version as it reads now against the same
version read with the type's earlier version(s), because its producers and consumers pick the
new type up with the next release, without a new version of their own. A contract that pins
an earlier version of the type is not affected.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from generator.catalog import Catalog, Contract, SchemaVersion, dereferenced, with_shared_version
from generator.compat._model import CompatFinding
from generator.errors import ContractsError
from generator.report import Finding


def check_dependents(catalog: Catalog, only: Sequence[str] = ()) -> list[Finding]:
    from generator.compat._levels import check_compatibility

    findings: list[Finding] = []
    for shared in catalog.contracts:
        if not shared.is_type or shared.schema_type != "AVRO" or len(shared.versions) < 2:
            continue
        for user in _users(catalog, shared):
            if only and user.name not in only and shared.name not in only:
                continue
            level = user.compatibility(catalog.settings)
            latest = shared.latest.version
            earlier = range(1, latest) if level.endswith("_TRANSITIVE") else [latest - 1]
            before = list(_before(catalog, user, shared, earlier))
            if not before:
                continue
            now = dereferenced(user.latest.avro_schema)
            result = check_compatibility("AVRO", now, [dereferenced(v.avro_schema)
                                                       for _, v in before], level)
            for found in result.findings:
                number = before[found.old_index][0]
                findings.append(_finding(shared, user, number, level, found))
    return findings


def _users(catalog: Catalog, shared: Contract) -> Iterator[Contract]:
    """The contracts whose latest version uses the shared type's latest version."""
    for contract in catalog.contracts:
        if contract is shared or contract.schema_type != "AVRO":
            continue
        if (shared.name, shared.latest.version) in _closure(catalog, contract.latest):
            yield contract


def _closure(catalog: Catalog, version: SchemaVersion) -> set[tuple[str, int]]:
    seen: set[tuple[str, int]] = set()
    pending = list(version.references)
    while pending:
        reference = pending.pop()
        key = (reference.contract, reference.version)
        if key not in seen:
            seen.add(key)
            pending += catalog.get(reference.contract).version(reference.version).references
    return seen


def _before(catalog: Catalog, user: Contract, shared: Contract,
            numbers: Sequence[int]) -> Iterator[tuple[int, SchemaVersion]]:
    for number in numbers:
        try:
            yield number, with_shared_version(catalog.contracts, user, user.latest, shared.name,
                                              number)
        except ContractsError:
            continue  # it uses what only a later version of the type defines


def _finding(shared: Contract, user: Contract, old: int, level: str,
             found: CompatFinding) -> Finding:
    new = shared.latest.version
    version = user.latest.version
    reads = (f"with v{new} it cannot read data written with v{old}"
             if found.direction == "backward"
             else f"with v{old} it cannot read data written with v{new}")
    pointer = _in_shared(user.latest, shared.latest, found.new_pointer)
    line, column = shared.latest.locate(pointer)
    return Finding(
        found.rule_id,
        f"{shared.name} v{new} breaks {user.name} v{version}, which uses it and is {level}: "
        f"{reads}: {found.message}",
        str(shared.latest.path), line, column, contract=shared.name, version=new,
        extra={"dependent": user.name, "dependent_version": version, "old_version": old,
               "level": level, "direction": found.direction, "pointer": pointer,
               "dependent_pointer": found.new_pointer},
        hint=found.hint or None)


def _in_shared(user: SchemaVersion, shared: SchemaVersion, pointer: str) -> str:
    """`pointer` into the user's dereferenced schema, as a pointer into the shared type's file
    when it lands inside the type's inlined definition (its first use); else the type's root."""
    defined = {id(node) for node in shared.avro_schema.names.values()}
    seen: set[int] = set()
    for site, node in user.avro_schema.uses:
        if id(node) in seen:
            continue
        seen.add(id(node))
        if id(node) in defined and (pointer == site or pointer.startswith(site + "/")):
            return node.ptr + pointer[len(site):]
    return ""
