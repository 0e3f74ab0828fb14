"""`contracts check`: every contract's history under its level, and a git baseline.

Verdicts are memoised per content hash of the schemas involved, so a warm pre-commit run
imports no schema library at all.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from generator._cache import Cache, content_key
from generator._pointer import escape
from generator.catalog import Catalog, Contract, SchemaVersion
from generator.compat._hints import fill_rule_hints
from generator.report import Finding

_EDITED = "PUBLISHED_VERSION_EDITED"
_DELETED = "PUBLISHED_VERSION_DELETED"
_CONTRACT_DELETED = "PUBLISHED_CONTRACT_DELETED"


def check_catalog(catalog: Catalog, baseline: Catalog | None = None,
                  only: Sequence[str] = ()) -> list[Finding]:
    """Findings for every contract: incompatible versions in its local history, and with a
    baseline (a git ref) also published versions that were edited or deleted, and new versions
    incompatible with the history as published. With a baseline the findings are a superset of
    those without one."""
    cache = Cache(catalog.settings.root, "verdicts")
    findings: list[Finding] = []
    published: dict[str, Contract] = {}
    if baseline is not None:
        published = {c.name: c for c in baseline.contracts}
        local_names = {c.name for c in catalog.contracts}
        for name, gone in published.items():
            if name not in local_names and (not only or name in only):
                findings.append(Finding(
                    _CONTRACT_DELETED,
                    f"contract {name} exists at the baseline but was deleted: its published "
                    "versions are immutable", str(gone.path), contract=name))
    for contract in catalog.contracts:
        if only and contract.name not in only:
            continue
        level = contract.compatibility(catalog.settings)
        old = published.get(contract.name)
        if old is not None:
            findings += _immutability(contract, old)
        # The local history, exactly as a plain `check` sees it: a baseline adds findings, it
        # never hides one (an incompatible pair committed anyway stays reported).
        history = list(contract.versions)
        for index in range(1, len(history)):
            findings += _check_version(contract, history[index], history[:index], level, cache)
        if old is None:
            continue
        # Consumers hold the versions as they were published: when one was edited or deleted,
        # the new versions are also checked against that history.
        as_published = list(old.versions) + [v for v in contract.versions
                                             if v.version > old.versions[-1].version]
        if [(v.schema_type, v.text) for v in as_published] != [
                (v.schema_type, v.text) for v in history]:
            for index in range(max(len(old.versions), 1), len(as_published)):
                findings += _check_version(contract, as_published[index],
                                           as_published[:index], level, cache)
    cache.save()
    from generator.compat._shared_types import check_dependents

    findings += check_dependents(catalog, only)
    # the two histories share their unedited pairs: each finding once, in order
    return fill_rule_hints(list(dict.fromkeys(findings)))


def _immutability(contract: Contract, old: Contract) -> list[Finding]:
    findings = []
    local = {v.version: v for v in contract.versions}
    for published in old.versions:
        current = local.get(published.version)
        if current is None:
            findings.append(Finding(
                _DELETED, f"v{published.version} of {contract.name} is published (present at "
                "the baseline) and was deleted: published versions are immutable",
                str(published.path), contract=contract.name, version=published.version))
            continue
        pointer = first_difference(published.schema, current.schema)
        if pointer is not None or published.schema_type != current.schema_type:
            pointer = pointer or ""
            line, column = current.locate(pointer)
            findings.append(Finding(
                _EDITED, f"v{published.version} of {contract.name} is published (present at "
                f"the baseline) and was edited at {pointer or '/'}: add v"
                f"{contract.versions[-1].version + 1} instead", str(current.path), line, column,
                contract=contract.name, version=published.version, extra={"pointer": pointer}))
    return findings


def first_difference(old: Any, new: Any, pointer: str = "") -> str | None:
    """The JSON pointer of the first place two JSON values differ, or None when equal."""
    if type(old) is not type(new):
        return pointer
    if isinstance(old, dict):
        for key in list(old) + [k for k in new if k not in old]:
            token = escape(key)
            if key not in old or key not in new:
                return f"{pointer}/{token}" if key in new else pointer
            found = first_difference(old[key], new[key], f"{pointer}/{token}")
            if found is not None:
                return found
        return None
    if isinstance(old, list):
        for index, (a, b) in enumerate(zip(old, new, strict=False)):
            found = first_difference(a, b, f"{pointer}/{index}")
            if found is not None:
                return found
        return None if len(old) == len(new) else pointer
    return None if old == new else pointer


def _valid_verdict(raw: Any, versions: int) -> bool:
    """A cached verdict as `_check_version` stores it: anything else is recomputed."""
    return isinstance(raw, list) and all(
        isinstance(item, list) and len(item) == 7
        and all(isinstance(text, str) for text in (*item[:4], item[6]))
        and type(item[4]) is int and 0 <= item[4] < versions
        and item[5] in ("backward", "forward") for item in raw)


def _schema(version: SchemaVersion) -> Any:
    """The schema compared: for JSON Schema the bundled view, which brings along what its
    `$ref`s reach in other files of the catalog; for Avro the dereferenced schema, which
    defines the shared types it uses (either is the version itself when it uses none)."""
    return version.self_contained


def _content(version: SchemaVersion) -> str:
    schema = _schema(version)
    if schema is version.schema:
        return version.text
    return json.dumps(schema, sort_keys=True)  # what the referenced files hold counts too


def _check_version(contract: Contract, new: SchemaVersion, previous: list[SchemaVersion],
                   level: str, cache: Cache) -> list[Finding]:
    key = content_key(new.schema_type, level, *(_content(v) for v in (new, *previous)))
    raw = cache.get(key)
    if not _valid_verdict(raw, len(previous)):
        from generator.compat._levels import check_compatibility

        result = check_compatibility(new.schema_type, _schema(new),
                                     [_schema(p) for p in previous], level)
        raw = [[f.rule_id, f.message, f.new_pointer, f.old_pointer, f.old_index, f.direction,
                f.hint] for f in result.findings]
        cache.set(key, raw)
    findings = []
    for rule_id, message, new_pointer, old_pointer, old_index, direction, hint in raw:
        old = previous[old_index]
        line, column = new.locate(new_pointer)
        old_line, old_column = old.locate(old_pointer)
        reads = ("v{n} cannot read data written with v{o}" if direction == "backward"
                 else "v{o} cannot read data written with v{n}")
        findings.append(Finding(
            rule_id,
            f"{contract.name} v{new.version} is not {level} compatible with v{old.version} "
            f"({reads.format(n=new.version, o=old.version)}): {message}",
            str(new.path), line, column, contract=contract.name, version=new.version,
            extra={"old_version": old.version, "level": level, "direction": direction,
                   "pointer": new_pointer, "old_pointer": old_pointer,
                   "old_location": f"{old.path}:{old_line}:{old_column}"}, hint=hint or None))
    return findings


