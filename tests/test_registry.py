"""The registry file: an older schema is brought up to date without losing the log."""
from __future__ import annotations

import sqlite3

from server.registry import Registry


def test_an_audit_log_without_actor_gets_the_column(tmp_path):
    path = tmp_path / "registry.sqlite3"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE audit (id INTEGER PRIMARY KEY, check_id TEXT NOT NULL UNIQUE, time TEXT NOT NULL,"
                " source TEXT NOT NULL, channel TEXT NOT NULL, account TEXT NOT NULL, decision TEXT NOT NULL,"
                " summary TEXT NOT NULL, image_hashes TEXT NOT NULL, override_reason TEXT, override_time TEXT)")
    old.execute("INSERT INTO audit (check_id, time, source, channel, account, decision, summary, image_hashes)"
                " VALUES ('c_1', '2026-11-01', 'cli', 'website', 'school', 'allow', '[]', '[]')")
    old.commit()
    old.close()
    registry = Registry(path)
    entry, = registry.audit_entries()
    assert (entry["check_id"], entry["actor"]) == ("c_1", "")
    registry.close()
