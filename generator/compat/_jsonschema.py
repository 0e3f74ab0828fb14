"""JSON Schema compatibility with Confluent Schema Registry's rules (its JSON Schema diff).

`check_reader_writer(reader, writer)` answers what Confluent's
`SchemaDiff.compare(original=writer, update=reader)` answers under the STRICT policy: the
differences it finds between the schema data was written with (the old one, for a backward
check) and the schema that reads it (the new one), keeping only the incompatible kinds.

    >>> check_reader_writer({"type": "string", "maxLength": 5}, {"type": "string"})[0].rule_id
    'MAX_LENGTH_ADDED'
"""

from __future__ import annotations

import sys
from typing import Any

from generator.compat import _json_rules
from generator.compat._json_diff import Diff, diff
from generator.compat._json_model import Document
from generator.compat._model import Incompatibility
from generator.errors import ContractsError

__all__ = ["all_differences", "check_reader_writer"]


def all_differences(reader: Any, writer: Any) -> list[Diff]:
    """Every difference Confluent's diff reports, compatible ones included."""
    original = Document(writer, "writer").root()
    update = Document(reader, "reader").root()
    # Pairs of mutually referring definitions nest deeply (Confluent runs this on the JVM stack)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20_000))
    try:
        return diff(original, update)
    except RecursionError:
        raise ContractsError("JSON Schema too deeply nested to compare "
                             "(more than about 2,000 levels of schemas and $refs)") from None
    finally:
        sys.setrecursionlimit(limit)


def check_reader_writer(reader: Any, writer: Any) -> list[Incompatibility]:
    # One finding per rule and place in the documents: a definition reached through several
    # $refs (or around a recursive one) is reported once, at its shortest path.
    best: dict[tuple[str, str, str], Diff] = {}
    for d in all_differences(reader, writer):
        if _json_rules.is_compatible(d.kind):
            continue
        key = (d.kind, d.reader_pointer, d.writer_pointer)
        if key not in best or len(d.path) < len(best[key].path):
            best[key] = d
    found: list[Incompatibility] = []
    for d in best.values():
        at = "the root" if not d.path else "'/" + "/".join(d.path) + "'"
        found.append(Incompatibility(d.kind, _json_rules.sentence(d.kind, at, d.detail),
                                     d.reader_pointer, d.writer_pointer))
    return found
