"""Optional authentication: Basic users and bearer tokens with a read or write role."""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from starlette.types import ASGIApp, Receive, Scope, Send

from generator.registry._http import error_response


@dataclass(frozen=True)
class Credentials:
    """Users (`user:password[:read|write]`) and bearer tokens (`bearer:TOKEN[:read|write]`)."""

    users: Mapping[str, tuple[str, str]]  # user -> (password, role)
    tokens: Mapping[str, str]  # token -> role

    @classmethod
    def from_file(cls, path: Path | str) -> Credentials:
        from generator.errors import ContractsError

        users: dict[str, tuple[str, str]] = {}
        tokens: dict[str, str] = {}
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise ContractsError(f"cannot read the auth file: {error.strerror}", path) from None
        for number, raw in enumerate(lines, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(":")
            role = "write"
            if len(parts) == 3:
                role = parts.pop()
            if len(parts) != 2 or not parts[0] or not parts[1] or role not in ("read", "write"):
                raise ContractsError("expected `user:password[:read|write]` or "
                                     "`bearer:TOKEN[:read|write]`", path, number, 1)
            if parts[0] == "bearer":
                tokens[parts[1]] = role
            else:
                users[parts[0]] = (parts[1], role)
        if not users and not tokens:
            raise ContractsError("the auth file defines no users or tokens", path)
        return cls(users, tokens)

    def role(self, authorization: str | None) -> str | None:
        """The role the Authorization header grants, or None when it grants nothing."""
        if not authorization:
            return None
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() == "bearer":
            for token, role in self.tokens.items():
                if hmac.compare_digest(token.encode(), value.strip().encode()):
                    return role
            return None
        if scheme.lower() != "basic":
            return None
        try:
            user, _, password = base64.b64decode(value.strip()).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        entry = self.users.get(user)
        if entry is None or not hmac.compare_digest(entry[0].encode(), password.encode()):
            return None
        return entry[1]


def _is_write(method: str, path: str) -> bool:
    if method in ("GET", "HEAD", "OPTIONS"):
        return False
    if method == "POST" and path.startswith("/compatibility/"):
        return False
    return not (method == "POST" and path.startswith("/subjects/") and
                path.rstrip("/").count("/") == 2)  # POST /subjects/{s} is a lookup


class AuthMiddleware:
    def __init__(self, app: ASGIApp, credentials: Credentials) -> None:
        self.app = app
        self.credentials = credentials

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        role = self.credentials.role(headers.get("authorization"))
        if role is None:
            response = error_response(401, 40101, "Unauthorized",
                                      {"WWW-Authenticate": 'Basic realm="schema-registry"'})
        elif role == "read" and _is_write(scope["method"], scope["path"]):
            response = error_response(403, 40301, "User is denied operation on this server")
        else:
            await self.app(scope, receive, send)
            return
        await response(scope, receive, send)

