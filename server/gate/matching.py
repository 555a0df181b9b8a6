"""Match a face's templates against the school's enrolled templates, model by model.

Safe before convenient, and children first:
- a face counts as a person only when EVERY model in use (dlib and SFace) puts
  it close to that person's nearest template AND clearly closer to them than to
  anybody else (a margin over the runner-up);
- a face that ANY model puts near someone (within that model's `near`, and not
  clearly farther than its best match) could be that person: the gate blocks it
  when that person has no valid consent, even when the models agree on someone
  else.
Templates of different models are never compared: each model ranks against the
gallery rows of its own model only.

SFace is asked first; dlib (about three times its cost per face) only about faces
that SFace places near someone (`dlib_needed`). A face SFace puts farther than its
`near` from everyone can be nobody's accepted face, so it stays `unknown` (a
warning) whatever dlib says: a look-alike that only dlib would see there no longer
blocks. On FG-NET dev every probe of an enrolled child lies within 0.665 of its own
child by SFace, so no such child's block turned into a warning (bench/faces.py children).

Thresholds from FG-NET children (bench/face_models.py, one reference photo):
with dlib at 0.52 / margin 0.01 and SFace at cosine 0.50 / margin 0.08, both
agreeing, no probe was accepted as someone it is not (tuned 0 / 25; with the
thresholds chosen leave-one-child-out, 0 wrong accepts and 22 of 27 children
recognised, against 1 wrong accept for either model alone).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from detectors.template_models import DLIB, IN_USE, SFACE
from server.registry import Gallery


@dataclass(frozen=True)
class ModelRule:
    accept: float  # a person's nearest template at most this far ...
    margin: float  # ... and the runner-up at least this much farther
    near: float  # within this distance the face may be that person
    alike: float  # a near person within this of the best match is a look-alike
    cosine: bool  # distance = 1 - cosine (unit templates) instead of Euclidean


RULES = {
    # near 0.60 is face_recognition's own tolerance; look-alikes within 0.05 as before.
    DLIB: ModelRule(accept=0.52, margin=0.01, near=0.60, alike=0.05, cosine=False),
    # near 0.70: every FG-NET dev child's probe falls within it of the child's own
    # reference (27 of 27, farthest 0.665), as within dlib's 0.60 (farthest 0.579);
    # look-alikes within its accept margin.
    SFACE: ModelRule(accept=0.50, margin=0.08, near=0.70, alike=0.08, cosine=True),
}


@dataclass(frozen=True)
class Candidate:
    person_id: str
    distance: float


@dataclass(frozen=True)
class Judgement:
    """What the models say about one face."""

    match: Candidate | None = None  # the person every model agrees on (distance: the first model's)
    look_alikes: tuple[Candidate, ...] = ()  # people the face could be, by any model
    nearest: float | None = None  # the first model's nearest distance, for the finding
    distances: dict[str, float] = field(default_factory=dict)  # per model, to the nearest person


NOBODY = Judgement()


def rank(template: np.ndarray, ids: list[str], matrix: np.ndarray, rule: ModelRule) -> list[Candidate]:
    """People ordered by their nearest template's distance to `template`."""
    if not ids:
        return []
    if rule.cosine:
        distances = 1.0 - matrix @ template
    else:
        distances = np.linalg.norm(matrix - template[None, :], axis=1)
    best: dict[str, float] = {}
    for person_id, distance in zip(ids, distances.tolist()):
        if distance < best.get(person_id, np.inf):
            best[person_id] = distance
    return sorted((Candidate(p, d) for p, d in best.items()), key=lambda c: c.distance)


def identify(ranked: list[Candidate], rule: ModelRule) -> Candidate | None:
    """The one person this model confidently says the face is, or None."""
    if not ranked:
        return None
    best = ranked[0].distance
    margin = (ranked[1].distance if len(ranked) > 1 else np.inf) - best
    return ranked[0] if best <= rule.accept and margin >= rule.margin else None


def look_alikes(ranked: list[Candidate], rule: ModelRule) -> list[Candidate]:
    """People this model says the face could be: near, and not clearly farther than the best match."""
    if not ranked:
        return []
    best = ranked[0].distance
    return [c for c in ranked if c.distance <= rule.near and c.distance - best < rule.alike]


def dlib_needed(sface_template: np.ndarray, gallery: Gallery) -> bool:
    """Whether SFace places the face near anyone, so that dlib's opinion can change the judgement."""
    ranked = rank(sface_template, *gallery.of(SFACE), RULES[SFACE])
    return bool(ranked) and ranked[0].distance <= RULES[SFACE].near


def judge(templates: dict[str, np.ndarray], gallery: Gallery, models: tuple[str, ...] = IN_USE) -> Judgement:
    """Judge one face by every model in use; a face without a template of some model matches nobody."""
    matches, alikes, distances = [], [], {}
    first: list[Candidate] = []
    for model in models:
        rule = RULES[model]
        template = templates.get(model)
        ranked = rank(template, *gallery.of(model), rule) if template is not None else []
        if model == models[0]:
            first = ranked
        matches.append(identify(ranked, rule))
        alikes += look_alikes(ranked, rule)
        if ranked:
            distances[model] = round(ranked[0].distance, 3)
    agreed = None
    if matches and all(m is not None and m.person_id == matches[0].person_id for m in matches):
        agreed = matches[0]
    seen: dict[str, Candidate] = {}
    for candidate in alikes:
        seen.setdefault(candidate.person_id, candidate)
    return Judgement(agreed, tuple(seen.values()), first[0].distance if first else None, distances)
