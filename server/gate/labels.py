"""Dutch words for statuses and decisions, shared by the pages and the scan report."""
from __future__ import annotations

import datetime as dt

from detectors.video import clock

STATUS_LABELS = {
    "consented": "toestemming",
    "no_consent": "geen toestemming",
    "expired": "toestemming verlopen",
    "withdrawn": "toestemming ingetrokken",
    "needs_own_consent": "16+: moet zelf toestemming geven",
    "unknown": "onbekend gezicht",
    "not_recognisable": "niet herkenbaar",
}
DECISION_LABELS = {"allow": "Toegestaan", "warn": "Waarschuwing", "block": "Geblokkeerd", "error": "Fout"}


def face_colour(status: str) -> str:
    """The colour class of a face box: green allowed, red not allowed, orange unknown, grey not recognisable."""
    if status == "consented":
        return "green"
    if status == "unknown":
        return "orange"
    if status == "not_recognisable":
        return "grey"
    return "red"
ENTITY_LABELS = {
    "PERSON": "naam",
    "PHONE_NUMBER": "telefoonnummer",
    "EMAIL_ADDRESS": "e-mailadres",
    "NL_BSN": "BSN",
    "IBAN_CODE": "rekeningnummer",
    "NL_POSTCODE": "postcode",
    "NL_ADDRESS": "adres",
    "BIRTH_DATE": "geboortedatum",
    "AGE": "leeftijd",
    "SPECIAL_CATEGORY": "bijzonder persoonsgegeven",
    "CONFIDENTIAL": "vertrouwelijk",
    "OFFENSIVE": "belediging",
    "PERSONAL_TITLE": "geen 'op persoonlijke titel'",
    "GPS": "GPS-locatie",
}
SOURCE_LABELS = {"api": "extensie", "cli": "opdrachtregel", "page": "zelfcontrole", "scan": "mapscan",
                 "batch": "batch", "beheer": "beheerpagina"}
ACCOUNT_LABELS = {"school": "account van de school", "personal": "persoonlijk account"}


def dutch_date(value: str | None) -> str:
    """'2026-11-21' as '21-11-2026', the one date format people read."""
    try:
        return dt.date.fromisoformat(value or "").strftime("%d-%m-%Y")
    except ValueError:
        return value or ""


def time_ranges(ranges: list[list[float]]) -> str:
    """'0:12–0:19, 1:02–1:05'; a moment shorter than a second is one time."""
    parts = []
    for start, end in ranges:
        first, last = clock(start), clock(end)
        parts.append(first if first == last else f"{first}–{last}")
    return ", ".join(parts)


def track_line(finding: dict) -> str:
    """A person in a video: 'Daan Bakker: 0:12–0:19, 1:02–1:05, geen toestemming'."""
    status = STATUS_LABELS[finding["status"]]
    if "person" in finding:
        return f"{finding['person']['name']}: {time_ranges(finding['ranges'])}, {status}"
    return f"{status[0].upper()}{status[1:]}: {time_ranges(finding['ranges'])}"
