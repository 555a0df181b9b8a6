"""The registry on one SQLite file in the data directory: the default, for one computer.

The file is readable by the user only. Writers take turns (BEGIN IMMEDIATE), so
a crash leaves the registry as it was before or after a write, never in between.
"""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from server.registry import migrations
from server.registry.errors import RegistryError


class SqliteDatabase:
    """A connection to one registry file; cheap to open, one per request or command."""

    backend = "sqlite"

    def __init__(self, path: Path) -> None:
        self.location = str(path)
        new = not path.exists()
        self.connection = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
        if new:
            os.chmod(path, 0o600)
        self.connection.row_factory = sqlite3.Row
        self.connection.execute("PRAGMA foreign_keys = ON")
        # Deleted rows are overwritten with zeros, whatever SQLite was built with: an erased
        # pupil's templates and name must not stay readable in free pages (GDPR art. 17).
        self.connection.execute("PRAGMA secure_delete = ON")
        self.connection.execute("PRAGMA journal_mode = WAL")

    def execute(self, sql: str, params=()) -> sqlite3.Cursor:
        return self.connection.execute(sql, params)

    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def transaction(self) -> Iterator[SqliteDatabase]:
        """All or nothing; a full or read-only disk becomes a RegistryError with a Dutch message."""
        try:
            self.connection.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                # SQLite may already have rolled back itself (a full disk does that).
                if self.connection.in_transaction:
                    self.connection.execute("ROLLBACK")
                raise
            self.connection.execute("COMMIT")
        except sqlite3.OperationalError as error:
            raise RegistryError(_write_failure(str(error))) from error

    def flush_deleted(self) -> None:
        """Copy the write-ahead log into the file and empty it: deleted rows live on in the
        log's older page images until then. Waits briefly for readers in other processes."""
        for _ in range(50):
            busy = self.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            if not busy:
                return
            time.sleep(0.1)
        raise RegistryError("Het register kon niet volledig worden opgeschoond: een ander Poortwachter-proces "
                            "houdt het bezet. Probeer het opnieuw.")

    def migrate(self) -> None:
        """Bring the file up to the code's schema; a no-op read when it is there already."""
        if self._version() == migrations.latest(self.backend):
            return
        with self.transaction():  # one process migrates, the others wait for it and find it done
            self.execute(migrations.TABLE)
            self._adopt_unversioned()
            migrations.check_not_newer(self._version(), self.backend, self.location)
            for migration in migrations.migrations(self.backend)[self._version():]:
                for statement in _statements(migration.sql):
                    self.execute(statement)
                self.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                             (migration.version, migration.name, _now()))

    def _version(self) -> int:
        if not self.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").fetchone():
            return 0
        return self.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]

    def _adopt_unversioned(self) -> None:
        """A file from before versioned migrations gets migration 1 over its tables, and its one late column."""
        if self.execute("SELECT 1 FROM schema_migrations").fetchone():
            return
        if not self.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name != 'schema_migrations'"
                            ).fetchone():
            return  # a new registry: every migration runs
        for statement in _statements(migrations.migrations(self.backend)[0].sql):
            self.execute(statement)
        if "actor" not in {row["name"] for row in self.execute("PRAGMA table_info(audit)")}:
            self.execute("ALTER TABLE audit ADD COLUMN actor TEXT NOT NULL DEFAULT ''")
        self.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, 'initial', ?)",
                     (_now(),))


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def _statements(script: str) -> Iterator[str]:
    """A script's statements one by one: executescript would commit the migration's transaction."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending
            pending = ""
    if any(line.strip() and not line.strip().startswith("--") for line in pending.splitlines()):
        raise RuntimeError(f"unfinished SQL statement in a migration: {pending[:80]}")


def _write_failure(reason: str) -> str:
    if "full" in reason:
        why = "de schijf is vol"
    elif "readonly" in reason or "read-only" in reason:
        why = "de datamap is alleen-lezen"
    elif "I/O" in reason:  # what SQLite reports when the file may not grow (a quota, a file-size limit)
        why = "de schijf is vol of gaf een fout"
    elif "locked" in reason:
        why = "een ander Poortwachter-proces houdt het register bezet"
    else:
        why = f"schrijven mislukte ({reason})"
    return f"Het register kon niet worden bijgewerkt: {why}. Er is niets veranderd."
