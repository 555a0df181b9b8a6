"""Importing the consent list: formats, mappings, re-imports and errors that change nothing."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from detectors.template_models import DLIB
from server.registry import Registry
from server.registry.consent_import import ConsentFileError, parse_consent_file
from tests.conftest import DEMO

HEADER = "leerlingnummer;roepnaam;tussenvoegsel;achternaam;groep;geboortedatum;rol;schooljaar;toestemming_door;social_media;website;nieuwsbrief;schoolapp"


def write(tmp_path: Path, *lines: str, name="lijst.csv", encoding="utf-8") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


@pytest.fixture
def empty(tmp_path) -> Registry:
    reg = Registry(tmp_path / "r.sqlite3")
    yield reg
    reg.close()


def test_native_demo_file():
    rows = parse_consent_file(DEMO / "leerlingen.csv")
    assert len(rows) == 23
    person, consents = rows[0]
    assert (person.id, person.name, person.birth_date) == ("L1001", "Sanne de Vries", "2018-03-14")
    assert {c.channel: c.given for c in consents} == {
        "social_media": True, "website": True, "nieuwsbrief": True, "schoolapp": True}
    finn = dict((p.id, c) for p, c in rows)["L1017"]
    assert all(c.given is None for c in finn)  # empty = not registered
    assert rows[-1][0].role == "medewerker" and rows[-1][1][0].given_by == "zelf"


def test_comma_separated_with_iso_dates(tmp_path):
    path = write(tmp_path, HEADER.replace(";", ","), "L1,Zoë,,Peters,4,2019-07-28,leerling,2026-2027,ouder,ja,nee,,ja")
    (person, consents), = parse_consent_file(path)
    assert person.first_name == "Zoë" and person.birth_date == "2019-07-28"
    assert [c.given for c in consents] == [True, False, None, True]


def test_windows_excel_export_in_cp1252(tmp_path):
    path = write(tmp_path, HEADER, "L1;Zoë;;Peters;4;28-07-2019;leerling;2026-2027;ouder;ja;ja;ja;ja", encoding="cp1252")
    assert parse_consent_file(path)[0][0].first_name == "Zoë"


def test_builtin_magister_mapping(tmp_path):
    path = write(
        tmp_path,
        "Stamnummer;Roepnaam;Tussenvoegsel;Achternaam;Klas;Geboortedatum;Type;Schooljaar;Gegeven door;"
        "Toestemming sociale media;Toestemming website;Toestemming nieuwsbrief;Toestemming schoolapp",
        "12345;Daan;;Bakker;7b;02-09-2015;Leerling;2026-2027;Ouder/verzorger;Nee;Ja;Ja;Ja",
    )
    (person, consents), = parse_consent_file(path, "magister")
    assert person.id == "12345" and person.class_group == "7b"
    assert consents[0].given is False and consents[0].given_by == "ouder"


def test_own_mapping_file(tmp_path):
    mapping = tmp_path / "eigen.toml"
    mapping.write_text(
        '[columns]\nleerlingnummer = "Nr"\nroepnaam = "Voornaam"\nachternaam = "Naam"\nrol = "Soort"\n'
        'schooljaar = "Jaar"\ntoestemming_door = "Door"\ngeboortedatum = "Geb"\nsocial_media = "Foto social"\n',
        encoding="utf-8")
    path = write(tmp_path, "Nr,Voornaam,Naam,Soort,Jaar,Door,Geb,Foto social", "7,Mila,Smit,leerling,2026-2027,ouder,05-05-2019,ja")
    (person, consents), = parse_consent_file(path, mapping)
    assert person.name == "Mila Smit" and consents[0].given is True
    assert all(c.given is None for c in consents[1:])


@pytest.mark.parametrize("line, message", [
    ("L1;Sanne;;Vries;5;31-02-2018;leerling;2026-2027;ouder;ja;ja;ja;ja",
     "Regel 3, kolom geboortedatum: '31-02-2018' is geen geldige datum"),
    ("L1;Sanne;;Vries;5;14-03-2018;leerling;2026-2027;ouder;misschien;ja;ja;ja",
     "Regel 3, kolom social_media: 'misschien' is geen ja, nee of leeg."),
    ("L1;Sanne;;Vries;5;14-03-2018;leerling;2026;ouder;ja;ja;ja;ja",
     "Regel 3, kolom schooljaar: '2026' is geen schooljaar"),
    ("L1;Sanne;;Vries;5;14-03-2018;conciërge;2026-2027;ouder;ja;ja;ja;ja",
     "Regel 3, kolom rol: 'conciërge' is geen leerling of medewerker."),
    (";Sanne;;Vries;5;14-03-2018;leerling;2026-2027;ouder;ja;ja;ja;ja",
     "Regel 3, kolom leerlingnummer: de waarde ontbreekt."),
    ("L9;Sanne;;Vries;5;14-03-2018;leerling;2026-2027;ouder;ja;ja;ja;ja", None),
])
def test_errors_name_line_and_column(tmp_path, line, message):
    path = write(tmp_path, HEADER, "L9;Daan;;Bakker;7;02-09-2015;leerling;2026-2027;ouder;ja;ja;ja;ja", line)
    with pytest.raises(ConsentFileError) as error:
        parse_consent_file(path)
    assert str(error.value).startswith(message or "Regel 3, kolom leerlingnummer: L9 staat er twee keer in.")


def test_missing_column_is_named(tmp_path):
    path = write(tmp_path, HEADER.replace("schooljaar;", ""), "L1;Sanne;;Vries;5;14-03-2018;leerling;ouder;ja;ja;ja;ja")
    with pytest.raises(ConsentFileError, match="Regel 1: de kolom schooljaar ontbreekt"):
        parse_consent_file(path)


def test_reimport_updates_and_marks_missing_pupils_as_left(empty, tmp_path):
    first = write(tmp_path, HEADER,
                  "L1;Sanne;;Vries;5;14-03-2018;leerling;2026-2027;ouder;ja;ja;ja;ja",
                  "L2;Daan;;Bakker;7;02-09-2015;leerling;2026-2027;ouder;nee;ja;ja;ja", name="a.csv")
    empty.import_people(parse_consent_file(first), full=True, now="2026-11-01T00:00")
    empty.add_templates("L2", {DLIB: [np.ones(128, dtype=np.float32)]}, "hash", "2026-11-01")
    second = write(tmp_path, HEADER, "L1;Sanne;;Vries;6;14-03-2018;leerling;2026-2027;ouder;nee;ja;ja;ja", name="b.csv")
    summary = empty.import_people(parse_consent_file(second), full=True, now="2026-11-20T00:00")
    assert (summary.added, summary.updated, summary.left) == (0, 1, 1)
    assert empty.person("L1").class_group == "6"
    assert empty.consents("L1", "social_media")[0].given is False
    assert empty.person("L2").left_on == "2026-11-20"
    assert [p.id for p in empty.people()] == ["L1"]
    # Kept for the retention period so that a wrong import can be undone, but never matched.
    assert empty.template_count("L2") == 1 and empty.gallery().by_model == {}
    assert empty.purge_departed("2026-11-20") == 0
    assert empty.purge_departed("2026-11-21") == 1 and empty.template_count("L2") == 0


def test_withdrawal_survives_a_reimport_of_the_same_year(empty):
    rows = parse_consent_file(DEMO / "leerlingen.csv")
    empty.import_people(rows, full=True, now="2026-11-01T00:00")
    empty.withdraw("L1001", "2026-2027", ["social_media"], "2026-11-10")
    empty.import_people(rows, full=True, now="2026-11-20T00:00")
    assert empty.consents("L1001", "social_media")[0].withdrawn_on == "2026-11-10"


def test_a_wrong_file_changes_nothing(empty, tmp_path):
    empty.import_people(parse_consent_file(DEMO / "leerlingen.csv"), full=True, now="2026-11-01T00:00")
    before = [(p, empty.consents(p.id, "social_media")) for p in empty.people()]
    bad = write(tmp_path, HEADER, "L1001;Sanne;de;Vries;5;14-03-2018;leerling;2026-2027;ouder;nee;ja;ja;ja",
                "L1002;Daan;;Bakker;7;99-99-2015;leerling;2026-2027;ouder;ja;ja;ja;ja")
    with pytest.raises(ConsentFileError):
        empty.import_people(parse_consent_file(bad), full=True, now="2026-11-20T00:00")
    assert [(p, empty.consents(p.id, "social_media")) for p in empty.people()] == before


def test_a_failure_inside_the_transaction_rolls_back(empty):
    rows = parse_consent_file(DEMO / "leerlingen.csv")

    def rows_then_crash():
        yield from rows[:5]
        raise RuntimeError("crash halfway")

    with pytest.raises(RuntimeError):
        empty.import_people(rows_then_crash(), full=True, now="2026-11-01T00:00")
    assert empty.people() == []


@pytest.mark.parametrize("separator", [";", ","])
def test_a_doubled_quote_inside_a_value_is_one_quote(tmp_path, separator):
    # What Excel writes for the nickname Jan "Jantje": the header alone cannot show it.
    row = separator.join(["L1", '"Jan ""Jantje"""', "van", '"Dijk, de"' if separator == "," else "Dijk", "4",
                          "2019-07-28", "leerling", "2026-2027", "ouder", "ja", "nee", "", "ja"])
    (person, consents), = parse_consent_file(write(tmp_path, HEADER.replace(";", separator), row))
    assert person.first_name == 'Jan "Jantje"'
    assert person.last_name == ("Dijk, de" if separator == "," else "Dijk")
    assert [c.given for c in consents] == [True, False, None, True]
