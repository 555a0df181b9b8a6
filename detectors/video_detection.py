"""Where to look for faces on each sampled frame, and looking there on both cores.

Detecting faces on every sampled 1080p frame costs ~0.35 CPU s a frame, ~40 s a
minute of video. Most of a frame does not change from one sample to the next,
and where nothing changed the detector would find what it found before. So:

- every FULL_EVERY seconds, at the first frame and at every scene cut, the whole
  frame is searched;
- in between, each sample is compared with the frame of the last whole search,
  after taking out the camera's pan (phase correlation of small luma copies);
  only the parts that changed (a face walking in, a head turning, new picture
  at the edge of a pan) are searched; faces elsewhere are followed by the
  tracker (detectors.tracking) with the pan's shift;
- when more than FULL_SHARE of the frame changed (zoom, shaking camera), the
  whole frame is searched again.

A face that appears changes the pixels where it appears, so a new face is
looked for on the first sample it is on: tracks stay as short as one sample.

The search runs at the side a frame needs rather than one fixed size: a face of
SEARCH_FACE_HEIGHT pixels (the smallest a viewer recognises) is scaled to
DETECT_HEIGHT pixels, which CenterFace still finds (bench/video.py measures the
recall against the photo pipeline on the same frames). Two detectors, one
thread each, work on two samples at once.
"""
from __future__ import annotations

import math
import queue
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from PIL import Image

from detectors.cell_areas import areas, grown
from detectors.centerface import CenterFace, Detection
from detectors.face_boxes import iou
from detectors.memory import limit_heaps
from detectors.working_memory import covered
from detectors.video import Sample

DETECT_HEIGHT = 12  # pixels a just-recognisable face keeps in the searched copy
# The face height the search is sized for: the photo cut-off when bench/video.py measured
# it (faces.MIN_RECOGNISABLE_HEIGHT is 22 now; 24 keeps the search's cost as measured).
SEARCH_FACE_HEIGHT = 24
MIN_SIDE = 640  # small videos are searched at (up to) this longer side
THRESHOLD = 0.5  # CenterFace score; lower would give almost every video a false `unknown`
# Seconds between whole-frame searches. In between, a face the changed parts do not show
# is carried by the tracker; one found in a changed part links to the face followed there,
# even in front of another face (tracking.Tracker.doubtful).
FULL_EVERY = 2.0
FULL_SHARE = 0.5
THUMB = 4  # frame pixels per side of one luma-thumbnail pixel (its mean); the pan is found at this step
POOL = 2  # thumbnail pixels pooled before comparing: the pan's rest (< THUMB px) then blurs away
CELL = 4  # pooled pixels per side of one cell (32 frame pixels)
# Mean luma change (0-255) of a cell's pooled pixels above which the cell changed: above
# encoder noise, grain and the rest of a pan over a crowd (p90 ~13), below a face entering.
CHANGE = 12.0
MARGIN = 2  # cells added at least around a changed region
EDGE_ROOM = 0.25  # face heights a box found in a region keeps from the region's inner edges
GROW = 0.75  # face heights around a face cut by a region's edge that are searched again
# The smallest side of a region, as a share of the frame's shorter side: CenterFace scores a
# face lower without the picture around it (a face half in a 96 px strip at the edge of a
# pan: 0.34 there, 0.56 in the whole frame).
MIN_REGION = 0.25
WORKERS = 2

Box = tuple[int, int, int, int]  # x1, y1, x2, y2


@dataclass(frozen=True)
class Plan:
    """What to search on one sample."""

    regions: list[Box] | None  # None: the whole frame
    shift: tuple[float, float]  # frame pixels the picture moved since the previous sample


def search_side(width: int, height: int) -> float:
    """The scale at which a frame is searched (<= 1)."""
    scale = DETECT_HEIGHT / SEARCH_FACE_HEIGHT
    return min(1.0, max(scale, MIN_SIDE / max(width, height)))


def _thumbnail(pixels: np.ndarray) -> np.ndarray:
    # Green: luma's main part, without a colour conversion; PIL's box reduction is ~6x numpy's.
    green = Image.fromarray(pixels).getchannel(1).reduce(THUMB)
    return np.asarray(green, dtype=np.float32)


