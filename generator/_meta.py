"""What the installed distribution says about itself: its pyproject.toml, via importlib.metadata."""

from __future__ import annotations

DISTRIBUTION = "event-contracts"


def distribution_version() -> str:
    """The installed version, or "unknown" when run from a tree that was never installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "unknown"


def distribution_url() -> str | None:
    """The first [project.urls] entry (Homepage, Repository, ...), if pyproject.toml has any."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        meta = metadata(DISTRIBUTION)
    except PackageNotFoundError:
        return None
    for entry in meta.get_all("Project-URL") or []:
        url = str(entry).partition(",")[2].strip()  # "Homepage, https://..."
        if url:
            return url
    return None
