from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace

from generator.report._model import Finding, RuleDoc, Severity
from generator.report._paths import relative_path


def render(findings: Sequence[Finding], fmt: str, *, command: str = "contracts",
           rules: Sequence[RuleDoc] = ()) -> str:
    """Render findings in one of FORMATS; the result ends with a newline unless empty.

    `rules` describes the rule ids the command can report (SARIF lists them for code scanning);
    the other formats ignore it.
    """
    if fmt == "json":
        return json.dumps({"command": command, "findings": [f.as_dict() for f in findings]},
                          indent=2) + "\n"
    if fmt == "github":
        return "".join(_github_line(f) + "\n" for f in findings)
    if fmt == "junit":
        return _junit(findings, command)
    if fmt == "sarif":
        from generator.report._sarif import sarif_log

        return sarif_log(findings, rules)
    return "".join(_text(f) for f in findings)


# Every bad-input error (exit 2) is reported under this one id.
BAD_INPUT_RULE = RuleDoc("BAD_INPUT", "the input is readable and valid (files, schemas, options, "
                         "the registry reachable)", "fix the file, line and column named in the "
                         "message, or the option or URL it names")


def render_error(message: str, fmt: str, *, path: str | None = None, line: int | None = None,
                 column: int | None = None) -> str:
    """Render one bad-input error (exit 2) in the requested format."""
    finding = Finding(BAD_INPUT_RULE.id, message, path, line, column)
    if fmt == "text":
        return _text_line(finding) + "\n"
    if fmt == "sarif":  # the run failed: a tool notification, not a result about the code
        from generator.report._sarif import sarif_error

        return sarif_error(finding)
    return render([finding], fmt, command="error")


def _text_line(finding: Finding) -> str:
    where = finding.location
    prefix = f"{where}: " if where else ""
    return f"{prefix}{finding.severity.value}: {finding.message} [{finding.rule_id}]"


def _text(finding: Finding) -> str:
    # The first line stays `path:line:col: error: message [RULE]` for grep and editors.
    hint = f"  hint: {finding.hint}\n" if finding.hint else ""
    return _text_line(finding) + "\n" + hint


def _github_escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def _github_line(finding: Finding) -> str:
    level = "error" if finding.severity is Severity.ERROR else "warning"
    props = []
    if finding.path:
        props.append(f"file={_github_escape(relative_path(finding.path)[0], prop=True)}")
        if finding.line is not None:
            props.append(f"line={finding.line}")
            if finding.column is not None:
                props.append(f"col={finding.column}")
    props.append(f"title={_github_escape(finding.rule_id, prop=True)}")
    message = finding.message + (f"\nhint: {finding.hint}" if finding.hint else "")
    return f"::{level} {','.join(props)}::{_github_escape(message)}"


def _junit(findings: Sequence[Finding], command: str) -> str:
    from xml.sax.saxutils import escape, quoteattr  # imports urllib: only when asked for

    failures = sum(1 for f in findings if f.severity is Severity.ERROR)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f"<testsuites><testsuite name={quoteattr(command)} tests=\"{max(len(findings), 1)}\" "
        f"failures=\"{failures}\">",
    ]
    if not findings:
        lines.append(f"<testcase classname={quoteattr(command)} name=\"all\"/>")
    for f in findings:
        if f.path:  # CI test reporters resolve paths against the repository root
            f = replace(f, path=relative_path(f.path)[0])
        name = quoteattr(f"{f.rule_id} {f.location}".strip())
        classname = quoteattr(f.contract or command)
        # file/line: what JUnit reporters on CI use to annotate the source
        place = (f" file={quoteattr(f.path)}" if f.path else "") + (
            f" line=\"{f.line}\"" if f.path and f.line is not None else "")
        tag = "failure" if f.severity is Severity.ERROR else "skipped"
        lines.append(
            f"<testcase classname={classname} name={name}{place}><{tag} "
            f"type={quoteattr(f.rule_id)} message={quoteattr(f.message)}>"
            f"{escape(_text(f).rstrip())}</{tag}></testcase>"
        )
    lines.append("</testsuite></testsuites>")
    return "\n".join(lines) + "\n"
