"""Every face in a video, followed over time: what the gate judges for a video.

Sampled frames (detectors.video) are searched where they need it
(detectors.video_detection: whole frames every 2 s and at cuts, the changed
parts in between, on both cores), the faces are followed from sample to sample
(detectors.tracking), and only each segment's best few faces get an aligned
chip and a template, all templates at once over the worker processes. Frames
are dropped as soon as they are looked at; what stays is a small JPEG of the
frames a finding may be shown on and per segment its few best face chips.
"""
from __future__ import annotations

import io
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from detectors.faces import FaceAnalyzer, face_of
from detectors.tracking import Segment, Tracker
from detectors.video import MAX_BYTES, MAX_SECONDS, SAMPLES_PER_SECOND, VideoInfo, probe, samples
from detectors.video_detection import FrameDetector, Planner

STILL_SIDE = 480  # the representative frames on the self-check page
_detector: FrameDetector | None = None
_detector_lock = threading.Lock()


def frame_detector() -> FrameDetector:
    """One per process (its two CenterFace sessions are loaded once), shared by all checks."""
    global _detector
    with _detector_lock:
        if _detector is None:
            _detector = FrameDetector()
        return _detector


@dataclass
class Still:
    """A sampled frame, small, for the page's strip."""

    time: float
    jpeg: bytes = field(repr=False)
    scale: float  # still pixels per frame pixel


@dataclass
class VideoFaces:
    info: VideoInfo
    segments: list[Segment]
    samples: int
    stills: dict[float, Still]  # by sample time rounded to 0.01 s (as findings' `frame`): segments' frames only


def analyze_video(data: bytes, analyzer: FaceAnalyzer, name: str = "video",
                  max_seconds: float = MAX_SECONDS, max_bytes: int = MAX_BYTES,
                  per_second: float = SAMPLES_PER_SECOND) -> VideoFaces:
    """Find, follow and embed the faces of a video held in memory.

    Raises detectors.video.VideoError (Dutch message) for a video it cannot judge.
    """
    info = probe(data, name, max_seconds, max_bytes)
    tracker = Tracker()
    planner = Planner()
    stills: dict[float, Still] = {}
    count = 0
    planned = ((sample, planner.plan(sample)) for sample in _ahead(samples(data, name, per_second)))
    detector = frame_detector()
    for sample, plan, detections in detector.detections(planned):
        faces = [face_of(d) for d in detections]
        regions = plan.regions
        if regions is not None and tracker.doubtful(sample.time, faces):
            faces, regions = [face_of(d) for d in detector.whole(sample.pixels)], None
        known = len(tracker.segments)
        height, width = sample.pixels.shape[:2]
        entered = tracker.update(sample.time, faces, sample.scene_cut, regions, plan.shift, (width, height))
        for segment, sighting in entered:
            if not analyzer.prepare(sample.pixels, sighting.face):
                segment.forget(sighting)
        if entered or len(tracker.segments) > known:  # frames a finding may be shown on
            stills[round(sample.time, 2)] = _still(sample.time, sample.pixels)
        count += 1
    best = [s.face for segment in tracker.segments for s in segment.best]
    analyzer.embed(best)
    # A finding is shown on one of its segment's best faces (or its first, if none is recognisable).
    shown = {round(s.time, 2) for segment in tracker.segments for s in segment.best or segment.sightings[:1]}
    return VideoFaces(info, tracker.segments, count, {t: stills[t] for t in shown if t in stills})


def _ahead(items: Iterator, depth: int = 2) -> Iterator:
    """The next items are made in a thread while the caller works on this one:
    decoding (FFmpeg, without the GIL) overlaps face detection (onnxruntime, likewise)."""
    slots: queue.Queue = queue.Queue(depth)
    done = object()
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                if stop.is_set():
                    return
                slots.put(item)
            slots.put(done)
        except BaseException as error:  # handed to the caller, raised there
            slots.put(error)

    threading.Thread(target=produce, daemon=True).start()
    try:
        while (item := slots.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while not slots.empty():  # let a producer blocked on a full queue see `stop`
            slots.get_nowait()


def _still(time: float, pixels: np.ndarray) -> Still:
    image = Image.fromarray(pixels)
    scale = min(1.0, STILL_SIDE / max(image.size))
    if scale < 1.0:
        image = image.resize((round(image.width * scale), round(image.height * scale)), Image.BILINEAR)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return Still(time, buffer.getvalue(), scale)
