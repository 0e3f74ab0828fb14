"""JSON pointers (RFC 6901), shared by every stage: tokens escaped and unescaped, values found.

Stages place findings by pointer and follow local `$ref`s ("#/$defs/Money") by pointer; one
implementation keeps their spelling and their lookup rules the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(tokens: Iterable[object]) -> str:
    """["properties", "a/b"] -> "/properties/a~1b"."""
    return "".join(f"/{escape(str(token))}" for token in tokens)


def lookup(document: Any, tokens: Iterable[str]) -> Any:
    """The value at unescaped `tokens`; KeyError when any step is missing."""
    node = document
    for token in tokens:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise KeyError(token)
    return node


def fragment_tokens(fragment: str) -> list[str]:
    """Unescaped tokens of a `$ref` fragment (what follows "#"); "" and "/" are the root, as
    Everit, Confluent and the other validators we follow read them."""
    if fragment in ("", "/"):
        return []
    body = fragment[1:] if fragment.startswith("/") else fragment
    return [unescape(token) for token in body.split("/")]
