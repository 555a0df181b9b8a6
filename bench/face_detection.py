"""Detection figures: dlib_faces (easy) and crowd_dev (crowded WIDER FACE val photos).

Scoring as in crowd_dev/README.md: a target is a valid face >= 20 px high; a
detection matches it at IoU >= 0.3, each detection used once; an unlabelled box
is a detection >= 20 px high that overlaps no labelled face at all (WIDER leaves
some real faces unlabelled, so a few of these are faces).
"""
from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from pathlib import Path

import dlib

from detectors.face_boxes import CROWD, FIRST, DetectionConfig
from detectors.faces import FaceAnalyzer
from detectors.images import decode_image

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "faces"
DLIB_FACES = DATA / "dlib_faces"
CROWD_DEV = DATA / "crowd_dev"

Box = tuple[int, int, int, int]  # x, y, w, h


@dataclass
class Truth:
    targets: list[Box]  # faces that must be found
    others: list[Box]  # labelled faces that count neither as hits nor as false boxes


@dataclass
class Score:
    found: int = 0
    targets: int = 0
    unlabelled: int = 0
    unlabelled_warnings: int = 0  # unlabelled boxes judged recognisable: each an `unknown` face
    images_warned: int = 0  # images with at least one such box
    images: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (f"recall {self.found / self.targets:.3f} ({self.found}/{self.targets})  "
                f"unlabelled boxes/image {self.unlabelled / self.images:.2f}  "
                f"{self.seconds / self.images:.2f} s/image")


def iou(a: Box, b: Box) -> float:
    w = max(0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    h = max(0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    return w * h / (a[2] * a[3] + b[2] * b[3] - w * h)


def dlib_truth() -> dict[Path, Truth]:
    """Boxes of training.xml + testing.xml (>= 20 px high); dogs.jpg has none."""
    truth: dict[Path, Truth] = {DLIB_FACES / "dogs.jpg": Truth([], [])}
    for name in ("training.xml", "testing.xml"):
        for image in ET.parse(DLIB_FACES / name).getroot().iter("image"):
            entry = truth.setdefault(DLIB_FACES / image.get("file"), Truth([], []))
            for b in image.iter("box"):
                box = (int(b.get("left")), int(b.get("top")), int(b.get("width")), int(b.get("height")))
                (entry.targets if box[3] >= 20 else entry.others).append(box)
    return truth


def crowd_truth() -> dict[Path, Truth]:
    truth = {}
    for name, entry in json.loads((CROWD_DEV / "ground_truth.json").read_text()).items():
        faces = entry["faces"]
        truth[CROWD_DEV / "images" / name] = Truth(
            [tuple(f["xywh"]) for f in faces if not f["invalid"] and f["xywh"][3] >= 20],
            [tuple(f["xywh"]) for f in faces if f["invalid"] or f["xywh"][3] < 20])
    return truth


def score(locate, truth: dict[Path, Truth]) -> Score:
    """`locate(pixels)` gives (box, recognisable) pairs."""
    result = Score()
    for path, entry in truth.items():
        pixels = decode_image(path.read_bytes()).pixels
        started = time.perf_counter()
        detections = locate(pixels)
        result.seconds += time.perf_counter() - started
        used: set[int] = set()
        for target in entry.targets:
            result.targets += 1
            hit = max(((iou(target, d[0]), i) for i, d in enumerate(detections) if i not in used),
                      default=(0.0, None))
            if hit[0] >= 0.3:
                used.add(hit[1])
                result.found += 1
        labelled = entry.targets + entry.others
        unlabelled = [d for i, d in enumerate(detections) if i not in used and d[0][3] >= 20
                      and all(iou(d[0], b) < 0.3 for b in labelled)]
        result.unlabelled += len(unlabelled)
        warnings = sum(1 for d in unlabelled if d[1])
        result.unlabelled_warnings += warnings
        result.images_warned += warnings > 0
        result.images += 1
    return result


def bench_detection(analyzer: FaceAnalyzer) -> None:
    first = FaceAnalyzer(workers=1, detection=FIRST)
    whole = replace(CROWD, fine_heat=0.0)
    configs: list[tuple[str, DetectionConfig, FaceAnalyzer]] = [
        ("first version (fine 1600, 0.5)", FIRST, first),
        ("fine 2048 <=2x 0.25 on the whole copy, coarse 0.4", whole, FaceAnalyzer(workers=1, detection=whole)),
        ("Poortwachter: the same, fine pass where coarse heat > 0.02", CROWD, analyzer),
    ]
    hog = dlib.get_frontal_face_detector()
    locate = lambda a: lambda px: [(f.box, f.recognisable) for f in a.locate(px)]  # noqa: E731
    for label, truth in (("dlib_faces", dlib_truth()), ("crowd_dev", crowd_truth())):
        faces = sum(len(t.targets) for t in truth.values())
        print(f"Detection on {label} ({len(truth)} images, {faces} faces >= 20 px, IoU >= 0.3):")
        scores = {}
        for name, config, which in configs:
            scores[config] = score(locate(which), truth)
            print(f"  CenterFace, {name:58} {scores[config].line()}")
        if label == "dlib_faces":
            hogged = score(lambda px: [((r.left(), r.top(), r.width(), r.height()), True)
                                       for r in hog(px, 1)], truth)
            print(f"  {'dlib HOG, upsample 1':70} {hogged.line()}")
        else:
            old, new = scores[FIRST], scores[CROWD]
            print(f"  unlabelled boxes judged recognisable (each an `unknown` face, a warning): "
                  f"{old.unlabelled_warnings} -> {new.unlabelled_warnings} on {len(truth)} images "
                  f"(images with one: {old.images_warned} -> {new.images_warned})")
