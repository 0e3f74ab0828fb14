"""`contracts register` and `contracts check --registry` against the embedded registry."""

from __future__ import annotations

import json
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from confluent_kafka.schema_registry import SchemaRegistryClient

import generator.compat
from generator.cli import main
from generator.errors import ContractsError
from generator.registry import start_in_thread

pytestmark = pytest.mark.registry

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "contracts"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def bundled(project: Path) -> Path:
    """A copy of the bundled catalog in a fresh project; returns its contracts folder."""
    target = project / "contracts"
    shutil.rmtree(target)
    shutil.copytree(BUNDLED, target)
    return target


@pytest.fixture(autouse=True)
def _no_registry_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CONTRACTS_REGISTRY_URL", "CONTRACTS_REGISTRY_AUTH", "CONTRACTS_REGISTRY_TOKEN",
                 "CONTRACTS_REGISTRY_CA"):
        monkeypatch.delenv(name, raising=False)


def test_register_then_check_bundled_catalog(bundled: Path, schema_registry: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    dirs = ("--contracts-dir", str(bundled))
    code, out, _ = run(capsys, *dirs, "register", "--registry", schema_registry, "--dry-run")
    assert code == 0 and "would register user.created v1 under" in out
    with SchemaRegistryClient({"url": schema_registry}) as sr:
        assert sr.get_subjects() == []  # a dry run changes nothing

    code, out, _ = run(capsys, *dirs, "register", "--registry", schema_registry)
    assert code == 0, out
    assert "registered user.created v3 under user.account.created-value as id" in out
    assert "set compatibility of user.account.created-value to FULL_TRANSITIVE" in out
    versions = sum(len(list(folder.glob("v*.*"))) for folder in bundled.iterdir())
    with SchemaRegistryClient({"url": schema_registry}) as sr:
        subjects = sr.get_subjects()
        assert sum(len(sr.get_versions(s)) for s in subjects) == versions
        assert sr.get_compatibility("user.account.created-value") == "FULL_TRANSITIVE"

    code, out, _ = run(capsys, *dirs, "register", "--registry", schema_registry)
    assert code == 0 and "register: nothing to do" in out
    assert not [line for line in out.splitlines() if line.startswith(("registered", "set "))]

    code, out, _ = run(capsys, *dirs, "check", "--registry", schema_registry)
    assert code == 0, out
    assert "compatible against the schema registry" in out


def test_incompatible_edit_is_caught_by_both_verdicts(
        bundled: Path, schema_registry: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--contracts-dir", str(bundled), "register", "--registry",
               schema_registry)[0] == 0
    v3 = json.loads((bundled / "user.created" / "v3.avsc").read_text())
    v3["fields"][-1]["type"]["fields"].append({"name": "nickname", "type": "string"})
    (bundled / "user.created" / "v4.avsc").write_text(json.dumps(v3, indent=2))
    code, out, _ = run(capsys, "--contracts-dir", str(bundled), "--format", "json", "check",
                       "user.created", "--registry", schema_registry)
    assert code == 1
    rules = [f["rule"] for f in json.loads(out)["findings"]]
    assert "REGISTRY_REJECTED" in rules  # the registry's own verdict
    assert "READER_FIELD_MISSING_DEFAULT_VALUE" in rules  # ours, against the registered history
    assert "REGISTRY_VERDICT_MISMATCH" not in rules

    code, out, _ = run(capsys, "--contracts-dir", str(bundled), "register", "--registry",
                       schema_registry)
    assert code == 1 and "REGISTRY_REGISTER_FAILED" in out and "409" in out


def avro(*extra: dict[str, Any]) -> dict[str, Any]:
    return {"type": "record", "name": "Ping", "namespace": "com.acme",
            "fields": [{"name": "id", "type": "string"}, *extra]}


def test_drift_and_versions_the_repo_lacks(project: Path, write_schema: Any,
                                           schema_registry: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    write_schema("ping.sent", 1, avro())
    write_schema("ping.sent", 2, avro({"name": "n", "type": "int", "default": 0}))
    third = write_schema("ping.sent", 3, avro({"name": "n", "type": "int", "default": 0},
                                              {"name": "m", "type": "long", "default": 0}))
    dirs = ("--contracts-dir", str(project / "contracts"))
    assert run(capsys, *dirs, "register", "--registry", schema_registry)[0] == 0
    third.unlink()
    write_schema("ping.sent", 1, avro({"name": "edited", "type": "int", "default": 1}))
    code, out, _ = run(capsys, *dirs, "--format", "json", "check", "--registry",
                       schema_registry)
    findings = json.loads(out)["findings"]
    by_rule = {f["rule"]: f for f in findings}
    assert code == 1
    assert by_rule["REGISTRY_DRIFT"]["version"] == 1
    assert by_rule["REGISTRY_DRIFT"]["path"].endswith("v1.avsc")
    assert "holds version 3" in by_rule["REGISTRY_EXTRA_VERSION"]["message"]


def test_register_json_lists_ids_versions_files_and_levels(
        project: Path, write_schema: Any, schema_registry: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    dirs = ("--contracts-dir", str(project / "contracts"), "--format", "json")
    write_schema("ping.sent", 1, avro())
    assert run(capsys, *dirs, "register", "--registry", schema_registry)[0] == 0
    v2 = write_schema("ping.sent", 2, avro({"name": "n", "type": "int", "default": 0}))
    pong = write_schema("pong.sent", 1, avro())
    (pong.parent / "contract.toml").write_text('compatibility = "FULL"\n')
    code, out, _ = run(capsys, *dirs, "register", "--registry", schema_registry)
    assert code == 0, out
    document = json.loads(out)
    assert list(document) == ["command", "registry", "dry_run", "schemas", "levels",
                              "findings"]
    assert (document["command"], document["registry"], document["dry_run"],
            document["findings"]) == ("register", schema_registry, False, [])
    with SchemaRegistryClient({"url": schema_registry}) as sr:
        def stored(subject: str, number: int) -> int:
            return int(sr.get_version(subject, number).schema_id)

        assert document["schemas"] == [
            {"contract": "ping.sent", "version": 1, "subject": "ping.sent-value",
             "registry_version": 1, "id": stored("ping.sent-value", 1),
             "schema_file": str(v2.parent / "v1.avsc"), "status": "already-registered"},
            {"contract": "ping.sent", "version": 2, "subject": "ping.sent-value",
             "registry_version": 2, "id": stored("ping.sent-value", 2),
             "schema_file": str(v2), "status": "registered"},
            {"contract": "pong.sent", "version": 1, "subject": "pong.sent-value",
             "registry_version": 1, "id": stored("pong.sent-value", 1),
             "schema_file": str(pong), "status": "registered"},
        ]
        assert sr.get_compatibility("pong.sent-value") == "FULL"
    # ping.sent's level was set by the first run; only the new subject gets one now
    assert document["levels"] == [{"contract": "pong.sent", "subject": "pong.sent-value",
                                   "level": "FULL", "status": "set"}]

    write_schema("ping.sent", 3, avro({"name": "n", "type": "int", "default": 0},
                                      {"name": "m", "type": "long", "default": 0}))
    code, out, _ = run(capsys, *dirs, "register", "--registry", schema_registry, "--dry-run")
    document = json.loads(out)
    assert code == 0 and document["dry_run"] is True
    assert [(r["contract"], r["version"], r["status"], r["id"]) for r in document["schemas"]
            if r["status"] != "already-registered"] == [("ping.sent", 3, "would-register", None)]

    # a required field without a default breaks BACKWARD: the registry refuses it
    write_schema("ping.sent", 3, avro({"name": "n", "type": "int", "default": 0},
                                      {"name": "m", "type": "long"}))
    code, out, _ = run(capsys, *dirs, "register", "--registry", schema_registry)
    document = json.loads(out)
    assert code == 1
    [failed] = [r for r in document["schemas"] if r["status"] == "failed"]
    assert (failed["version"], failed["id"], failed["registry_version"]) == (3, None, None)
    assert failed["error"].startswith("HTTP 409")
    assert [f["rule"] for f in document["findings"]] == ["REGISTRY_REGISTER_FAILED"]


def test_a_checker_error_on_a_registry_check_names_the_version_file(
        project: Path, write_schema: Any, schema_registry: str,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write_schema("ping.sent", 1, avro())
    dirs = ("--contracts-dir", str(project / "contracts"))
    assert run(capsys, *dirs, "register", "--registry", schema_registry)[0] == 0
    v2 = write_schema("ping.sent", 2, avro({"name": "n", "type": "int", "default": 0}))
    # A mock for a fault we cannot cause for real: a registered schema the checker cannot
    # handle (the embedded registry refuses such schemas; other registries may hold them).
    # Only the registry check looks the checker up here; the local check is unaffected.
    def fails_without_a_path(*args: Any) -> Any:
        raise ContractsError("invalid Avro schema at /: the schema is nested too deeply")

    monkeypatch.setattr(generator.compat, "check_compatibility", fails_without_a_path)
    code, _, err = run(capsys, *dirs, "check", "--registry", schema_registry)
    assert code == 2
    assert err == (f"{v2}: error: invalid Avro schema at /: the schema is nested too deeply "
                   "(checking v2 against the versions registered under ping.sent-value) "
                   "[BAD_INPUT]\n")


def test_level_mismatch_is_a_warning(project: Path, write_schema: Any, schema_registry: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    write_schema("ping.sent", 1, avro())
    dirs = ("--contracts-dir", str(project / "contracts"))
    assert run(capsys, *dirs, "register", "--registry", schema_registry)[0] == 0
    with SchemaRegistryClient({"url": schema_registry}) as sr:
        sr.set_compatibility("ping.sent-value", "NONE")
    code, out, _ = run(capsys, *dirs, "check", "--registry", schema_registry)
    assert code == 0 and "warning:" in out and "REGISTRY_LEVEL_MISMATCH" in out


def test_url_from_environment_variable(project: Path, write_schema: Any, schema_registry: str,
                                       capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    write_schema("ping.sent", 1, avro())
    monkeypatch.setenv("CONTRACTS_REGISTRY_URL", schema_registry)
    code, out, _ = run(capsys, "--contracts-dir", str(project / "contracts"), "register")
    assert code == 0 and "registered ping.sent v1" in out


def test_no_url_is_bad_input(project: Path, write_schema: Any,
                             capsys: pytest.CaptureFixture[str]) -> None:
    write_schema("ping.sent", 1, avro())
    code, _, err = run(capsys, "--contracts-dir", str(project / "contracts"), "register")
    assert code == 2
    # names the pyproject.toml where registry-url would go
    assert err.startswith(f"{project / 'pyproject.toml'}: error: no schema registry URL")


# -- credentials and faults ----------------------------------------------------------------------


@pytest.fixture
def secured(tmp_path: Path) -> Iterator[str]:
    auth = tmp_path / "auth.txt"
    auth.write_text("# users\nalice:s3cret-pw\nreader:r34d-pw:read\nbearer:t0ken-xyz\n")
    with start_in_thread(tmp_path / "data", auth_file=auth) as registry:
        yield registry.url


def test_basic_auth_bearer_and_denials(project: Path, write_schema: Any, secured: str,
                                       capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    write_schema("ping.sent", 1, avro())
    dirs = ("--contracts-dir", str(project / "contracts"))
    code, out, err = run(capsys, *dirs, "register", "--registry", secured)
    assert code == 2 and "HTTP 401" in err and err.count("\n") == 1

    monkeypatch.setenv("CONTRACTS_REGISTRY_AUTH", "reader:r34d-pw")
    code, out, err = run(capsys, *dirs, "register", "--registry", secured)
    assert code == 2 and "HTTP 403" in err
    assert "r34d-pw" not in out + err

    monkeypatch.setenv("CONTRACTS_REGISTRY_AUTH", "alice:wrong-pw")
    code, out, err = run(capsys, *dirs, "register", "--registry", secured)
    assert code == 2 and "rejected the credentials" in err and "wrong-pw" not in out + err

    monkeypatch.setenv("CONTRACTS_REGISTRY_AUTH", "alice:s3cret-pw")
    code, out, err = run(capsys, *dirs, "register", "--registry", secured)
    assert code == 0 and "registered ping.sent v1" in out
    assert "s3cret-pw" not in out + err

    monkeypatch.delenv("CONTRACTS_REGISTRY_AUTH")
    monkeypatch.setenv("CONTRACTS_REGISTRY_TOKEN", "t0ken-xyz")
    code, out, err = run(capsys, *dirs, "check", "--registry", secured)
    assert code == 0 and "t0ken-xyz" not in out + err

    monkeypatch.delenv("CONTRACTS_REGISTRY_TOKEN")
    host = secured.removeprefix("http://")
    code, out, err = run(capsys, *dirs, "--format", "json", "check", "--registry",
                         f"http://alice:s3cret-pw@{host}")
    assert code == 0 and "s3cret-pw" not in out + err


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_registry_is_one_line_exit_2(project: Path, write_schema: Any,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    write_schema("ping.sent", 1, avro())
    url = f"http://user:hunter2@127.0.0.1:{_closed_port()}"
    code, out, err = run(capsys, "--contracts-dir", str(project / "contracts"), "check",
                         "--registry", url)
    assert code == 2
    assert err.count("\n") == 1 and "after 4 attempts" in err and "connection refused" in err
    assert "hunter2" not in out + err


def test_server_errors_are_retried_then_exit_2(project: Path, write_schema: Any,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A registry answering 503 (a fault we cannot cause in the real one) is retried 4 times."""
    import threading

    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    hits: list[str] = []

    async def unavailable(request: Request) -> JSONResponse:
        hits.append(request.url.path)
        return JSONResponse({"error_code": 50003, "message": "forwarding failed"}, 503)

    app = Starlette(routes=[Route("/{path:path}", unavailable, methods=["GET", "POST", "PUT"])])
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        write_schema("ping.sent", 1, avro())
        code, _, err = run(capsys, "--contracts-dir", str(project / "contracts"), "register",
                           "--registry", f"http://127.0.0.1:{sock.getsockname()[1]}")
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
    assert code == 2 and "HTTP 503" in err and "after 4 attempts" in err
    assert len(hits) == 4
