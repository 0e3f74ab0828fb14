"""Reading contract files safely: regular files only, and JSON any later stage can handle.

A FIFO or device named like a schema would block or never end, so only regular files are read.
JSON is parsed by `json.loads`, then held to what the other stages (and Schema Registry) can
take: bounded nesting, integers Python can convert, no lone UTF-16 surrogates.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.errors import ContractsError

# Jackson, which Schema Registry parses schemas with, allows 1000 levels by default.
MAX_DEPTH = 1000
_INT_DIGITS = 4300  # Python's int-from-string limit (sys.get_int_max_str_digits())
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_HUGE_INT = re.compile(rf'"(?:[^"\\]|\\.)*"|-?[0-9]{{{_INT_DIGITS + 1},}}', re.DOTALL)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_NUMBER_OR_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|-?(?:NaN|Infinity)|-?[0-9][0-9.eE+-]*',
                               re.DOTALL)


class NotFinite(ValueError):
    """A number JSON readers disagree on: NaN, Infinity, or beyond a double's range."""


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise NotFinite(text)
    return value


def _no_constant(text: str) -> Any:
    raise NotFinite(text)


STRICT_DECODER = json.JSONDecoder(parse_float=_finite_float, parse_constant=_no_constant)


def strict_json(text: str) -> Any:
    """`json.loads` without what Jackson (Schema Registry's JSON reader) refuses and the checks
    cannot compare: NaN and Infinity are not JSON, and a number beyond a double's range is
    refused rather than read as infinity. Raises json.JSONDecodeError with the position."""
    try:
        return STRICT_DECODER.decode(text)
    except NotFinite as error:
        raise not_finite_error(error, text, text) from None


def not_finite_error(error: NotFinite, text: str, scanned: str) -> json.JSONDecodeError:
    """The decode error for `error`, placed at the token in `scanned` (`text` with comments
    blanked, or `text` itself)."""
    token = str(error)
    offset = next((m.start() for m in _NUMBER_OR_STRING.finditer(scanned)
                   if m.group() == token), 0)
    reason = (f"{token} is not JSON" if token.lstrip("-") in ("NaN", "Infinity") else
              f"{token} is beyond the range of a double")
    return json.JSONDecodeError(reason, text, offset)


def read_file(path: Path, shown: str | Path | None = None) -> bytes:
    """The bytes of a regular file (a link to one is fine); anything else is bad input."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise ContractsError(f"cannot read: {error.strerror}", shown or path) from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise ContractsError(f"not a regular file ({_kind(mode)}): cannot read it",
                                 shown or path)
        try:
            return handle.read()
        except OSError as error:
            raise ContractsError(f"cannot read: {error.strerror}", shown or path) from None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a folder" if stat.S_ISDIR(mode) else "not a file"


def parse_json(text: str, shown: str | Path,
               loads: Callable[[str], Any] = strict_json) -> Any:
    """The JSON value of `text`, or a ContractsError naming `shown` and the line and column.

    `loads` reads the text (strict_json, or the .avsc reader that also takes comments); it
    raises json.JSONDecodeError where the text is not what it reads."""
    _check_depth(text, shown)
    try:
        value = loads(text)
    except json.JSONDecodeError as error:
        raise ContractsError(f"invalid JSON: {error.msg}", shown, error.lineno,
                             error.colno) from None
    except RecursionError:  # below MAX_DEPTH, only when called on a small stack
        raise ContractsError("JSON nested too deeply to parse here", shown) from None
    except ValueError as error:  # an integer beyond Python's conversion limit
        match = next((m for m in _HUGE_INT.finditer(text) if m.group()[0] != '"'), None)
        where = _line_col(text, match.start()) if match else (None, None)
        digits = len(match.group().lstrip("-")) if match else 0
        raise ContractsError(
            f"integer with {digits} digits: at most {_INT_DIGITS} are supported"
            if match else f"invalid JSON: {error}", shown, *where) from None
    if "\\u" in text and _SURROGATE_ESCAPE.search(text):
        _check_surrogates(text, shown)
    return value


def _check_depth(text: str, shown: str | Path) -> None:
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return  # cannot nest deeper: skip the scan
    depth = 0
    for match in _TOKEN.finditer(text):
        char = match.group()
        if char in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                raise ContractsError(f"JSON nested deeper than {MAX_DEPTH} levels", shown,
                                     *_line_col(text, match.start()))
        elif char in ("]", "}"):
            depth -= 1


def _check_surrogates(text: str, shown: str | Path) -> None:
    for match in _STRING.finditer(text):
        decoded = json.loads(match.group())
        if any("\ud800" <= char <= "\udfff" for char in decoded):
            raise ContractsError("a string holds a lone UTF-16 surrogate (\\ud800-\\udfff), "
                                 "which is not text", shown, *_line_col(text, match.start()))


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
