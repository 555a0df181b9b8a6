"""Versioned schema migrations: numbered SQL files per backend, applied in order at start, each once.

A migration is `migrations/<backend>/NNN_what.sql` (backend `sqlite` or `postgres`), the next free
number for both backends. A landed migration is never edited: a change is a new file. The registry
records each applied version in `schema_migrations` and refuses a database newer than the code.
"""
from __future__ import annotations

import functools
import importlib.resources
import re
from dataclasses import dataclass

from server.registry.errors import RegistryError

FILE_NAME = re.compile(r"(\d{3})_(\w+)\.sql")
TABLE = ("CREATE TABLE IF NOT EXISTS schema_migrations ("
         "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")


@dataclass(frozen=True, order=True)
class Migration:
    version: int
    name: str
    sql: str


@functools.cache
def migrations(backend: str) -> tuple[Migration, ...]:
    """The backend's migrations in order; numbered 1, 2, 3... without gaps, or a packaging error."""
    folder = importlib.resources.files("server.registry.migrations").joinpath(backend)
    found = sorted(
        Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir() if (match := FILE_NAME.fullmatch(entry.name))
    )
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(f"{backend} migrations are not numbered 1..N: {[m.version for m in found]}")
    return tuple(found)


def latest(backend: str) -> int:
    return migrations(backend)[-1].version


def check_not_newer(version: int, backend: str, location: str) -> None:
    """A database migrated by a newer Poortwachter is refused: this code would misread it."""
    if version > latest(backend):
        raise RegistryError(f"Het register {location} is gemaakt door een nieuwere versie van Poortwachter. "
                            "Werk Poortwachter bij.")
