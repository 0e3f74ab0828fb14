"""The properties a contract's data must have, one `Check` per property and writer version.

Each check takes one generated value and raises `PropertyFailure` when the property does not hold:

* ``avro-binary``: value → Avro binary (fastavro, schemaless) → value is the identity;
* ``confluent-wire``: the same inside the Confluent framing (magic byte 0, 4-byte big-endian id);
* ``json``: value → JSON text → value, and the value is valid under its schema (JSON contracts);
* ``generated-class``: bytes → generated class → bytes gives back the same data, the class equals
  itself after the trip, and its wire framing is right (when the generated package imports);
* ``read-by-vN``: data written with this version decodes with version N, which the checker calls
  compatible, exactly as the Avro specification says (defaults filled, promotions applied); for
  JSON Schema, data valid under this version is valid under version N.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.catalog import AvroNode
from generator.fuzz._avro_resolve import ResolutionError, expected_read
from generator.fuzz._avro_strategies import plain
from generator.fuzz._compare import first_difference
from generator.fuzz._rules import GENERATED_CODE, ROUND_TRIP, VERDICT_CONTRADICTED, WIRE_FORMAT

MAGIC = b"\x00"



class PropertyFailure(Exception):
    """A property does not hold for one value."""

    def __init__(self, rule_id: str, message: str, pointer: str | None = None,
                 version: int | None = None) -> None:
        super().__init__(message)
        self.rule_id = rule_id
        self.message = message
        self.pointer = pointer  # into the schema of `version` (the reader for pair checks)
        self.version = version


@dataclass(frozen=True)
class Check:
    name: str
    run: Callable[[Any], None]
    reader_version: int | None = None  # set for pair checks


def schema_id(contract: str, version: int) -> int:
    """A stable 4-byte schema id for the framing checks (no registry is involved)."""
    import zlib

    return zlib.crc32(f"{contract}.v{version}".encode()) & 0x7FFFFFFF


def frame(schema_id_: int, payload: bytes) -> bytes:
    return MAGIC + schema_id_.to_bytes(4, "big") + payload


def unframe(message: bytes) -> tuple[int, bytes]:
    if len(message) < 5 or message[:1] != MAGIC:
        raise ValueError(f"not Confluent wire format: starts with {message[:5]!r}")
    return int.from_bytes(message[1:5], "big"), message[5:]


# --- Avro -------------------------------------------------------------------------------------

def avro_write(parsed: Any, value: Any) -> bytes:
    from fastavro import schemaless_writer

    buffer = io.BytesIO()
    schemaless_writer(buffer, parsed, value)
    return buffer.getvalue()


def avro_read(parsed: Any, data: bytes, reader: Any = None) -> Any:
    from fastavro import schemaless_reader

    buffer = io.BytesIO(data)
    value = schemaless_reader(buffer, parsed, reader)
    if buffer.tell() != len(data):
        raise ValueError(f"{len(data) - buffer.tell()} bytes left over after decoding")
    return value


@dataclass(frozen=True)
class AvroVersion:
    contract: str
    version: int
    node: AvroNode
    parsed: Any  # fastavro's parsed schema


def avro_checks(this: AvroVersion, readers: list[AvroVersion],
                generated: Any | None = None) -> list[Check]:
    """Every property of the values of `this` version (`readers`: the checker's claims)."""
    sid = schema_id(this.contract, this.version)

    def encode(value: Any) -> bytes:
        try:
            return avro_write(this.parsed, value)
        except Exception as error:
            raise PropertyFailure(ROUND_TRIP, f"fastavro cannot write the value: {error!r}",
                                  "", this.version) from None

    def binary(value: Any) -> None:
        data = encode(value)
        try:
            back = avro_read(this.parsed, data)
        except Exception as error:
            raise PropertyFailure(ROUND_TRIP, f"its own bytes do not decode: {error!r}", "",
                                  this.version) from None
        _same(ROUND_TRIP, "value → Avro binary → value", plain(value), back, this.version)

    def wire(value: Any) -> None:
        message = frame(sid, encode(value))
        try:
            found_id, payload = unframe(message)
            back = avro_read(this.parsed, payload)
        except Exception as error:
            raise PropertyFailure(WIRE_FORMAT, f"the framed message does not decode: {error!r}",
                                  "", this.version) from None
        if found_id != sid:
            raise PropertyFailure(WIRE_FORMAT, f"schema id {found_id} read back as {sid}", "",
                                  this.version)
        _same(WIRE_FORMAT, "value → Confluent wire format → value", plain(value), back,
              this.version)

    checks = [Check("avro-binary", binary), Check("confluent-wire", wire)]
    if generated is not None:
        checks.append(Check("generated-class", _generated_avro(this, generated, encode, sid)))
    for reader in readers:
        checks.append(Check(f"read-by-v{reader.version}", _avro_pair(this, reader, encode),
                            reader.version))
    return checks


def _avro_pair(writer: AvroVersion, reader: AvroVersion,
               encode: Callable[[Any], bytes]) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        where = f"written with v{writer.version}, read with v{reader.version}"
        try:
            expected = expected_read(writer.node, reader.node, value)
        except ResolutionError as error:
            raise PropertyFailure(
                VERDICT_CONTRADICTED, f"{where}: {error.message} (at {error.data_path})",
                error.reader_pointer, reader.version) from None
        data = encode(value)
        try:
            actual = avro_read(writer.parsed, data, reader.parsed)
        except Exception as error:
            raise PropertyFailure(VERDICT_CONTRADICTED, f"{where}: decoding fails: {error!r}",
                                  "", reader.version) from None
        difference = first_difference(expected, actual)
        if difference is not None:
            raise PropertyFailure(
                VERDICT_CONTRADICTED,
                f"{where}: the reader does not get what the Avro specification says: "
                f"{difference}", "", reader.version)

    return check


def _generated_avro(this: AvroVersion, cls: Any, encode: Callable[[Any], bytes],
                    sid: int) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        data = encode(value)
        expected = plain(value)
        step = "from_avro"
        try:
            obj = cls.from_avro(data)
            step = "to_avro"
            again = obj.to_avro()
            step = "decoding to_avro()'s bytes with the schema"
            decoded = avro_read(this.parsed, again)
            step = "from_avro(to_avro())"
            obj2 = cls.from_avro(again)
        except Exception as error:
            raise PropertyFailure(GENERATED_CODE, f"{cls.__qualname__}: {step} fails: {error!r}",
                                  "", this.version) from None
        difference = first_difference(expected, decoded)
        if difference is not None:
            raise PropertyFailure(
                GENERATED_CODE, f"{cls.__qualname__}.from_avro(b).to_avro() encodes different "
                f"data than b: {difference}", "", this.version)
        difference = first_difference(structure(obj), structure(obj2))
        if difference is not None:
            raise PropertyFailure(GENERATED_CODE, f"{cls.__qualname__} is not equal to itself "
                                  f"after to_avro/from_avro: {difference}", "", this.version)
        if hasattr(obj, "to_wire") and hasattr(cls, "from_wire"):
            try:
                message = obj.to_wire(sid)
                found_id, payload = unframe(message)
                decoded = avro_read(this.parsed, payload)
                obj3 = cls.from_wire(message)
            except Exception as error:
                raise PropertyFailure(GENERATED_CODE, f"{cls.__qualname__}: to_wire/from_wire "
                                      f"fails: {error!r}", "", this.version) from None
            difference = (first_difference(expected, decoded)
                          or first_difference(structure(obj), structure(obj3)))
            if found_id != sid or difference is not None:
                raise PropertyFailure(
                    GENERATED_CODE, f"{cls.__qualname__}.to_wire({sid}) is wrong: id "
                    f"{found_id}, {difference}", "",
                    this.version)

    return check


# --- JSON Schema ------------------------------------------------------------------------------

@dataclass(frozen=True)
class JsonVersion:
    contract: str
    version: int
    schema: Any
    validator: Any  # the catalog's (jsonschema-rs) validator of the version's draft


def _json_error(validator: Any, value: Any) -> tuple[str, str]:
    error = next(iter(validator.iter_errors(value)), None)
    if error is None:
        return "", ""
    pointer = "".join(f"/{part}" for part in error.schema_path)
    where = "".join(f"[{part!r}]" for part in error.instance_path)
    return f"{error.message} (at ${where})", pointer


def json_checks(this: JsonVersion, readers: list[JsonVersion],
                generated: Any | None = None) -> list[Check]:
    sid = schema_id(this.contract, this.version)

    def text(value: Any) -> None:
        message, pointer = _json_error(this.validator, value)
        if message:
            raise PropertyFailure(ROUND_TRIP, f"generated value is not valid: {message}",
                                  pointer, this.version)
        back = json.loads(json.dumps(value, ensure_ascii=False).encode())
        _same(ROUND_TRIP, "value → JSON → value", value, back, this.version)

    def wire(value: Any) -> None:
        message = frame(sid, json.dumps(value).encode())
        found_id, payload = unframe(message)
        if found_id != sid:
            raise PropertyFailure(WIRE_FORMAT, f"schema id {found_id} read back as {sid}", "",
                                  this.version)
        _same(WIRE_FORMAT, "value → Confluent wire format → value", value, json.loads(payload),
              this.version)

    checks = [Check("json", text), Check("confluent-wire", wire)]
    if generated is not None:
        checks.append(Check("generated-class", _generated_json(this, generated)))
    for reader in readers:
        checks.append(Check(f"read-by-v{reader.version}", _json_pair(this, reader),
                            reader.version))
    return checks


def _json_pair(writer: JsonVersion, reader: JsonVersion) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        message, pointer = _json_error(reader.validator, value)
        if message:
            raise PropertyFailure(
                VERDICT_CONTRADICTED, f"valid under v{writer.version} but not under "
                f"v{reader.version}: {message}", pointer, reader.version)

    return check


def _generated_json(this: JsonVersion, cls: Any) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        step = "model_validate"
        try:
            obj = cls.model_validate(value)
            step = "to JSON"
            data = obj.to_json() if hasattr(obj, "to_json") else obj.model_dump_json(
                by_alias=True, exclude_unset=True)
            step = "from JSON"
            obj2 = cls.from_json(data) if hasattr(cls, "from_json") else \
                cls.model_validate_json(data)
        except Exception as error:
            raise PropertyFailure(GENERATED_CODE, f"{cls.__qualname__}: {step} fails: {error!r}",
                                  "", this.version) from None
        message, pointer = _json_error(this.validator, json.loads(data))
        if message:
            raise PropertyFailure(GENERATED_CODE, f"{cls.__qualname__} writes JSON its schema "
                                  f"rejects: {message}", pointer, this.version)
        difference = first_difference(structure(obj), structure(obj2))
        if difference is not None:
            raise PropertyFailure(GENERATED_CODE, f"{cls.__qualname__} is not equal to itself "
                                  f"after a JSON round trip: {difference}", "", this.version)

    return check


def structure(obj: Any) -> Any:
    """A generated object as plain data, so that NaN fields compare equal to themselves."""
    import dataclasses
    import enum

    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {"__class__": type(obj).__qualname__,
                **{f.name: structure(getattr(obj, f.name)) for f in dataclasses.fields(obj)}}
    if hasattr(obj, "model_dump") and not isinstance(obj, type):
        return {"__class__": type(obj).__qualname__,
                **{key: structure(getattr(obj, key)) for key in type(obj).model_fields}}
    if isinstance(obj, enum.Enum):
        return (type(obj).__qualname__, obj.value)
    if isinstance(obj, dict):
        return {key: structure(value) for key, value in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [structure(value) for value in obj]
    return obj


def _same(rule_id: str, what: str, expected: Any, actual: Any, version: int) -> None:
    difference = first_difference(expected, actual)
    if difference is not None:
        raise PropertyFailure(rule_id, f"{what} is not the identity: {difference}", "", version)
