"""Avro reader/writer compatibility: the specification's schema resolution.

It gives the verdicts of Java Avro 1.11's `SchemaCompatibility`, which Confluent Schema Registry
uses (tests/compat/data/avro_java_pairs.jsonl holds Java-labelled pairs):

- same primitive types match; int promotes to long, float and double; long to float and
  double; float to double; string and bytes read each other;
- arrays and maps compare their items and values;
- records, enums and fixed need the same unqualified name, or a reader alias equal to the
  writer's full name (an alias without a namespace is in the declaring type's namespace, as in
  Java); then record fields are matched by name or reader field alias (a reader field the
  writer lacks needs a default; one whose name and aliases match more than one writer field -
  or the same one twice - is an error in Java, which Confluent reports as incompatible), enums
  need every writer symbol or a reader enum default, fixed needs the same size;
- a writer union needs every branch readable; a reader union needs one branch that reads the
  writer's schema;
- logical types are ignored (decimal precision and scale included), as the reference does.

Pairs are memoised by node identity for the duration of one check, and a pair met again while
it is being checked counts as compatible (recursive schemas), exactly as the reference does, so
verdicts agree on recursive schemas as well.
"""

from __future__ import annotations

from typing import Any

from generator.catalog import NAMED_AVRO_TYPES as NAMED
from generator.catalog import AvroNode as Node
from generator.catalog import AvroSchema as Schema
from generator.catalog import parsed_avro
from generator.compat._model import Incompatibility
from generator.errors import ContractsError

READER_FIELD_MISSING_DEFAULT_VALUE = "READER_FIELD_MISSING_DEFAULT_VALUE"
TYPE_MISMATCH = "TYPE_MISMATCH"
MISSING_UNION_BRANCH = "MISSING_UNION_BRANCH"
MISSING_ENUM_SYMBOLS = "MISSING_ENUM_SYMBOLS"
NAME_MISMATCH = "NAME_MISMATCH"
FIXED_SIZE_MISMATCH = "FIXED_SIZE_MISMATCH"
AMBIGUOUS_FIELD_ALIAS = "AMBIGUOUS_FIELD_ALIAS"

# The writer types each primitive reader type reads: itself and the Avro promotions.
_READS: dict[str, frozenset[str]] = {
    "null": frozenset({"null"}),
    "boolean": frozenset({"boolean"}),
    "int": frozenset({"int"}),
    "long": frozenset({"long", "int"}),
    "float": frozenset({"float", "int", "long"}),
    "double": frozenset({"double", "int", "long", "float"}),
    "bytes": frozenset({"bytes", "string"}),
    "string": frozenset({"string", "bytes"}),
}

# While checking, an issue is a plain tuple (rule, reader node, writer node, reader pointer,
# writer pointer, detail): reader unions try branch after branch and drop the failures, so
# messages are only written for the issues that are reported.
_Issue = tuple[str, Node, Node, str, str, Any]
Issues = tuple[_Issue, ...]
_NONE: Issues = ()


def compiled(schema: Any) -> Schema:
    # Defaults are not validated here: Confluent checks a new schema against versions it
    # registered before it validated defaults, and the catalog validates new ones first.
    return parsed_avro(schema, validate_defaults=False)


def prepare(schema: Any) -> Schema:
    """Compile a parsed schema once, to check it against many others.

    `check_reader_writer` takes the result in place of the JSON value. Raises ContractsError
    when the schema is not valid Avro.
    """
    return compiled(schema)


def check_reader_writer(reader: Any, writer: Any) -> list[Incompatibility]:
    """Why data written with `writer` cannot be read with `reader` (empty: it can).

    Both are parsed JSON values (or schemas from `prepare`). Raises ContractsError when either
    is not a valid Avro schema.
    """
    reader_schema = reader if isinstance(reader, Schema) else compiled(reader)
    writer_schema = writer if isinstance(writer, Schema) else compiled(writer)
    try:
        issues = _Check().pair(reader_schema.root, writer_schema.root, "", "")
    except RecursionError:
        raise ContractsError("invalid Avro schema: nested too deeply to check") from None
    if not issues:
        return []
    # dict.fromkeys: a memoised pair met twice reports once
    return [_render(issue, reader_schema) for issue in dict.fromkeys(issues)]


