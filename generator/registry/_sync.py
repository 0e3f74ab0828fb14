"""The catalog against a live registry: `contracts register` and `contracts check --registry`."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.errors import ContractsError
from generator.registry._rules import (
    DRIFT,
    EXTRA_VERSION,
    LEVEL_MISMATCH,
    REGISTER_FAILED,
    REJECTED,
    VERDICT_MISMATCH,
    registry_hint,
)
from generator.report import Finding, Severity

if TYPE_CHECKING:
    from generator.catalog import Catalog, Contract, SchemaVersion, Settings
    from generator.registry._client import RegisteredVersion, RegistryClient


def registry_url(cli_value: str | None, settings: Settings) -> str:
    """--registry, else the variable `registry-url-env` names, else `registry-url`."""
    url = cli_value or os.environ.get(settings.registry_url_env) or settings.registry_url
    if not url:
        raise ContractsError(f"no schema registry URL: pass --registry URL, set "
                             f"${settings.registry_url_env}, or set registry-url under "
                             f"[tool.event-contracts]", settings.root / "pyproject.toml")
    return url


@dataclass(frozen=True)
class Action:
    """One thing `contracts register` did, or would do with --dry-run."""

    kind: str  # "register", "set-level", "unchanged", "failed"
    contract: str
    subject: str
    version: int | None  # the contract version, for register / unchanged / failed
    detail: str
    schema_id: int | None = None
    registry_version: int | None = None  # the subject's version number holding it

    def describe(self, dry_run: bool) -> str:
        where = f"{self.contract} v{self.version}" if self.version else self.contract
        if self.kind == "register":
            if dry_run:
                return f"would register {where} under {self.subject}"
            return f"registered {where} under {self.subject} as id {self.schema_id}"
        if self.kind == "set-level":
            verb = "would set" if dry_run else "set"
            return f"{verb} compatibility of {self.subject} to {self.detail}"
        if self.kind == "unchanged":
            return f"{where} already registered under {self.subject} ({self.detail})"
        return f"{where} not registered under {self.subject}: {self.detail}"


def register_catalog(catalog: Catalog, client: RegistryClient, *,
                     dry_run: bool = False) -> list[Action]:
    """Set each subject's level from the contract, then register new versions in order.

    Shared types come before the contracts that use them (depth first), and each version is
    registered with its references: {name, the type's subject, the registry version that holds
    the type's version}. Idempotent: a version the subject already holds is left alone, and a
    second run does nothing. A rejected version stops that contract (later versions would
    build on it), and whatever uses it.
    """
    actions: list[Action] = []
    held: dict[tuple[str, int], int | None] = {}  # (contract, version) -> registry version
    for contract in _types_first(catalog):
        level = contract.compatibility(catalog.settings)
        leveled: set[str] = set()
        for version in contract.versions:
            subject = contract.subject(version)
            if subject not in leveled:
                leveled.add(subject)
                if client.subject_level(subject) != level:
                    if not dry_run:
                        client.set_level(subject, level)
                    actions.append(Action("set-level", contract.name, subject, None, level))
            missing = [r for r in version.references if (r.contract, r.version) not in held]
            if missing:
                actions.append(Action("failed", contract.name, subject, version.version,
                                      f"the shared type it uses, {missing[0].contract} "
                                      f"v{missing[0].version}, is not registered"))
                break
            references = [{"name": r.name,
                           "subject": catalog.get(r.contract).subject(
                               catalog.get(r.contract).version(r.version)),
                           "version": held[r.contract, r.version]}
                          for r in version.references]
            action = _register_version(contract, version, subject, references, client, dry_run)
            actions.append(action)
            if action.kind == "failed":
                break
            held[contract.name, version.version] = action.registry_version
    return actions


def _types_first(catalog: Catalog) -> list[Contract]:
    """The contracts with every shared type before the contracts that use it."""
    order: list[Contract] = []
    placed: set[str] = set()

    def place(contract: Contract) -> None:
        if contract.name in placed:
            return
        placed.add(contract.name)  # the catalog has refused cycles already
        for version in contract.versions:
            for reference in version.references:
                place(catalog.get(reference.contract))
        order.append(contract)

    for contract in catalog.contracts:
        place(contract)
    return order


def _register_version(contract: Contract, version: SchemaVersion, subject: str,
                      references: list[dict[str, Any]], client: RegistryClient,
                      dry_run: bool) -> Action:
    """Register one version (or find it registered): with dry_run only the lookup, and not
    even that while a shared type it uses is not registered yet."""
    unknown = None in [r["version"] for r in references]  # only in a dry run
    found = None if unknown else client.lookup(subject, version.schema_type, version.text,
                                               references)
    if found is not None:
        return Action("unchanged", contract.name, subject, version.version,
                      f"version {found.version}, id {found.schema_id}", found.schema_id,
                      found.version)
    if dry_run:
        return Action("register", contract.name, subject, version.version, "")
    if unknown:
        return Action("failed", contract.name, subject, version.version, "the registry did "
                      "not report which version holds a shared type it uses")
    from generator.registry._client import RegistryRequestError

    try:
        schema_id = client.register(subject, version.schema_type, version.text, references)
    except RegistryRequestError as error:
        return Action("failed", contract.name, subject, version.version,
                      f"HTTP {error.status} (error {error.error_code}): {error.message}")
    # Registering answers with the id only; the subject's version number comes from a lookup
    # of what was just registered.
    stored = client.lookup(subject, version.schema_type, version.text, references)
    return Action("register", contract.name, subject, version.version, "", schema_id,
                  stored.version if stored else None)


def failed_findings(actions: list[Action], catalog: Catalog) -> list[Finding]:
    findings = []
    for action in actions:
        if action.kind != "failed" or action.version is None:
            continue
        version = catalog.get(action.contract).version(action.version)
        findings.append(Finding(REGISTER_FAILED, action.describe(False), str(version.path), 1, 1,
                                contract=action.contract, version=action.version,
                                hint=registry_hint(REGISTER_FAILED)))
    return findings


def check_against_registry(catalog: Catalog, client: RegistryClient) -> list[Finding]:
    """Drift, level and compatibility findings of the catalog against a live registry."""
    findings: list[Finding] = []
    for contract in catalog.contracts:
        by_subject: dict[str, list[SchemaVersion]] = {}
        for version in contract.versions:
            by_subject.setdefault(contract.subject(version), []).append(version)
        for subject, local in by_subject.items():
            findings += _check_subject(catalog, contract, subject, local, client)
    return findings


def _check_subject(catalog: Catalog, contract: Contract, subject: str,
                   local: list[SchemaVersion], client: RegistryClient) -> list[Finding]:
    from generator.registry._schemas import same_schema

    findings: list[Finding] = []
    numbers = client.versions(subject)
    registered = {n: client.version(subject, n) for n in numbers}
    wanted = contract.compatibility(catalog.settings)
    level = client.level(subject) if numbers else wanted
    first = local[0]
    if numbers:
        configured = client.subject_level(subject)
        if configured is not None and configured != wanted:
            findings.append(_finding(
                LEVEL_MISMATCH, f"{subject} is {configured} in the registry but the contract "
                f"asks for {wanted}", contract, first, severity=Severity.WARNING))
    local_numbers = {v.version for v in local}
    for number, reg in registered.items():
        if number not in local_numbers:
            findings.append(_finding(
                EXTRA_VERSION, f"the registry holds version {number} of {subject} (id "
                f"{reg.schema_id}), which {contract.name} lacks", contract, local[-1]))
    history = [registered[n] for n in numbers]
    for version in local:
        found = registered.get(version.version)
        if found is not None:
            if found.schema_type != version.schema_type or not same_schema(
                    version.schema_type, version.text, found.schema):
                findings.append(_finding(
                    DRIFT, f"v{version.version} differs from version {version.version} "
                    f"registered under {subject} (id {found.schema_id}); a registered version is "
                    f"immutable", contract, version))
            continue
        findings += _verdicts(catalog, contract, subject, version, history, level, client)
    return findings


def _verdicts(catalog: Catalog, contract: Contract, subject: str, version: SchemaVersion,
              history: list[RegisteredVersion], level: str,
              client: RegistryClient) -> list[Finding]:
    """Our engine's verdict and the registry's on a version not registered yet."""
    from generator.compat import check_compatibility

    findings: list[Finding] = []
    previous = [_self_contained(client, h) for h in history
                if h.schema_type == version.schema_type]
    try:
        result = check_compatibility(version.schema_type, version.self_contained, previous,
                                     level)
    except ContractsError as error:
        if error.path is not None:
            raise
        raise ContractsError(f"{error.message} (checking v{version.version} against the "
                             f"versions registered under {subject})", version.path) from None
    same_type = [h for h in history if h.schema_type == version.schema_type]
    for item in result.findings:
        old = same_type[item.old_index]
        findings.append(_finding(
            item.rule_id, f"v{version.version} is not {level} compatible with version "
            f"{old.version} registered under {subject}: {item.message}", contract, version,
            pointer=item.new_pointer, extra={"registry_version": old.version,
                                             "old_pointer": item.old_pointer},
            hint=item.hint or None))
    # Like the registry, a schema type change is itself incompatible, except under NONE.
    ours = result.compatible and (level == "NONE" or len(same_type) == len(history))
    theirs, messages = client.test_compatibility(subject, version.schema_type, version.text,
                                                 references=_references(catalog, version, client))
    if not theirs:
        # The old schemas' full text is in the JSON output only: it buries the reasons in a line.
        reasons = [m for m in messages if not m.replace(" ", "").startswith("{oldSchema:")]
        findings.append(_finding(
            REJECTED, f"the registry rejects v{version.version} under {subject} ({level}): "
            f"{'; '.join(reasons) or 'no details given'}", contract, version,
            extra={"registry_messages": messages}))
    if ours != theirs:
        findings.append(_mismatch(contract, subject, version, history, level, ours))
    return findings


def _references(catalog: Catalog, version: SchemaVersion,
                client: RegistryClient) -> list[dict[str, Any]]:
    """The version's references as the registry holds them: each shared type's subject, and
    the registry version holding the type's version (its own number when it holds none)."""
    references = []
    for reference in version.references:
        shared = catalog.get(reference.contract)
        used = shared.version(reference.version)
        subject = shared.subject(used)
        found = client.lookup(subject, used.schema_type, used.text,
                              _references(catalog, used, client))
        references.append({"name": reference.name, "subject": subject,
                           "version": found.version if found else reference.version})
    return references


def _self_contained(client: RegistryClient, registered: RegisteredVersion) -> Any:
    """A registered schema with the schemas it references brought in, as the registry reads
    it: Avro names parsed first from each reference (depth first), then dereferenced; JSON
    Schema bundled with the referenced documents at the names its `$ref`s use."""
    document = json.loads(registered.schema)
    if not registered.references:
        return document
    from generator.catalog import JsonSchemaSet, dereferenced, parse_avro

    if registered.schema_type == "AVRO":
        names: dict[str, Any] = {}
        for reference in _referenced(client, registered, set()):
            names.update(parse_avro(json.loads(reference.schema), names).names)
        return dereferenced(parse_avro(document, names))
    schemas = JsonSchemaSet()
    for reference, name in _named_references(client, registered):
        schemas.add(json.loads(reference.schema), f"registered/{name}")
    return schemas.add(document, "registered/schema.json").bundled()


def _referenced(client: RegistryClient, registered: RegisteredVersion,
                seen: set[tuple[str, int]]) -> list[RegisteredVersion]:
    """Every schema `registered` references, each before what uses it."""
    order: list[RegisteredVersion] = []
    for ref in registered.references:
        key = (str(ref["subject"]), int(ref["version"]))
        if key in seen:
            continue
        seen.add(key)
        target = client.version(*key)
        order += [*_referenced(client, target, seen), target]
    return order


def _named_references(client: RegistryClient,
                      registered: RegisteredVersion) -> list[tuple[RegisteredVersion, str]]:
    return [(client.version(str(ref["subject"]), int(ref["version"])), str(ref["name"]))
            for ref in registered.references]


def _mismatch(contract: Contract, subject: str, version: SchemaVersion,
              history: list[RegisteredVersion], level: str, ours: bool) -> Finding:
    """This tool and the registry give different verdicts on the same new version."""
    compared = [h.version for h in (history if level.endswith("_TRANSITIVE") else history[-1:])]
    against = ("no registered version" if not compared
               else f"version {compared[0]}" if len(compared) == 1
               else f"versions {', '.join(map(str, compared))}")
    if ours:
        said = ("this tool finds it compatible but the registry rejects it, so `contracts "
                "register` will fail (the registry's reasons: REGISTRY_REJECTED)")
    else:
        said = ("this tool finds it incompatible but the registry accepts it, so `contracts "
                "register` would succeed although existing readers or writers may break")
    return _finding(
        VERDICT_MISMATCH, f"compatibility verdicts disagree on {contract.name} v{version.version} "
        f"against {against} registered under {subject} ({level}): {said}; one of the two "
        f"engines is wrong, so hold off registering until the difference is understood",
        contract, version, extra={
            "subject": subject, "registry_versions": compared, "level": level,
            "tool_verdict": "compatible" if ours else "incompatible",
            "registry_verdict": "incompatible" if ours else "compatible"})


def _finding(rule_id: str, message: str, contract: Contract, version: SchemaVersion, *,
             pointer: str = "", severity: Severity = Severity.ERROR,
             extra: dict[str, Any] | None = None, hint: str | None = None) -> Finding:
    line, column = version.locate(pointer)
    return Finding(rule_id, message, str(version.path), line, column, severity,
                   contract=contract.name, version=version.version, extra=extra or {},
                   hint=hint or registry_hint(rule_id))
