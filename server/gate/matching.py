"""Match a face template against the school's enrolled templates.

Safe before convenient. A face counts as a person only when it is close to
that person's nearest template AND clearly closer to them than to anybody
else (a margin over the runner-up). Children's faces crowd together, so the
margin, more than the threshold, keeps one child from passing as another.

Measured on FG-NET children (bench/faces.py): children who were not the
nearest person came within 0.42 of someone, with margins up to 0.059. Hence
two tiers: very close (<= 0.40) with a margin of 0.05, or close (<= 0.50)
with a margin of 0.08, which no impostor reached.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ACCEPT_TIERS = ((0.40, 0.05), (0.50, 0.08))  # (distance at most, margin at least)
MARGIN = 0.05  # look-alikes: anyone within this of the best match could be the face
# Within this distance a face may be that person (face_recognition's own
# default tolerance); used to block a face that could be a child without consent.
NEAR = 0.60


@dataclass(frozen=True)
class Candidate:
    person_id: str
    distance: float


def rank(template: np.ndarray, ids: list[str], matrix: np.ndarray) -> list[Candidate]:
    """People ordered by their nearest template's distance to `template`."""
    if not ids:
        return []
    distances = np.linalg.norm(matrix - template[None, :], axis=1)
    best: dict[str, float] = {}
    for person_id, distance in zip(ids, distances.tolist()):
        if distance < best.get(person_id, np.inf):
            best[person_id] = distance
    return sorted((Candidate(p, d) for p, d in best.items()), key=lambda c: c.distance)


def identify(ranked: list[Candidate]) -> Candidate | None:
    """The one person this face confidently is, or None."""
    if not ranked:
        return None
    best = ranked[0].distance
    margin = (ranked[1].distance if len(ranked) > 1 else np.inf) - best
    accepted = any(best <= limit and margin >= needed for limit, needed in ACCEPT_TIERS)
    return ranked[0] if accepted else None


def look_alikes(ranked: list[Candidate]) -> list[Candidate]:
    """People this face could be: near, and not clearly farther than the best match."""
    if not ranked:
        return []
    best = ranked[0].distance
    return [c for c in ranked if c.distance <= NEAR and c.distance - best < MARGIN]
