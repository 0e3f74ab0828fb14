"""Union branches that share a Python class (int/long, float/double, bytes/fixed, two fixed,
records of one shape): a value read from a branch is written on it again, byte for byte, and a
value built in Python goes on the first branch whose type and range fit it."""

from __future__ import annotations

import copy
import dataclasses
import io
import json
import pickle
from types import ModuleType
from typing import Any

import fastavro
import pytest
from codegen_helpers import import_package, raw_catalog, schema

from generator.codegen import generate

# Every pair of branches that share a Python class (and records of one shape), as fields.
SCHEMA = schema("unions.avsc")
# fastavro's datum of a Shapes record: each case below changes one of its fields
BASE: dict[str, Any] = {
    "intLong": ("int", 1), "longInt": ("long", 1), "optIntLong": None,
    "floatDouble": ("float", 1.0), "doubleFloat": ("double", 1.0), "longFloat": ("long", 1),
    "stringBytes": ("string", ""), "fixedBytes": ("test.unions.F2", b"ab"),
    "bytesFixed": ("bytes", b""), "twoFixed": ("test.unions.F2", b"ab"),
    "fixedInt": ("int", 0), "pets": ("test.unions.Cat", {"name": "c"}), "ints": [],
    "floats": {},
}
PARSED = fastavro.parse_schema(copy.deepcopy(SCHEMA))
# (field, fastavro's (branch, value)): every branch of every shape, at edges of its range
READ = [
    ("intLong", ("int", 5)), ("intLong", ("long", 5)), ("intLong", ("long", 2**40)),
    ("intLong", ("int", -(2**31))), ("intLong", ("long", -(2**63))),
    ("longInt", ("int", 5)), ("longInt", ("long", 5)),
    ("optIntLong", ("long", 7)), ("optIntLong", ("int", 7)),
    ("floatDouble", ("float", 1.5)), ("floatDouble", ("double", 1.5)),
    ("floatDouble", ("double", 0.1)), ("doubleFloat", ("float", 0.5)),
    ("longFloat", ("float", 3.0)), ("longFloat", ("long", 3)),
    ("stringBytes", ("string", "ab")), ("stringBytes", ("bytes", b"ab")),
    ("fixedBytes", ("test.unions.F2", b"ab")), ("fixedBytes", ("bytes", b"ab")),
    ("bytesFixed", ("test.unions.F2", b"ab")), ("bytesFixed", ("bytes", b"ab")),
    ("twoFixed", ("test.unions.F2", b"ab")), ("twoFixed", ("test.unions.G2", b"ab")),
    ("fixedInt", ("test.unions.G2", b"ab")), ("fixedInt", ("int", 3)),
    ("pets", ("test.unions.Cat", {"name": "x"})), ("pets", ("test.unions.Dog", {"name": "x"})),
    ("ints", [("int", 1), ("long", 1), ("long", 2**40)]),
    ("floats", {"a": ("float", 2.5), "b": ("double", 2.5), "c": None}),
]
# (field, value built in Python, the branch it must go on)
BUILT = [
    ("intLong", 5, "int"), ("intLong", 2**31 - 1, "int"), ("intLong", 2**31, "long"),
    ("intLong", -(2**31), "int"), ("intLong", -(2**31) - 1, "long"), ("intLong", 2**40, "long"),
    ("longInt", 5, "long"), ("optIntLong", 2**40, "long"), ("optIntLong", 1, "int"),
    ("floatDouble", 1.5, "float"), ("floatDouble", 0.1, "double"),
    ("floatDouble", 1e300, "double"), ("floatDouble", float("inf"), "float"),
    ("floatDouble", 3.4028234663852886e38, "float"), ("doubleFloat", 1.5, "double"),
    ("longFloat", 2**40, "long"), ("longFloat", 0.5, "float"),
    ("stringBytes", "ab", "string"), ("stringBytes", b"ab", "bytes"),
    ("fixedBytes", b"ab", "test.unions.F2"), ("fixedBytes", b"abc", "bytes"),
    ("bytesFixed", b"ab", "bytes"), ("twoFixed", b"ab", "test.unions.F2"),
    ("fixedInt", b"ab", "test.unions.G2"), ("fixedInt", 2, "int"),
]


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    root = tmp_path_factory.mktemp("unions")
    catalog = raw_catalog(root, "test.unions", [SCHEMA], package="ev_unions", key="intLong")
    generate(catalog, root / "generated")
    return import_package(root / "generated", "ev_unions")("ev_unions.test_unions.v1")


