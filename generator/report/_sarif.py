"""SARIF 2.1.0, the format GitHub code scanning uploads (github/codeql-action/upload-sarif).

One run per log. Paths are relative to the repository root under the `%SRCROOT%` base id, as
code scanning expects; the rule table gives each rule id its purpose and its fix suggestion.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from generator.report._model import Finding, RuleDoc, Severity
from generator.report._paths import relative_path, repository_root

SCHEMA_URI = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
              "sarif-schema-2.1.0.json")
SRCROOT = "%SRCROOT%"


def sarif_log(findings: Sequence[Finding], rules: Sequence[RuleDoc] = ()) -> str:
    """A SARIF log of the findings; `rules` are listed in the driver, with any rule id the
    findings use that the table lacks."""
    known = {rule.id: rule for rule in rules}
    for finding in findings:
        known.setdefault(finding.rule_id, RuleDoc(finding.rule_id, finding.rule_id, ""))
    index = {rule_id: position for position, rule_id in enumerate(known)}
    results = [_result(f, index[f.rule_id]) for f in findings]
    return _log(_run([_descriptor(rule) for rule in known.values()], results))


def sarif_error(finding: Finding) -> str:
    """A log of a run that could not finish (bad input): no results, one error notification."""
    notification: dict[str, Any] = {"level": "error", "message": {"text": finding.message},
                                    "descriptor": {"id": finding.rule_id}}
    location = _location(finding)
    if location is not None:
        notification["locations"] = [location]
    run = _run([], [])
    run["invocations"] = [{"executionSuccessful": False,
                           "toolExecutionNotifications": [notification]}]
    return _log(run)


def _log(run: dict[str, Any]) -> str:
    return json.dumps({"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]},
                      indent=2) + "\n"


def _run(descriptors: list[dict[str, Any]], results: list[dict[str, Any]]) -> dict[str, Any]:
    from generator._meta import distribution_url, distribution_version

    driver: dict[str, Any] = {"name": "event-contracts", "version": distribution_version()}
    url = distribution_url()
    if url:
        driver["informationUri"] = url
    driver["rules"] = descriptors
    run: dict[str, Any] = {"tool": {"driver": driver}}
    root = repository_root()
    if root is not None:  # lets viewers outside GitHub find the files
        run["originalUriBaseIds"] = {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}}
    run["results"] = results
    return run


def _descriptor(rule: RuleDoc) -> dict[str, Any]:
    descriptor: dict[str, Any] = {"id": rule.id, "shortDescription": {"text": rule.purpose}}
    if rule.hint:
        descriptor["help"] = {"text": rule.hint}
    return descriptor


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    text = finding.message + (f"\nHint: {finding.hint}" if finding.hint else "")
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": "error" if finding.severity is Severity.ERROR else "warning",
        "message": {"text": text},
    }
    location = _location(finding)
    if location is not None:
        result["locations"] = [location]
    properties = {k: v for k, v in (("contract", finding.contract),
                                    ("version", finding.version),
                                    ("hint", finding.hint)) if v is not None}
    if properties:
        result["properties"] = properties
    return result


def _location(finding: Finding) -> dict[str, Any] | None:
    if not finding.path:
        return None
    path, relative = relative_path(finding.path)
    artifact: dict[str, Any] = ({"uri": quote(path), "uriBaseId": SRCROOT} if relative
                                else {"uri": "file://" + quote(path)})
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if finding.line is not None:
        region: dict[str, Any] = {"startLine": finding.line}
        if finding.column is not None:
            region["startColumn"] = finding.column
        physical["region"] = region
    return {"physicalLocation": physical}
