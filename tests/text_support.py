"""Shared helpers for the text detector tests: one warm analyzer per test session."""
from __future__ import annotations

from functools import cache

from detectors.text import KnownPerson, SchoolProfile, TextAnalyzer
from tests.conftest import DATA, DEMO  # noqa: F401 - re-exported for the text tests

PEOPLE = (
    KnownPerson("L1001", "Sanne", "de", "Vries", "leerling"),
    KnownPerson("L1002", "Daan", "", "Bakker", "leerling"),
    KnownPerson("L1005", "Emma", "van den", "Berg", "leerling"),
    KnownPerson("L1012", "Roos", "", "Bos", "leerling"),
    KnownPerson("L1014", "Zoë", "", "Peters", "leerling"),
    KnownPerson("L1020", "Elif", "", "Yılmaz", "leerling"),
    KnownPerson("M002", "Kees", "", "Brouwer", "medewerker"),
)


@cache
def analyzer() -> TextAnalyzer:
    school = SchoolProfile.from_toml(DEMO / "school.toml")
    return TextAnalyzer(PEOPLE, school)


def found(text: str, entity: str) -> list[str]:
    """The texts of all entities of one type."""
    return [e.text for e in analyzer().analyze(text) if e.entity == entity]


@cache
def demo_analyzer() -> TextAnalyzer:
    """An analyzer with the whole demo consent list, read by the import's own parser."""
    from server.registry.consent_import import parse_consent_file
    people = [KnownPerson(p.id, p.first_name, p.infix, p.last_name, p.role)
              for p, _ in parse_consent_file(DEMO / "leerlingen.csv")]
    return TextAnalyzer(people, SchoolProfile.from_toml(DEMO / "school.toml"))


def demo_findings(text: str, account: str = "school") -> list[dict]:
    """Verdict findings for a text with the demo school, as the gate makes them."""
    from server.gate.text_policy import text_findings
    analyzer = demo_analyzer()
    return text_findings(text, analyzer.analyze(text), account, analyzer.school.name)
