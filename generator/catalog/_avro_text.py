"""Reading .avsc text as Java Avro's parser does: JSON with `//` and `/* */` comments.

Confluent Schema Registry parses Avro with Java's `Schema.Parser`, whose JSON reader allows
comments before and inside the schema; anything but whitespace after the schema (a comment
included) is an error there, and so is a non-standard literal such as NaN, which Python's json
module would take.
"""

from __future__ import annotations

import json
import re
from typing import Any

from generator.catalog._read import STRICT_DECODER, NotFinite, not_finite_error

# A string (kept as it is) or a comment (blanked); Jackson ends a `//` comment at \n or \r.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|//[^\r\n]*|/\*.*?\*/', re.DOTALL)



def blank_comments(text: str) -> str:
    """`text` with every comment outside strings replaced by spaces (newlines kept), so that
    positions in the result are positions in `text`; an unterminated block comment is left in
    place for the JSON reader to report."""
    if "//" not in text and "/*" not in text:
        return text
    return _TOKEN.sub(_blank, text)


def _blank(match: re.Match[str]) -> str:
    token = match.group()
    if token[0] == '"':
        return token
    return "".join(c if c in "\r\n" else " " for c in token)


def parse_avro_text(text: str) -> Any:
    """The JSON value of an .avsc file's text; raises json.JSONDecodeError (with its position)
    where Java's parser would fail to read it."""
    blanked = blank_comments(text)
    begin = len(blanked) - len(blanked.lstrip())
    try:
        value, end = STRICT_DECODER.raw_decode(blanked, begin)
    except NotFinite as error:
        raise not_finite_error(error, text, blanked) from None
    rest = len(text) - len(text[end:].lstrip())
    if rest < len(text):
        raise json.JSONDecodeError("content after the schema", text, rest)
    return value
