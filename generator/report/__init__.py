"""Findings and how they are printed: text, json, github annotations, junit xml, SARIF."""

from generator.report._model import FORMATS, Finding, RuleDoc, Severity
from generator.report._paths import relative_path
from generator.report._render import BAD_INPUT_RULE, render, render_error

__all__ = ["BAD_INPUT_RULE", "FORMATS", "Finding", "RuleDoc", "Severity", "relative_path", "render",
           "render_error"]
