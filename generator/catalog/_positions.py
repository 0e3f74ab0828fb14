"""Map JSON pointers in a schema file back to the line and column where their value starts.

Built lazily: most runs never need a position, and scanning in Python costs more than
`json.loads` does in C.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import re

from generator._pointer import escape

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(r"[^,\]\}\s]+")


def parent_pointers(pointer: str) -> list[str]:
    """The pointer and its parents, nearest first: "/a/b" -> ["/a/b", "/a", ""]."""
    out = [pointer]
    while pointer:
        pointer = pointer.rsplit("/", 1)[0]
        out.append(pointer)
    return out


class PositionIndex:
    def __init__(self, text: str) -> None:
        self._text = text
        self._offsets: dict[str, int] | None = None
        self._line_starts: list[int] | None = None

    def locate(self, pointer: str) -> tuple[int, int]:
        """1-based (line, column) of the value at `pointer`, or of its nearest existing parent."""
        offsets = self._index()
        for candidate in parent_pointers(pointer):
            if candidate in offsets:
                return self._line_col(offsets[candidate])
        return (1, 1)

    def _line_col(self, offset: int) -> tuple[int, int]:
        if self._line_starts is None:
            starts = [0]
            starts.extend(m.end() for m in re.finditer("\n", self._text))
            self._line_starts = starts

        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def _index(self) -> dict[str, int]:
        if self._offsets is None:
            self._offsets = {}
            # malformed text: keep what was indexed so far
            with contextlib.suppress(IndexError, ValueError, AttributeError):
                self._value(_WS.match(self._text, 0).end(), "")  # type: ignore[union-attr]
        return self._offsets

    def _skip(self, pos: int) -> int:
        return _WS.match(self._text, pos).end()  # type: ignore[union-attr]

    def _value(self, pos: int, pointer: str) -> int:
        assert self._offsets is not None
        self._offsets[pointer] = pos
        char = self._text[pos]
        if char == "{":
            pos = self._skip(pos + 1)
            if self._text[pos] == "}":
                return pos + 1
            while True:
                match = _STRING.match(self._text, pos)
                if match is None:
                    raise ValueError("expected a key")

                key = json.loads(match.group())
                pos = self._skip(match.end())
                pos = self._skip(pos + 1)  # the colon
                pos = self._skip(self._value(pos, f"{pointer}/{escape(key)}"))
                if self._text[pos] == "}":
                    return pos + 1
                pos = self._skip(pos + 1)  # the comma
        if char == "[":
            pos = self._skip(pos + 1)
            if self._text[pos] == "]":
                return pos + 1
            index = 0
            while True:
                pos = self._skip(self._value(pos, f"{pointer}/{index}"))
                index += 1
                if self._text[pos] == "]":
                    return pos + 1
                pos = self._skip(pos + 1)
        match = (_STRING if char == '"' else _SCALAR).match(self._text, pos)
        if match is None:
            raise ValueError("expected a value")
        return match.end()