def _pan(reference: np.ndarray, thumb: np.ndarray) -> tuple[float, float]:
    """(dx, dy) in thumbnail pixels, to a tenth or so: thumb[y + dy, x + dx] shows reference[y, x]."""
    f = np.fft.rfft2(reference - reference.mean())
    g = np.fft.rfft2(thumb - thumb.mean())
    cross = g * np.conj(f)
    cross /= np.abs(cross) + 1e-6
    peak = np.fft.irfft2(cross, s=reference.shape)
    dy, dx = np.unravel_index(int(np.argmax(peak)), peak.shape)
    h, w = reference.shape
    # The pan between two thumbnail pixels: a parabola through the peak and its neighbours.
    fx = _vertex(peak[dy, dx - 1], peak[dy, dx], peak[dy, (dx + 1) % w])
    fy = _vertex(peak[dy - 1, dx], peak[dy, dx], peak[(dy + 1) % h, dx])
    return ((dx - w if dx > w // 2 else dx) + fx, (dy - h if dy > h // 2 else dy) + fy)


def _vertex(left: float, centre: float, right: float) -> float:
    curve = left - 2 * centre + right
    return float(np.clip(0.5 * (left - right) / curve, -0.5, 0.5)) if curve < 0 else 0.0


def _pool(a: np.ndarray, k: int) -> np.ndarray:
    h, w = math.ceil(a.shape[0] / k) * k, math.ceil(a.shape[1] / k) * k
    padded = np.pad(a, ((0, h - a.shape[0]), (0, w - a.shape[1])), mode="edge")
    return padded.reshape(h // k, k, w // k, k).mean(axis=(1, 3))


def _moved(reference: np.ndarray, dx: int, dy: int) -> np.ndarray:
    """reference moved by whole pixels; NaN where it shows nothing (new picture at the edge of a pan)."""
    h, w = reference.shape
    moved = np.full((h, w), np.nan, dtype=np.float32)
    ys, xs = slice(max(0, dy), min(h, h + dy)), slice(max(0, dx), min(w, w + dx))
    ry, rx = slice(max(0, -dy), min(h, h - dy)), slice(max(0, -dx), min(w, w - dx))
    moved[ys, xs] = reference[ry, rx]
    return moved


def _changed_cells(reference: np.ndarray, thumb: np.ndarray, dx: float, dy: float) -> np.ndarray:
    ix, iy = math.floor(dx), math.floor(dy)
    fx, fy = dx - ix, dy - iy
    moved = ((1 - fx) * (1 - fy) * _moved(reference, ix, iy) + fx * (1 - fy) * _moved(reference, ix + 1, iy)
             + (1 - fx) * fy * _moved(reference, ix, iy + 1) + fx * fy * _moved(reference, ix + 1, iy + 1))
    # Along the edges one of the four is outside: there the nearest whole pixel decides.
    moved = np.where(np.isnan(moved), _moved(reference, round(dx), round(dy)), moved)
    diff = _pool(np.abs(_pool(thumb, POOL) - _pool(moved, POOL)), CELL)
    return np.nan_to_num(diff, nan=np.inf) > CHANGE


def _regions(cells: np.ndarray, width: int, height: int) -> list[Box]:
    """Rectangles around each group of changed cells, MARGIN cells wider and at least
    MIN_REGION of the frame a side.

    A face of which only a part changed (a mouth, a turning head) may not be wholly
    inside; a face found cut by a region's edge is searched again with room around it."""
    size = CELL * POOL * THUMB
    side = round(MIN_REGION * min(width, height))
    return _merged([_at_least((c0 * size, r0 * size, c1 * size, r1 * size), side, width, height)
                    for c0, r0, c1, r1 in areas(grown(cells, MARGIN))])


def _at_least(region: Box, side: int, width: int, height: int) -> Box:
    """The region grown about its centre to `side` pixels each way where it is smaller, in the frame."""
    x1, y1, x2, y2 = region
    grow_x, grow_y = max(0, side - (x2 - x1)) / 2, max(0, side - (y2 - y1)) / 2
    return (max(0, int(x1 - grow_x)), max(0, int(y1 - grow_y)),
            min(width, math.ceil(x2 + grow_x)), min(height, math.ceil(y2 + grow_y)))


def _merged(regions: list[Box]) -> list[Box]:
    """Overlapping regions as one, so that no face is searched (and found) twice."""
    merged = True
    while merged:
        merged = False
        for i, a in enumerate(regions):
            for j in range(i + 1, len(regions)):
                b = regions[j]
                if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                    regions[i] = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
                    del regions[j]
                    merged = True
                    break
            if merged:
                break
    return regions


class Planner:
    """Feed samples in time order; each gets its Plan."""

    def __init__(self) -> None:
        self._reference: np.ndarray | None = None
        self._full_at = -math.inf
        self._offset = (0, 0)

    def plan(self, sample: Sample) -> Plan:
        thumb = _thumbnail(sample.pixels)
        height, width = sample.pixels.shape[:2]
        if (self._reference is None or sample.scene_cut or sample.time - self._full_at >= FULL_EVERY
                or self._reference.shape != thumb.shape):
            return self._full(thumb, sample.time)
        dx, dy = _pan(self._reference, thumb)
        cells = _changed_cells(self._reference, thumb, dx, dy)
        if cells.mean() > FULL_SHARE:
            return self._full(thumb, sample.time)
        regions = _regions(cells, width, height)
        if sum((r[2] - r[0]) * (r[3] - r[1]) for r in regions) > FULL_SHARE * width * height:
            return self._full(thumb, sample.time)
        shift = ((dx - self._offset[0]) * THUMB, (dy - self._offset[1]) * THUMB)
        self._offset = (dx, dy)
        return Plan(regions, shift)

    def _full(self, thumb: np.ndarray, time: float) -> Plan:
        self._reference, self._full_at, self._offset = thumb, time, (0, 0)
        return Plan(None, (0.0, 0.0))


class FrameDetector:
    """Searches planned samples on WORKERS threads, each with its own CenterFace
    (onnxruntime runs without the GIL); results come back in sample order. Their
    memory was reserved with the video's analysis (video_faces.analysis_bytes)."""

    def __init__(self) -> None:
        # With two detector threads and a decoder each allocating in its own glibc heap, the
        # 1-minute bench clip peaked at 3.8 GB instead of 1.2 GB.
        limit_heaps()
        self._idle: queue.Queue[CenterFace] = queue.Queue()
        for _ in range(WORKERS):
            self._idle.put(CenterFace(threads=1))
        self._pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="video-faces")

    def detections(self, planned: Iterator[tuple[Sample, Plan]], keep: int = WORKERS
                   ) -> Iterator[tuple[Sample, Plan, list[Detection]]]:
        """`keep`: samples kept submitted beside the one handed on (1 still keeps both
        threads busy: the next is searched while the caller judges this one)."""
        waiting: deque[tuple[Sample, Plan, Future]] = deque()
        for sample, plan in planned:
            waiting.append((sample, plan, self._pool.submit(covered, self._search, sample.pixels, plan)))
            if len(waiting) > keep:
                sample, plan, future = waiting.popleft()
                yield sample, plan, future.result()
        while waiting:
            sample, plan, future = waiting.popleft()
            yield sample, plan, future.result()

    def whole(self, pixels: np.ndarray) -> list[Detection]:
        """The faces of a whole frame, searched now (on the caller's thread)."""
        return self._search(pixels, Plan(None, (0.0, 0.0)))

    def _search(self, pixels: np.ndarray, plan: Plan) -> list[Detection]:
        detector = self._idle.get()
        try:
            height, width = pixels.shape[:2]
            scale = search_side(width, height)
            if plan.regions is None:
                return detector.detect(pixels, round(max(width, height) * scale), THRESHOLD)
            found = []
            for region in plan.regions:
                found += _in_region(detector, pixels, region, scale)
            return found
        finally:
            self._idle.put(detector)


def _in_region(detector: CenterFace, pixels: np.ndarray, region: Box, scale: float) -> list[Detection]:
    """Faces well inside a region. A box near an edge that cuts the frame may be part of
    a face (a chin and a mouth look like a small face) or a face bigger than what changed
    (one uncovered, a head turning): the part around it is searched again with room
    (GROW face heights), and what is well inside that is kept."""
    height, width = pixels.shape[:2]
    kept, cut = _found_in(detector, pixels, region, scale)
    for around in _merged([_around(box, width, height) for box in cut]):
        more, _ = _found_in(detector, pixels, around, scale)
        kept += [d for d in more if all(iou(d.box, k.box) < 0.3 for k in kept)]
    return kept


def _found_in(detector: CenterFace, pixels: np.ndarray, region: Box, scale: float
              ) -> tuple[list[Detection], list[tuple[float, float, float, float]]]:
    """The faces kept in a region (see kept_in), and the boxes of those cut by its edges."""
    x1, y1, x2, y2 = region
    height, width = pixels.shape[:2]
    crop = pixels[y1:y2, x1:x2]
    kept, cut = [], []
    for d in detector.detect(crop, max(32, round(max(crop.shape[:2]) * scale)), THRESHOLD):
        box = (d.box[0] + x1, d.box[1] + y1, d.box[2] + x1, d.box[3] + y1)
        if kept_in(box, region, (width, height)):
            kept.append(Detection(box=box, landmarks=d.landmarks + np.array([x1, y1]), score=d.score))
        else:
            cut.append(box)
    return kept, cut


def _around(box: tuple[float, float, float, float], width: int, height: int) -> Box:
    room = GROW * (box[3] - box[1])
    return (max(0, int(box[0] - room)), max(0, int(box[1] - room)),
            min(width, math.ceil(box[2] + room)), min(height, math.ceil(box[3] + room)))


def kept_in(box: tuple[float, float, float, float], region: Box, size: tuple[int, int],
            room: float = EDGE_ROOM) -> bool:
    """Whether a face box (x1, y1, x2, y2) found in `region` of a frame of `size` (width,
    height) is kept: it keeps `room` face heights from every edge of the region that
    cuts the frame."""
    room *= box[3] - box[1]
    width, height = size
    return (box[0] >= region[0] + (room if region[0] > 0 else 0)
            and box[1] >= region[1] + (room if region[1] > 0 else 0)
            and box[2] <= region[2] - (room if region[2] < width else 0)
            and box[3] <= region[3] - (room if region[3] < height else 0))