class _Check:
    __slots__ = ("memo",)

    def __init__(self) -> None:
        self.memo: dict[tuple[int, int], Issues | None] = {}

    def pair(self, r: Node, w: Node, r_ptr: str, w_ptr: str) -> Issues:
        r_kind = r.kind
        w_kind = w.kind
        # A pair with a primitive on either side cannot lie on a cycle: no need to memoise it.
        reads = _READS.get(r_kind)
        if reads is not None:
            if w_kind in reads:
                return _NONE
            if w_kind == "union":
                return self.writer_union(r, w, r_ptr)
            return ((TYPE_MISMATCH, r, w, r_ptr, w_ptr, None),)
        if w_kind in _READS:
            if r_kind == "union":
                return self.reader_union(r, w, r_ptr, w_ptr)
            return ((TYPE_MISMATCH, r, w, r_ptr, w_ptr, None),)
        key = (id(r), id(w))
        memo = self.memo
        if key in memo:
            found = memo[key]
            return _NONE if found is None else found  # None: in progress, assumed compatible
        memo[key] = None
        result = self.compare(r, w, r_ptr, w_ptr)
        memo[key] = result
        return result

    def compare(self, r: Node, w: Node, r_ptr: str, w_ptr: str) -> Issues:
        kind = r.kind
        if kind == w.kind:
            if kind == "record":
                return self.names(r, w) + self.record(r, w)
            if kind == "array":
                return self.pair(r.items, w.items, r.items_ptr, w.items_ptr)
            if kind == "map":
                return self.pair(r.values, w.values, r.values_ptr, w.values_ptr)
            if kind == "union":
                issues: Issues = _NONE
                for index, branch in enumerate(w.branches):
                    branch_ptr = w.branch_ptrs[index]
                    if self.pair(r, branch, r_ptr, branch_ptr):
                        issues += ((MISSING_UNION_BRANCH, r, branch, r_ptr, branch_ptr, None),)
                return issues
            if kind == "enum":
                return self.names(r, w) + self.enum(r, w)
            # fixed
            issues = self.names(r, w)
            if r.size != w.size:
                issues += ((FIXED_SIZE_MISMATCH, r, w, r.ptr + "/size", w.ptr + "/size", None),)
            return issues
        if w.kind == "union":
            return self.writer_union(r, w, r_ptr)
        if kind == "union":
            return self.reader_union(r, w, r_ptr, w_ptr)
        return ((TYPE_MISMATCH, r, w, r_ptr, w_ptr, None),)

    def writer_union(self, r: Node, w: Node, r_ptr: str) -> Issues:
        issues: Issues = _NONE
        for index, branch in enumerate(w.branches):
            issues += self.pair(r, branch, r_ptr, w.branch_ptrs[index])
        return issues

    def reader_union(self, r: Node, w: Node, r_ptr: str, w_ptr: str) -> Issues:
        w_kind = w.kind
        for index, branch in enumerate(r.branches):
            reads = _READS.get(branch.kind)
            if reads is not None and w_kind in _READS:
                if w_kind in reads:
                    return _NONE
            elif not self.pair(branch, w, r.branch_ptrs[index], w_ptr):
                return _NONE
        return ((MISSING_UNION_BRANCH, r, w, r_ptr, w_ptr, None),)

    @staticmethod
    def names(r: Node, w: Node) -> Issues:
        if r.name == w.name or w.fullname in r.aliases:
            return _NONE
        return ((NAME_MISMATCH, r, w, r.ptr + "/name", w.ptr + "/name", None),)

    def record(self, r: Node, w: Node) -> Issues:
        issues: Issues = _NONE
        by_name = w.fields_by_name
        for field in r.fields:
            found = by_name.get(field.name)
            if field.aliases:
                matches = [m for m in (found, *map(by_name.get, field.aliases)) if m is not None]
                if len(matches) > 1:
                    # Java's checker throws here (even when name and alias find the same writer
                    # field) and Confluent reports that as incompatible.
                    issues += ((AMBIGUOUS_FIELD_ALIAS, r, w, field.ptr, w.ptr, field),)
                    continue
                found = matches[0] if matches else None
            if found is not None:
                reads = _READS.get(field.type.kind)
                if reads is None or found.type.kind not in reads:  # else: fast path, readable
                    issues += self.pair(field.type, found.type, field.type_ptr, found.type_ptr)
            elif not field.has_default:
                if field.type.kind == "enum" and field.type.default:
                    # The reference then compares the enum with the writer's whole record.
                    issues += ((TYPE_MISMATCH, r, w, field.type_ptr, w.ptr, field),)
                else:
                    issues += ((READER_FIELD_MISSING_DEFAULT_VALUE, r, w, field.ptr, w.ptr,
                                field),)
        return issues

    @staticmethod
    def enum(r: Node, w: Node) -> Issues:
        if w.symbol_set <= r.symbol_set:
            return _NONE
        default = r.default
        if default and isinstance(default, str) and default in r.symbol_set:
            return _NONE
        return ((MISSING_ENUM_SYMBOLS, r, w, r.ptr + "/symbols", w.ptr + "/symbols", None),)


