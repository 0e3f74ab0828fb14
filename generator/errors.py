"""The one error type for bad input and unusable environments (exit code 2).

Every stage raises `ContractsError` (or a subclass) with the file, line and column where there
is one; the CLI prints it as one line in the chosen format, never as a traceback.
"""

from __future__ import annotations

from pathlib import Path


class ContractsError(Exception):
    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.path, self.line, self.column) if p is not None)
        return f"{where}: {self.message}" if where else self.message
