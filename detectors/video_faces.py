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

from detectors import working_memory
from detectors.centerface import network_size, working_bytes
from detectors.faces import FaceAnalyzer, face_of
from detectors.tracking import Segment, Tracker
from detectors.video import MAX_BYTES, MAX_SECONDS, SAMPLES_PER_SECOND, VideoError, VideoInfo, probe, samples
from detectors.video_detection import WORKERS, FrameDetector, Planner, search_side

STILL_SIDE = 480  # the representative frames on the self-check page
# RGB frames decoded ahead of the detectors (at least one, at most two): 1080p keeps two,
# 4K (25 MB a frame) one; as many wait at the detectors beside the one being judged. With
# the one the decoder is making, a 4K video holds 4 RGB frames instead of 7.
AHEAD_BYTES = 16 * 1024 * 1024
# FFmpeg's frames behind them (YUV 4:2:0, 1.5 bytes a pixel): its frame threads' and the
# reference frames H.264/HEVC keep (4K peaked ~100 MB above its RGB frames).
DECODER_FRAMES = 8
# A video's analysis goes first and waits for the work running to end (a 4K video's analysis
# takes ~30 s), while new work is refused; then Busy (503).
VIDEO_WAIT_SECONDS = 60.0
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
    ahead = frames_ahead(info.width, info.height)
    searches = searches_beside(len(data), info, ahead, name)
    # The whole analysis at once and before those waiting: its detector threads reserve
    # nothing more, so it never waits behind a check that waits for what it holds.
    with working_memory.reserve_first(analysis_bytes(info, ahead, searches), VIDEO_WAIT_SECONDS):
        with working_memory.covering():
            return _analyze(data, info, analyzer, name, per_second, ahead, searches)


def analysis_bytes(info: VideoInfo, ahead: int, searches: int) -> int:
    """Frames in flight and `searches` face searches at once, at the video's search size."""
    scale = search_side(info.width, info.height)
    search = network_size(info.height, info.width, round(max(info.width, info.height) * scale), 1.0)
    return frame_bytes(info.width, info.height, ahead) + searches * working_bytes(*search)


def searches_beside(size: int, info: VideoInfo, ahead: int, name: str) -> int:
    """How many face searches the video may run at once so that it, held in memory, fits the
    process's budget with its analysis: two, else one (slower), else it is refused."""
    for searches in (WORKERS, 1):
        if size + analysis_bytes(info, ahead, searches) <= working_memory.budget().total:
            return searches
    most = working_memory.budget().total - analysis_bytes(info, ahead, 1)
    raise VideoError(f"{name}: deze video ({info.width}×{info.height}, {size / 2**20:.0f} MB) past niet in het "
                     f"geheugen dat Poortwachter voor een controle gebruikt; bij deze resolutie kan een video tot "
                     f"{max(0, most) // 2**20} MB. Maak hem korter of kleiner (bijvoorbeeld 1080p).")


def frames_ahead(width: int, height: int) -> int:
    return max(1, min(2, AHEAD_BYTES // (width * height * 3)))


def frame_bytes(width: int, height: int, ahead: int) -> int:
    """What a video's frames in flight hold at most: RGB frames ahead, at the detectors,
    being judged and being converted, and the decoder's own."""
    rgb = (ahead + ahead + 1 + 1) * width * height * 3
    return rgb + DECODER_FRAMES * width * height * 3 // 2


def _analyze(data: bytes, info: VideoInfo, analyzer: FaceAnalyzer, name: str, per_second: float,
             ahead: int, searches: int) -> VideoFaces:
    tracker = Tracker()
    planner = Planner()
    stills: dict[float, Still] = {}
    count = 0
    planned = ((sample, planner.plan(sample)) for sample in _ahead(samples(data, name, per_second), ahead))
    detector = frame_detector()
    for sample, plan, detections in detector.detections(planned, keep=ahead if searches > 1 else 0):
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
