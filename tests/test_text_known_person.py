"""PERSON from the consent list: full names, first names, tussenvoegsels, any case, diacritics."""
import pytest

from tests.text_support import analyzer

CASES = [
    ("Gefeliciteerd Sanne de Vries!", [("Sanne de Vries", "L1001")]),
    ("gefeliciteerd sanne de vries", [("sanne de vries", "L1001")]),
    ("SANNE DE VRIES won", [("SANNE DE VRIES", "L1001")]),
    ("Welkom Zoë Peters", [("Zoë Peters", "L1014")]),
    ("Welkom Zoe Peters", [("Zoe Peters", "L1014")]),
    ("Elif Yılmaz en Elif Yilmaz", [("Elif Yılmaz", "L1020"), ("Elif Yilmaz", "L1020")]),
    ("Emma van den Berg en Emma", [("Emma van den Berg", "L1005"), ("Emma", "L1005")]),
    ("Daan heeft gewonnen", [("Daan", "L1002")]),
    ("Roos Bos plant bloemen", [("Roos Bos", "L1012")]),
    ("Bedankt Kees!", [("Kees", "M002")]),
    ("Sanne's tekening", [("Sanne", "L1001")]),
    # near misses
    ("Een roos in de tuin", []),
    ("De bakker bakt brood", []),
    ("Een groot bos achter school", []),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_known_person(text, expected):
    got = [(e.text, e.person_id) for e in analyzer().analyze(text) if e.entity == "PERSON" and e.person_id]
    assert got == expected


def test_role_is_carried():
    (staff,) = [e for e in analyzer().analyze("Meester Kees Brouwer") if e.entity == "PERSON"]
    assert staff.role == "medewerker" and staff.person_id == "M002"


def test_other_person_with_same_first_name_is_not_the_pupil():
    ents = [e for e in analyzer().analyze("Gisteren was Sanne Jansen er.") if e.entity == "PERSON"]
    assert [(e.text, e.person_id) for e in ents] == [("Sanne Jansen", None)]


def test_update_people_replaces_list():
    from detectors.text import KnownPerson, TextAnalyzer
    a = TextAnalyzer([KnownPerson("L1", "Bram", "de", "Groot", "leerling")])
    assert [e.person_id for e in a.analyze("Bram de Groot")] == ["L1"]
    a.update_people([KnownPerson("L2", "Bram", "de", "Groot", "medewerker")])
    (e,) = a.analyze("Bram de Groot")
    assert (e.person_id, e.role) == ("L2", "medewerker")
