"""A client for any Confluent-compatible registry, over confluent-kafka's SchemaRegistryClient.

Verbose compatibility checks go over plain REST (httpx), since the confluent-kafka client
returns only a boolean. Every call retries transport failures, timeouts and 5xx with
exponential backoff a bounded number of times, then raises ContractsError (exit 2) with one
line. Credentials come from the environment and never appear in a message: the URL's user
info is taken out before the URL is used anywhere, and a server message that echoes them (an
`Authorization` header, say) has them replaced by `***` before anything shows it. A success
answer that is not JSON, or JSON of the wrong shape, is one line naming the URL.
"""

from __future__ import annotations

import base64
import json
import os
import ssl
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit, urlunsplit

from generator.errors import ContractsError

AUTH_ENV = "CONTRACTS_REGISTRY_AUTH"  # user:password (basic auth)
TOKEN_ENV = "CONTRACTS_REGISTRY_TOKEN"  # bearer token
CA_ENV = "CONTRACTS_REGISTRY_CA"  # CA bundle (PEM) for https registries
LOGICAL_CLUSTER_ENV = "CONTRACTS_REGISTRY_LOGICAL_CLUSTER"  # Confluent Cloud, with a token

T = TypeVar("T")


class RegistryRequestError(Exception):
    """The registry answered with an error that is not a fault (e.g. 40401, 409, 42201)."""

    def __init__(self, status: int, error_code: int, message: str) -> None:
        super().__init__(f"HTTP {status} (error {error_code}): {message}")
        self.status = status
        self.error_code = error_code
        self.message = message


@dataclass(frozen=True)
class RegisteredVersion:
    subject: str
    version: int
    schema_id: int
    schema_type: str
    schema: str
    references: tuple[dict[str, Any], ...] = ()


