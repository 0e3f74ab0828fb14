"""Strict comparison of an expected value with what a decoder returned.

Stricter than `==` where it matters for data (True is not 1, "1" is not b"1", an aware datetime is
not a naive one) and looser where `==` is wrong (NaN equals NaN). Returns a description of the
first difference, or None.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from generator.fuzz._avro_resolve import Defaulted, Float32, f32


def first_difference(expected: Any, actual: Any, path: str = "$") -> str | None:
    if isinstance(expected, Defaulted):
        return None  # the default itself was checked against the specification
    if isinstance(expected, Float32):
        number = isinstance(actual, (int, float)) and not isinstance(actual, bool)
        if number and _float_equal(expected.value, f32(float(actual))):
            return None
        return _differ(path, expected.value, actual)
    if isinstance(expected, bool) or expected is None or isinstance(actual, bool):
        return None if type(expected) is type(actual) and expected == actual \
            else _differ(path, expected, actual)
    if isinstance(expected, float):
        if isinstance(actual, (int, float)) and _float_equal(expected, float(actual)):
            return None
        return _differ(path, expected, actual)
    if isinstance(expected, int):
        if isinstance(actual, int) and expected == actual:
            return None
        if isinstance(actual, float) and float(expected) == actual:
            return None
        return _differ(path, expected, actual)
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return _differ(path, expected, actual)
        if set(expected) != set(actual):
            missing = sorted(set(expected) - set(actual), key=str)
            extra = sorted(set(actual) - set(expected), key=str)
            return f"{path}: keys differ (missing {missing}, unexpected {extra})"
        for key in expected:
            found = first_difference(expected[key], actual[key], _child(path, key))
            if found:
                return found
        return None
    if isinstance(expected, (list, tuple)):
        if not isinstance(actual, (list, tuple)) or len(expected) != len(actual):
            return _differ(path, expected, actual)
        for index, (left, right) in enumerate(zip(expected, actual, strict=True)):
            found = first_difference(left, right, f"{path}[{index}]")
            if found:
                return found
        return None
    if (isinstance(expected, dt.datetime) and isinstance(actual, dt.datetime)
            and (expected.tzinfo is None) != (actual.tzinfo is None)):
        return _differ(path, expected, actual)
    if type(expected) is not type(actual) or expected != actual:
        return _differ(path, expected, actual)
    return None


def _float_equal(left: float, right: float) -> bool:
    return left == right or (math.isnan(left) and math.isnan(right))


def _child(path: str, key: Any) -> str:
    if isinstance(key, str) and key.isidentifier():
        return f"{path}.{key}"
    return f"{path}[{key!r}]"


def _differ(path: str, expected: Any, actual: Any) -> str:
    return f"{path}: expected {_short(expected)}, got {_short(actual)}"


def _short(value: Any, limit: int = 120) -> str:
    text = repr(value.value if isinstance(value, (Defaulted, Float32)) else value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
