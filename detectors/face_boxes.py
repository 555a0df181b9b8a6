"""Where the faces are: CenterFace at two scales, merged into one list of boxes.

A face the gate does not find is a child it never checks, so the passes are
tuned for recall on crowded photos (../shared/data/faces/crowd_dev, WIDER FACE
val; figures in bench/faces.py and the README):

- the fine pass runs on the photo scaled to a longer side of 2048 px, enlarged
  up to 2x: a 40 px face of a 4000 px class photo stays 20 px, and the 20-30 px
  faces of a 1024 px crowd photo become big enough for CenterFace;
- the coarse pass at 640 px places faces that fill the frame (lennon-1: eyes
  50 px off in the fine pass) and finds the blurred mid-sized faces that the
  fine pass sees only as texture (on crowd_dev 14 of the 22 faces the fine pass
  missed scored 0.3-0.7 there).

The fine pass runs only on the parts of its copy where the coarse pass's heatmap
shows that a face may be (detectors/fine_regions.py).

Low thresholds cost false boxes; each one that is recognisable becomes an
`unknown` face (a warning), never a silent allow.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detectors.centerface import CenterFace, Detection, moved, network_size, resized
from detectors.fine_regions import heat_regions


@dataclass(frozen=True)
class DetectionConfig:
    fine_side: int
    fine_upscale: float
    fine_threshold: float
    coarse_side: int
    coarse_threshold: float
    # A coarse box of a face at least this high at coarse scale is placed better
    # than the fine pass's box of the same face and wins over it.
    coarse_min_height: int
    # The first version kept only such big faces from the coarse pass.
    coarse_keeps_small: bool
    # The fine pass looks only where the coarse pass's heat exceeds this (with
    # `fine_margin` fine-copy pixels around it); 0: on the whole copy.
    fine_heat: float = 0.0
    fine_margin: int = 96


# Tuned on crowd_dev: recall 0.964 of faces >= 20 px with 0.62 unlabelled boxes per
# image (0.889 / 0.17 before); dlib_faces keeps 1.000. The fine pass only where the
# coarse heat exceeds 0.02 finds the same faces (detectors/fine_regions.py).
CROWD = DetectionConfig(fine_side=2048, fine_upscale=2.0, fine_threshold=0.25,
                        coarse_side=640, coarse_threshold=0.4, coarse_min_height=48,
                        coarse_keeps_small=True, fine_heat=0.02, fine_margin=64)
# The first version, tuned on dlib's easy photos; kept for bench/faces.py's comparison.
FIRST = DetectionConfig(fine_side=1600, fine_upscale=1.0, fine_threshold=0.5,
                        coarse_side=640, coarse_threshold=0.5, coarse_min_height=48,
                        coarse_keeps_small=False)


def iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """Intersection over union of two (x1, y1, x2, y2) boxes."""
    width = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    height = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = width * height
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def _inside(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """Share of box a's area that lies inside box b."""
    width = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    height = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    area = (a[2] - a[0]) * (a[3] - a[1])
    return width * height / area if area > 0 else 1.0


def _confirmed_big(detector: CenterFace, rgb: np.ndarray, config: DetectionConfig,
                   fine: list[Detection], big, coarse: list[Detection]) -> list[Detection]:
    """Enlarging a photo makes its big faces huge, and there CenterFace sees faces
    in other things (a dog's head at 0.72 in dlib's dogs.jpg). A big face from the
    enlarged copy counts only when the coarse pass or the photo at its own size
    shows a face there too."""
    if not any(big(d) for d in fine):
        return fine
    seen = coarse + detector.detect(rgb, max(rgb.shape[:2]), config.fine_threshold)
    return [d for d in fine if not big(d) or any(iou(d.box, s.box) >= 0.3 for s in seen)]


def find_faces(detector: CenterFace, rgb: np.ndarray, config: DetectionConfig) -> list[Detection]:
    """Every face box of both passes, one box per face."""
    coarse_scale = min(1.0, config.coarse_side / max(rgb.shape[:2]))
    if coarse_scale == 1.0 and config.fine_upscale <= 1.0:
        # both passes would see the same pixels
        return detector.detect(rgb, config.fine_side, config.fine_threshold, config.fine_upscale)
    coarse, heat = detector.detect_with_heat(rgb, config.coarse_side, config.coarse_threshold)

    def placed_well(d: Detection) -> bool:
        return (d.box[3] - d.box[1]) * coarse_scale >= config.coarse_min_height

    fine = _fine_pass(detector, rgb, config, heat, [d for d in coarse if placed_well(d)])
    if not config.coarse_keeps_small:
        coarse = [d for d in coarse if placed_well(d)]
    if config.fine_upscale > 1.0 and max(rgb.shape[:2]) < config.fine_side:
        fine = _confirmed_big(detector, rgb, config, fine, placed_well, coarse)
    big = sorted((d for d in coarse if placed_well(d)), key=lambda d: -d.score)
    rest = sorted([d for d in coarse if not placed_well(d)] + fine, key=lambda d: -d.score)
    kept: list[Detection] = []
    for candidate in big + rest:
        # A box mostly inside a kept one is a part of that face seen as a face on
        # the enlarged copy (biden2.jpg: the inner face at 0.76); no face hides
        # inside another.
        if all(iou(candidate.box, k.box) < 0.3 and _inside(candidate.box, k.box) < 0.6
               for k in kept):
            kept.append(candidate)
    return kept


def _fine_pass(detector: CenterFace, rgb: np.ndarray, config: DetectionConfig, heat: np.ndarray,
               placed: list[Detection]) -> list[Detection]:
    """The fine pass, on the parts of the enlarged copy where the coarse pass's heat
    says a face may be (detectors/fine_regions.py), or on all of it."""
    height, width = rgb.shape[:2]
    fine_w, fine_h = network_size(height, width, config.fine_side, config.fine_upscale)
    if not config.fine_heat:
        return detector.detect(rgb, config.fine_side, config.fine_threshold, config.fine_upscale)
    sx, sy = fine_w / width, fine_h / height
    regions = heat_regions(heat, (heat.shape[1] * 4, heat.shape[0] * 4), (fine_w, fine_h),
                           [(d.box[0] * sx, d.box[1] * sy, d.box[2] * sx, d.box[3] * sy) for d in placed],
                           config.fine_heat, config.fine_margin)
    if sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in regions) > 0.7 * fine_w * fine_h:
        regions = [(0, 0, fine_w, fine_h)]  # one run costs less than the overlapping parts
    if not regions:
        return []
    copy = resized(rgb, (fine_w, fine_h))
    found = []
    for x0, y0, x1, y1 in regions:
        for d in detector.run(copy[y0:y1, x0:x1], config.fine_threshold):
            # A face cut by a region's inner edge is part of a face the coarse pass placed
            # (regions hold every face the fine pass is needed for, with the margin).
            bx0, by0, bx1, by1 = d.box
            if (x0 and bx0 < 1) or (y0 and by0 < 1) or (x1 < fine_w and bx1 > x1 - x0 - 1) \
                    or (y1 < fine_h and by1 > y1 - y0 - 1):
                continue
            found.append(moved(d, 1 / sx, 1 / sy, x0, y0))
    return found
