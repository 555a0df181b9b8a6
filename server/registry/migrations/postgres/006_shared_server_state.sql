-- Migration 6: what every process of the school server must agree on, kept in the registry
-- instead of in one process's memory or one host's files. Times are Unix seconds.

-- Failed sign-ins per client and per account: N processes must not give a guesser N times the tries.
CREATE TABLE sign_in_failures (
    key          TEXT PRIMARY KEY,           -- 'client:<address>' or 'account:<name>'
    failures     INTEGER NOT NULL,
    locked_until DOUBLE PRECISION NOT NULL,
    last_failed  DOUBLE PRECISION NOT NULL
);

-- Signed-in sessions (Flask-Session): any process, on any host, knows them; signing out ends them everywhere.
CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    data       TEXT NOT NULL,               -- JSON
    expires_at DOUBLE PRECISION NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Secrets all processes sign with (forms' CSRF tokens, video blur plans), made once by the first.
CREATE TABLE server_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
