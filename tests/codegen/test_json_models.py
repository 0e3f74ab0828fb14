"""JSON Schema code generation on small schemas: the pydantic models give back the JSON they read
(string formats, integers and numbers, open and closed content), top-level `oneOf` and `$ref`
schemas, remote references refused, the null partition key without `eventId`, mypy --strict."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pydantic
import pytest
from codegen_helpers import import_package, make_project

from generator.cli import main
from generator.codegen import generate

DRAFT7 = "http://json-schema.org/draft-07/schema#"
BIN = Path(sys.executable).parent
PACKAGE = "evjson"


def _object(properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"$schema": DRAFT7, "type": "object", "properties": properties, **extra}


CONTRACTS: dict[str, list[Any]] = {
    # additionalProperties absent: open content
    "test.formats": [_object({"url": {"type": "string", "format": "uri"},
                              "at": {"type": "string", "format": "date-time"},
                              "count": {"type": "integer"},
                              "amount": {"type": "number"}},
                             title="Formats", required=["url"])],
    "test.open": [_object({"a": {"type": "string"}}, additionalProperties=True)],
    "test.closed": [_object({"a": {"type": "string"}}, additionalProperties=False)],
    "test.choice": [{"$schema": DRAFT7, "oneOf": [
        _object({"kind": {"const": "a"}, "n": {"type": "integer"}},
                required=["kind", "n"], additionalProperties=False),
        _object({"kind": {"const": "b"}, "s": {"type": "string"}},
                required=["kind", "s"], additionalProperties=False),
    ]}],
    "test.pointer": [{"$schema": DRAFT7, "$ref": "#/definitions/Thing", "definitions": {
        "Thing": _object({"id": {"type": "string"}, "size": {"type": "number"}},
                         required=["id"])}}],
    # the envelope: keyed by eventId, for contrast with the schemas above that have none
    "test.enveloped": [_object({"eventId": {"type": "string", "format": "uuid"},
                                "eventType": {"type": "string"},
                                "eventVersion": {"type": "integer"},
                                "timestamp": {"type": "string", "format": "date-time"},
                                "source": {"type": "string"},
                                "data": _object({"n": {"type": "integer"}}, required=["n"])},
                               required=["eventId", "eventType", "eventVersion", "timestamp",
                                         "source", "data"])],
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("jsonmodels")
    generate(make_project(root, CONTRACTS, package=PACKAGE), root / "generated")
    return root / "generated"


@pytest.fixture(scope="module")
def modules(out: Path) -> Iterator[dict[str, ModuleType]]:
    importer = import_package(out, PACKAGE)
    found = {name: importer(f"{PACKAGE}.{name.replace('.', '_')}.v1") for name in CONTRACTS}
    found.update({f"{name}/": importer(f"{PACKAGE}.{name.replace('.', '_')}")
                  for name in CONTRACTS})
    yield found
    sys.path.remove(str(out))


def _round_trip(model: type[Any], document: Any) -> Any:
    """The JSON value a model gives back for `document`, through JSON and the wire format."""
    event = model.from_json(json.dumps(document))
    assert model.from_wire(event.to_wire(7)) == event
    assert json.loads(event.to_json()) == event.to_dict()
    return json.loads(event.to_json())


@pytest.mark.parametrize("url", ["HTTP://Example.com", "https://a.b/c?x", "https://a.b/%7e/../x",
                                 "urn:isbn:0451450523", "mailto:Someone@Example.COM"])
@pytest.mark.parametrize("at", ["2024-05-06T07:08:09.1230+02:00", "2024-05-06t07:08:09Z",
                                "2024-02-29T23:59:60.000001-00:00"])
def test_uri_and_date_time_keep_their_text(modules: dict[str, ModuleType], url: str,
                                           at: str) -> None:
    document = {"url": url, "at": at}
    back = _round_trip(modules["test.formats"].Event, document)
    assert back == document
    assert json.dumps(back) == json.dumps(document)  # the very text, not an equal value


def test_integers_stay_integers_and_numbers_numbers(modules: dict[str, ModuleType]) -> None:
    model = modules["test.formats"].Event
    back = _round_trip(model, {"url": "u", "count": 1, "amount": 1})
    assert back == {"url": "u", "count": 1, "amount": 1}
    assert type(back["count"]) is int and type(back["amount"]) is int
    back = _round_trip(model, {"url": "u", "amount": 1.5})
    assert back == {"url": "u", "amount": 1.5} and type(back["amount"]) is float
    big = 2**63 + 1  # beyond a double's exact integers
    assert _round_trip(model, {"url": "u", "count": big, "amount": big})["amount"] == big
    with pytest.raises(pydantic.ValidationError, match="count"):
        model.from_json(json.dumps({"url": "u", "count": 1.5}))
    # 1.0 is an integer to draft-06 and later: read, and given back as the same JSON number
    assert _round_trip(model, {"url": "u", "count": 1.0}) == {"url": "u", "count": 1}
    # a $ref'd number is widened too
    assert _round_trip(modules["test.pointer"].Event, {"id": "x", "size": 3}) == {"id": "x",
                                                                                   "size": 3}


@pytest.mark.parametrize("contract", ["test.formats", "test.open"])
def test_open_content_keeps_unknown_properties(modules: dict[str, ModuleType],
                                               contract: str) -> None:
    document = {"url": "u", "a": "x", "zz": [1, 2.5, {"q": None, "r": "HTTP://X"}], "n": 1}
    if contract == "test.open":
        del document["url"]
    assert _round_trip(modules[contract].Event, document) == document


def test_closed_content_refuses_unknown_properties(modules: dict[str, ModuleType]) -> None:
    model = modules["test.closed"].Event
    assert _round_trip(model, {"a": "x"}) == {"a": "x"}
    assert _round_trip(model, {}) == {}  # what was absent stays absent
    with pytest.raises(pydantic.ValidationError, match="zz"):
        model.from_json('{"a": "x", "zz": 1}')
    with pytest.raises(pydantic.ValidationError):
        model(a="x", zz=1)


def test_top_level_one_of(modules: dict[str, ModuleType]) -> None:
    m = modules["test.choice"]
    first = m.Event.from_json('{"kind": "a", "n": 1}')
    second = m.Event.from_json('{"kind": "b", "s": "t"}')
    assert isinstance(first, pydantic.RootModel)
    assert type(first.root).__name__ != type(second.root).__name__
    for document in ({"kind": "a", "n": 1}, {"kind": "b", "s": "t"}):
        assert _round_trip(m.Event, document) == document
    for bad in ({"kind": "a", "s": "t"}, {"kind": "c"}, {"kind": "a", "n": 1, "s": "t"}):
        with pytest.raises(pydantic.ValidationError):
            m.Event.from_json(json.dumps(bad))
    assert m.partition_key(first) is None and m.wrap(first, source="t") is first


def test_top_level_ref(modules: dict[str, ModuleType]) -> None:
    m = modules["test.pointer"]
    assert m.Event.__name__ == "Thing"  # the referenced class, not a root model around it
    document = {"id": "x", "extra": {"k": [1]}}
    assert _round_trip(m.Event, document) == document
    with pytest.raises(pydantic.ValidationError):
        m.Event.from_json('{"size": 1}')  # id is required
    assert m.Event(id="y").to_dict() == {"id": "y"}


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every attempt to resolve a name or open a socket, refused and recorded."""
    tried: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        tried.append(args)
        raise OSError("network use in a test that must not touch it")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return tried


