"""Faults: a real SIGKILL mid-import and mid-enrolment, a full or read-only data directory.

The kills run the installed `poortwachter` command in a subprocess on a copy of
the demo school; bench/faults.py runs the same with many more kills.
"""
from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
from pathlib import Path

import pytest

from tests.conftest import DEMO
from tests.faults_support import POORTWACHTER, consent_file, dump, enrol_file, kill_enrolments, kill_imports

# Kills, file-size limits and full disks act on the SQLite file in the data directory; on
# PostgreSQL the database server owns its files and a killed client's transaction is rolled back.
pytestmark = pytest.mark.sqlite_only
IMPORT_ROWS = 20_000


def test_killed_consent_import_leaves_the_registry_before_or_after(demo_dir, tmp_path):
    consents = consent_file(tmp_path / "groot.csv", IMPORT_ROWS)
    outcome = kill_imports(demo_dir, tmp_path / "work", consents, kills=4)
    assert outcome.in_between == [] and outcome.kills == 4


def test_killed_enrolment_keeps_each_photo_whole(demo_dir, tmp_path):
    photos = enrol_file(tmp_path / "fotos", DEMO / "gezichten.csv", variants=1)
    outcome = kill_enrolments(demo_dir, tmp_path / "work", photos, kills=3)
    assert outcome.in_between == [] and outcome.kills == 3


# A full or read-only data directory --------------------------------------------------


def poortwachter(data_dir: Path, *args: str, file_limit: int | None = None) -> subprocess.CompletedProcess:
    def limit() -> None:  # in the child: writes past the limit fail (EFBIG) instead of killing it
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    return subprocess.run([str(POORTWACHTER), "--data-dir", str(data_dir), *args], capture_output=True,
                          text=True, timeout=300, preexec_fn=limit if file_limit else None, check=False)


def assert_clear_error(result: subprocess.CompletedProcess, words: str) -> None:
    assert result.returncode == 3, result.stdout + result.stderr
    assert result.stderr.startswith("Fout: ") and words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1


def test_a_file_that_may_not_grow_is_a_clear_error_and_changes_nothing(data_dir, tmp_path):
    # RLIMIT_FSIZE: the registry cannot grow, as on a full disk, whoever runs the test.
    before = dump(data_dir / "registry.sqlite3")
    size = (data_dir / "registry.sqlite3").stat().st_size
    result = poortwachter(data_dir, "consent", "import", "--yes", str(consent_file(tmp_path / "groot.csv", IMPORT_ROWS)),
                          file_limit=size + 64 * 1024)
    assert_clear_error(result, "Het register kon niet worden bijgewerkt")
    assert result.stderr.rstrip().endswith("Er is niets veranderd.")
    assert dump(data_dir / "registry.sqlite3") == before


@contextlib.contextmanager
def tmpfs(path: Path, size: str):
    path.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                                           capture_output=True, check=False).returncode:
        pytest.skip("no tmpfs mount here (needs root)")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_a_full_disk_is_a_clear_error_and_changes_nothing(tmp_path):
    with tmpfs(tmp_path / "klein", "1m") as disk:
        data = disk / "data"
        assert poortwachter(data, "consent", "import", "--yes", str(DEMO / "leerlingen.csv")).returncode == 0
        before = dump(data / "registry.sqlite3")
        result = poortwachter(data, "consent", "import", "--yes", str(consent_file(tmp_path / "groot.csv", IMPORT_ROWS)))
        assert_clear_error(result, "de schijf is vol")
        assert dump(data / "registry.sqlite3") == before
        assert poortwachter(data, "consent", "list").returncode == 0  # still opens


def test_a_read_only_data_directory_is_a_clear_error(tmp_path):
    with tmpfs(tmp_path / "ro", "1m") as disk:
        data = disk / "data"
        assert poortwachter(data, "consent", "import", "--yes", str(DEMO / "leerlingen.csv")).returncode == 0
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        for args in (["consent", "import", "--yes", str(DEMO / "leerlingen.csv")], ["check", "--text", "Hallo"]):
            assert_clear_error(poortwachter(data, *args), "alleen-lezen")


def test_the_api_answers_a_full_registry_with_503_not_a_traceback(client, auth, monkeypatch):
    import sqlite3

    from server.registry import Registry

    def full(self, entry):
        with self.transaction():
            raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Registry, "record_check", full)
    response = client.post("/api/v1/checks", headers=auth, data={"text": "Hallo"})
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert "de schijf is vol" in response.get_json()["error"]["message"]
