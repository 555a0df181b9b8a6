-- Migration 5: accounts for the school server. The privacy officer (beheerder) invites
-- teachers (medewerker); each teacher pairs their own extensions, and each token can be revoked.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('beheerder', 'medewerker')),
    password_hash TEXT,            -- NULL until the invitation is accepted
    invite_hash   TEXT UNIQUE,     -- sha256 of the invitation link's secret; NULL once accepted
    invite_expires TEXT,
    created_at    TEXT NOT NULL
);

-- One teacher's pairing code; a code is long (the server has many at once) and lives ten minutes.
CREATE TABLE user_pairing (
    code_hash  TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    expires_at TEXT NOT NULL
);

ALTER TABLE tokens ADD COLUMN user_id INTEGER REFERENCES users(id) ON DELETE CASCADE;

-- Who overrode a warning: on the school server the teacher's token, as `actor` says who checked.
ALTER TABLE audit ADD COLUMN override_actor TEXT;
