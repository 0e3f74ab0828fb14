"""A small on-disk memo keyed by content hashes, so warm pre-commit runs skip heavy imports.

Values are JSON. The file lives in `.event-contracts-cache/` at the project root (ignored by
git); a corrupt or unreadable cache is treated as empty, and writes are atomic.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

CACHE_DIR = ".event-contracts-cache"
_VERSION = "2"  # bumped whenever a cached value changes shape


def content_key(*parts: str | bytes) -> str:
    digest = hashlib.sha256(_VERSION.encode())
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


class Cache:
    def __init__(self, root: Path | None, name: str) -> None:
        self._path = None if root is None else root / CACHE_DIR / f"{name}.json"
        self._data: dict[str, Any] | None = None
        self._dirty = False

    def _load(self) -> dict[str, Any]:
        if self._data is None:
            self._data = {}
            if self._path is not None and not os.environ.get("EVENT_CONTRACTS_NO_CACHE"):
                try:
                    loaded = json.loads(self._path.read_text("utf-8"))
                    if isinstance(loaded, dict):
                        self._data = loaded
                except (OSError, ValueError):
                    pass
        return self._data

    def get(self, key: str) -> Any:
        return self._load().get(key)

    def __contains__(self, key: str) -> bool:
        return key in self._load()

    def set(self, key: str, value: Any) -> None:
        data = self._load()
        if data.get(key) != value:
            data[key] = value
            self._dirty = True

    def save(self) -> None:
        if not self._dirty or self._path is None:
            return
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            gitignore = self._path.parent / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("*\n", "utf-8")
            fd, tmp = tempfile.mkstemp(dir=self._path.parent, prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self._data, handle)
            os.replace(tmp, self._path)
            self._dirty = False
        except OSError:
            pass  # a cache that cannot be written only costs speed