def _render(issue: _Issue, reader: Schema) -> Incompatibility:
    rule, r, w, r_ptr, w_ptr, field = issue
    if rule == READER_FIELD_MISSING_DEFAULT_VALUE:
        message = (f"field '{field.name}' of record '{r.fullname}' has no default and is missing "
                   f"from the writing schema, so records written without it cannot be read")
    elif rule == TYPE_MISMATCH and field is not None:
        message = (f"field '{field.name}' of record '{r.fullname}' is missing from the writing "
                   f"schema and has no default (its enum's default symbol does not count), so "
                   f"records written without it cannot be read")
    elif rule == TYPE_MISMATCH:
        message = (f"{_where(reader.document, r_ptr)} is {_describe(w)} in the writing schema but "
                   f"{_describe(r)} in the reading schema, and data written as {_short(w)} "
                   f"cannot be read as {_short(r)}")
    elif rule == MISSING_UNION_BRANCH:
        message = (f"{_where(reader.document, r_ptr)} is {_describe(r)} in the reading schema, and "
                   f"none of its branches can read the writing schema's {_describe(w)}")
    elif rule == MISSING_ENUM_SYMBOLS:
        missing = ", ".join(f"'{s}'" for s in w.symbols if s not in r.symbol_set)
        message = (f"enum '{r.fullname}' in the reading schema lacks {missing} of the writing "
                   f"schema and has no default symbol, so those values cannot be read")
    elif rule == AMBIGUOUS_FIELD_ALIAS:
        message = (f"field '{field.name}' of record '{r.fullname}' matches more than one field "
                   f"of the writing schema's record '{w.fullname}' by its name and aliases "
                   f"{list(field.aliases)}, so the reader cannot tell which to read")
    elif rule == NAME_MISMATCH:
        message = (f"{r.kind} '{r.fullname}' in the reading schema matches neither the name nor "
                   f"an alias of {w.kind} '{w.fullname}' in the writing schema, so its data "
                   f"cannot be resolved")
    else:
        message = (f"fixed '{r.fullname}' is {r.size} bytes in the reading schema but {w.size} "
                   f"in the writing schema, so its values cannot be read")
    return Incompatibility(rule, message, r_ptr, w_ptr)


def _describe(node: Node) -> str:
    kind = node.kind
    if kind in NAMED:
        return f"{kind} '{node.fullname}'"
    if kind == "array":
        return f"an array of {_describe(node.items)}"
    if kind == "map":
        return f"a map of {_describe(node.values)}"
    if kind == "union":
        return "the union [" + ", ".join(_short(b) for b in node.branches) + "]"
    return kind


def _short(node: Node) -> str:
    return node.fullname if node.kind in NAMED else node.kind


def _where(doc: Any, ptr: str) -> str:
    """A place in a schema in words: "field 'tags' of record 'acme.User' (array items)"."""
    value = doc
    record = field = ""
    namespace = ""
    trail: list[str] = []
    previous = ""
    for token in ptr.split("/")[1:]:
        if isinstance(value, list):
            value = value[int(token)]
            if previous == "fields":
                field = str(value.get("name", "")) if isinstance(value, dict) else ""
                trail = []
            else:
                trail.append(f"union branch {token}")
        elif isinstance(value, dict):
            name = value.get("name")
            kind = value.get("type")
            if isinstance(name, str) and isinstance(kind, str) and kind in NAMED:
                space = value.get("namespace", namespace)
                space = namespace if space is None else str(space)
                full = name if "." in name or not space else f"{space}.{name}"
                namespace = full.rpartition(".")[0]
                if token == "fields":
                    record = full
            if token in ("items", "values"):
                trail.append("array items" if token == "items" else "map values")
            value = value.get(token)
        else:
            break
        previous = token
    place = f"field '{field}' of record '{record}'" if field else "the top-level schema"
    return place + (" (" + ", ".join(trail) + ")" if trail else "")
