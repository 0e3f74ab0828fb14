"""The embedded registry under hostile input, over real HTTP: content types, body size, version
and id strings, deep nesting, lone surrogates, NaN, trailing slashes, paging, and a heavy
registration that must not stall other clients."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient

from generator.registry import start_in_thread, start_process
from generator.registry._schemas import MAX_DEPTH

pytestmark = pytest.mark.registry

MEDIA = "application/vnd.schemaregistry.v1+json"
RECORD = json.dumps({"type": "record", "name": "User", "fields": [
    {"name": "id", "type": "string"}]})


@pytest.fixture
def http(schema_registry: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=schema_registry, timeout=60, follow_redirects=False) as client:
        yield client


def post(http: httpx.Client, path: str, body: str | bytes,
         content_type: str = MEDIA) -> httpx.Response:
    return http.post(path, content=body, headers={"Content-Type": content_type})


def nested_records(depth: int) -> str:
    """`depth` records, each the only field's type of the one around it (built as text: json
    itself cannot write what is too deep)."""
    opening = "".join(f'{{"type":"record","name":"R{level}","fields":[{{"name":"f","type":'
                      for level in range(depth))
    return opening + '"string"' + "}]}" * depth


# -- content types (a cross-site form post must not reach the registry) -----------------------


@pytest.mark.parametrize("content_type", [
    "text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x", "application/xml"])
def test_a_body_in_another_content_type_is_refused_with_415(
        http: httpx.Client, content_type: str) -> None:
    body = json.dumps({"schema": RECORD})
    response = post(http, "/subjects/s-value/versions", body, content_type)
    assert response.status_code == 415
    assert response.json()["error_code"] == 415
    assert http.get("/subjects").json() == []  # nothing was registered
    assert http.put("/config", content='{"compatibility":"NONE"}',
                    headers={"Content-Type": content_type}).status_code == 415


@pytest.mark.parametrize("content_type", [
    MEDIA, "application/vnd.schemaregistry+json", "application/json",
    "application/json; charset=utf-8", "application/octet-stream"])
def test_json_content_types_are_accepted(http: httpx.Client, content_type: str) -> None:
    response = post(http, "/subjects/s-value/versions", json.dumps({"schema": RECORD}),
                    content_type)
    assert response.status_code == 200, response.text
    assert response.json()["id"] == 1


def test_confluent_kafka_client_sends_an_accepted_type(schema_registry: str) -> None:
    with SchemaRegistryClient({"url": schema_registry}) as client:
        assert client.register_schema("s-value", Schema(RECORD, "AVRO")) == 1
        assert client.test_compatibility("s-value", Schema(RECORD, "AVRO"))
        client.set_compatibility("s-value", "FULL")
        assert client.get_compatibility("s-value") == "FULL"


# -- body size ------------------------------------------------------------------------------


def test_a_body_over_max_body_is_413_and_the_server_goes_on(tmp_path: Path) -> None:
    with start_in_thread(tmp_path, max_body=4096) as registry, \
            httpx.Client(base_url=registry.url, timeout=30) as http:
        doc = "x" * 5000
        big = json.dumps({"schema": json.dumps({"type": "string", "doc": doc})})
        response = post(http, "/subjects/s-value/versions", big)
        assert response.status_code == 413
        assert response.json()["error_code"] == 413
        # Also without a Content-Length (chunked): counted as it arrives.
        chunked = http.post("/subjects/s-value/versions", content=iter([big.encode()]),
                            headers={"Content-Type": MEDIA})
        assert chunked.status_code == 413
        small = post(http, "/subjects/s-value/versions", json.dumps({"schema": RECORD}))
        assert small.status_code == 200
        assert http.get("/subjects").json() == ["s-value"]


def test_serve_takes_max_body(tmp_path: Path) -> None:
    with start_process(tmp_path, max_body=100) as registry, \
            httpx.Client(base_url=registry.url, timeout=30) as http:
        body = json.dumps({"schema": RECORD})
        assert len(body) > 100
        assert post(http, "/subjects/s-value/versions", body).status_code == 413
        assert http.put("/config", content='{"compatibility":"NONE"}',
                        headers={"Content-Type": MEDIA}).json() == {"compatibility": "NONE"}


# -- strict version and id strings ------------------------------------------------------------


NOT_ONE = ["+1", "01", " 1 ", "\uff11", "1_0", "1.0", "0", "-2", "1e0", "2147483648", "",
           "\u0661", "0x1", "1 "]


@pytest.mark.parametrize("raw", NOT_ONE)
def test_a_version_that_python_int_would_take_is_422(http: httpx.Client, raw: str) -> None:
    post(http, "/subjects/s-value/versions", json.dumps({"schema": RECORD}))
    response = http.get(f"/subjects/s-value/versions/{raw}")
    if raw == "":  # /versions/ is the list of versions
        assert response.json() == [1]
        return
    assert response.status_code == 422, response.text
    assert response.json()["error_code"] == 42202


@pytest.mark.parametrize("raw", [r for r in NOT_ONE if r])
def test_an_id_that_python_int_would_take_is_404(http: httpx.Client, raw: str) -> None:
    post(http, "/subjects/s-value/versions", json.dumps({"schema": RECORD}))
    response = http.get(f"/schemas/ids/{raw}")
    assert response.status_code == 404, response.text
    assert response.json()["error_code"] == 40403


def test_canonical_versions_and_ids_still_work(http: httpx.Client) -> None:
    post(http, "/subjects/s-value/versions", json.dumps({"schema": RECORD}))
    for raw in ("1", "latest", "-1"):
        assert http.get(f"/subjects/s-value/versions/{raw}").json()["id"] == 1
    assert http.get("/schemas/ids/1").status_code == 200


@pytest.mark.parametrize("subject", ["a\x00b", "a\nb", "tab\there", "del\x7f", "c1\x85"])
def test_a_subject_with_a_control_character_is_not_registered(
        http: httpx.Client, subject: str) -> None:
    from urllib.parse import quote

    response = post(http, f"/subjects/{quote(subject, safe='')}/versions",
                    json.dumps({"schema": RECORD}))
    assert response.status_code == 422
    assert response.json()["error_code"] == 42208
    assert http.get("/subjects").json() == []


# -- deep nesting, lone surrogates, NaN ---------------------------------------------------------


def test_a_valid_avro_schema_200_records_deep_is_accepted(http: httpx.Client) -> None:
    text = nested_records(200)
    response = post(http, "/subjects/deep-value/versions", json.dumps({"schema": text}))
    assert response.status_code == 200, response.text
    again = http.get("/subjects/deep-value/versions/latest")
    assert json.loads(again.json()["schema"]) == json.loads(text)
    # and a compatible next version is checked against it (the engine recurses too)
    compat = post(http, "/compatibility/subjects/deep-value/versions/latest?verbose=true",
                  json.dumps({"schema": text}))
    assert compat.json() == {"is_compatible": True, "messages": []}


def test_nesting_up_to_max_depth_is_accepted(http: httpx.Client) -> None:
    # Each nested record is three levels of JSON (record, fields list, field): 333 are 999.
    response = post(http, "/subjects/deep-value/versions",
                    json.dumps({"schema": nested_records(MAX_DEPTH // 3)}))
    assert response.status_code == 200, response.text[:300]


@pytest.mark.parametrize("depth", [MAX_DEPTH // 3 + 1, 400, 2000, 50_000])
def test_deeper_nesting_is_422_invalid_schema(http: httpx.Client, depth: int) -> None:
    response = post(http, "/subjects/deep-value/versions",
                    json.dumps({"schema": nested_records(depth)}))
    assert response.status_code == 422, response.text[:300]
    assert response.json()["error_code"] == 42201
    assert "nested" in response.json()["message"]


@pytest.mark.parametrize("body", [
    "[" * 200_000 + "]" * 200_000,  # the request body itself
    json.dumps({"schema": "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)}),
    json.dumps({"schema": "[" * 100_000 + "]" * 100_000}),
    json.dumps({"schemaType": "JSON", "schema": '{"items":' * 5000 + "{}" + "}" * 5000}),
])
def test_deep_json_anywhere_is_4xx_not_500(http: httpx.Client, body: str) -> None:
    response = post(http, "/subjects/deep-value/versions", body)
    assert response.status_code == 422, response.text[:300]
    assert response.json()["error_code"] == 42201
    assert http.get("/subjects").status_code == 200  # the server is still up


@pytest.mark.parametrize("body", [
    '{"schema": "\\ud800"}',  # a lone surrogate in the body
    '{"schema": "{\\"type\\": \\"string\\", \\"doc\\": \\"\\ud800\\"}"}',
    json.dumps({"schema": '{"type": "string", "doc": "\\udfff"}'}),  # in the schema text
    json.dumps({"schema": '{"type": "enum", "name": "E", "symbols": ["A"], "\\ud83d": 1}'}),
    json.dumps({"schemaType": "JSON", "schema": '{"type": "number", "maximum": NaN}'}),
    json.dumps({"schemaType": "JSON", "schema": '{"type": "number", "minimum": -Infinity}'}),
    '{"schema": "{\\"type\\": \\"string\\"}", "version": NaN}',
])
def test_lone_surrogates_and_nan_are_422_invalid_schema(http: httpx.Client, body: str) -> None:
    response = post(http, "/subjects/s-value/versions", body)
    assert response.status_code == 422, response.text[:300]
    assert response.json()["error_code"] == 42201
    for path in ("/subjects/s-value", "/compatibility/subjects/s-value/versions"):
        assert post(http, path, body).status_code == 422
    assert http.get("/subjects").json() == []


def test_a_surrogate_pair_is_text_and_is_kept(http: httpx.Client) -> None:
    schema = json.dumps({"type": "string", "doc": "\U0001f600"}, ensure_ascii=True)
    assert "\\ud83d\\ude00" in schema
    assert post(http, "/subjects/s-value/versions", json.dumps({"schema": schema})).status_code \
        == 200
    assert "\U0001f600" in http.get("/subjects/s-value/versions/1/schema").text


def test_a_server_fault_is_a_generic_500_without_its_text(tmp_path: Path,
                                                          caplog: pytest.LogCaptureFixture
                                                          ) -> None:
    registry = start_in_thread(tmp_path)
    try:
        with httpx.Client(base_url=registry.url, timeout=30) as http:
            assert http.get("/subjects").status_code == 200
            registry._parts.store.close()  # a real backend fault: the database is gone
            response = http.get("/subjects")
    finally:
        registry.stop()
    assert response.status_code == 500
    assert response.json() == {"error_code": 500, "message": "internal server error"}
    assert "closed database" in caplog.text  # the detail is logged instead


def test_the_parsed_schema_cache_is_bounded(tmp_path: Path) -> None:
    with start_in_thread(tmp_path) as registry, \
            httpx.Client(base_url=registry.url, timeout=30) as http:
        cache = registry._parts.store._parsed
        cache.max_entries = 5  # small bounds, so that 20 registrations overflow them
        ids = []
        for n in range(20):
            schema = json.dumps({"type": "string", "doc": f"schema {n} " + "x" * 100})
            response = post(http, f"/subjects/s{n}-value/versions", json.dumps({"schema": schema}))
            ids.append(response.json()["id"])
            assert len(cache) <= 5
        cache.max_chars = 300  # by size too: about two of these schemas
        for n, schema_id in enumerate(ids):  # every one is still served, parsed again on a miss
            assert f"schema {n} " in http.get(f"/schemas/ids/{schema_id}").json()["schema"]
            assert len(cache) <= 2 and cache.chars <= 300


# -- trailing slashes ---------------------------------------------------------------------------


def test_trailing_slash_paths_are_served_without_redirect(http: httpx.Client) -> None:
    registered = post(http, "/subjects/s-value/versions/", json.dumps({"schema": RECORD}))
    assert registered.status_code == 200
    for path in ("/subjects", "/config", "/mode", "/schemas", "/schemas/types",
                 "/schemas/ids/1", "/subjects/s-value/versions",
                 "/subjects/s-value/versions/1", "/schemas/ids/1/versions"):
        plain, slashed = http.get(path), http.get(path + "/")
        assert (plain.status_code, slashed.status_code) == (200, 200), path
        assert slashed.json() == plain.json(), path
    assert http.put("/config/", content='{"compatibility":"FULL"}',
                    headers={"Content-Type": MEDIA}).json() == {"compatibility": "FULL"}
    assert http.delete("/subjects/s-value/").json() == [1]


# -- paging -----------------------------------------------------------------------------------


def test_schemas_and_subjects_are_paged_like_confluent(http: httpx.Client) -> None:
    http.put("/config", content='{"compatibility":"NONE"}', headers={"Content-Type": MEDIA})
    for subject in ("a", "b", "c"):
        for doc in ("one", "two"):
            text = json.dumps({"type": "string", "doc": f"{subject}-{doc}"})
            assert post(http, f"/subjects/{subject}/versions",
                        json.dumps({"schema": text})).status_code == 200

    def pairs(query: str) -> list[tuple[str, int]]:
        return [(row["subject"], row["version"]) for row in http.get(f"/schemas?{query}").json()]

    every = pairs("")
    assert every == [(s, v) for s in "abc" for v in (1, 2)]
    assert pairs("offset=1&limit=2") == every[1:3]
    assert pairs("offset=5&limit=10") == every[5:]
    assert pairs("limit=0") == []
    assert pairs("latestOnly=true") == [("a", 2), ("b", 2), ("c", 2)]
    assert pairs("latestOnly=true&offset=1&limit=1") == [("b", 2)]
    assert pairs("subjectPrefix=b") == [("b", 1), ("b", 2)]
    http.delete("/subjects/c/versions/2")
    assert pairs("latestOnly=true&subjectPrefix=c") == [("c", 1)]
    assert pairs("latestOnly=true&subjectPrefix=c&deleted=true") == [("c", 2)]
    assert http.get("/subjects?offset=1&limit=1").json() == ["b"]
    assert http.get("/subjects/a/versions?offset=1").json() == [2]
    for bad in ("offset=x", "limit=1.5", "offset=+1"):
        assert http.get(f"/schemas?{bad}").status_code == 422


# -- a heavy registration does not stall other clients -----------------------------------------


@pytest.mark.slow
def test_reads_answer_while_a_huge_schema_is_registered(schema_registry: str) -> None:
    # big enough to keep the server busy for seconds even with a fast validator
    properties = {f"p{i}": {} for i in range(400_000)}
    body = json.dumps({"schemaType": "JSON",
                       "schema": json.dumps({"type": "object", "properties": properties})})
    outcome: list[int] = []
    registered = threading.Event()

    def register() -> None:
        with httpx.Client(base_url=schema_registry, timeout=600) as heavy:
            outcome.append(post(heavy, "/subjects/big-value/versions", body).status_code)
        registered.set()

    worker = threading.Thread(target=register)
    worker.start()
    try:
        time.sleep(0.5)  # let the upload finish and the validation start
        # Order, not speed: reads must be answered while the registration is still running
        # (before the fix each read waited for the whole registration, 30-40 s at 100k
        # properties). Two reads, since the first may have been queued behind the registration's
        # answer; the client timeout only detects a hang.
        answered_during = 0
        with httpx.Client(base_url=schema_registry, timeout=120) as reader:
            while not registered.is_set() and answered_during < 20:
                assert reader.get("/subjects").status_code == 200
                assert reader.get("/config").json() == {"compatibilityLevel": "BACKWARD"}
                answered_during += not registered.is_set()
        assert answered_during >= 2, "reads were not answered during the registration"
    finally:
        worker.join()
    assert outcome == [200]