def _write(datum: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    fastavro.schemaless_writer(buffer, PARSED, datum)
    return buffer.getvalue()


def _base(m: ModuleType) -> Any:
    return m.Shapes.from_avro(_write(BASE))


@pytest.mark.parametrize(("name", "value"), READ, ids=[f"{n}-{json.dumps(v, default=repr)}"
                                                       for n, v in READ])
def test_read_values_keep_their_branch(shapes: ModuleType, name: str, value: Any) -> None:
    data = _write({**BASE, name: value})
    event = shapes.Shapes.from_avro(data)
    assert event.to_avro() == data
    assert event.to_wire(7)[5:] == data and shapes.Shapes.from_wire(event.to_wire(7)) == event


@pytest.mark.parametrize(("name", "value", "branch"), BUILT,
                         ids=[f"{n}-{v!r}-{b}" for n, v, b in BUILT])
def test_built_values_take_the_first_branch_that_fits(shapes: ModuleType, name: str, value: Any,
                                                      branch: str) -> None:
    event = dataclasses.replace(_base(shapes), **{name: value})
    assert event.to_avro() == _write({**BASE, name: (branch, value)})
    back = getattr(shapes.Shapes.from_avro(event.to_avro()), name)
    assert back == value or value != value


def test_built_records_of_one_shape_keep_their_class(shapes: ModuleType) -> None:
    event = dataclasses.replace(_base(shapes), pets=shapes.Dog(name="rex"))
    assert event.to_avro() == _write({**BASE, "pets": ("test.unions.Dog", {"name": "rex"})})
    assert type(shapes.Shapes.from_avro(event.to_avro()).pets) is shapes.Dog


def test_a_value_no_branch_holds_is_refused(shapes: ModuleType) -> None:
    with pytest.raises(TypeError, match="fits no branch of int"):
        dataclasses.replace(_base(shapes), intLong=2**63).to_avro()
    with pytest.raises(TypeError, match="fits no branch"):
        dataclasses.replace(_base(shapes), fixedInt=2**40).to_avro()


def test_read_values_equal_plain_ones_and_survive_copies(shapes: ModuleType) -> None:
    event = shapes.Shapes.from_avro(_write({**BASE, "intLong": ("long", 5),
                                            "fixedBytes": ("bytes", b"ab")}))
    plain = dataclasses.replace(event, intLong=5, fixedBytes=b"ab")
    assert event == plain and hash(event.intLong) == hash(5) and str(event.intLong) == "5"
    assert plain.to_avro() != event.to_avro()  # plain values take the first branch that fits
    for again in (pickle.loads(pickle.dumps(event)), copy.deepcopy(event)):
        assert again.to_avro() == event.to_avro()
    assert type(event.intLong + 0) is int  # arithmetic gives a plain value


def test_branches_kept_through_schema_resolution(shapes: ModuleType) -> None:
    """Read with the writer's schema given (the registry path): the reader's branch is kept."""
    data = _write({**BASE, "intLong": ("long", 5), "floatDouble": ("double", 1.5),
                   "fixedBytes": ("bytes", b"ab")})
    writer = json.dumps({**SCHEMA, "doc": "another text: fastavro resolves the two"})
    event = shapes.Shapes.from_avro(data, writer_schema=writer)
    assert event.to_avro() == data
