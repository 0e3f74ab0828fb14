"""What the author can do about each compatibility finding.

Every finding gets its rule's hint. Where the two schemas tell more, the hint says so: in Avro a
renamed field shows up as a reader field without a default that the writer lacks, next to a
writer field of the same type that the reader lacks; the fix for reading old data is the old
name in the new field's "aliases". Aliases only ever help the reading side, so when old readers
must read new data (FORWARD, FULL) the hint says to keep writing the old field instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from generator._pointer import lookup, unescape
from generator.compat._model import CompatFinding
from generator.compat._rules import rule_hint
from generator.report import Finding

_MISSING_DEFAULT = "READER_FIELD_MISSING_DEFAULT_VALUE"
_PRIMITIVES = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes", "string"})


def with_hints(schema_type: str, new: Any, previous: Sequence[Any],
               findings: Sequence[CompatFinding]) -> list[CompatFinding]:
    """The findings of one check of `new` against `previous`, each with its hint."""
    out = []
    for finding in findings:
        hint = rule_hint(finding.rule_id)
        if schema_type.upper() == "AVRO" and finding.rule_id == _MISSING_DEFAULT:
            hint = _missing_default_hint(finding, new, previous[finding.old_index]) or hint
        out.append(replace(finding, hint=hint))
    return out


def fill_rule_hints(findings: Sequence[Finding]) -> list[Finding]:
    """Findings without a hint get their rule's (the baseline rules' findings, say)."""
    return [f if f.hint else replace(f, hint=rule_hint(f.rule_id) or None) for f in findings]


def _missing_default_hint(finding: CompatFinding, new: Any, old: Any) -> str | None:
    backward = finding.direction == "backward"
    reader, writer = (new, old) if backward else (old, new)
    field_ptr, writer_record_ptr = ((finding.new_pointer, finding.old_pointer) if backward
                                    else (finding.old_pointer, finding.new_pointer))
    reader_doc, writer_doc = _document(reader), _document(writer)
    field = _at(reader_doc, field_ptr)
    reader_record = _at(reader_doc, field_ptr.rsplit("/", 2)[0])
    writer_record = _at(writer_doc, writer_record_ptr)
    if not (isinstance(field, dict) and isinstance(field.get("name"), str)):
        return None
    name = field["name"]
    renamed = None
    if isinstance(reader_record, dict) and isinstance(writer_record, dict):
        renamed = _renamed_from(field, _fields(reader_record), _fields(writer_record))
    if renamed is None:
        if backward:
            return (f"give the new field \"{name}\" a \"default\" (an optional field: a union "
                    f"[\"null\", ...] with \"default\": null)")
        return (f"keep writing field \"{name}\": readers of the old version need it, as it has "
                "no default there")
    if backward:
        return (f"if \"{renamed}\" was renamed to \"{name}\", keep reading old data with "
                f"\"aliases\": [\"{renamed}\"] on the new field")
    return (f"if \"{name}\" was renamed to \"{renamed}\", readers of the old version still look "
            f"for \"{name}\" (aliases help only the reading side): keep \"{name}\" in the new "
            f"version next to \"{renamed}\"")


def _renamed_from(field: dict[str, Any], reader_fields: list[dict[str, Any]],
                  writer_fields: list[dict[str, Any]]) -> str | None:
    """The one writer field this reader field looks renamed from: the reader lacks it, it has
    the same type, and no other new reader field of that type could claim it."""
    reader_names = {n for f in reader_fields for n in _names(f)}
    writer_names = {f["name"] for f in writer_fields}
    gone = [f for f in writer_fields if f["name"] not in reader_names]
    new = [f for f in reader_fields if not set(_names(f)) & writer_names and "default" not in f]
    kind = _type_key(field.get("type"))
    same_gone = [f for f in gone if _type_key(f.get("type")) == kind]
    same_new = [f for f in new if _type_key(f.get("type")) == kind]
    if len(same_gone) == 1 and len(same_new) == 1 and same_new[0] is field:
        return str(same_gone[0]["name"])
    return None


def _fields(record: dict[str, Any]) -> list[dict[str, Any]]:
    fields = record.get("fields")
    if not isinstance(fields, list):
        return []
    return [f for f in fields if isinstance(f, dict) and isinstance(f.get("name"), str)]


def _names(field: dict[str, Any]) -> list[str]:
    aliases = field.get("aliases")
    return [field["name"], *(a for a in aliases if isinstance(a, str))] if isinstance(
        aliases, list) else [field["name"]]


def _type_key(value: Any) -> Any:
    """A comparable form of an Avro type: {"type": "string"} is "string"."""
    if isinstance(value, dict) and set(value) == {"type"} and value["type"] in _PRIMITIVES:
        return value["type"]
    if isinstance(value, dict):
        return tuple(sorted((k, _type_key(v)) for k, v in value.items() if k != "doc"))
    if isinstance(value, list):
        return tuple(_type_key(v) for v in value)
    return value


def _document(schema: Any) -> Any:
    return getattr(schema, "doc", schema)  # a schema prepared by compat._avro.prepare


def _at(document: Any, pointer: str) -> Any:
    tokens = [unescape(t) for t in pointer.split("/")[1:]] if pointer else []
    try:
        return lookup(document, tokens)
    except (KeyError, IndexError, TypeError, ValueError):
        return None
