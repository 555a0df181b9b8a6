"""Dutch words for statuses and decisions, shared by the pages and the scan report."""
from __future__ import annotations

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
