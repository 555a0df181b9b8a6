"""The school's policy: what each finding weighs, and the verdict.

Defaults follow DESIGN.md's table; a school may change face and metadata
severities in `policy.toml` in its data directory, e.g.
    [faces]
    unknown = "block"
"""
from __future__ import annotations

import tomllib
from pathlib import Path

SEVERITY_ORDER = {"allow": 0, "warn": 1, "block": 2}
FACE_SEVERITY = {
    "consented": "allow",
    "not_recognisable": "allow",
    "unknown": "warn",
    "no_consent": "block",
    "expired": "block",
    "withdrawn": "block",
    "needs_own_consent": "block",
}
GPS_SEVERITY = "warn"

RULE_FACE = (
    "Herkenbare foto's van leerlingen en medewerkers alleen met toestemming voor dit kanaal "
    "en dit schooljaar; onder 16 van de ouders, vanaf 16 van de leerling zelf."
)
RULE_UNKNOWN = "Bij twijfel niet publiceren: een herkenbaar gezicht zonder bekende toestemming."
RULE_NOT_RECOGNISABLE = "Niet herkenbaar in beeld: geen toestemming nodig."
RULE_GPS = "Geen persoonsgegevens delen: de foto bevat een GPS-locatie."


class PolicyError(ValueError):
    """A policy.toml that cannot be used; the message is Dutch."""


def load_face_severities(data_dir: Path) -> dict[str, str]:
    """Default face severities, overridden by the school's policy.toml."""
    severities = dict(FACE_SEVERITY)
    path = data_dir / "policy.toml"
    if not path.is_file():
        return severities
    try:
        overrides = tomllib.loads(path.read_text(encoding="utf-8")).get("faces", {})
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(f"policy.toml is geen geldige TOML: {error}.") from None
    for status, severity in overrides.items():
        if status not in FACE_SEVERITY or severity not in SEVERITY_ORDER:
            raise PolicyError(f"policy.toml: '{status} = {severity}' wordt niet herkend.")
        if status == "consented" or severity != "allow" or status == "not_recognisable":
            severities[status] = severity
        else:
            # A face without valid consent may be made stricter, never waved through.
            raise PolicyError(f"policy.toml: '{status}' mag niet op allow staan.")
    return severities


def most_severe(findings: list[dict]) -> str:
    """The verdict is the most severe finding; no findings is allow."""
    return max((f["severity"] for f in findings), key=SEVERITY_ORDER.__getitem__, default="allow")
