"""Dutch words for statuses and decisions, shared by the pages and the scan report."""
from __future__ import annotations

import datetime as dt

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
