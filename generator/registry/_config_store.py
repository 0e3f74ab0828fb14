"""The registry's compatibility levels and modes, global and per subject."""

from __future__ import annotations

import sqlite3

from generator.registry._database import Database
from generator.registry._errors import RegistryError, subject_not_found

LEVELS = ("BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL",
          "FULL_TRANSITIVE", "NONE")
MODES = ("READWRITE", "READONLY", "READONLY_OVERRIDE", "IMPORT")
DEFAULT_LEVEL = "BACKWARD"
DEFAULT_MODE = "READWRITE"


class ConfigAndModeStore(Database):
    """Reads and writes of the `config` and `modes` tables and the global settings."""

    def _level(self, db: sqlite3.Connection, subject: str) -> str:
        row = db.execute("SELECT compatibility FROM config WHERE subject = ?",
                         (subject,)).fetchone()
        if row is not None:
            return str(row[0])
        return self._setting(db, "compatibility") or DEFAULT_LEVEL

    def _mode(self, db: sqlite3.Connection, subject: str | None) -> str:
        if subject is not None:
            row = db.execute("SELECT mode FROM modes WHERE subject = ?", (subject,)).fetchone()
            if row is not None:
                return str(row[0])
        return self._setting(db, "mode") or DEFAULT_MODE

    def _check_writable(self, db: sqlite3.Connection, subject: str) -> None:
        if self._mode(db, subject) in ("READONLY", "READONLY_OVERRIDE"):
            raise RegistryError(422, 42205, f"Subject {subject} is in read-only mode")

    def level(self, subject: str) -> str:
        with self._read() as db:
            return self._level(db, subject)

    def get_config(self, subject: str | None, *, default_to_global: bool = False) -> str:
        with self._read() as db:
            if subject is None:
                return self._setting(db, "compatibility") or DEFAULT_LEVEL
            row = db.execute("SELECT compatibility FROM config WHERE subject = ?",
                             (subject,)).fetchone()
            if row is not None:
                return str(row[0])
            if default_to_global:
                return self._setting(db, "compatibility") or DEFAULT_LEVEL
        raise RegistryError(404, 40408, f"Subject '{subject}' does not have subject-level "
                                        f"compatibility configured")

    def set_config(self, subject: str | None, level: str) -> str:
        level = level.upper()
        if level not in LEVELS:
            raise RegistryError(422, 42203, f"Invalid compatibility level. Valid values are "
                                            f"{', '.join(LEVELS)}")
        with self._write() as db:
            if subject is None:
                self._put_setting(db, "compatibility", level)
            else:
                db.execute("INSERT INTO config (subject, compatibility) VALUES (?, ?) "
                           "ON CONFLICT(subject) DO UPDATE SET compatibility = "
                           "excluded.compatibility", (subject, level))
        return level

    def delete_config(self, subject: str | None) -> str:
        with self._write() as db:
            if subject is None:
                old = self._setting(db, "compatibility") or DEFAULT_LEVEL
                self._put_setting(db, "compatibility", None)
                return old
            row = db.execute("SELECT compatibility FROM config WHERE subject = ?",
                             (subject,)).fetchone()
            if row is None:
                exists = db.execute("SELECT 1 FROM versions WHERE subject = ? LIMIT 1",
                                    (subject,)).fetchone()
                if exists is None:
                    raise subject_not_found(subject)
                return self._setting(db, "compatibility") or DEFAULT_LEVEL
            db.execute("DELETE FROM config WHERE subject = ?", (subject,))
            return str(row[0])

    def get_mode(self, subject: str | None, *, default_to_global: bool = False) -> str:
        with self._read() as db:
            if subject is None or default_to_global:
                return self._mode(db, subject)
            row = db.execute("SELECT mode FROM modes WHERE subject = ?", (subject,)).fetchone()
            if row is not None:
                return str(row[0])
        raise RegistryError(404, 40409, f"Subject '{subject}' does not have subject-level mode "
                                        f"configured")

    def set_mode(self, subject: str | None, mode: str, *, force: bool = False) -> str:
        mode = mode.upper()
        if mode not in MODES:
            raise RegistryError(422, 42204, f"Invalid mode. Valid values are {', '.join(MODES)}")
        with self._write() as db:
            if mode == "IMPORT" and not force:
                query = "SELECT 1 FROM versions LIMIT 1" if subject is None else (
                    "SELECT 1 FROM versions WHERE subject = ? LIMIT 1")
                args: tuple[str, ...] = () if subject is None else (subject,)
                if db.execute(query, args).fetchone() is not None:
                    raise RegistryError(422, 42205, "Cannot import since found existing "
                                                    "subjects")
            if subject is None:
                self._put_setting(db, "mode", mode)
            else:
                db.execute("INSERT INTO modes (subject, mode) VALUES (?, ?) ON CONFLICT(subject)"
                           " DO UPDATE SET mode = excluded.mode", (subject, mode))
        return mode

    def delete_mode(self, subject: str) -> str:
        with self._write() as db:
            row = db.execute("SELECT mode FROM modes WHERE subject = ?", (subject,)).fetchone()
            if row is None:
                raise RegistryError(404, 40409, f"Subject '{subject}' does not have "
                                                f"subject-level mode configured")
            db.execute("DELETE FROM modes WHERE subject = ?", (subject,))
            return str(row[0])
