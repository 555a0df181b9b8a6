"""The registry on both backends: PostgreSQL's migrations, several gate processes at once, erasure.

The rest of the suite runs on both backends through the `backend` fixture (conftest.py);
these are the parts that differ: the PostgreSQL schema runner, and the order of a withdrawal
and the checks of other processes (erasure: tests/test_erasure.py, on both).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from server import config
from server.registry import Registry, RegistryError, migrations
from server.registry.consent_import import parse_consent_file
from server.registry.migrations import Migration
from tests.conftest import BACKENDS, DEMO, KNN

ROOT = Path(__file__).resolve().parents[1]


def test_both_backends_have_the_same_migrations():
    assert ([(m.version, m.name) for m in migrations.migrations("sqlite")]
            == [(m.version, m.name) for m in migrations.migrations("postgres")])


@pytest.fixture
def empty_database(request) -> str:
    if "postgres" not in BACKENDS:
        pytest.skip("POORTWACHTER_TEST_BACKENDS leaves PostgreSQL out")
    postgres = request.getfixturevalue("postgres")
    name = f"empty_{request.node.name[5:30].lower()}"
    yield postgres.create_database(name)
    postgres.drop_database(name)


def applied(registry: Registry) -> list[int]:
    return [row[0] for row in registry.db.execute("SELECT version FROM schema_migrations ORDER BY version")]


def with_extra(monkeypatch, *extra: Migration) -> None:
    known = migrations.migrations("postgres") + extra
    monkeypatch.setattr(migrations, "migrations", lambda backend: known)


def test_postgres_new_database_gets_every_migration_once_and_a_new_one_at_the_next_start(empty_database,
                                                                                          monkeypatch):
    Registry(empty_database).close()
    registry = Registry(empty_database)
    assert applied(registry) == list(range(1, migrations.latest("postgres") + 1))
    registry.close()
    following = migrations.latest("postgres") + 1
    with_extra(monkeypatch, Migration(following, "note", "-- why\nALTER TABLE people ADD COLUMN note TEXT;\n"))
    Registry(empty_database).close()
    registry = Registry(empty_database)  # not applied twice: a second ADD COLUMN would fail
    assert applied(registry)[-1] == following
    assert registry.db.execute("SELECT count(*) FROM information_schema.columns"
                               " WHERE table_name = 'people' AND column_name = 'note'").fetchone()[0] == 1
    registry.close()


def test_postgres_failing_migration_changes_nothing(empty_database, monkeypatch):
    Registry(empty_database).close()
    following = migrations.latest("postgres") + 1
    with_extra(monkeypatch, Migration(following, "half", "CREATE TABLE half (x INTEGER);\nNOT SQL;\n"))
    with pytest.raises(Exception):
        Registry(empty_database)
    monkeypatch.undo()
    registry = Registry(empty_database)
    assert applied(registry)[-1] == following - 1
    assert registry.db.execute("SELECT to_regclass('half')").fetchone()[0] is None
    registry.close()


def test_postgres_database_from_a_newer_version_is_refused(empty_database):
    registry = Registry(empty_database)
    registry.db.execute("INSERT INTO schema_migrations VALUES (999, 'future', 'x')")
    registry.close()
    with pytest.raises(RegistryError, match="nieuwere versie van Poortwachter"):
        Registry(empty_database)


def test_several_processes_migrate_a_new_database_once(empty_database):
    code = ("import sys; from server.registry import Registry; Registry(sys.argv[1]).close()")
    starters = [subprocess.Popen([sys.executable, "-c", code, empty_database], cwd=ROOT) for _ in range(4)]
    assert [p.wait(timeout=120) for p in starters] == [0, 0, 0, 0]
    registry = Registry(empty_database)
    assert applied(registry) == list(range(1, migrations.latest("postgres") + 1))
    registry.close()


def test_unreachable_database_is_a_dutch_registry_error(tmp_path):
    with pytest.raises(RegistryError, match="Kan de database .* niet bereiken"):
        Registry(f"postgresql://poortwachter:geheim@/nergens?host={tmp_path}")


def test_a_check_that_starts_after_a_withdrawal_returned_never_sees_the_old_consent(data_dir, tmp_path):
    """Three gate processes check Sanne's photo over and over while the officer withdraws her
    consent and re-imports the (not yet updated) consent list."""
    stop, outs = tmp_path / "stop", [tmp_path / f"gate{i}.jsonl" for i in range(3)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = [subprocess.Popen([sys.executable, "-m", "tests.gate_worker", str(data_dir),
                                 str(KNN / "test/obama1.jpg"), str(out), str(stop)], cwd=ROOT, env=env)
               for out in outs]

    def results() -> list[list[dict]]:
        return [[json.loads(line) for line in out.read_text().splitlines()] if out.exists() else [] for out in outs]

    def wait_for(condition, what: str) -> None:
        deadline = time.monotonic() + 300
        while not condition(results()):
            assert all(w.poll() is None for w in workers), "a gate process died"
            assert time.monotonic() < deadline, f"timed out waiting for {what}"
            time.sleep(0.05)

    try:
        wait_for(lambda r: all(r), "a first check in every process")
        registry = Registry(config.registry_location(data_dir))
        assert registry.withdraw("L1001", "2026-2027", ["social_media"], "2026-11-21") == 1
        returned = time.monotonic()
        registry.import_people(parse_consent_file(DEMO / "leerlingen.csv"), full=True, now="2026-11-21T10:00")
        registry.close()
        wait_for(lambda r: all(sum(x["started"] > returned for x in checks) >= 2 for checks in r),
                 "two checks after the withdrawal in every process")
    finally:
        stop.touch()
        for worker in workers:
            worker.wait(timeout=120)
    checks = [c for per_process in results() for c in per_process]
    after = [c["statuses"] for c in checks if c["started"] > returned]
    assert after and all(statuses == ["withdrawn"] for statuses in after), after
    # The test can tell the two apart: each process's first check, done before the withdrawal, saw consent.
    assert [per_process[0]["statuses"] for per_process in results()] == [["consented"]] * 3


def test_a_percent_sign_and_a_colon_in_sql_text_stay_what_they_are(registry):
    assert tuple(registry.db.execute("SELECT 'a%b' AS x, 'c:d' AS y, ? AS z", ("e?f",)).fetchone()) == ("a%b", "c:d", "e?f")


def test_an_id_with_a_nul_character_is_nobody_on_either_backend(registry):
    """PostgreSQL text cannot hold U+0000; a form field with one must be "not found", as on SQLite,
    not a failed request (test_fuzz found the 500 on /beheer/inschrijven)."""
    assert registry.person("\x00") is None
    assert registry.person("L1001\x00") is None
    assert registry.person("L1001") is not None
