"""Paths as code hosts want them: relative to the repository root, with forward slashes.

GitHub attaches annotations and code-scanning alerts only to paths relative to the root of the
checked-out repository, so findings carry absolute paths internally and are shortened here.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


def repository_root() -> Path | None:
    """$GITHUB_WORKSPACE when set, else the nearest folder above the working directory that
    holds `.git` (a folder, or a file in worktrees and submodules), else None."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace:
        return Path(workspace).resolve()
    return _git_root(Path.cwd().resolve())


@lru_cache(maxsize=8)
def _git_root(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def relative_path(path: str) -> tuple[str, bool]:
    """The path relative to the repository root, else to the working directory, else as given;
    with forward slashes, and whether it is relative."""
    given = Path(path)
    absolute = Path(os.path.normpath(given if given.is_absolute() else Path.cwd() / given))
    candidates = (absolute, absolute.resolve())  # a symlinked temp folder, say
    for base in (repository_root(), Path.cwd()):
        for candidate in candidates:
            if base is not None and candidate.is_relative_to(base):
                return candidate.relative_to(base).as_posix(), True
    return absolute.as_posix(), False
