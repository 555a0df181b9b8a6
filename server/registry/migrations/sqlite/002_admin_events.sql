-- What the privacy officer did (import, enrolment, withdrawal, erasure, password, pairing):
-- who, when, what and how many; person ids and counts, never photos.
CREATE TABLE IF NOT EXISTS admin_events (
    id      INTEGER PRIMARY KEY,
    time    TEXT NOT NULL,          -- local time with its offset
    actor   TEXT NOT NULL,          -- the computer user, or who was logged in to /beheer
    action  TEXT NOT NULL,          -- import, enrol, withdraw, erase, password, pair, unpair, purge
    count   INTEGER NOT NULL DEFAULT 0,
    details TEXT NOT NULL           -- JSON: counts, person ids, channel, file name
);
