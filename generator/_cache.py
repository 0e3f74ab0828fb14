"""A small on-disk memo keyed by content hashes, so warm pre-commit runs skip heavy imports.

Values are JSON. Each cache is one file in `.event-contracts-cache/` at the project root: a
first line with a MAC, then a JSON body naming the cache, the tool version and the entries.

A cache is only trusted when this user's secret key signed it: the key is random, made on
first use and kept outside every project (`$XDG_CACHE_HOME/event-contracts/key`, by default
`~/.cache/event-contracts/key`). So a cache committed to a repository, copied from another
machine, edited by hand or written by another version of the tool is ignored (recomputed and
overwritten), never taken as "no findings". Callers still check each value's shape before use.

Reads and writes never follow a symbolic link inside the cache folder, and a cache folder that
is itself a link is not used at all. A cache that cannot be read or written only costs speed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
from pathlib import Path
from typing import Any

from generator import __version__

CACHE_DIR = ".event-contracts-cache"
# Bump when the meaning or shape of any cached value changes.
FORMAT = "3"
_TOOL = f"event-contracts {__version__} cache {FORMAT}"
_KEY_BYTES = 32
_NO_FOLLOW = os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


def content_key(*parts: str | bytes) -> str:
    digest = hashlib.sha256(_TOOL.encode())
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def key_path() -> Path:
    """Where this user's cache key lives (never inside a project)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative value is ignored
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "event-contracts" / "key"


def _secret(create: bool) -> bytes | None:
    path = key_path()
    try:
        key = _read_regular(os.open(path, os.O_RDONLY | os.O_NONBLOCK | _NO_FOLLOW))
        if len(key) >= _KEY_BYTES:
            return key
    except OSError:
        pass
    if not create:
        return None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = path.with_name(f".key-{os.getpid()}-{os.urandom(4).hex()}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(_KEY_BYTES))
        os.replace(temporary, path)  # a concurrent first run may win: its key then counts
        return _secret(create=False)
    except OSError:
        return None


def _read_regular(fd: int) -> bytes:
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError("not a regular file")
        return handle.read()


def _open_folder(folder: Path) -> int:
    """A descriptor of the cache folder; refuses a folder that is a symbolic link."""
    return os.open(folder, os.O_RDONLY | os.O_DIRECTORY | _NO_FOLLOW)


def _mac(key: bytes, body: bytes) -> str:
    return hashlib.blake2b(body, key=key[:64], digest_size=32).hexdigest()  # a keyed MAC


class Cache:
    def __init__(self, root: Path | None, name: str) -> None:
        self._folder = None if root is None else root / CACHE_DIR
        self._name = name
        self._file = f"{name}.json"
        self._data: dict[str, Any] | None = None
        self._dirty = False

    def _load(self) -> dict[str, Any]:
        if self._data is None:
            self._data = {}
            if self._folder is not None and not os.environ.get("EVENT_CONTRACTS_NO_CACHE"):
                self._data = self._read(self._folder)
        return self._data

    def _read(self, folder: Path) -> dict[str, Any]:
        try:
            folder_fd = _open_folder(folder)
        except OSError:
            return {}
        try:
            fd = os.open(self._file, os.O_RDONLY | os.O_NONBLOCK | _NO_FOLLOW, dir_fd=folder_fd)
            raw = _read_regular(fd)
        except OSError:
            return {}
        finally:
            os.close(folder_fd)
        mac, _, body = raw.partition(b"\n")
        key = _secret(create=False)
        if key is None or not hmac.compare_digest(mac, _mac(key, body).encode()):
            return {}
        try:
            loaded = json.loads(body)
        except ValueError:
            return {}
        if (not isinstance(loaded, dict) or loaded.get("cache") != self._name
                or loaded.get("tool") != _TOOL or not isinstance(loaded.get("entries"), dict)):
            return {}
        entries: dict[str, Any] = loaded["entries"]
        return entries

    def get(self, key: str) -> Any:
        """The cached value, or None. Check its shape before use: the cache is a speed-up."""
        return self._load().get(key)

    def __contains__(self, key: str) -> bool:
        return key in self._load()

    def set(self, key: str, value: Any) -> None:
        data = self._load()
        if data.get(key) != value:
            data[key] = value
            self._dirty = True

    def save(self) -> None:
        if not self._dirty or self._folder is None:
            return
        secret = _secret(create=True)
        if secret is None:
            return
        body = json.dumps({"cache": self._name, "tool": _TOOL, "entries": self._data},
                          separators=(",", ":")).encode()
        try:
            self._folder.mkdir(exist_ok=True)
            folder_fd = _open_folder(self._folder)
        except OSError:
            return
        try:
            self._write(folder_fd, _mac(secret, body).encode() + b"\n" + body)
            self._dirty = False
        except OSError:
            pass  # a cache that cannot be written only costs speed
        finally:
            os.close(folder_fd)

    def _write(self, folder_fd: int, data: bytes) -> None:
        # O_EXCL: never through a file or link already there (a dangling .gitignore link
        # pointing outside must not be followed).
        create = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW
        try:
            fd = os.open(".gitignore", create, 0o644, dir_fd=folder_fd)
            with os.fdopen(fd, "wb") as handle:
                handle.write(b"*\n")
        except FileExistsError:
            pass
        temporary = f".tmp-{self._name}-{os.getpid()}-{os.urandom(4).hex()}"
        fd = os.open(temporary, create, 0o644, dir_fd=folder_fd)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            # rename replaces a link at the target instead of following it
            os.replace(temporary, self._file, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
        except OSError:
            os.unlink(temporary, dir_fd=folder_fd)
            raise
