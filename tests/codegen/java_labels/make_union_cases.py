"""Union cases for the generated code, with the bytes labelled by Java Apache Avro 1.11.

A union whose branches share a Python class (int/long, float/double, string/bytes, bytes/fixed,
records of one shape) must be written on the branch its value was read from, or, for a value
built in Python, on the first branch whose type and range fit; and Java consumers must read the
bytes. Each case names a union and the value on its branch in Avro's JSON encoding (`expect`,
`{"long": 5}`); its bytes are fastavro's for that branch (`hex`). This script asks Java to decode
those bytes (`GenericDatumReader`, the schema parsed as Confluent parses it), to encode what it
read as JSON (which names the branch) and in binary again, and writes

    tests/codegen/data/avro_java_unions.jsonl   {"id", "kind", "top", "union", "value",
                                                 "expect", "hex", "java"}

`kind` is "read" (the generated classes must give back `hex` from `hex`), "built" (they must
write `value`, built in Python, as `hex`) or "control" (bytes earlier generated code wrote, which
Java must refuse). `top`: the union is the whole schema, else the type of a record's one field
`value`. `java` is {"reads", "json", "same_bytes", "error"}. tests/codegen/test_java_unions.py
checks the generated code against the committed file; no JVM needed there.

Usage (the jars as ../shared/oracles/avro-java/README.md gets them):

    python tests/codegen/java_labels/make_union_cases.py --jars /tmp/avro-oracle/jars
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fastavro

DATA = Path(__file__).resolve().parents[1] / "data" / "avro_java_unions.jsonl"
NS = "cases"
F2 = {"type": "fixed", "name": "F2", "size": 2}
G2 = {"type": "fixed", "name": "G2", "size": 2}
CAT = {"type": "record", "name": "Cat", "fields": [{"name": "name", "type": "string"}]}
DOG = {"type": "record", "name": "Dog", "fields": [{"name": "name", "type": "string"}]}

# (case, union, [(kind, Python value or None, expected branch and value)])
# Python values: JSON numbers and strings as they are; {"bytes": hex}, {"float": "inf"} and
# {"record": class name, "fields": {...}} for the rest.
Case = tuple[str, Any, list[tuple[str, Any, Any]]]


def field_cases() -> Iterator[Case]:
    yield "int-long", ["int", "long"], [
        ("read", None, {"int": 5}), ("read", None, {"long": 5}),
        ("read", None, {"long": 2**40}), ("read", None, {"int": -(2**31)}),
        ("built", 5, {"int": 5}), ("built", 2**31 - 1, {"int": 2**31 - 1}),
        ("built", 2**31, {"long": 2**31}), ("built", -(2**31) - 1, {"long": -(2**31) - 1}),
        ("built", 2**40, {"long": 2**40}), ("built", 2**63 - 1, {"long": 2**63 - 1}),
        ("control", None, {"int": 2**40})]
    yield "long-int", ["long", "int"], [
        ("read", None, {"int": 5}), ("read", None, {"long": 5}), ("built", 5, {"long": 5})]
    yield "null-int-long", ["null", "int", "long"], [
        ("read", None, None), ("read", None, {"long": 7}), ("built", None, None),
        ("built", 7, {"int": 7}), ("built", 2**40, {"long": 2**40})]
    yield "float-double", ["float", "double"], [
        ("read", None, {"float": 1.5}), ("read", None, {"double": 1.5}),
        ("read", None, {"double": 0.1}), ("built", 1.5, {"float": 1.5}),
        ("built", 0.1, {"double": 0.1}), ("built", 1e300, {"double": 1e300}),
        ("built", 3.4028234663852886e38, {"float": 3.4028234663852886e38})]
    yield "double-float", ["double", "float"], [
        ("read", None, {"float": 0.5}), ("built", 0.5, {"double": 0.5})]
    yield "long-float", ["long", "float"], [
        ("read", None, {"float": 3.0}), ("read", None, {"long": 3}),
        ("built", 2**40, {"long": 2**40}), ("built", 0.5, {"float": 0.5})]
    yield "string-bytes", ["string", "bytes"], [
        ("read", None, {"string": "ab"}), ("read", None, {"bytes": "ab"}),
        ("built", "ab", {"string": "ab"}), ("built", {"bytes": "6162"}, {"bytes": "ab"})]
    yield "fixed-bytes", [F2, "bytes"], [
        ("read", None, {f"{NS}.F2": "ab"}), ("read", None, {"bytes": "ab"}),
        ("built", {"bytes": "6162"}, {f"{NS}.F2": "ab"}),
        ("built", {"bytes": "616263"}, {"bytes": "abc"})]
    yield "bytes-fixed", ["bytes", F2], [
        ("read", None, {f"{NS}.F2": "ab"}), ("read", None, {"bytes": "ab"}),
        ("built", {"bytes": "6162"}, {"bytes": "ab"})]
    yield "two-fixed", [F2, G2], [
        ("read", None, {f"{NS}.F2": "ab"}), ("read", None, {f"{NS}.G2": "ab"}),
        ("built", {"bytes": "6162"}, {f"{NS}.F2": "ab"})]
    yield "fixed-int", [G2, "int"], [
        ("read", None, {f"{NS}.G2": "ab"}), ("read", None, {"int": 3}),
        ("built", {"bytes": "6162"}, {f"{NS}.G2": "ab"}), ("built", 3, {"int": 3})]
    yield "same-shaped-records", [CAT, DOG], [
        ("read", None, {f"{NS}.Cat": {"name": "x"}}), ("read", None, {f"{NS}.Dog": {"name": "x"}}),
        ("built", {"record": "Dog", "fields": {"name": "rex"}}, {f"{NS}.Dog": {"name": "rex"}})]


def top_cases() -> Iterator[Case]:
    yield "top-int-long", ["int", "long"], [
        ("read", None, {"long": 5}), ("built", 2**40, {"long": 2**40}),
        ("control", None, {"int": 2**40})]
    yield "top-records", [CAT, DOG], [
        ("read", None, {f"{NS}.Dog": {"name": "x"}}),
        ("built", {"record": "Cat", "fields": {"name": "c"}}, {f"{NS}.Cat": {"name": "c"}})]


def schema_of(union: Any, top: bool) -> Any:
    if top:
        return union if not isinstance(union, list) else [
            {**b, "namespace": NS} if isinstance(b, dict) else b for b in union]
    return {"type": "record", "name": "Case", "namespace": NS,
            "fields": [{"name": "value", "type": union}]}


def datum(schema: Any, value: Any, named: dict[str, Any]) -> Any:
    """fastavro's datum, in (branch, value) notation, of a value in Avro's JSON encoding."""
    if isinstance(schema, str) and schema in named:
        schema = named[schema]
    if isinstance(schema, list):
        if value is None:
            return None
        (branch, inner), = value.items()
        for candidate in schema:
            resolved = named.get(candidate, candidate) if isinstance(candidate, str) else candidate
            name = resolved if isinstance(resolved, str) else resolved.get("name",
                                                                            resolved["type"])
            if name == branch:
                return branch, datum(resolved, inner, named)
        raise ValueError(f"no branch {branch} in {schema}")
    kind = schema if isinstance(schema, str) else schema["type"]
    if kind in ("bytes", "fixed"):
        return value.encode("latin-1")
    if kind == "record":
        return {f["name"]: datum(f["type"], value[f["name"]], named) for f in schema["fields"]}
    return value


def encode(schema: Any, expect: Any, top: bool) -> bytes:
    named: dict[str, Any] = {}
    parsed = fastavro.parse_schema(schema, named_schemas=named)
    value = datum(parsed, expect, named) if top else {
        "value": datum(parsed["fields"][0]["type"], expect, named)}
    buffer = io.BytesIO()
    fastavro.schemaless_writer(buffer, parsed, value)
    return buffer.getvalue()


def all_cases() -> list[dict[str, Any]]:
    rows = []
    for top, cases in ((False, field_cases()), (True, top_cases())):
        for name, union, values in cases:
            schema = schema_of(union, top)
            for index, (kind, value, expect) in enumerate(values, 1):
                rows.append({"id": f"{name}/{index:02d}", "kind": kind, "top": top,
                             "union": union, "value": value, "expect": expect,
                             "hex": encode(schema, expect, top).hex()})
    return rows


DECODE_HARNESS = """
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.*;
public class AvroDecode {
  public static void main(String[] args) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    ObjectMapper mapper = new ObjectMapper();
    String line;
    while ((line = in.readLine()) != null) {
      JsonNode node = mapper.readTree(line);
      ObjectNode answer = mapper.createObjectNode();
      try {
        Schema.Parser parser = new Schema.Parser();
        parser.setValidateDefaults(true);
        Schema schema = parser.parse(node.get("schema").toString());
        String hex = node.get("hex").asText();
        byte[] data = new byte[hex.length() / 2];
        for (int i = 0; i < data.length; i++) {
          data[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, null);
        Object datum = new GenericDatumReader<Object>(schema).read(null, decoder);
        GenericDatumWriter<Object> writer = new GenericDatumWriter<Object>(schema);
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        JsonEncoder jsonEncoder = EncoderFactory.get().jsonEncoder(schema, json);
        writer.write(datum, jsonEncoder);
        jsonEncoder.flush();
        ByteArrayOutputStream binary = new ByteArrayOutputStream();
        BinaryEncoder binaryEncoder = EncoderFactory.get().binaryEncoder(binary, null);
        writer.write(datum, binaryEncoder);
        binaryEncoder.flush();
        answer.put("reads", decoder.isEnd());
        answer.put("json", json.toString("UTF-8"));
        answer.put("same_bytes", Arrays.equals(binary.toByteArray(), data));
        answer.putNull("error");
      } catch (Exception e) {
        answer.put("reads", false);
        answer.putNull("json");
        answer.put("same_bytes", false);
        answer.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      System.out.println(mapper.writeValueAsString(answer));
      System.out.flush();
    }
  }
}
"""


def label(rows: list[dict[str, Any]], jars: str) -> None:
    with tempfile.TemporaryDirectory() as harness:
        source = Path(harness) / "AvroDecode.java"
        source.write_text(DECODE_HARNESS, "utf-8")
        subprocess.run(["javac", "-cp", f"{jars}/*", "-d", harness, str(source)], check=True)
        lines = [json.dumps({"schema": schema_of(r["union"], r["top"]), "hex": r["hex"]})
                 for r in rows]
        done = subprocess.run(["java", "-cp", f"{harness}:{jars}/*", "AvroDecode"],
                              input="\n".join(lines) + "\n", capture_output=True, text=True,
                              check=True)
    answers = done.stdout.splitlines()
    if len(answers) != len(rows):
        raise SystemExit(f"AvroDecode: {len(answers)} answers for {len(rows)} cases\n"
                         f"{done.stderr}")
    for row, answer in zip(rows, answers, strict=True):
        row["java"] = json.loads(answer)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jars", required=True, help="folder of the Avro, Jackson, SLF4J jars")
    args = parser.parse_args()
    rows = all_cases()
    label(rows, args.jars)
    DATA.parent.mkdir(exist_ok=True)
    with open(DATA, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    refused = sum(not r["java"]["reads"] for r in rows)
    print(f"{DATA.name}: {len(rows)} cases, Java refuses {refused}")


if __name__ == "__main__":
    main()
