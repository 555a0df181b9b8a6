"""`backup` and `restore`: encrypted with a passphrase, made while the registry is in use.

The laptop's SQLite registry only: a school server's PostgreSQL database is backed up with
pg_dump (README, "Voor de ICT"), and `backup` says so.
"""
from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

from detectors.template_models import DLIB
from server.cli.cli import main
from tests.conftest import KNN

PASSPHRASE = "twaalf tekens of meer"


def run(data_dir, *args, input=None, passphrase=PASSPHRASE):
    env = {"POORTWACHTER_TODAY": "2026-11-21", "POORTWACHTER_BACKUP_WACHTWOORD": passphrase}
    return CliRunner().invoke(main, ["--data-dir", str(data_dir), *map(str, args)], input=input, env=env,
                              catch_exceptions=False, prog_name="poortwachter")


@pytest.mark.postgres_only
def test_on_the_school_server_backup_points_to_pg_dump(data_dir, tmp_path):
    result = run(data_dir, "backup", tmp_path / "school.backup")
    assert result.exit_code == 3 and "pg_dump" in result.output and not (tmp_path / "school.backup").exists()


@pytest.mark.sqlite_only
def test_backup_then_restore_brings_back_an_erased_pupil(data_dir, registry, tmp_path):
    target = tmp_path / "school.backup"
    made = run(data_dir, "backup", target)
    assert made.exit_code == 0 and made.output.startswith(f"Back-up geschreven: {target} (")
    assert target.stat().st_mode & 0o777 == 0o600
    vector = registry.gallery().of(DLIB)[1][0]
    registry.close()
    assert run(data_dir, "consent", "erase", "L1001").exit_code == 0
    restored = run(data_dir, "restore", "--yes", target)
    assert restored.exit_code == 0
    assert restored.output.endswith(f"Teruggezet uit {target}: 23 personen op de lijst.\n")
    assert run(data_dir, "check", KNN / "test/obama1.jpg").exit_code == 0  # Sanne is back, with consent
    # Neither the name nor a template is readable in the file: it is encrypted.
    data = target.read_bytes()
    assert b"Sanne" not in data and np.asarray(vector, dtype=np.float32).tobytes()[:16] not in data
    assert "back-up teruggezet: uit school.backup" in run(data_dir, "audit").output


@pytest.mark.sqlite_only
def test_a_wrong_passphrase_changes_nothing(data_dir, registry, tmp_path):
    target = tmp_path / "school.backup"
    run(data_dir, "backup", target)
    run(data_dir, "consent", "erase", "L1002")
    result = run(data_dir, "restore", "--yes", target, passphrase="niet de goede zin")
    assert (result.exit_code, result.output) == (3, "Fout: De wachtwoordzin klopt niet, of de back-up is beschadigd.\n")
    assert registry.person("L1002") is None


@pytest.mark.sqlite_only
def test_restore_asks_first(data_dir, registry, tmp_path):
    target = tmp_path / "school.backup"
    run(data_dir, "backup", target)
    run(data_dir, "consent", "erase", "L1002")
    result = run(data_dir, "restore", target, input="n\n")
    assert result.exit_code == 3 and result.output.endswith("Fout: Niets teruggezet.\n")
    assert registry.person("L1002") is None


def test_a_short_passphrase_or_a_foreign_file_is_one_dutch_line(data_dir, tmp_path):
    short = run(data_dir, "backup", tmp_path / "b", passphrase="kort")
    assert (short.exit_code, short.output) == (3, "Fout: Kies een wachtwoordzin van minstens 10 tekens.\n")
    other = tmp_path / "foto.jpg"
    other.write_bytes((KNN / "test/obama1.jpg").read_bytes())
    foreign = run(data_dir, "restore", "--yes", other)
    assert (foreign.exit_code, foreign.output) == (3, f"Fout: {other} is geen back-up van Poortwachter.\n")


@pytest.mark.sqlite_only
def test_the_passphrase_is_asked_twice_when_not_in_the_environment(data_dir, tmp_path):
    target = tmp_path / "school.backup"
    result = run(data_dir, "backup", target, input=f"{PASSPHRASE}\n{PASSPHRASE}\n", passphrase="")
    assert result.exit_code == 0 and target.exists()
    restored = run(data_dir, "restore", "--yes", target, input=f"{PASSPHRASE}\n", passphrase="")
    assert restored.exit_code == 0
