"""What the school server's processes share besides the consent list: sign-in failures, sessions, secrets.

Mixed into Registry. Kept here, not in a process's memory or a host's files, so that any
process on any host answers any request the same way. Times are Unix seconds (time.time()).
"""
from __future__ import annotations

import secrets
from collections.abc import Callable

# Rows of failed sign-ins that are unlocked and untouched this long are forgotten.
FORGET_FAILURES_AFTER = 24 * 3600
MAX_FAILURE_KEYS = 10_000  # a flood of made-up keys (any account name) cannot grow the table without bound
MAX_SESSIONS = 10_000


class ServerStateStore:
    """`self.db` and `self.transaction` come from Registry."""

    # Sign-in failures -----------------------------------------------------

    def sign_in_locked_until(self, key: str) -> float:
        row = self.db.execute("SELECT locked_until FROM sign_in_failures WHERE key = ?", (key,)).fetchone()
        return row[0] if row else 0.0

    def sign_in_failed(self, key: str, now: float, wait_after: Callable[[int], float]) -> float:
        """Count a failure for `key` (atomically, whichever process sees it); returns its locked_until.

        `wait_after(failures)` is the policy: seconds to wait after that many failures in a row.
        """
        with self.transaction() as db:
            failures = db.execute(
                "INSERT INTO sign_in_failures (key, failures, locked_until, last_failed) VALUES (?, 1, 0, ?)"
                " ON CONFLICT(key) DO UPDATE SET failures = sign_in_failures.failures + 1,"
                " last_failed = excluded.last_failed RETURNING failures", (key, now)).fetchone()[0]
            wait = wait_after(failures)
            if wait > 0:  # never shortens a lock another process set after a later failure
                db.execute("UPDATE sign_in_failures SET locked_until = ? WHERE key = ? AND locked_until < ?",
                           (now + wait, key, now + wait))
            self._forget_failures(db, now)
            return db.execute("SELECT locked_until FROM sign_in_failures WHERE key = ?", (key,)).fetchone()[0]

    def sign_in_succeeded(self, key: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM sign_in_failures WHERE key = ?", (key,))

    @staticmethod
    def _forget_failures(db, now: float) -> None:
        db.execute("DELETE FROM sign_in_failures WHERE locked_until <= ? AND last_failed < ?",
                   (now, now - FORGET_FAILURES_AFTER))
        excess = db.execute("SELECT COUNT(*) FROM sign_in_failures").fetchone()[0] - MAX_FAILURE_KEYS
        if excess > 0:  # the oldest unlocked go first, as the in-memory throttle did
            db.execute("DELETE FROM sign_in_failures WHERE key IN (SELECT key FROM sign_in_failures"
                       " WHERE locked_until <= ? ORDER BY last_failed LIMIT ?)", (now, excess))

    # Sessions ----------------------------------------------------------------

    def session_data(self, session_id: str, now: float) -> str | None:
        row = self.db.execute("SELECT data FROM sessions WHERE id = ? AND expires_at > ?",
                              (session_id, now)).fetchone()
        return row[0] if row else None

    def save_session(self, session_id: str, data: str, expires_at: float, now: float) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO sessions (id, data, expires_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE"
                       " SET data = excluded.data, expires_at = excluded.expires_at",
                       (session_id, data, expires_at))
            db.execute("DELETE FROM sessions WHERE expires_at <= ?", (now,))
            excess = db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] - MAX_SESSIONS
            if excess > 0:
                db.execute("DELETE FROM sessions WHERE id IN (SELECT id FROM sessions ORDER BY expires_at LIMIT ?)",
                           (excess,))

    def delete_session(self, session_id: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    # Secrets -----------------------------------------------------------------

    def shared_secret(self, name: str) -> str:
        """A random secret by name, made by whichever process asks first; the same for all after."""
        with self.transaction() as db:
            db.execute("INSERT INTO server_secrets (name, value) VALUES (?, ?) ON CONFLICT(name) DO NOTHING",
                       (name, secrets.token_hex(32)))
            return db.execute("SELECT value FROM server_secrets WHERE name = ?", (name,)).fetchone()[0]
