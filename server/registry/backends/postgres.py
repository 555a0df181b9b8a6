"""The registry on PostgreSQL: one school server, many gate processes, one place for the templates.

Chosen by a `postgresql://` database URL (POORTWACHTER_DATABASE_URL or `database_url` in
instellingen.toml). The registry's SQL is written once with `?` and `:name` placeholders;
this module turns them into psycopg's. Each statement outside a transaction commits on its
own (autocommit), so a check that starts after a withdrawal returned reads the withdrawal.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from server.registry import migrations
from server.registry.errors import RegistryError

# Any number; every Poortwachter process takes the same lock before it migrates.
MIGRATION_LOCK = 5_151_014
# Where an erased person's id, name, consents or templates may have been: rewritten after erasure.
PERSONAL_TABLES = ("people", "consents", "templates", "audit", "admin_events")
PLACEHOLDER = re.compile(r"%|\?|(?<![:\w]):(\w+)")


class Row(tuple):
    """A result row read by position or by column name, like sqlite3.Row."""

    names: tuple[str, ...] = ()

    def __getitem__(self, key):
        if isinstance(key, str):
            return super().__getitem__(self.names.index(key))
        return super().__getitem__(key)

    def keys(self) -> tuple[str, ...]:
        return self.names


def _row_factory(cursor: psycopg.Cursor):
    names = tuple(column.name for column in cursor.description or ())
    row_class = type("Row", (Row,), {"names": names})
    return lambda values: row_class(values)


def translate(sql: str) -> str:
    """`?` and `:name` (sqlite3's placeholders) to `%s` and `%(name)s`; a literal % doubled."""
    def replace(match: re.Match) -> str:
        if match[0] == "%":
            return "%%"
        return "%s" if match[0] == "?" else f"%({match[1]})s"

    return PLACEHOLDER.sub(replace, sql)


def _without_nul(params):
    """PostgreSQL text cannot hold U+0000, which SQLite stores and compares like any
    character; a form field with one (never a real name or id) becomes U+FFFD, so it
    matches nothing stored, as on SQLite, instead of failing the request."""
    def clean(value):
        return value.replace("\x00", "\ufffd") if isinstance(value, str) else value

    if isinstance(params, dict):
        return {key: clean(value) for key, value in params.items()}
    return [clean(value) for value in params]


class PostgresDatabase:
    """One connection to the school's database; cheap enough to open per request."""

    backend = "postgres"

    def __init__(self, url: str) -> None:
        self.location = _without_password(url)
        try:
            self.connection = psycopg.connect(url, autocommit=True, row_factory=_row_factory, connect_timeout=10)
        except psycopg.Error as error:
            raise RegistryError(f"Kan de database {self.location} niet bereiken: {_first_line(error)}.") from None

    def execute(self, sql: str, params=()) -> psycopg.Cursor:
        try:  # always params: psycopg then turns %% back into %
            return self.connection.execute(translate(sql), _without_nul(params))
        except psycopg.OperationalError as error:
            raise RegistryError(f"De database {self.location} gaf een fout: {_first_line(error)}.") from error

    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def transaction(self) -> Iterator[PostgresDatabase]:
        """All or nothing; a lost connection or a full disk becomes a RegistryError with a Dutch message."""
        try:
            with self.connection.transaction():
                yield self
        except psycopg.OperationalError as error:
            raise RegistryError("Het register kon niet worden bijgewerkt: de database gaf een fout "
                                f"({_first_line(error)}). Er is niets veranderd.") from error

    def migrate(self) -> None:
        """Bring the database up to the code's schema; the first of several processes does it, once."""
        if self._version() == migrations.latest(self.backend):
            return
        with self.transaction():  # DDL is transactional in PostgreSQL: a failed step leaves nothing behind
            self.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))
            self.execute(migrations.TABLE)
            migrations.check_not_newer(self._version(), self.backend, self.location)
            for migration in migrations.migrations(self.backend)[self._version():]:
                self.connection.execute(migration.sql)  # several statements, no parameters: sent as is
                self.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                             (migration.version, migration.name, dt.datetime.now().isoformat(timespec="seconds")))

    def _version(self) -> int:
        if self.execute("SELECT to_regclass('schema_migrations')").fetchone()[0] is None:
            return 0
        return self.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]

    def flush_deleted(self) -> None:
        """Rewrite the tables that hold personal data so deleted rows' bytes are gone, not just marked dead.

        A DELETE or UPDATE only marks the old row version dead; its bytes stay in the table's
        pages until VACUUM. VACUUM FULL writes the live rows to new files and drops the old
        ones (it locks each table briefly: erasure is rare). The write-ahead log keeps the bytes
        until a checkpoint lets its segments be recycled.
        """
        self.execute(f"VACUUM (FULL) {', '.join(PERSONAL_TABLES)}")
        try:
            self.execute("CHECKPOINT")
        except psycopg.errors.InsufficientPrivilege:
            pass  # a role without pg_checkpoint: the server's own checkpoint follows within checkpoint_timeout


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _without_password(url: str) -> str:
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)
