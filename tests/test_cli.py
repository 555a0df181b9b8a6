"""The command line as a user runs it: exit codes and the exact Dutch messages."""
from __future__ import annotations

import json
import pytest
from click.testing import CliRunner

from server.cli.cli import main
from tests.conftest import DATA, DEMO, KNN, OPENFACE


def run(data_dir, *args, env=None):
    runner = CliRunner()
    env = {"POORTWACHTER_TODAY": "2026-11-21", **(env or {})}
    return runner.invoke(main, ["--data-dir", str(data_dir), *map(str, args)], env=env, catch_exceptions=False)


@pytest.mark.parametrize("photo, code", [
    (KNN / "test/obama1.jpg", 0),
    (OPENFACE / "carell.jpg", 1),
    (KNN / "test/obama_and_biden.jpg", 2),
])
def test_check_exit_status_is_the_decision(data_dir, photo, code):
    result = run(data_dir, "check", photo)
    assert result.exit_code == code
    assert result.output.startswith("Oordeel: ")


def test_check_json_is_the_verdict_contract(data_dir):
    result = run(data_dir, "check", "--json", KNN / "test/kit_with_rose.jpg")
    verdict = json.loads(result.output)
    assert set(verdict) >= {"id", "decision", "channel", "account", "images", "findings", "timings_ms"}
    # Two people in front, and two more cut off at the right edge (21 px high): every face is
    # counted, the two at the edge are reported as not recognisable.
    assert verdict["images"][0] == {"index": 0, "width": 501, "height": 700, "faces": 4, "gps": False}
    statuses = sorted(f["status"] for f in verdict["findings"] if f["kind"] == "face")
    assert statuses == ["expired", "needs_own_consent", "not_recognisable", "not_recognisable"]
    face = verdict["findings"][0]
    assert set(face) >= {"kind", "severity", "image", "box", "status", "person", "distance", "rule", "message"}


def test_today_option_and_environment(data_dir):
    # Before 1 August 2026 Lotte's 2025-2026 consent is still valid.
    photo = KNN / "test/johnsnow_test1.jpg"
    assert run(data_dir, "check", photo).exit_code == 2
    assert run(data_dir, "--today", "2026-07-31", "check", photo).exit_code == 0
    assert run(data_dir, "check", photo, env={"POORTWACHTER_TODAY": "2026-07-31"}).exit_code == 0
    assert run(data_dir, "check", "--today", "2026-07-31", photo).exit_code == 0


def test_withdraw_blocks_the_next_check(data_dir):
    photo = KNN / "test/obama1.jpg"
    result = run(data_dir, "consent", "withdraw", "L1001", "--channel", "social_media")
    assert result.output == "Toestemming van Sanne de Vries voor sociale media ingetrokken per 21-11-2026.\n"
    verdict = json.loads(run(data_dir, "check", "--json", photo).output)
    assert verdict["decision"] == "block" and verdict["findings"][0]["status"] == "withdrawn"
    # The withdrawal was for social media only.
    assert run(data_dir, "check", "--channel", "website", photo).exit_code == 0


def test_erase_removes_person_and_templates(data_dir, registry):
    result = run(data_dir, "consent", "erase", "L1001")
    assert result.exit_code == 0
    assert registry.person("L1001") is None and registry.template_count("L1001") == 0
    assert run(data_dir, "check", KNN / "test/obama1.jpg").exit_code == 1  # now an unknown face
    missing = run(data_dir, "consent", "erase", "L1001")
    assert (missing.exit_code, missing.output) == (3, "Fout: L1001 staat niet op de toestemmingslijst.\n")


def test_import_error_is_one_dutch_line_and_exit_3(data_dir, tmp_path):
    bad = tmp_path / "fout.csv"
    bad.write_text((DEMO / "leerlingen.csv").read_text(encoding="utf-8").replace("14-03-2018", "14-13-2018"),
                   encoding="utf-8")
    result = run(data_dir, "consent", "import", bad)
    assert result.exit_code == 3
    assert result.output == ("Fout: Regel 2, kolom geboortedatum: '14-13-2018' is geen geldige datum "
                             "(dd-mm-jjjj of jjjj-mm-dd).\n")


def test_import_and_enrol_from_a_fresh_data_dir(tmp_path):
    result = run(tmp_path, "consent", "import", "--yes", DEMO / "leerlingen.csv")
    assert result.output.endswith("Geïmporteerd: 23 nieuw, 0 gewijzigd, 0 als vertrokken gemarkeerd.\n")
    rows = tmp_path / "enrol.csv"
    rows.write_text(
        "leerlingnummer;foto\n"
        f"L1001;{KNN / 'train/obama/obama.jpg'}\n"
        f"L1002;{DATA / 'faces/dlib_faces/dogs.jpg'}\n"
        f"L1003;{DATA / 'faces/face_recognition_repo/examples/two_people.jpg'}\n"
        f"X999;{KNN / 'train/obama/obama2.jpg'}\n"
        f"L1004;{tmp_path / 'bestaat-niet.jpg'}\n",
        encoding="utf-8")
    result = run(tmp_path, "enrol", rows)
    assert result.exit_code == 4
    lines = result.output.splitlines()
    assert "Regel 3 (L1002" in lines[0] and lines[0].endswith("geen gezicht gevonden")
    assert "Regel 4 (L1003" in lines[1] and lines[1].endswith("2 herkenbare gezichten; er mag er maar één op staan")
    assert lines[2].endswith("X999 staat niet (meer) op de toestemmingslijst; importeer die eerst.")
    assert "kan de foto niet lezen" in lines[3]
    assert lines[4] == "1 foto's ingeschreven, 4 overgeslagen."


def test_no_input_is_a_clear_error(data_dir):
    result = run(data_dir, "check")
    assert (result.exit_code, result.output) == (
        3, "Fout: Geef een of meer foto's en/of een tekst (--text) om te controleren.\n")


def test_unusable_data_dir_is_a_clear_error(tmp_path):
    # A path below a file cannot be made a directory, whoever runs the test (also root).
    blocker = tmp_path / "bestand"
    blocker.write_text("x")
    result = run(blocker / "data", "consent", "list")
    assert result.exit_code == 3
    assert result.output.startswith(f"Fout: Kan de datamap {blocker / 'data'} niet gebruiken:")


def test_data_dir_is_private(tmp_path):
    target = tmp_path / "nieuw"
    run(target, "consent", "import", "--yes", DEMO / "leerlingen.csv")
    assert target.stat().st_mode & 0o777 == 0o700
    assert (target / "registry.sqlite3").stat().st_mode & 0o777 == 0o600
