"""Every consent status, the school-year boundary and the 16-year rule."""
from __future__ import annotations

import datetime as dt

import pytest

from server.gate.consent import consent_status, school_year
from server.registry import Consent, Person

PUPIL = Person("L1", "Sanne", "de", "Vries", "leerling", "5", "2012-03-14")
STAFF = Person("M1", "Kees", "", "Brouwer", "medewerker")
DAY = dt.date(2026, 11, 21)


def consent(year="2026-2027", given=True, by="ouder", withdrawn=None) -> Consent:
    return Consent("social_media", year, given, by, withdrawn)


@pytest.mark.parametrize("day, year", [
    (dt.date(2026, 7, 31), "2025-2026"),
    (dt.date(2026, 8, 1), "2026-2027"),
    (dt.date(2027, 1, 1), "2026-2027"),
])
def test_school_year_runs_august_to_july(day, year):
    assert school_year(day) == year


@pytest.mark.parametrize("person, consents, status", [
    (PUPIL, [consent()], "consented"),
    (STAFF, [consent(by="zelf")], "consented"),
    (PUPIL, [consent(given=False)], "no_consent"),
    (PUPIL, [consent(given=None)], "no_consent"),
    (PUPIL, [], "no_consent"),
    (PUPIL, [consent(year="2025-2026")], "expired"),
    (PUPIL, [consent(year="2025-2026"), consent(given=None)], "expired"),
    (PUPIL, [consent(withdrawn="2026-10-01")], "withdrawn"),
    (Person("L2", "Mo", "", "El", "leerling", "8", "2010-03-01"), [consent()], "needs_own_consent"),
    (Person("L2", "Mo", "", "El", "leerling", "8", "2010-03-01"), [consent(by="zelf")], "consented"),
    (Person("L3", "Jo", "", "X", "leerling", "8", "2010-11-22"), [consent()], "consented"),  # 16 tomorrow
    (Person("L4", "Jo", "", "X", "leerling", "8", "2010-11-21"), [consent()], "needs_own_consent"),  # 16 today
    (Person("L5", "Jo", "", "X", "leerling", "8", "2012-01-01", left_on="2026-09-01"), [consent()], "no_consent"),
])
def test_status(person, consents, status):
    result = consent_status(person, consents, "social_media", DAY)
    assert result.status == status
    assert person.first_name in result.message


def test_expired_message_names_both_years():
    message = consent_status(PUPIL, [consent(year="2025-2026")], "social_media", DAY).message
    assert "2025-2026" in message and "2026-2027" in message


def test_consent_for_next_year_does_not_count_today():
    assert consent_status(PUPIL, [consent(year="2027-2028")], "social_media", DAY).status == "no_consent"
