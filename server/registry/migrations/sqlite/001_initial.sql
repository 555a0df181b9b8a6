-- Migration 1: the consent registry as it was when migrations began. IF NOT EXISTS because a
-- registry made before migrations runs it too, over whatever tables it already has.
-- The consent registry. Templates are biometric data: they are deleted with
-- their person (ON DELETE CASCADE) and when a person leaves the school.

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
    actor           TEXT NOT NULL DEFAULT '',  -- the computer user, or the paired extension's name
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
