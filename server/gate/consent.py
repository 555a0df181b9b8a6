"""Whether a person's consent holds for a channel on a date.

Consent is per channel and per school year (1 August - 31 July), given by the
parents below 16 and by the pupil from 16 on (UAVG art. 5).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from server.gate.labels import dutch_date
from server.registry import Consent, Person

CHANNEL_LABELS = {
    "social_media": "sociale media",
    "website": "de website",
    "nieuwsbrief": "de nieuwsbrief",
    "schoolapp": "de schoolapp",
}
OWN_CONSENT_AGE = 16


@dataclass(frozen=True)
class ConsentStatus:
    status: str  # consented, no_consent, expired, withdrawn, needs_own_consent
    message: str  # Dutch, about the person


def school_year(day: dt.date) -> str:
    """The Dutch school year a date falls in: 2026-11-21 -> '2026-2027'."""
    start = day.year if day.month >= 8 else day.year - 1
    return f"{start}-{start + 1}"


def age_on(birth_date: str, day: dt.date) -> int:
    born = dt.date.fromisoformat(birth_date)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def consent_status(person: Person, consents: list[Consent], channel: str, day: dt.date) -> ConsentStatus:
    """Judge one person's consent for `channel` on `day`."""
    name, where, year = person.name, CHANNEL_LABELS.get(channel, channel), school_year(day)
    current = next((c for c in consents if c.school_year == year), None)
    if person.left_on:
        return ConsentStatus("no_consent", f"{name} staat als vertrokken in de lijst; geen toestemming.")
    if current is None or current.given is None:
        earlier = [c for c in consents if c.school_year < year and c.given]
        if earlier:
            return ConsentStatus(
                "expired",
                f"{name}: de toestemming voor {where} gold voor schooljaar {earlier[-1].school_year}, "
                f"niet voor {year}.",
            )
        return ConsentStatus("no_consent", f"{name}: geen toestemming geregistreerd voor {where} in {year}.")
    if current.withdrawn_on:
        return ConsentStatus(
            "withdrawn", f"{name}: de toestemming voor {where} is ingetrokken op {dutch_date(current.withdrawn_on)}."
        )
    if not current.given:
        return ConsentStatus("no_consent", f"{name}: geen toestemming voor {where} ({year}).")
    if (
        person.role == "leerling"
        and current.given_by == "ouder"
        and person.birth_date
        and age_on(person.birth_date, day) >= OWN_CONSENT_AGE
    ):
        return ConsentStatus(
            "needs_own_consent",
            f"{name} is {OWN_CONSENT_AGE} of ouder; de toestemming kwam van een ouder, "
            f"{person.first_name} moet nu zelf toestemming geven.",
        )
    return ConsentStatus("consented", f"{name}: toestemming voor {where} in {year}.")
