"""Children's identification with dlib, SFace and both together, on FG-NET dev.

Protocol as bench/faces.py's fgnet_protocol (earliest photo enrols, photos up to
3 years later probe, every third child not enrolled). Each model's rule is
"nearest person within distance t and at least m closer than the runner-up";
"both" accepts a face only when both models accept the same child. A wrong
accept is a probe allowed as someone it is not (any accept of a child who is
not enrolled). Thresholds are chosen two ways:
- tuned: the (t, m) with the most children recognised at 0 wrong accepts on
  all probes (the strictest such rule on ties);
- leave-one-child-out: for each child, chosen the same way on the other
  children's probes only, then applied to that child's probes. This is what a
  new child meets, so it decides.
A second reference photo (the child at the same age, else the latest photo
before the first one) measures what more enrolment photos add.
"""
from __future__ import annotations

import csv
import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from detectors.centerface import CenterFace
from detectors.face_boxes import CROWD, find_faces
from detectors.faces import FaceAnalyzer, _describe, enrolment_templates
from detectors.template_models import DLIB
from detectors.images import decode_image
from detectors.sface import SFace, align

DLIB_GRID = [(round(float(t), 3), round(float(m), 3)) for t in np.arange(0.30, 0.62, 0.02) for m in np.arange(0, 0.13, 0.01)]
SFACE_GRID = [(round(float(t), 3), round(float(m), 3)) for t in np.arange(0.30, 0.82, 0.025) for m in np.arange(0, 0.16, 0.01)]


@dataclass
class Photo:
    dlib_probe: np.ndarray
    dlib_enrol: list[np.ndarray]
    sface: list[np.ndarray]  # plain and mirrored


def embed_photos(analyzer: FaceAnalyzer, folder, names) -> tuple[dict[str, Photo], float, float]:
    """Templates of the largest face of each photo; ms per face for SFace and dlib."""
    detector, sface = CenterFace(), SFace()
    photos, sface_s, dlib_s = {}, [], []
    for name in sorted(set(names)):
        pixels = decode_image((folder / name).read_bytes()).pixels
        found = find_faces(detector, pixels, CROWD)
        faces = [f for f in analyzer.analyze(pixels) if f.template is not None]
        if not found or not faces:
            continue
        landmarks = max(found, key=lambda d: (d.box[2] - d.box[0]) * (d.box[3] - d.box[1])).landmarks
        crop = align(pixels, landmarks)
        started = time.perf_counter()
        plain = sface.embed([crop])[0]
        sface_s.append(time.perf_counter() - started)
        mirror = sface.embed([np.ascontiguousarray(crop[:, ::-1])])[0]
        face = max(faces, key=lambda f: f.box[2] * f.box[3])
        started = time.perf_counter()
        _describe(face.chip)  # one more dlib descriptor: its time per face
        dlib_s.append(time.perf_counter() - started)
        photos[name] = Photo(face.template, enrolment_templates(face.chip, face.crop)[DLIB], [plain, mirror])
    return photos, 1000 * float(np.median(sface_s)), 1000 * float(np.median(dlib_s))


def _accepts(model: str, photos, references: dict[int, list[str]], probes) -> np.ndarray:
    """[rule, probe] -> the child accepted, or -1."""
    ids, rows = [], []
    for subject, names in references.items():
        for name in names:
            if name in photos:
                templates = photos[name].dlib_enrol if model == "dlib" else photos[name].sface
                ids += [subject] * len(templates)
                rows += templates
    ids, matrix = np.array(ids), np.array(rows)
    grid = DLIB_GRID if model == "dlib" else SFACE_GRID
    accepted = np.full((len(grid), len(probes)), -1)
    for j, (name, _, _) in enumerate(probes):
        if model == "dlib":
            distances = np.linalg.norm(matrix - photos[name].dlib_probe[None], axis=1)
        else:
            distances = 1 - matrix @ photos[name].sface[0]
        nearest = sorted((distances[ids == s].min(), s) for s in set(ids.tolist()))
        best, who = nearest[0]
        margin = nearest[1][0] - best if len(nearest) > 1 else np.inf
        for i, (limit, needed) in enumerate(grid):
            if best <= limit and margin >= needed:
                accepted[i, j] = who
    return accepted