def _split_url(url: str) -> tuple[str, tuple[str, str] | None]:
    """The URL without user info, and the user info."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ContractsError(f"invalid registry URL {_redact(url)!r}: expected "
                             f"http(s)://host[:port]")
    userinfo = None
    if parts.username is not None:
        userinfo = (unquote(parts.username), unquote(parts.password or ""))
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", "")), userinfo


def _redact(url: str) -> str:
    head, sep, tail = url.partition("://")
    return f"{head}{sep}{tail.rpartition('@')[2]}" if sep else url.rpartition("@")[2]


class RegistryClient:
    """Register, read and check schemas in a Confluent-compatible Schema Registry."""

    def __init__(self, url: str, *, basic_auth: str | None = None, token: str | None = None,
                 ca_file: str | None = None, timeout: float = 10.0, retries: int = 3,
                 backoff: float = 0.25, logical_cluster: str = "") -> None:
        from confluent_kafka.schema_registry import SchemaRegistryClient

        self.url, userinfo = _split_url(url)
        if basic_auth is not None and ":" not in basic_auth:
            raise ContractsError(f"{AUTH_ENV} must be `user:password`")
        user_password = basic_auth or (":".join(userinfo) if userinfo else None)
        self.retries = max(0, retries)
        self.backoff = backoff
        self._secrets = _secrets(user_password, token)
        self._last_status = 0
        conf: dict[str, Any] = {"url": self.url, "timeout": timeout, "max.retries": 0}
        if user_password:
            conf["basic.auth.user.info"] = user_password
        if ca_file:
            if not os.path.isfile(ca_file):
                raise ContractsError("the registry CA file does not exist", ca_file)
            conf["ssl.ca.location"] = ca_file
        if token:
            fields = {"bearer.auth.token": token, "bearer.auth.logical.cluster": logical_cluster}
            conf["bearer.auth.credentials.source"] = "CUSTOM"
            conf["bearer.auth.custom.provider.function"] = lambda _config: fields
            conf["bearer.auth.custom.provider.config"] = {}
        self._confluent = SchemaRegistryClient(conf)
        self._http = self._http_client(user_password, token, ca_file, timeout)
        # The confluent client does not say which status a body it could not read came with.
        session = getattr(getattr(self._confluent, "_rest_client", None), "session", None)
        hooks = getattr(session, "event_hooks", None)
        if isinstance(hooks, dict):
            hooks.setdefault("response", []).append(self._note_status)

    def _note_status(self, response: Any) -> None:
        self._last_status = int(getattr(response, "status_code", 0) or 0)

    def redact(self, text: str) -> str:
        """`text` with every credential this client sends replaced by ***."""
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    @classmethod
    def from_env(cls, url: str, **kwargs: Any) -> RegistryClient:
        """Credentials and CA from CONTRACTS_REGISTRY_AUTH / _TOKEN / _CA."""
        return cls(url, basic_auth=os.environ.get(AUTH_ENV) or None,
                   token=os.environ.get(TOKEN_ENV) or None,
                   ca_file=os.environ.get(CA_ENV) or None,
                   logical_cluster=os.environ.get(LOGICAL_CLUSTER_ENV, ""), **kwargs)

    def _http_client(self, user_password: str | None, token: str | None, ca_file: str | None,
                     timeout: float) -> Any:
        import httpx

        headers = {"Accept": "application/vnd.schemaregistry.v1+json, application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        auth = None
        if user_password and not token:
            user, _, password = user_password.partition(":")
            auth = httpx.BasicAuth(user, password)
        verify: ssl.SSLContext | bool = True
        if ca_file:
            verify = ssl.create_default_context(cafile=ca_file)
        return httpx.Client(base_url=self.url, headers=headers, auth=auth, verify=verify,
                            timeout=timeout)

    def close(self) -> None:
        self._http.close()
        self._confluent.close()

    def __enter__(self) -> RegistryClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the retry and error policy ---------------------------------------------------------

    def _call(self, what: str, operation: Callable[[], T]) -> T:
        from confluent_kafka.schema_registry.error import SchemaRegistryError

        timeouts, transports = _transport_errors()
        attempts = self.retries + 1
        reason = ""
        for attempt in range(attempts):
            self._last_status = 0
            try:
                return operation()
            except (json.JSONDecodeError, UnicodeDecodeError):
                status = self._last_status or "200"
                raise ContractsError(f"schema registry at {self.url} answered {status} with a "
                                     f"body that is not JSON (while trying to {what})") from None
            except (KeyError, TypeError, AttributeError, IndexError):
                if not self._last_status:
                    raise  # no answer came: not the registry's fault but a bug here
                raise ContractsError(f"schema registry at {self.url} answered "
                                     f"{self._last_status or 200} with JSON of an unexpected "
                                     f"shape (while trying to {what})") from None
            except SchemaRegistryError as error:
                status, code, message = (error.http_status_code, error.error_code,
                                         str(error.error_message))
            except RegistryRequestError as error:
                status, code, message = error.status, error.error_code, error.message
            except timeouts:
                status, code, message = 0, 0, "timed out"
            except transports as error:
                status, code, message = 0, 0, _transport_reason(error)
            message = self.redact(message)
            if status in (401, 403):
                self._denied(status, what)
            if status and status not in (408, 429) and status < 500:
                raise RegistryRequestError(status, code, message)
            reason = f"HTTP {status}: {message}" if status else message
            if attempt + 1 < attempts:
                time.sleep(min(self.backoff * 2 ** attempt, 5.0))
        raise ContractsError(f"schema registry at {self.url} failed to {what} after {attempts} "
                             f"attempts ({reason})")

    def _denied(self, status: int, what: str) -> None:
        if status == 401:
            raise ContractsError(f"schema registry at {self.url} rejected the credentials (HTTP "
                                 f"401 Unauthorized) while trying to {what}: set {AUTH_ENV}="
                                 f"user:password or {TOKEN_ENV}")
        raise ContractsError(f"schema registry at {self.url} denied permission (HTTP 403 "
                             f"Forbidden) to {what}")

    def _rest(self, method: str, path: str, body: Any = None,
              params: dict[str, str] | None = None) -> Any:
        response = self._http.request(
            method, path, json=body, params=params,
            headers={"Content-Type": "application/vnd.schemaregistry.v1+json"})
        self._last_status = response.status_code
        if response.is_success:
            return response.json() if response.content else None
        try:
            data = response.json()
            code, message = int(data.get("error_code", -1)), str(data.get("message", ""))
        except (ValueError, AttributeError, TypeError):
            code, message = -1, response.text[:200]
        raise RegistryRequestError(response.status_code, code, message)

    # -- operations ---------------------------------------------------------------------------

    def subjects(self) -> list[str]:
        return list(self._call("list subjects",
                               lambda: _shaped(self._confluent.get_subjects(), list)))

    def versions(self, subject: str) -> list[int]:
        """Live version numbers of `subject`; empty when the subject does not exist."""
        try:
            return list(self._call(f"list the versions of {subject}",
                                   lambda: _shaped(self._confluent.get_versions(subject), list)))
        except RegistryRequestError as error:
            if error.error_code == 40401:
                return []
            raise self._unexpected(error, f"list the versions of {subject}") from None

    def version(self, subject: str, version: int) -> RegisteredVersion:
        registered = self._call(f"read version {version} of {subject}",
                                lambda: self._confluent.get_version(subject, version))
        schema = registered.schema
        refs = tuple({"name": r.name, "subject": r.subject, "version": r.version}
                     for r in schema.references or ())
        return RegisteredVersion(subject, int(registered.version or version),
                                 int(registered.schema_id or 0), schema.schema_type or "AVRO",
                                 schema.schema_str or "", refs)

    def level(self, subject: str) -> str:
        """The subject's compatibility level, or the global one when it has none."""
        try:
            return self._call(f"read the compatibility level of {subject}",
                              lambda: _shaped(self._confluent.get_compatibility(subject), str))
        except RegistryRequestError as error:
            if error.error_code not in (40401, 40408):
                raise self._unexpected(error, f"read the level of {subject}") from None
        return self._call("read the global compatibility level",
                          lambda: _shaped(self._confluent.get_compatibility(), str))

    def subject_level(self, subject: str) -> str | None:
        try:
            return self._call(f"read the compatibility level of {subject}",
                              lambda: _shaped(self._confluent.get_compatibility(subject), str))
        except RegistryRequestError as error:
            if error.error_code in (40401, 40408):
                return None
            raise self._unexpected(error, f"read the level of {subject}") from None

    def set_level(self, subject: str, level: str) -> None:
        try:
            self._call(f"set the compatibility level of {subject}",
                       lambda: self._confluent.set_compatibility(subject, level))
        except RegistryRequestError as error:
            raise self._unexpected(error, f"set the level of {subject}") from None

    def _schema(self, schema_type: str, text: str, references: Sequence[dict[str, Any]] = ()
                ) -> Any:
        from confluent_kafka.schema_registry import Schema, SchemaReference

        refs = [SchemaReference(r["name"], r["subject"], r["version"]) for r in references]
        return Schema(text, schema_type, refs)

    def lookup(self, subject: str, schema_type: str, text: str,
               references: Sequence[dict[str, Any]] = ()) -> RegisteredVersion | None:
        """The live version of `subject` holding this schema, or None."""
        schema = self._schema(schema_type, text, references)
        try:
            found = self._call(f"look up a schema under {subject}",
                               lambda: self._confluent.lookup_schema(subject, schema))
        except RegistryRequestError as error:
            if error.error_code in (40401, 40403):
                return None
            raise self._unexpected(error, f"look up a schema under {subject}") from None
        return RegisteredVersion(subject, int(found.version or 0), int(found.schema_id or 0),
                                 schema_type, text, tuple(references))

    def register(self, subject: str, schema_type: str, text: str,
                 references: Sequence[dict[str, Any]] = ()) -> int:
        """Register and return the schema id; RegistryRequestError on 409 or 422."""
        schema = self._schema(schema_type, text, references)
        return self._call(f"register a schema under {subject}",
                          lambda: _shaped(self._confluent.register_schema(subject, schema), int))

    def test_compatibility(self, subject: str, schema_type: str, text: str,
                           version: int | str | None = None,
                           references: Sequence[dict[str, Any]] = ()) -> tuple[bool, list[str]]:
        """The registry's own verdict (verbose): against `version`, or as its level says."""
        from urllib.parse import quote

        path = f"/compatibility/subjects/{quote(subject, safe='')}/versions"
        if version is not None:
            path += f"/{version}"
        body: dict[str, Any] = {"schema": text}
        if schema_type != "AVRO":
            body["schemaType"] = schema_type
        if references:
            body["references"] = list(references)
        try:
            answer = self._call(f"test compatibility under {subject}",
                                lambda: self._rest("POST", path, body, {"verbose": "true"}))
        except RegistryRequestError as error:
            if error.error_code in (40401, 40402) and version is None:
                return True, []
            raise self._unexpected(error, f"test compatibility under {subject}") from None
        if not isinstance(answer, dict) or not isinstance(answer.get("is_compatible"), bool):
            raise ContractsError(f"schema registry at {self.url} answered 200 with JSON of an "
                                 f"unexpected shape (while trying to test compatibility under "
                                 f"{subject})")
        return answer["is_compatible"], [str(m) for m in answer.get("messages") or ()]

    def _unexpected(self, error: RegistryRequestError, what: str) -> ContractsError:
        return ContractsError(f"schema registry at {self.url} refused to {what}: HTTP "
                              f"{error.status} (error {error.error_code}): {error.message}")


