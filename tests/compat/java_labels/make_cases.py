"""Generate Avro parse cases and reader/writer pairs and label them with Java Apache Avro 1.11.

Confluent Schema Registry parses with Java's `Schema.Parser` (defaults validated) and judges
compatibility with Java's `SchemaCompatibility`, so those are the answers our validator and
checker must give. The labels come from the Java oracle in ../shared/oracles/avro-java (see its
README): this script writes the cases, runs the oracle once over all of them and writes

    tests/compat/data/avro_java_pairs.jsonl   {"id", "category", "reader", "writer",
                                               "reader_parses", "writer_parses", "compatible"}
    tests/compat/data/avro_java_parse.jsonl   {"id", "category", "text", "accepts"}

`compatible` is null when a side does not parse; a check that throws (a reader field whose name
and aliases match several writer fields) is labelled incompatible, as Confluent reports it.
Parse cases carry schema TEXT (comments are part of what the Java parser accepts, and a `//`
comment needs a line break, which the oracle's one-schema-per-line input cannot carry), so they
go through a small harness (TEXT_HARNESS below) around the same `Schema.Parser` call the oracle
makes: defaults validated, any exception a rejection. Pairs go through the oracle itself.

The output is deterministic (no randomness, cases in a fixed order). Usage:

    python tests/compat/java_labels/make_cases.py --jars /tmp/avro-oracle/jars \
        --oracle-classes /tmp/avro-oracle/out
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "data"
PRIMITIVES = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"]

Pair = tuple[str, Any, Any]  # (category, reader, writer)
ParseCase = tuple[str, str]  # (category, schema text)


def record(name: str, fields: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"type": "record", "name": name, **extra, "fields": fields}


def field(name: str, type_: Any, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, **extra}


def wrap(type_: Any, **extra: Any) -> dict[str, Any]:
    """A one-field record around `type_` (field extras such as a default)."""
    return record("R", [field("f", type_, **extra)])


# ---------------------------------------------------------------------------------------------
# Reader/writer pairs


def primitive_pairs() -> Iterator[Pair]:
    for reader, writer in itertools.product(PRIMITIVES, repeat=2):
        yield "promotion/top", reader, writer
        yield "promotion/field", wrap(reader), wrap(writer)
    for reader, writer in itertools.product(["int", "long", "float", "double", "string", "bytes"],
                                            repeat=2):
        yield "promotion/array", {"type": "array", "items": reader}, {"type": "array",
                                                                       "items": writer}
        yield "promotion/map", {"type": "map", "values": reader}, {"type": "map", "values": writer}
    yield "container/array-vs-map", {"type": "array", "items": "int"}, {"type": "map",
                                                                         "values": "int"}
    yield "container/map-vs-array", {"type": "map", "values": "int"}, {"type": "array",
                                                                        "items": "int"}
    yield "container/nested", {"type": "array", "items": {"type": "map", "values": "long"}}, \
        {"type": "array", "items": {"type": "map", "values": "int"}}
    yield "container/nested", {"type": "array", "items": {"type": "map", "values": "int"}}, \
        {"type": "array", "items": {"type": "map", "values": "long"}}
    yield "container/array-of-records", {"type": "array", "items": wrap("long")}, \
        {"type": "array", "items": wrap("int")}
    yield "container/array-of-records", {"type": "array", "items": wrap("int")}, \
        {"type": "array", "items": wrap("long")}


UNIONS: list[list[Any]] = [
    ["null", "string"], ["string", "null"], ["null", "int"], ["int", "long"],
    ["null", "long", "string"], ["string"], [], ["int"], ["null"], ["float", "double"],
    ["bytes", "null"], ["null", "boolean", "int", "long", "float", "double", "bytes", "string"],
]


def union_pairs() -> Iterator[Pair]:
    for reader, writer in itertools.product(UNIONS, repeat=2):
        yield "union/union", reader, writer
    for union, primitive in itertools.product(UNIONS, PRIMITIVES):
        yield "union/reader-union", union, primitive
        yield "union/writer-union", primitive, union
    for reader, writer in itertools.product(UNIONS[:6], repeat=2):
        yield "union/field", wrap(reader), wrap(writer)
    enum_ab = {"type": "enum", "name": "E", "symbols": ["A", "B"]}
    enum_abc = {"type": "enum", "name": "E", "symbols": ["A", "B", "C"]}
    yield "union/named-branches", ["null", enum_abc], ["null", enum_ab]
    yield "union/named-branches", ["null", enum_ab], ["null", enum_abc]
    yield "union/named-branches", ["null", enum_ab], enum_ab
    yield "union/named-branches", enum_ab, ["null", enum_ab]
    yield "union/named-branches", [wrap("int"), record("S", [field("s", "string")])], \
        record("S", [field("s", "string")])
    yield "union/named-branches", [wrap("int"), record("S", [field("s", "string")])], \
        record("T", [field("s", "string")])
    yield "union/named-branches", [record("T", [], aliases=["S"]), "null"], \
        record("S", [field("s", "string")])
    yield "union/named-branches", [{"type": "fixed", "name": "F", "size": 4}, "string"], \
        {"type": "fixed", "name": "F", "size": 8}


def field_pairs() -> Iterator[Pair]:
    variants: list[list[dict[str, Any]]] = [
        [field("a", "int")],
        [field("a", "int"), field("b", "string")],
        [field("a", "int"), field("b", "string", default="x")],
        [field("a", "int"), field("b", ["null", "string"], default=None)],
        [field("a", "int"), field("b", ["null", "string"])],
        [field("a", "long"), field("b", "string", default="x")],
        [field("b", "string", default="x"), field("a", "int")],
        [field("a", "int", default=0)],
        [],
        [field("a", "int"), field("c", {"type": "enum", "name": "C", "symbols": ["X", "Y"],
                                        "default": "X"})],
        [field("a", "int"), field("c", {"type": "enum", "name": "C", "symbols": ["X", "Y"]},
                                  default="X")],
        [field("a", "int"), field("c", {"type": "array", "items": "int"}, default=[])],
        [field("a", "int"), field("c", {"type": "map", "values": "int"}, default={})],
        [field("a", "int"), field("c", wrap("int"), default={"f": 1})],
    ]
    for reader, writer in itertools.product(variants, repeat=2):
        yield "record/fields", record("R", reader), record("R", writer)


def enum(name: str, symbols: list[str], **extra: Any) -> dict[str, Any]:
    return {"type": "enum", "name": name, "symbols": symbols, **extra}


def enum_pairs() -> Iterator[Pair]:
    variants = [
        enum("E", ["A", "B"]), enum("E", ["A", "B", "C"]), enum("E", ["B", "A"]), enum("E", ["A"]),
        enum("E", ["A", "B"], default="A"), enum("E", ["A"], default="A"),
        enum("E", ["A", "B", "C"], default="C"), enum("F", ["A", "B"]),
        enum("F", ["A", "B"], aliases=["E"]), enum("E", []), enum("E", ["A"], default="B"),
    ]
    for reader, writer in itertools.product(variants, repeat=2):
        yield "enum/top", reader, writer
    for reader, writer in itertools.product(variants[:7:2], repeat=2):
        yield "enum/field", wrap(reader), wrap(writer)


def fixed(name: str, size: Any, **extra: Any) -> dict[str, Any]:
    return {"type": "fixed", "name": name, "size": size, **extra}


def fixed_pairs() -> Iterator[Pair]:
    variants = [fixed("F", 4), fixed("F", 8), fixed("G", 4), fixed("G", 4, aliases=["F"]),
                fixed("ns.F", 4), fixed("F", 4, namespace="ns"), fixed("F", 0), fixed("F", -1),
                fixed("F", "4"), fixed("F", 4.0)]
    for reader, writer in itertools.product(variants, repeat=2):
        yield "fixed/top", reader, writer
    yield "fixed/vs-bytes", fixed("F", 4), "bytes"
    yield "fixed/vs-bytes", "bytes", fixed("F", 4)


NAMESPACES: list[str | None] = [None, "", "a", "b", "a.b"]


def alias_pairs() -> Iterator[Pair]:
    """A writer record renamed in the reader, with every form of alias and namespace."""
    def named(name: str, namespace: str | None, **extra: Any) -> dict[str, Any]:
        data: dict[str, Any] = {"type": "record", "name": name}
        if namespace is not None:
            data["namespace"] = namespace
        return {**data, **extra, "fields": [field("x", "int")]}

    alias_forms = [["Old"], ["a.Old"], ["b.Old"], ["Other", "Old"], [".Old"], ["a.b.Old"], []]
    for writer_ns, reader_ns in itertools.product(NAMESPACES, repeat=2):
        yield "alias/same-name", named("Old", reader_ns), named("Old", writer_ns)
        for aliases in alias_forms:
            yield "alias/rename", named("New", reader_ns, aliases=aliases), named("Old", writer_ns)
    # a qualified name in "name" overrides "namespace"
    yield "alias/qualified-name", named("a.New", "b", aliases=["Old"]), named("Old", "a")
    yield "alias/qualified-name", named("a.New", "b", aliases=["Old"]), named("Old", "b")
    # an alias of a nested type is relative to that type's namespace, not the record's
    inner_writer = record("W", [field("e", enum("In", ["A"], namespace="x"))], namespace="a")
    for inner_ns, alias in itertools.product([None, "x", "y", ""], ["In", "x.In", "a.In"]):
        extra: dict[str, Any] = {"aliases": [alias]}
        if inner_ns is not None:
            extra["namespace"] = inner_ns
        reader = record("W", [field("e", enum("Renamed", ["A"], **extra))], namespace="a")
        yield "alias/nested-namespace", reader, inner_writer


def field_alias_pairs() -> Iterator[Pair]:
    writers = [
        record("R", [field("a", "int")]),
        record("R", [field("a", "int"), field("b", "int")]),
        record("R", [field("b", "int")]),
        record("R", [field("b", "string")]),
        record("R", [field("c", "int")]),
    ]
    readers = [
        record("R", [field("a", "int", aliases=["b"])]),
        record("R", [field("a", "int", aliases=["a"])]),
        record("R", [field("x", "int", aliases=["a", "b"])]),
        record("R", [field("x", "int", aliases=["b", "zz"])]),
        record("R", [field("x", "int", aliases=["zz"], default=1)]),
        record("R", [field("x", "int", aliases=["b", "b"])]),
        record("R", [field("a", "int", aliases=["b"], default=0)]),
        record("R", [field("x", "long", aliases=["a"])]),
        record("R", [field("a", "int"), field("b2", "int", aliases=["b"])]),
    ]
    for reader, writer in itertools.product(readers, writers):
        yield "field-alias/match", reader, writer


def recursive_pairs() -> Iterator[Pair]:
    def linked(value: str, *extra: dict[str, Any]) -> dict[str, Any]:
        return record("Node", [field("value", value), field("next", ["null", "Node"],
                                                             default=None), *extra])

    variants = [linked("int"), linked("long"), linked("string"),
                linked("int", field("tag", "string", default="")), linked("int", field("tag",
                                                                                  "string"))]
    for reader, writer in itertools.product(variants, repeat=2):
        yield "recursive/linked", reader, writer
    tree = record("Tree", [field("children", {"type": "array", "items": "Tree"}),
                           field("v", "int")])
    tree_long = record("Tree", [field("children", {"type": "array", "items": "Tree"}),
                                field("v", "long")])
    yield "recursive/tree", tree_long, tree
    yield "recursive/tree", tree, tree_long
    mutual = record("A", [field("b", ["null", record("B", [field("a", ["null", "A"])])])])
    mutual2 = record("A", [field("b", ["null", record("B", [field("a", ["null", "A"]),
                                                              field("n", "int")])])])
    yield "recursive/mutual", mutual, mutual2
    yield "recursive/mutual", mutual2, mutual


def logical_pairs() -> Iterator[Pair]:
    variants: list[Any] = [
        {"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 2},
        {"type": "bytes", "logicalType": "decimal", "precision": 6, "scale": 2},
        {"type": "bytes", "logicalType": "decimal", "precision": 2, "scale": 4},  # invalid
        {"type": "string", "logicalType": "decimal", "precision": 4},  # invalid: ignored
        {"type": "int", "logicalType": "date"}, {"type": "long", "logicalType": "date"},
        {"type": "long", "logicalType": "timestamp-millis"},
        {"type": "int", "logicalType": "timestamp-millis"},
        {"type": "string", "logicalType": "uuid"}, {"type": "string", "logicalType": "no-such"},
        {"type": "fixed", "name": "D", "size": 12, "logicalType": "duration"},
        {"type": "fixed", "name": "D", "size": 10, "logicalType": "duration"},
        "bytes", "int", "long", "string",
    ]
    for reader, writer in itertools.product(variants, repeat=2):
        yield "logical/field", wrap(reader), wrap(writer)


def reference_pairs() -> Iterator[Pair]:
    money = record("Money", [field("cents", "long")], namespace="shop")
    for ref in ["Money", "shop.Money", {"type": "Money"}, {"type": "Money", "doc": "price"},
                {"type": "shop.Money", "logicalType": "x", "extra": [1]},
                {"type": "Money", "name": "Ignored"}, {"type": "Nope"}]:
        writer = record("Order", [field("a", money), field("b", ref)], namespace="shop")
        reader = record("Order", [field("a", money), field("b", "Money")], namespace="shop")
        yield "reference/object-form", reader, writer
        yield "reference/object-form", writer, reader


def namespace_pairs() -> Iterator[Pair]:
    inner_null = record("In", [field("x", "int")], namespace="")
    for ref in ["In", "a.In", ".In"]:
        outer = record("Out", [field("i", inner_null), field("j", ref)], namespace="a")
        yield "namespace/empty", outer, outer
    inner = record("In", [field("x", "int")])
    for ref in ["In", "a.In"]:
        outer = record("Out", [field("i", inner), field("j", ref)], namespace="a")
        yield "namespace/inherited", outer, outer
    for reader_ns, writer_ns in itertools.product(NAMESPACES, repeat=2):
        reader = record("R", [field("e", enum("E", ["A"]))], **(
            {} if reader_ns is None else {"namespace": reader_ns}))
        writer = record("R", [field("e", enum("E", ["A"], namespace="z"))], **(
            {} if writer_ns is None else {"namespace": writer_ns}))
        yield "namespace/names-ignore-namespace", reader, writer
    yield "namespace/non-string", record("R", [field("x", "int")], namespace=5), \
        record("R", [field("x", "int")])


def all_pairs() -> list[Pair]:
    pairs: list[Pair] = []
    for make in (primitive_pairs, union_pairs, field_pairs, enum_pairs, fixed_pairs, alias_pairs,
                 field_alias_pairs, recursive_pairs, logical_pairs, reference_pairs,
                 namespace_pairs):
        pairs.extend(make())
    return pairs


# ---------------------------------------------------------------------------------------------
# Parse cases (schema text)

DEFAULT_TYPES: list[Any] = [
    *PRIMITIVES,
    ["null", "string"], ["string", "null"], ["int", "null"], [],
    enum("E", ["A", "B"]), fixed("F", 2),
    {"type": "array", "items": "int"}, {"type": "map", "values": "string"},
    record("Inner", [field("x", "int"), field("y", "string", default="d")]),
    {"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 2},
]
DEFAULT_VALUES: list[Any] = [None, True, 0, 1, -1, 2**31 - 1, 2**31, 2**63, 1.5, 1.0, "x", "",
                             "ab", "NaN", "1.5", "A", [], [1], ["a"], {}, {"x": 1},
                             {"x": 1, "y": "z"}, {"a": "b"}]


def as_text(schema: Any) -> str:
    return json.dumps(schema)


def default_cases() -> Iterator[ParseCase]:
    for type_, value in itertools.product(DEFAULT_TYPES, DEFAULT_VALUES):
        yield "default/field", as_text(wrap(type_, default=value))
    # defaults that build a record still being defined
    yield "default/recursive", as_text(record("Node", [
        field("next", ["Node", "null"], default={"next": None})]))
    yield "default/recursive", as_text(record("Node", [
        field("next", ["null", "Node"], default=None)]))
    yield "default/recursive", as_text(record("Node", [
        field("kids", {"type": "array", "items": "Node"}, default=[])]))
    yield "default/recursive", as_text(record("Node", [
        field("kids", {"type": "array", "items": "Node"}, default=[{"kids": []}])]))
    yield "default/recursive", as_text(record("Outer", [
        field("i", record("In", [field("o", ["null", "Outer"], default=None)]),
              default={"o": None})]))
    yield "default/nested-record", as_text(record("Outer", [
        field("i", record("In", [field("a", "int", default=3)]), default={})]))
    yield "default/nested-record", as_text(record("Outer", [
        field("i", record("In", [field("a", "int")]), default={})]))
    yield "default/nested-record", as_text(record("Outer", [
        field("i", record("In", [field("a", "int")]), default={"a": "no"})]))
    yield "default/reference", as_text(record("Outer", [
        field("e", enum("E", ["A"])), field("e2", "E", default="A"), field("e3", "E",
                                                                           default="Z")]))
    yield "default/enum-top", as_text(enum("E", ["A", "B"], default="A"))
    yield "default/enum-top", as_text(enum("E", ["A", "B"], default="C"))
    yield "default/enum-top", as_text(enum("E", ["A", "B"], default=1))
    yield "default/enum-top", as_text(enum("E", ["A", "B"], default=None))


def name_cases() -> Iterator[ParseCase]:
    for name in ["a", "_a", "A1", "1a", "a-b", "a.b.C", "a..b", ".a", "a.", "ñame", "a b", "",
                 "int", "string", "record", "x.int", "null"]:
        yield "name/record", as_text(record(name, []))
        yield "name/field", as_text(record("R", [field(name, "int")]))
        yield "name/enum-symbol", as_text(enum("E", [name]))
    for namespace in ["a", "a.b", "1a", "a-b", "a..b", ".a", "", 5, None, "ñ"]:
        yield "name/namespace", as_text(record("R", [], namespace=namespace))
    yield "name/missing", as_text({"type": "record", "fields": []})
    yield "name/not-string", as_text(record(5, []))  # type: ignore[arg-type]
    yield "name/redefined", as_text(record("R", [field("a", enum("R", ["A"]))]))
    yield "name/redefined", as_text(record("R", [field("a", enum("E", ["A"])),
                                                  field("b", enum("E", ["A"]))]))
    yield "name/redefined", as_text(record("R", [field("a", enum("E", ["A"])),
                                                  field("b", enum("E", ["A"], namespace="n"))]))


def alias_cases() -> Iterator[ParseCase]:
    for aliases in [["ok"], ["a.b.Ok"], ["1bad"], ["a-b"], [""], [1], "notalist", [], ["a..b"],
                    [".a"], ["ñ"], [None], ["ok", "ok"]]:
        yield "alias/named", as_text(record("R", [field("x", "int")], aliases=aliases))
        yield "alias/enum", as_text(enum("E", ["A"], aliases=aliases))
        yield "alias/field", as_text(record("R", [field("x", "int", aliases=aliases)]))


def order_cases() -> Iterator[ParseCase]:
    for order in ["ascending", "descending", "ignore", "ASCENDING", "Descending", "random", "",
                  1, None, True]:
        yield "order", as_text(record("R", [field("x", "int", order=order)]))


def structure_cases() -> Iterator[ParseCase]:
    cases: list[Any] = [
        *PRIMITIVES, "nope", {"type": "nope"}, 5, None, True, [], ["null"], ["int", "int"],
        ["int", ["null"]], [{"type": "array", "items": "int"}, {"type": "array", "items": "long"}],
        [{"type": "map", "values": "int"}, "null"], [enum("E", ["A"]), enum("E2", ["A"])],
        [enum("E", ["A"]), enum("n.E", ["A"])], [enum("E", ["A"]), "E"],
        {"type": {"type": "int"}}, {"type": ["int", "null"]}, {"type": "array"},
        {"type": "map"}, {"type": "array", "items": "nope"}, {"type": "error", "name": "Err",
                                                              "fields": []},
        {"type": "record", "name": "R"}, {"type": "record", "name": "R", "fields": {}},
        record("R", [{"name": "x"}]), record("R", [5]), record("R", [field("x", "int"),
                                                                     field("x", "long")]),
        record("R", [field("x", "R")]), record("R", [field("x", ["null", "R"])]),
        record("R", [field("x", "Later"), field("y", enum("Later", ["A"]))]),
        enum("E", ["A", "A"]), enum("E", ["1A"]), enum("E", [1]), {"type": "enum", "name": "E"},
        fixed("F", -1), fixed("F", "4"), fixed("F", 4.0), fixed("F", 2**31),
        {"type": "fixed", "name": "F"}, {"type": "int", "doc": 5, "logicalType": 3},
        record("R", [field("x", "int", doc=5)], doc=["not", "text"]),
        {"type": "bytes", "logicalType": "decimal", "precision": 2, "scale": 4},
        {"type": "bytes", "logicalType": "decimal"},
        {"type": "bytes", "logicalType": "decimal", "precision": "4"},
        {"type": "string", "logicalType": "decimal", "precision": 4},
        {"type": "int", "logicalType": "timestamp-millis"}, {"type": "long", "logicalType": "date"},
        fixed("F", 10, logicalType="duration"), {"type": "string", "logicalType": "uuid"},
        {"type": "long", "logicalType": "local-timestamp-micros"},
        {"type": "int", "logicalType": 5},
        record("R", [field("m", record("Money", [field("c", "long")])),
                     field("n", {"type": "Money", "doc": "again"})]),
        record("R", [field("m", record("Money", [field("c", "long")])),
                     field("n", {"type": "Money", "fields": []})]),
        record("R", [field("m", record("Money", [field("c", "long")], namespace="")),
                     field("n", "Money")], namespace="a"),
        record("R", [field("m", record("Money", [field("c", "long")], namespace="")),
                     field("n", "a.Money")], namespace="a"),
        record("R", [field("m", record("Money", [field("c", "long")])),
                     field("n", "a.Money")], namespace="a"),
        record("R", [field("m", record("Money", [field("c", "long")], namespace="b")),
                     field("n", "Money")], namespace="a"),
        record("R", [field("m", record("Money", [field("c", "long")], namespace="b")),
                     field("n", "b.Money")], namespace="a"),
    ]
    for schema in cases:
        yield "structure", as_text(schema)


def text_cases() -> Iterator[ParseCase]:
    yield "text/comment", '/* leading */ {"type": "record", "name": "R", "fields": []}'
    yield "text/comment", '{"type": /* inline */ "int"}'
    yield "text/comment", ('{"type": "record", "name": "R", // the record\n'
                           '  "fields": [ // none yet\n  ]}\n// trailing\n')
    yield "text/comment", '// only a comment line\n"int"\n'
    yield "text/comment", '{"type": "int"} /* after */'
    yield "text/comment", '{"type": "int" /* unterminated }'
    yield "text/comment", '# hash comment\n{"type": "int"}'
    yield "text/literal", '{"type": "record", "name": "R", "fields": [{"name": "x", ' \
        '"type": "double", "default": NaN}]}'
    yield "text/literal", "{'type': 'int'}"
    yield "text/literal", '{"type": "int",}'
    yield "text/literal", '{"type": "record", "name": "R", "fields": [{"name": "x", ' \
        '"type": "int"},]}'
    yield "text/trailing", '{"type": "int"} {"type": "long"}'
    yield "text/trailing", '"int" x'
    yield "text/duplicate-key", '{"type": "int", "type": "long"}'
    yield "text/duplicate-key", '{"type": "record", "name": "R", "name": "S", "fields": []}'
    yield "text/whitespace", '\n\t {"type": "int"}\n\n'


def all_parse_cases() -> list[ParseCase]:
    cases: list[ParseCase] = []
    for make in (default_cases, name_cases, alias_cases, order_cases, structure_cases,
                 text_cases):
        cases.extend(make())
    return cases


# ---------------------------------------------------------------------------------------------
# Labelling with Java

TEXT_HARNESS = """
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.*;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
public class AvroTextParse {
  public static void main(String[] args) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    ObjectMapper mapper = new ObjectMapper();
    String line;
    while ((line = in.readLine()) != null) {
      String text = mapper.readValue(line, String.class);
      String answer;
      try {
        Schema.Parser parser = new Schema.Parser();
        parser.setValidateDefaults(true);
        parser.parse(text);
        answer = "true";
      } catch (Exception | StackOverflowError t) {
        answer = "false";
      }
      System.out.println(answer);
      System.out.flush();
    }
  }
}
"""


def run_java(classpath: str, main: str, mode: list[str], lines: list[str]) -> list[str]:
    done = subprocess.run(["java", "-cp", classpath, main, *mode], input="\n".join(lines) + "\n",
                          capture_output=True, text=True, check=True)
    answers = done.stdout.splitlines()
    if len(answers) != len(lines):
        raise SystemExit(f"{main}: {len(answers)} answers for {len(lines)} lines\n{done.stderr}")
    return answers


def label_pairs(pairs: list[Pair], classpath: str) -> list[dict[str, Any]]:
    lines = [json.dumps({"reader": reader, "writer": writer}) for _, reader, writer in pairs]
    labelled = []
    counters: dict[str, int] = {}
    for (category, reader, writer), answer in zip(pairs, run_java(classpath, "AvroOracle",
                                                                   ["pairs"], lines), strict=True):
        result = json.loads(answer)
        if "harness_error" in result:
            raise SystemExit(f"oracle could not handle {category}: {result['harness_error']}")
        compatible = result["compatible"]
        if "check_error" in result:
            compatible = False  # Confluent reports the exception as an incompatibility
        counters[category] = counters.get(category, 0) + 1
        labelled.append({
            "id": f"{category}/{counters[category]:03d}", "category": category,
            "reader": reader, "writer": writer,
            "reader_parses": result["reader_parses"], "writer_parses": result["writer_parses"],
            "compatible": compatible,
        })
    return labelled


def label_parse(cases: list[ParseCase], classpath: str) -> list[dict[str, Any]]:
    answers = run_java(classpath, "AvroTextParse", [], [json.dumps(text) for _, text in cases])
    labelled = []
    counters: dict[str, int] = {}
    for (category, text), answer in zip(cases, answers, strict=True):
        counters[category] = counters.get(category, 0) + 1
        labelled.append({"id": f"{category}/{counters[category]:03d}", "category": category,
                         "text": text, "accepts": answer == "true"})
    return labelled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jars", required=True, help="folder of the oracle's jars")
    parser.add_argument("--oracle-classes", required=True, help="folder of the compiled oracle")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as harness:
        source = Path(harness) / "AvroTextParse.java"
        source.write_text(TEXT_HARNESS, "utf-8")
        subprocess.run(["javac", "-cp", f"{args.jars}/*", "-d", harness, str(source)], check=True)
        classpath = f"{args.oracle_classes}:{harness}:{args.jars}/*"
        pairs = label_pairs(all_pairs(), classpath)
        parse = label_parse(all_parse_cases(), classpath)
    DATA.mkdir(exist_ok=True)
    for name, rows in (("avro_java_pairs.jsonl", pairs), ("avro_java_parse.jsonl", parse)):
        with open(DATA / name, "w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n")
        print(f"{name}: {len(rows)} cases")


if __name__ == "__main__":
    main()