def _counts(accepted, truth, mask):
    wrong = ((accepted >= 0) & (accepted != truth[None]) & mask[None]).sum(1)
    right = ((accepted == truth[None]) & mask[None]).sum(1)
    return wrong, right


def _choose(wrong, right, strictness) -> int:
    safe = [i for i in strictness if wrong[i] == 0]
    best = max(right[i] for i in safe)
    return next(i for i in safe if right[i] == best)


def tuned_and_loco(accepted, truth, strictness) -> tuple[int, int, int, int, int]:
    """(rule index, wrong, recognised) tuned on all probes, then (wrong, recognised)
    with the rule for each child chosen on the other children."""
    wrong, right = _counts(accepted, truth, np.ones(len(truth), bool))
    chosen = _choose(wrong, right, strictness)
    loco_wrong = loco_right = 0
    for child in sorted(set(truth.tolist())):
        others = truth != child
        rule = _choose(*_counts(accepted, truth, others), strictness)
        w, r = _counts(accepted[rule:rule + 1], truth, ~others)
        loco_wrong, loco_right = loco_wrong + int(w[0]), loco_right + int(r[0])
    return chosen, int(wrong[chosen]), int(right[chosen]), loco_wrong, loco_right


def _strictness(grid) -> list[int]:
    return sorted(range(len(grid)), key=lambda i: (grid[i][0], -grid[i][1]))


def second_references(folder, enrolled: dict[int, str]) -> dict[int, str]:
    by_child: dict[int, list[tuple[int, str]]] = defaultdict(list)
    with (folder / "labels.csv").open() as handle:
        for row in csv.DictReader(handle):
            by_child[int(row["subject_id"])].append((int(row["age"]), row["filename"]))
    second = {}
    for child, first in enrolled.items():
        age0 = next(age for age, name in by_child[child] if name == first)
        same = [name for age, name in by_child[child] if age == age0 and name != first]
        before = sorted((age, name) for age, name in by_child[child] if age < age0)
        if same or before:
            second[child] = same[0] if same else before[-1][1]
    return second


def bench_models(analyzer: FaceAnalyzer, folder, enrolled: dict[int, str], probes) -> None:
    second = second_references(folder, enrolled)
    photos, sface_ms, dlib_ms = embed_photos(
        analyzer, folder / "images", list(enrolled.values()) + list(second.values()) + [p[0] for p in probes])
    probes = [p for p in probes if p[0] in photos]
    truth = np.array([p[1] for p in probes])
    of_enrolled = sum(1 for p in probes if p[2])
    one = {child: [name] for child, name in enrolled.items()}
    two = {child: [name] + ([second[child]] if child in second else []) for child, name in enrolled.items()}
    print(f"Children, model against model (same protocol; rule: nearest within t, margin m; "
          f"{of_enrolled} probes of enrolled children):")
    print(f"  ms per face template: SFace {sface_ms:.0f} ms, dlib {dlib_ms:.0f} ms (one core, median)")
    for label, references in (("one reference photo", one),
                              (f"two reference photos ({len(second)} of {len(enrolled)} children have a second)", two)):
        print(f"  {label}:")
        dlib = _accepts("dlib", photos, references, probes)
        sface = _accepts("sface", photos, references, probes)
        pairs = [(a, b) for a in DLIB_GRID for b in SFACE_GRID]
        both = np.where((dlib[:, None] == sface[None]) & (dlib[:, None] >= 0), dlib[:, None], -1)
        both = both.reshape(len(pairs), -1)
        both_order = sorted(range(len(pairs)), key=lambda i: (pairs[i][0][0] + pairs[i][1][0],
                                                              -pairs[i][0][1] - pairs[i][1][1]))
        for name, accepted, grid, order in (("dlib", dlib, DLIB_GRID, _strictness(DLIB_GRID)),
                                            ("SFace", sface, SFACE_GRID, _strictness(SFACE_GRID)),
                                            ("SFace + dlib (both agree)", both, pairs, both_order)):
            chosen, wrong, right, loco_wrong, loco_right = tuned_and_loco(accepted, truth, order)
            print(f"    {name:26} tuned {str(grid[chosen]):30} wrong accepts {wrong}  recognised "
                  f"{right}/{of_enrolled}  | leave-one-child-out: wrong accepts {loco_wrong}  "
                  f"recognised {loco_right}/{of_enrolled}")
