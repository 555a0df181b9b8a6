"""Per person: how many reference photos, from which school years, and what the
privacy officer should do about them (shown in /beheer and by `enrol`).

The gate compares a face with every template of a person, so more and recent
photos recognise more children (bench/faces.py: a second reference photo). A
photo counts only when it has templates of every model in use: templates of
another model are never compared (server/gate/matching.py), and the photos
themselves are not kept, so when the model changes the pupil's photos must be
enrolled again.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from detectors.template_models import IN_USE
from server.gate.consent import school_year
from server.registry import Person, ReferencePhoto

OLD_AFTER_DAYS = 365


@dataclass(frozen=True)
class ReferenceSummary:
    photos: int  # reference photos the gate can use (templates of every model in use)
    school_years: tuple[str, ...]  # of those photos, oldest first
    outdated: int  # photos with templates of an older model only: enrol them again
    warnings: tuple[str, ...]  # Dutch, for the privacy officer

    @property
    def needs_enrolment(self) -> bool:
        """Has reference photos, but none the gate can use: never recognised until enrolled again."""
        return self.outdated > 0 and self.photos == 0

    @property
    def label(self) -> str:
        """'2 (2025-2026, 2026-2027)' for tables."""
        return f"{self.photos} ({', '.join(self.school_years)})" if self.photos else "0"


def summarise(person: Person, photos: list[ReferencePhoto], today: dt.date,
              models: tuple[str, ...] = IN_USE) -> ReferenceSummary:
    usable = [p for p in photos if set(models) <= p.models]
    outdated = len(photos) - len(usable)
    days = [_day(p.taken_on) for p in usable]
    years = tuple(sorted({school_year(d) if d else "onbekend" for d in days}))
    warnings = []
    if usable or outdated:
        if not usable:
            warnings.append(f"{person.name}: de referentiefoto's zijn met een ouder gezichtsmodel ingeschreven; "
                            "schrijf ze opnieuw in, tot dan wordt dit gezicht niet herkend.")
        elif len(usable) == 1:
            warnings.append(f"{person.name}: maar één referentiefoto; met meer foto's (schoolfoto, klassenfoto) "
                            "wordt dit gezicht vaker herkend.")
        if usable and all(d is None or today - d > dt.timedelta(days=OLD_AFTER_DAYS) for d in days):
            warnings.append(f"{person.name}: alle referentiefoto's zijn ouder dan een jaar; "
                            "schrijf een recente foto in.")
    return ReferenceSummary(len(usable), years, outdated, tuple(warnings))


def _day(iso: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso or "")
    except ValueError:  # a registry from before dates were kept
        return None
