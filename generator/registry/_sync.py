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

    Idempotent: a version the subject already holds is left alone, and a second run does
    nothing. A rejected version stops that contract (later versions would build on it).
    """
    actions: list[Action] = []
    for contract in catalog.contracts:
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
            found = client.lookup(subject, version.schema_type, version.text)
            if found is not None:
                actions.append(Action("unchanged", contract.name, subject, version.version,
                                      f"version {found.version}, id {found.schema_id}",
                                      found.schema_id, found.version))
                continue
            if dry_run:
                actions.append(Action("register", contract.name, subject, version.version, ""))
                continue
            from generator.registry._client import RegistryRequestError

            try:
                schema_id = client.register(subject, version.schema_type, version.text)
            except RegistryRequestError as error:
                actions.append(Action("failed", contract.name, subject, version.version,
                                      f"HTTP {error.status} (error {error.error_code}): "
                                      f"{error.message}"))
                break
            # Registering answers with the id only; the subject's version number comes from a
            # lookup of what was just registered.
            stored = client.lookup(subject, version.schema_type, version.text)
            actions.append(Action("register", contract.name, subject, version.version, "",
                                  schema_id, stored.version if stored else None))
    return actions


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
        findings += _verdicts(contract, subject, version, history, level, client)
    return findings


def _verdicts(contract: Contract, subject: str, version: SchemaVersion,
              history: list[RegisteredVersion], level: str,
              client: RegistryClient) -> list[Finding]:
    """Our engine's verdict and the registry's on a version not registered yet."""
    from generator.compat import check_compatibility

    findings: list[Finding] = []
    previous = [json.loads(h.schema) for h in history if h.schema_type == version.schema_type]
    try:
        result = check_compatibility(version.schema_type, version.schema, previous, level)
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
    theirs, messages = client.test_compatibility(subject, version.schema_type, version.text)
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
