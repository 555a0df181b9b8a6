"""Schema migrations: an old registry is brought up to date, every step once, all or nothing."""
from __future__ import annotations

import sqlite3

import pytest

from server.registry import Registry, RegistryError, migrations
from server.registry.migrations import Migration

# The registry's schema as the first release made it (before migrations, before audit.actor).
FIRST_RELEASE_SCHEMA = """
-- The consent registry. Templates are biometric data: they are deleted with
-- their person (ON DELETE CASCADE) and when a person leaves the school.
PRAGMA foreign_keys = ON;

CREATE TABLE IF NOT EXISTS people (
    id          TEXT PRIMARY KEY,
    first_name  TEXT NOT NULL,
    infix       TEXT NOT NULL DEFAULT '',
    last_name   TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('leerling', 'medewerker')),
    class_group TEXT NOT NULL DEFAULT '',
    birth_date  TEXT,              -- ISO date, NULL for staff
    left_on     TEXT,              -- ISO date the person left; NULL while at school
    updated_at  TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS consents (
    person_id    TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    channel      TEXT NOT NULL,
    school_year  TEXT NOT NULL,    -- '2026-2027'
    given        INTEGER,          -- 1 ja, 0 nee, NULL not registered
    given_by     TEXT NOT NULL,    -- 'ouder' or 'zelf'
    withdrawn_on TEXT,             -- ISO date; a withdrawal outlives re-imports of that year
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (person_id, channel, school_year)
);

CREATE TABLE IF NOT EXISTS templates (
    id         INTEGER PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    vector     BLOB NOT NULL,      -- 128 float32
    source     TEXT NOT NULL,      -- sha256 of the reference photo, never the photo
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS templates_person ON templates(person_id);

-- Decisions, not content: no image, no text, only kinds, statuses, person ids and hashes.
CREATE TABLE IF NOT EXISTS audit (
    id              INTEGER PRIMARY KEY,
    check_id        TEXT NOT NULL UNIQUE,
    time            TEXT NOT NULL,
    source          TEXT NOT NULL,
    channel         TEXT NOT NULL,
    account         TEXT NOT NULL,
    decision        TEXT NOT NULL,
    summary         TEXT NOT NULL,  -- JSON list of {kind, severity, status|entity, person_id}
    image_hashes    TEXT NOT NULL,  -- JSON list of sha256
    override_reason TEXT,
    override_time   TEXT
);

CREATE TABLE IF NOT EXISTS tokens (
    hash       TEXT PRIMARY KEY,   -- sha256 of the token; the token itself is never stored
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS pairing (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    code_hash  TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0
);
"""


def first_release_registry(path) -> None:
    old = sqlite3.connect(path)
    old.executescript(FIRST_RELEASE_SCHEMA)
    old.execute("INSERT INTO people VALUES ('p1', 'Sanne', '', 'Jong', 'leerling', '5A', '2016-03-01', NULL, 'x')")
    old.execute("INSERT INTO consents VALUES ('p1', 'website', '2026-2027', 1, 'ouder', NULL, 'x')")
    old.execute("INSERT INTO templates (person_id, vector, source, created_at) VALUES ('p1', ?, 'sha', 'x')",
                (bytes(512),))
    old.execute("INSERT INTO audit (check_id, time, source, channel, account, decision, summary, image_hashes)"
                " VALUES ('c_1', '2026-11-01', 'cli', 'website', 'school', 'allow', '[]', '[]')")
    old.commit()
    old.close()


def applied(registry: Registry) -> list[int]:
    return [row[0] for row in registry.db.execute("SELECT version FROM schema_migrations ORDER BY version")]


def test_a_first_release_registry_is_migrated_without_losing_anything(tmp_path):
    path = tmp_path / "registry.sqlite3"
    first_release_registry(path)
    registry = Registry(path)
    assert applied(registry) == list(range(1, migrations.latest("sqlite") + 1))
    assert [p.id for p in registry.people()] == ["p1"]
    assert registry.template_count("p1") == 1
    entry, = registry.audit_entries()
    assert (entry["check_id"], entry["actor"]) == ("c_1", "")
    registry.close()


def test_a_new_registry_gets_every_migration_once(tmp_path):
    path = tmp_path / "registry.sqlite3"
    Registry(path).close()
    registry = Registry(path)
    assert applied(registry) == list(range(1, migrations.latest("sqlite") + 1))
    registry.close()


def with_extra(monkeypatch, *extra: Migration) -> None:
    known = migrations.migrations("sqlite") + extra
    monkeypatch.setattr(migrations, "migrations", lambda backend: known)


def test_a_new_migration_runs_at_the_next_start(tmp_path, monkeypatch):
    path = tmp_path / "registry.sqlite3"
    Registry(path).close()
    following = migrations.latest("sqlite") + 1
    with_extra(monkeypatch, Migration(following, "note", "-- why\nALTER TABLE people ADD COLUMN note TEXT;\n"))
    registry = Registry(path)
    assert applied(registry)[-1] == following
    assert "note" in {row["name"] for row in registry.db.execute("PRAGMA table_info(people)")}
    registry.close()
    Registry(path).close()  # not applied twice (a second ADD COLUMN would fail)


def test_a_failing_migration_changes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "registry.sqlite3"
    Registry(path).close()
    following = migrations.latest("sqlite") + 1
    with_extra(monkeypatch, Migration(following, "half", "CREATE TABLE half (x);\nNOT SQL;\n"))
    with pytest.raises(RegistryError):
        Registry(path)
    monkeypatch.undo()
    registry = Registry(path)
    assert applied(registry)[-1] == following - 1
    assert not registry.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'half'").fetchone()
    registry.close()


def test_a_registry_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "registry.sqlite3"
    Registry(path).close()
    newer = sqlite3.connect(path)
    newer.execute("INSERT INTO schema_migrations VALUES (999, 'future', 'x')")
    newer.commit()
    newer.close()
    with pytest.raises(RegistryError, match="nieuwere versie van Poortwachter"):
        Registry(path)
