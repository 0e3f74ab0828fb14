"""Findings and how they are printed: text, json, github annotations, junit xml."""

from generator.report._model import FORMATS, Finding, Severity
from generator.report._render import render, render_error

__all__ = ["FORMATS", "Finding", "Severity", "render", "render_error"]