def _shaped(value: Any, kind: type[T]) -> T:
    """`value` if the answer had the expected JSON type; TypeError (reported as such) if not."""
    if not isinstance(value, kind) or isinstance(value, bool):
        raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
    return value


def _secrets(user_password: str | None, token: str | None) -> list[str]:
    """What may be redacted from a message: longest first, so that no piece is left over."""
    found: list[str] = []
    if user_password:
        found.append(user_password)
        found.append(base64.b64encode(user_password.encode()).decode())
        password = user_password.partition(":")[2]
        if len(password) >= 4:  # a shorter one would blank out ordinary words
            found.append(password)
    if token:
        found.append(token)
    return sorted({s for s in found if s}, key=len, reverse=True)


def _transport_errors() -> tuple[tuple[type[Exception], ...], tuple[type[Exception], ...]]:
    """Timeouts and transport errors of httpx and of httpx2 (confluent-kafka prefers it)."""
    import httpx

    timeouts: list[type[Exception]] = [httpx.TimeoutException]
    transports: list[type[Exception]] = [httpx.TransportError]
    try:
        import httpx2
    except ImportError:
        pass
    else:
        timeouts.append(httpx2.TimeoutException)
        transports.append(httpx2.TransportError)
    return tuple(timeouts), tuple(transports)


def _transport_reason(error: Exception) -> str:
    text = str(error) or type(error).__name__
    if "refused" in text.lower():
        return "connection refused"
    return text.splitlines()[0][:200]