@pytest.mark.parametrize("declared", [False, True], ids=["unknown-id", "catalog-id"])
def test_a_remote_ref_is_refused_in_one_line(tmp_path: Path, no_network: list[Any],
                                             capsys: pytest.CaptureFixture[str],
                                             declared: bool) -> None:
    """Unknown to the catalog, the catalog refuses it; the `$id` of another of its documents,
    code generation does (it generates from one document): exit 2, one line, nothing fetched."""
    ref = "https://schemas.example.com/money.json#/definitions/Money"
    contracts: dict[str, list[Any]] = {"test.remote": [_object({"money": {"$ref": ref}})]}
    if declared:
        contracts["test.money"] = [{"$schema": DRAFT7, "$id": ref.split("#")[0],
                                    "type": "object", "definitions": {
                                        "Money": _object({"units": {"type": "integer"}})}}]
    for name, (document,) in contracts.items():  # the catalog refuses one: not make_project
        folder = tmp_path / "contracts" / name
        folder.mkdir(parents=True)
        (folder / "v1.schema.json").write_text(json.dumps(document, indent=2), "utf-8")
    code = main(["--contracts-dir", str(tmp_path / "contracts"), "generate",
                 "--output", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert code == 2
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert ref in lines[0] and "test.remote/v1.schema.json:" in lines[0]
    assert "fetched" in lines[0]
    assert not no_network
    assert not (tmp_path / "out" / "events" / "test_remote").exists()


class _Recorded:
    """The keys of delivered messages, from librdkafka's delivery reports."""

    def __init__(self) -> None:
        self.keys: list[bytes | None] = []


def _producer(package: ModuleType, recorded: _Recorded) -> Any:
    """The generated producer on librdkafka's in-process mock cluster. Serialization, which asks
    the schema registry, is replaced by plain JSON: the key is under test here, not the value."""
    base = next(v for k, v in vars(package).items() if k.endswith("Producer"))

    class Producer(base):  # type: ignore[misc, valid-type]
        def _serializer(self, codec: Any) -> Any:
            return lambda event, ctx: json.dumps(codec.to_dict(event)).encode()

        def _on_delivery(self, error: Any, message: Any) -> None:
            assert error is None, error
            recorded.keys.append(message.key())

    return Producer("", "http://127.0.0.1:9", config={"test.mock.num.brokers": 1,
                                                      "log_level": 0})


def test_without_event_id_the_default_key_is_null(modules: dict[str, ModuleType]) -> None:
    m, package = modules["test.formats"], modules["test.formats/"]
    event = m.Event(url="u")
    assert m.partition_key(event) is None
    assert package.CODECS[0].partition_key(event) is None
    recorded = _Recorded()
    with _producer(package, recorded) as producer:
        assert producer.publish(event) is event
        producer.publish(event, key="chosen")
    assert sorted(recorded.keys, key=repr) == [None, b"chosen"]  # partitions may reorder


def test_with_event_id_the_key_is_the_event_id(modules: dict[str, ModuleType]) -> None:
    m, package = modules["test.enveloped"], modules["test.enveloped/"]
    recorded = _Recorded()
    with _producer(package, recorded) as producer:
        sent = producer.publish(m.Payload(n=1))
        producer.publish(sent, key=b"raw")
    assert sent.eventType == "test.enveloped.v1" and sent.source
    assert sorted(recorded.keys) == sorted([sent.eventId.encode(), b"raw"])
    assert m.partition_key(sent) == sent.eventId


# In the fast tier: mypy over these few modules takes a couple of seconds, even uncached
def test_the_generated_package_passes_mypy_strict(out: Path) -> None:
    mypy = shutil.which("mypy", path=str(BIN)) or "mypy"
    result = subprocess.run(
        [mypy, "--strict", "--no-incremental", "--cache-dir", os.devnull, PACKAGE],
        cwd=out, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success" in result.stdout
