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
MIN_RECOGNISABLE_HEIGHT pixels (the smallest a viewer recognises) is scaled to
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

from detectors.centerface import CenterFace, Detection
from detectors.faces import MIN_RECOGNISABLE_HEIGHT
from detectors.memory import limit_heaps
from detectors.video import Sample

DETECT_HEIGHT = 12  # pixels a just-recognisable face keeps in the searched copy
MIN_SIDE = 640  # small videos are searched at (up to) this longer side
THRESHOLD = 0.5  # CenterFace score; lower would give almost every video a false `unknown`
# Seconds between whole-frame searches. 0: every sample is searched whole. With 2.0 the
# 3-minute bench clip kept Daan's first sample at 1:10 and 2:10 but lost him on the next
# three (he walked on inside a changed part and was not found there again), so his range
# and the safe copy's blur ended 1.5 s early; a tighter part is not the fix (CenterFace
# misses a face that fills what it is shown), a wider one grew memory to 3.7 GB (a new
# input shape each time). Off until the changed-part search finds what a whole search does.
FULL_EVERY = 0.0
FULL_SHARE = 0.4
THUMB = 4  # frame pixels per side of one luma-thumbnail pixel (its mean); the pan is found at this step
POOL = 2  # thumbnail pixels pooled before comparing: the pan's rest (< THUMB px) then blurs away
CELL = 4  # pooled pixels per side of one cell (32 frame pixels)
# Mean luma change (0-255) of a cell's pooled pixels above which the cell changed: above
# encoder noise, grain and the rest of a pan over a crowd (p90 ~13), below a face entering.
CHANGE = 12.0
MARGIN = 2  # cells added at least around a changed region
EDGE_ROOM = 0.25  # face heights a box found in a region keeps from the region's inner edges
WORKERS = 2

Box = tuple[int, int, int, int]  # x1, y1, x2, y2


@dataclass(frozen=True)
class Plan:
    """What to search on one sample."""

    regions: list[Box] | None  # None: the whole frame
    shift: tuple[float, float]  # frame pixels the picture moved since the previous sample


def search_side(width: int, height: int) -> float:
    """The scale at which a frame is searched (<= 1)."""
    scale = DETECT_HEIGHT / MIN_RECOGNISABLE_HEIGHT
    return min(1.0, max(scale, MIN_SIDE / max(width, height)))


def _thumbnail(pixels: np.ndarray) -> np.ndarray:
    h, w = (pixels.shape[0] // THUMB) * THUMB, (pixels.shape[1] // THUMB) * THUMB
    green = pixels[:h, :w, 1].astype(np.float32)  # luma's main part, without a colour conversion
    return green.reshape(h // THUMB, THUMB, w // THUMB, THUMB).mean(axis=(1, 3))


def _pan(reference: np.ndarray, thumb: np.ndarray) -> tuple[int, int]:
    """(dx, dy) in thumbnail pixels: thumb[y + dy, x + dx] shows reference[y, x]."""
    f = np.fft.rfft2(reference - reference.mean())
    g = np.fft.rfft2(thumb - thumb.mean())
    cross = g * np.conj(f)
    cross /= np.abs(cross) + 1e-6
    peak = np.fft.irfft2(cross, s=reference.shape)
    dy, dx = np.unravel_index(int(np.argmax(peak)), peak.shape)
    h, w = reference.shape
    return (dx - w if dx > w // 2 else dx, dy - h if dy > h // 2 else dy)


def _pool(a: np.ndarray, k: int) -> np.ndarray:
    h, w = math.ceil(a.shape[0] / k) * k, math.ceil(a.shape[1] / k) * k
    padded = np.pad(a, ((0, h - a.shape[0]), (0, w - a.shape[1])), mode="edge")
    return padded.reshape(h // k, k, w // k, k).mean(axis=(1, 3))


def _changed_cells(reference: np.ndarray, thumb: np.ndarray, dx: int, dy: int) -> np.ndarray:
    h, w = thumb.shape
    moved = np.full((h, w), np.nan, dtype=np.float32)  # new picture at the edge of a pan: changed
    ys, xs = slice(max(0, dy), min(h, h + dy)), slice(max(0, dx), min(w, w + dx))
    ry, rx = slice(max(0, -dy), min(h, h - dy)), slice(max(0, -dx), min(w, w - dx))
    moved[ys, xs] = reference[ry, rx]
    diff = _pool(np.abs(_pool(thumb, POOL) - _pool(moved, POOL)), CELL)
    return np.nan_to_num(diff, nan=np.inf) > CHANGE


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) of each run of True."""
    edges = np.diff(np.concatenate([[0], flags.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)))


def _regions(cells: np.ndarray, width: int, height: int) -> list[Box]:
    """Rectangles around the changed cells: columns with a change, then rows within them.

    A face of which only a part changed (a mouth, a turning head) is not wholly
    inside; the tracker follows it, and drops what is found in such a part."""
    size = CELL * POOL * THUMB
    regions = []
    for c0, c1 in _runs(cells.any(axis=0)):
        for r0, r1 in _runs(cells[:, c0:c1].any(axis=1)):
            grow = MARGIN
            regions.append((max(0, (c0 - grow) * size), max(0, (r0 - grow) * size),
                            min(width, (c1 + grow) * size), min(height, (r1 + grow) * size)))
    return _merged(regions)


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
    (onnxruntime runs without the GIL); results come back in sample order."""

    def __init__(self) -> None:
        # With two detector threads and a decoder each allocating in its own glibc heap, the
        # 1-minute bench clip peaked at 3.8 GB instead of 1.2 GB.
        limit_heaps()
        self._idle: queue.Queue[CenterFace] = queue.Queue()
        for _ in range(WORKERS):
            self._idle.put(CenterFace(threads=1))
        self._pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="video-faces")

    def detections(self, planned: Iterator[tuple[Sample, Plan]]
                   ) -> Iterator[tuple[Sample, Plan, list[Detection]]]:
        waiting: deque[tuple[Sample, Plan, Future]] = deque()
        for sample, plan in planned:
            waiting.append((sample, plan, self._pool.submit(self._search, sample.pixels, plan)))
            if len(waiting) > WORKERS:
                sample, plan, future = waiting.popleft()
                yield sample, plan, future.result()
        while waiting:
            sample, plan, future = waiting.popleft()
            yield sample, plan, future.result()

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
    """Faces well inside a region: a box near an edge that cuts the frame may be part
    of a face (a chin and a mouth look like a small face); the whole face is found at
    the next whole-frame search and followed by the tracker until then."""
    x1, y1, x2, y2 = region
    height, width = pixels.shape[:2]
    crop = pixels[y1:y2, x1:x2]
    found = []
    for d in detector.detect(crop, max(32, round(max(crop.shape[:2]) * scale)), THRESHOLD):
        bx1, by1, bx2, by2 = d.box
        keep = EDGE_ROOM * (by2 - by1)
        cut = ((bx1 < keep and x1 > 0) or (by1 < keep and y1 > 0) or (bx2 > x2 - x1 - keep and x2 < width)
               or (by2 > y2 - y1 - keep and y2 < height))
        if not cut:
            found.append(Detection(box=(bx1 + x1, by1 + y1, bx2 + x1, by2 + y1),
                                   landmarks=d.landmarks + np.array([x1, y1]), score=d.score))
    return found
