"""Match a face template against the school's enrolled templates.

Safe before convenient. Measured on FG-NET children (bench/faces.py): a face
counts as a person only when it is within ACCEPT of that person's nearest
template AND at least MARGIN closer to them than to anybody else. Children's
faces crowd together, so the margin, more than the threshold, is what keeps
one child from passing as another.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ACCEPT = 0.55
MARGIN = 0.05
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
    if not ranked or ranked[0].distance > ACCEPT:
        return None
    runner_up = ranked[1].distance if len(ranked) > 1 else np.inf
    return ranked[0] if runner_up - ranked[0].distance >= MARGIN else None


def look_alikes(ranked: list[Candidate]) -> list[Candidate]:
    """People this face could be: near, and not clearly farther than the best match."""
    if not ranked:
        return []
    best = ranked[0].distance
    return [c for c in ranked if c.distance <= NEAR and c.distance - best < MARGIN]
