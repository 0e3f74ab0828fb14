"""`contracts register` / `check --registry` against a misbehaving registry.

These are faults our own registry cannot be made to commit (echoing the Authorization header,
answering 200 with garbage), so a tiny real HTTP server plays the registry here.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main

pytestmark = pytest.mark.registry

USER, PASSWORD, TOKEN = "alice", "s3cret-Pa55word", "tok-0123456789abcdef"
# (status, content type, body) from the request's Authorization header
Answer = Callable[[str], tuple[int, str, bytes]]


@pytest.fixture
def fake_registry() -> Iterator[Callable[[Answer], str]]:
    servers: list[ThreadingHTTPServer] = []

    def start(answer: Answer) -> str:
        class Handler(BaseHTTPRequestHandler):
            def _reply(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                status, content_type, body = answer(self.headers.get("Authorization", ""))
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = _reply

            def log_message(self, format: str, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def contracts(project: Path, write_schema: Any) -> Path:
    write_schema("ping.sent", 1, {"type": "record", "name": "Ping", "namespace": "acme",
                                  "fields": [{"name": "id", "type": "string"}]})
    return project / "contracts"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out + err


def secrets_in(text: str) -> list[str]:
    basic = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    return [s for s in (PASSWORD, basic, TOKEN, f"{USER}:{PASSWORD}") if s in text]


@pytest.mark.parametrize("status", [400, 422, 500])
@pytest.mark.parametrize("credential", ["basic", "bearer"])
def test_an_echoed_authorization_header_is_redacted(
        fake_registry: Callable[[Answer], str], contracts: Path, status: int, credential: str,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def echo(authorization: str) -> tuple[int, str, bytes]:
        decoded = ""
        if authorization.startswith("Basic "):
            decoded = base64.b64decode(authorization[6:]).decode()
        message = f"bad request: Authorization={authorization} user={decoded}"
        return status, "application/json", json.dumps(
            {"error_code": status * 100, "message": message}).encode()

    url = fake_registry(echo)
    if credential == "basic":
        monkeypatch.setenv("CONTRACTS_REGISTRY_AUTH", f"{USER}:{PASSWORD}")
    else:
        monkeypatch.setenv("CONTRACTS_REGISTRY_TOKEN", TOKEN)
    for command in ("register", "check"):
        code, output = run(capsys, "--contracts-dir", str(contracts), command, "--registry", url)
        assert code in (1, 2), output
        assert "bad request: Authorization=" in output  # the message is shown ...
        assert "***" in output
        assert secrets_in(output) == []  # ... without the credential


def test_an_echo_in_a_body_that_is_not_json_is_redacted(
        fake_registry: Callable[[Answer], str], contracts: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    url = fake_registry(lambda auth: (400, "text/plain", f"no: {auth}".encode()))
    monkeypatch.setenv("CONTRACTS_REGISTRY_AUTH", f"{USER}:{PASSWORD}")
    code, output = run(capsys, "--contracts-dir", str(contracts), "register", "--registry", url)
    assert code == 2 and "no: Basic ***" in output
    assert secrets_in(output) == []


@pytest.mark.parametrize("body", [b"<html>hello</html>", b"", b"\xff\xfe garbage", b"{\"id\": "])
def test_a_200_that_is_not_json_is_one_line_naming_the_url(
        fake_registry: Callable[[Answer], str], contracts: Path, body: bytes,
        capsys: pytest.CaptureFixture[str]) -> None:
    url = fake_registry(lambda auth: (200, "text/html", body))
    for command in ("register", "check"):
        code, output = run(capsys, "--contracts-dir", str(contracts), command, "--registry", url)
        assert code == 2, output
        assert output.count("\n") == 1, output
        # (the confluent client reads an empty 200 as "no content", hence its wording)
        ending = "JSON of an unexpected shape" if not body else "a body that is not JSON"
        assert f"registry at {url} answered 200 with {ending}" in output
        assert "internal error" not in output


@pytest.mark.parametrize("body", [b"[1, 2]", b"{\"unexpected\": true}", b"42", b"\"text\""])
def test_a_200_of_the_wrong_shape_is_one_line_naming_the_url(
        fake_registry: Callable[[Answer], str], contracts: Path, body: bytes,
        capsys: pytest.CaptureFixture[str]) -> None:
    url = fake_registry(lambda auth: (200, "application/json", body))
    for command in ("register", "check"):
        code, output = run(capsys, "--contracts-dir", str(contracts), command, "--registry", url)
        assert code == 2, output
        assert output.count("\n") == 1, output
        assert f"registry at {url} answered 200 with JSON of an unexpected shape" in output
        assert "internal error" not in output
