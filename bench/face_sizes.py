"""How small may a face be and still count as recognisable? Figures for the cut-off.

- crowd_dev: every detected face judged with no size cut-off; per candidate
  cut-off, how many faces would be recognisable and so `unknown` (a warning:
  nobody there is enrolled), and how many images get a warning.
- FG-NET dev: each probe of an enrolled child shrunk until its face is about h
  px high; per h, how often the models still place it near its own child (so
  it would block if that child had no consent), identify it, or accept it as
  somebody else.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PIL import Image

import detectors.faces as faces_module
from bench.face_detection import crowd_truth
from detectors.faces import FaceAnalyzer
from detectors.images import decode_image
from server.gate import matching
from server.registry import Gallery

CUT_OFFS = (10, 12, 14, 16, 18, 20, 22, 24)
HEIGHTS = (10, 12, 14, 16, 18, 20, 22, 24, 28)


def _without_cut_off(call: Callable):
    cut_off = faces_module.MIN_RECOGNISABLE_HEIGHT
    faces_module.MIN_RECOGNISABLE_HEIGHT = 0
    try:
        return call()
    finally:
        faces_module.MIN_RECOGNISABLE_HEIGHT = cut_off


def crowd_warnings(analyzer: FaceAnalyzer) -> None:
    heights = []  # per image: box heights of the faces that are sharp enough
    for path in crowd_truth():
        faces = _without_cut_off(lambda: analyzer.locate(decode_image(path.read_bytes()).pixels))
        heights.append([f.box[3] for f in faces if f.recognisable])
    print(f"Cut-off on crowd_dev ({len(heights)} images, nobody enrolled: every recognisable face is a warning; "
          f"now {faces_module.MIN_RECOGNISABLE_HEIGHT} px):")
    for cut_off in CUT_OFFS:
        warned = [sum(h >= cut_off for h in image) for image in heights]
        print(f"  cut-off {cut_off:2} px: {sum(warned):4} unknown faces, {sum(w > 0 for w in warned)} of "
              f"{len(heights)} images with a warning")


def shrunk(pixels: np.ndarray, face_height: int, height: int) -> np.ndarray:
    """The photo scaled so its face is about `height` px high, on a canvas of at least 200 px."""
    scale = height / face_height
    source = Image.fromarray(pixels)
    small = source.resize((max(1, round(source.width * scale)), max(1, round(source.height * scale))), Image.LANCZOS)
    canvas = Image.new("RGB", (max(small.width, 200), max(small.height, 200)), (128, 128, 128))
    canvas.paste(small, (0, 0))
    return np.asarray(canvas)


def fgnet_sizes(analyzer: FaceAnalyzer, gallery: Gallery, probes: list[tuple[np.ndarray, int]]) -> None:
    """`probes`: (pixels, child) of enrolled children's later photos."""
    print(f"Cut-off on FG-NET dev: {len(probes)} probes of enrolled children shrunk to a face of about h px "
          f"(both models, templates from the full-size reference photos):")
    heights = [max(analyzer.locate(pixels), key=lambda f: f.box[3]).box[3] for pixels, _ in probes]
    for height in HEIGHTS:
        found = near = right = wrong = 0
        for (pixels, child), face_height in zip(probes, heights):
            faces = _without_cut_off(lambda: analyzer.analyze(shrunk(pixels, face_height, height)))
            faces = [f for f in faces if f.templates]
            if not faces:
                continue
            found += 1
            judged = matching.judge(max(faces, key=lambda f: f.box[3]).templates, gallery)
            near += any(c.person_id == child for c in judged.look_alikes) or bool(
                judged.match and judged.match.person_id == child)
            right += bool(judged.match and judged.match.person_id == child)
            wrong += bool(judged.match and judged.match.person_id != child)
        print(f"  h={height:2}: embedded {found:2}, near its own child (would block) {near:2}, "
              f"identified {right:2}, accepted as someone else {wrong}")
