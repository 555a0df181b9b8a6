"""A consent import says what it will do and asks first; it never wipes a role that is not in the file."""
from __future__ import annotations

from click.testing import CliRunner

from server.cli.cli import main
from tests.conftest import DEMO, KNN


def run(data_dir, *args, input=None, today="2026-11-21"):
    return CliRunner().invoke(main, ["--data-dir", str(data_dir), *map(str, args)], input=input,
                              env={"POORTWACHTER_TODAY": today}, catch_exceptions=False, prog_name="poortwachter")


def first_lines(tmp_path, count: int, name="klein.csv"):
    """The demo list's header and its first `count` pupils."""
    lines = (DEMO / "leerlingen.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / name
    path.write_text("\n".join(lines[:count + 1]) + "\n", encoding="utf-8")
    return path


def test_a_small_pupil_file_shows_who_leaves_and_changes_nothing_without_yes(data_dir, registry, tmp_path):
    result = run(data_dir, "consent", "import", first_lines(tmp_path, 4), input="\n")
    assert result.exit_code == 3
    lines = result.output.splitlines()
    assert lines[:4] == ["4 personen gelezen uit klein.csv.", "Nieuw: 0", "Gewijzigd: 0", "Vertrekt: 16 (16 leerlingen)"]
    assert "  L1017 Finn Dekker (leerling, groep 5)" in lines
    assert ("Hun gezichtskenmerken blijven 30 dagen bewaard; een import van het juiste bestand maakt dit "
            "ongedaan.") in lines
    assert "Er staan geen medewerkers in het bestand: die blijven zoals ze zijn." in lines
    assert "Importeren? [j/N]:" in result.output
    assert lines[-1] == "Fout: Niets geïmporteerd: niet bevestigd (in een script: --yes)."
    assert len(registry.people()) == 23


def without_sanne(tmp_path):
    lines = (DEMO / "leerlingen.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "zonder-sanne.csv"
    path.write_text("\n".join([lines[0], *lines[2:]]) + "\n", encoding="utf-8")
    return path


def test_yes_imports_and_staff_stay(data_dir, registry, tmp_path):
    result = run(data_dir, "consent", "import", "--yes", first_lines(tmp_path, 4))
    assert result.exit_code == 0
    assert result.output.endswith("Geïmporteerd: 0 nieuw, 0 gewijzigd, 16 als vertrokken gemarkeerd.\n")
    assert [p.id for p in registry.people()] == ["L1001", "L1002", "L1003", "L1004", "M001", "M002", "M003"]
    assert registry.template_count("M002") == 4  # one photo: 2 dlib + 2 SFace templates


def test_a_wrong_import_is_undone_by_the_right_file(data_dir, registry, tmp_path):
    photo = KNN / "test/obama1.jpg"
    templates = registry.template_count("L1001")
    assert run(data_dir, "consent", "import", "--yes", without_sanne(tmp_path)).exit_code == 0
    assert registry.person("L1001").left_on and registry.template_count("L1001") == templates
    assert run(data_dir, "check", photo).exit_code == 1  # her templates are kept but never matched: unknown
    undo = run(data_dir, "consent", "import", DEMO / "leerlingen.csv", input="j\n")
    assert "Terug op de lijst: 1 (1 leerling)\n  L1001 Sanne de Vries (leerling, groep 5)" in undo.output
    assert undo.output.endswith("Geïmporteerd: 0 nieuw, 0 gewijzigd, 1 terug op de lijst, 0 als vertrokken "
                                "gemarkeerd.\n")
    assert "toestemmingslijst geïmporteerd: 0 nieuw, 0 gewijzigd, 1 terug, 0 vertrokken" in run(data_dir, "audit").output
    assert registry.person("L1001").left_on is None
    assert run(data_dir, "check", photo).exit_code == 0  # recognised again, with consent


def test_the_prompt_takes_ja(data_dir, registry, tmp_path):
    result = run(data_dir, "consent", "import", first_lines(tmp_path, 4), input="ja\n")
    assert result.exit_code == 0 and len(registry.people()) == 7


def test_partial_marks_nobody_as_left(data_dir, registry, tmp_path):
    result = run(data_dir, "consent", "import", "--partial", "--yes", first_lines(tmp_path, 2))
    assert "Vertrekt: 0" in result.output
    assert len(registry.people()) == 23


def test_nothing_to_do_asks_nothing(data_dir):
    result = run(data_dir, "consent", "import", DEMO / "leerlingen.csv")
    assert (result.exit_code, result.output.splitlines()[-2:]) == (0, ["Ongewijzigd: 23", "Er verandert niets."])


def add_setting(data_dir, line: str) -> None:
    """A line in instellingen.toml beside what is there (on PostgreSQL: the database_url)."""
    with open(data_dir / "instellingen.toml", "a", encoding="utf-8") as settings:
        settings.write(line + "\n")


def test_templates_of_leavers_go_after_the_retention_period(data_dir, registry, tmp_path):
    assert run(data_dir, "consent", "import", "--yes", without_sanne(tmp_path)).exit_code == 0
    assert run(data_dir, "consent", "import", "--yes", without_sanne(tmp_path), today="2026-12-20").exit_code == 0
    assert registry.template_count("L1001") == 8  # two photos; day 29 of 30: kept
    add_setting(data_dir, "bewaartermijn_vertrokken = 7")
    assert run(data_dir, "consent", "import", "--yes", without_sanne(tmp_path), today="2026-12-20").exit_code == 0
    assert registry.template_count("L1001") == 0 and registry.template_count("L1002") == 8
    audit = run(data_dir, "audit").output
    assert "gezichtskenmerken van vertrokken personen verwijderd: 8 gezichtskenmerken, vertrokken vóór" in audit


def test_a_wrong_retention_setting_is_one_dutch_line(data_dir, tmp_path):
    add_setting(data_dir, 'bewaartermijn_vertrokken = "lang"')
    result = run(data_dir, "consent", "import", "--yes", first_lines(tmp_path, 4))
    assert (result.exit_code, result.output.splitlines()[-1]) == (
        3, "Fout: instellingen.toml: bewaartermijn_vertrokken moet een aantal dagen zijn (0 of meer).")
