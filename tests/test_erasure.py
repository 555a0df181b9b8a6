"""Erasure that holds: after `consent erase` nothing of the person is left in any byte Poortwachter keeps.

Build-independent: on SQLite the file and its write-ahead log are searched byte for byte,
whatever SQLite's compiled default for secure_delete is; on PostgreSQL the files of every
table and index of the registry (after a checkpoint, so they hold what the server wrote).
"""
from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from detectors.template_models import DLIB
from server import config
from server.cli.cli import main
from server.registry import Registry
from server.registry.registry import ERASED


def registry_bytes(data_dir, request) -> bytes:
    """Every byte the registry's database keeps for it on disk."""
    registry = Registry(config.registry_location(data_dir))
    try:
        if registry.db.backend == "sqlite":
            return b"".join(p.read_bytes() for p in sorted(data_dir.glob("registry.sqlite3*")))
        registry.db.execute("CHECKPOINT")
        files = registry.db.execute(
            "SELECT pg_relation_filepath(c.oid) FROM pg_class c WHERE c.relfilenode <> 0 AND"
            " (c.relnamespace = 'public'::regnamespace OR c.oid IN (SELECT reltoastrelid FROM pg_class"
            " WHERE relnamespace = 'public'::regnamespace) OR c.oid IN (SELECT i.indexrelid FROM pg_index i"
            " JOIN pg_class t ON t.reltoastrelid = i.indrelid WHERE t.relnamespace = 'public'::regnamespace))"
        ).fetchall()
        root = request.getfixturevalue("postgres").data
        return b"".join(path.read_bytes() for (name,) in files for path in sorted(root.glob(f"{name}*")))
    finally:
        registry.close()


def test_erase_leaves_no_template_name_or_id_in_the_file_or_its_log(data_dir, request):
    registry = Registry(config.registry_location(data_dir))
    reader = Registry(config.registry_location(data_dir))  # the service, open meanwhile in another connection
    template = np.random.default_rng().random(128, dtype=np.float32)
    registry.add_templates("L1002", {DLIB: [template]}, "sha-of-a-reference-photo", "2026-11-21T08:00")
    registry.record_check({"check_id": "c_1", "time": "2026-11-21T09:00", "source": "api", "actor": "test",
                           "channel": "website", "account": "school", "decision": "block",
                           "summary": [{"kind": "face", "severity": "block", "status": "no_consent",
                                        "person_id": "L1002"}], "image_hashes": ["ab" * 32]})
    person = registry.person("L1002")
    assert template.tobytes() in registry_bytes(data_dir, request)
    assert reader.person("L1002") is not None

    result = CliRunner().invoke(main, ["--data-dir", str(data_dir), "consent", "erase", "L1002"])
    assert result.exit_code == 0, result.output

    kept = registry_bytes(data_dir, request)
    assert template.tobytes() not in kept
    assert person.last_name.encode() not in kept and f"{person.first_name} ".encode() not in kept
    assert b'"L1002"' not in kept
    entry = next(e for e in reader.audit_entries() if e["check_id"] == "c_1")
    assert entry["decision"] == "block" and entry["summary"][0]["person_id"] == ERASED
    registry.close()
    reader.close()


@pytest.mark.sqlite_only
def test_secure_delete_is_on_whatever_the_build(registry):
    assert registry.db.execute("PRAGMA secure_delete").fetchone()[0] == 1


def test_erase_replaces_the_id_in_scan_records_and_keeps_the_decision(data_dir):
    scans = data_dir / "scans"
    scans.mkdir()
    record = scans / "abc.jsonl"
    lines = [{"version": 1, "folder": "/foto's", "channel": "website", "fingerprint": "x"},
             {"path": "a.jpg", "size": 1, "mtime_ns": 1, "decision": "block",
              "faces": [{"status": "no_consent", "person_id": "L1002"}, {"status": "consented", "person_id": "L1001"}]}]
    record.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    result = CliRunner().invoke(main, ["--data-dir", str(data_dir), "consent", "erase", "L1002"])
    assert result.exit_code == 0, result.output
    text = record.read_text()
    assert "L1002" not in text
    photo = json.loads(text.splitlines()[1])
    assert photo["decision"] == "block"
    assert [f["person_id"] for f in photo["faces"]] == [ERASED, "L1001"]
    assert oct(record.stat().st_mode & 0o777) == "0o600"
