"""The school server's sessions in the registry: every process, on every host, knows every sign-in.

A cachelib store for Flask-Session (server.auth.sessions), so the rest of the session
handling stays Flask-Session's. The browser holds only the random id; the data (JSON)
stays in the database. Signing out deletes the row, which ends the session for all
processes at once; a new password ends the account's other sessions through their
password mark (server.web.accounts.signed_in_user), also everywhere.
"""
from __future__ import annotations

import json
import time

from cachelib import BaseCache

from server.web.context import registry


class RegistrySessions(BaseCache):
    """Only what Flask-Session's cachelib interface calls: get, set, delete (always inside a request)."""

    def get(self, key: str):
        data = registry().session_data(key, time.time())
        return None if data is None else json.loads(data)

    def set(self, key: str, value, timeout: int | None = None) -> bool:
        now = time.time()
        registry().save_session(key, json.dumps(value), now + self._normalize_timeout(timeout), now)
        return True

    def delete(self, key: str) -> bool:
        registry().delete_session(key)
        return True

    def has(self, key: str) -> bool:
        return self.get(key) is not None
