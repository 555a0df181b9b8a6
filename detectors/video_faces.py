"""Every face in a video, followed over time: what the gate judges for a video.

Sampled frames (detectors.video) go through the photo pipeline's own face
finder (detectors.faces), the faces are followed from sample to sample
(detectors.tracking), and only each segment's best few faces are embedded,
all at once over the worker processes. Frames are dropped as soon as they are
looked at; what stays is per sample a small JPEG for the self-check page and
per segment its few best face chips.
"""
from __future__ import annotations

import io
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import numpy as np
from PIL import Image

from detectors.face_boxes import FIRST, DetectionConfig
from detectors.faces import FaceAnalyzer
from detectors.tracking import Segment, Tracker
from detectors.video import MAX_BYTES, MAX_SECONDS, SAMPLES_PER_SECOND, VideoInfo, probe, samples

# The photo pipeline searches a 2048 px copy at a low threshold (detectors.face_boxes.CROWD).
# A video is many photos: a false box at threshold 0.25 on one frame in ten would give
# nearly every video an `unknown` track, and a 960 px copy costs a fraction of the time.
# A face 24 px high in a 1080p frame (the recognisability cut-off) is 12 px there,
# which CenterFace still finds. bench/video.py measures the recall this costs against
# the photo pipeline on the same frames.
VIDEO_DETECTION = replace(FIRST, fine_side=960)
STILL_SIDE = 480  # the representative frames on the self-check page


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
                  per_second: float = SAMPLES_PER_SECOND,
                  detection: DetectionConfig = VIDEO_DETECTION) -> VideoFaces:
    """Find, follow and embed the faces of a video held in memory.

    Raises detectors.video.VideoError (Dutch message) for a video it cannot judge.
    """
    info = probe(data, name, max_seconds, max_bytes)
    tracker = Tracker()
    stills: dict[float, Still] = {}
    count = 0
    for sample in _ahead(samples(data, name, per_second)):
        faces = analyzer.find(sample.pixels, detection)
        tracker.update(sample.time, faces, sample.scene_cut)
        if faces:
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
