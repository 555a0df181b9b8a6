"""Decode a video from memory and pick the frames to check.

PyAV (FFmpeg inside its wheel) decodes MP4/MOV/WebM; nothing is compiled,
downloaded or written to disk. Frames come out upright (a phone's rotation
matrix applied) as RGB arrays, sampled at a steady rate plus every scene cut,
so a face that appears only after a cut is still looked at.
"""
from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

import av
import numpy as np

# A school's Reel or musical clip: 3 minutes and 500 MB are the defaults; a
# school may change them (server settings), the decoder enforces what it is given.
MAX_SECONDS = 180.0
MAX_BYTES = 500 * 1024 * 1024
MAX_PIXELS = 4096 * 2304  # 4K UHD and a little more; larger frames are refused
SAMPLES_PER_SECOND = 2.0
# Mean absolute difference of the 1/16-scale luma between two frames (0-255);
# a hard cut between two shots is far above it, a pan or a face moving far below.
SCENE_CUT = 28.0
# Samples closer than this to the previous one are not taken again for a cut.
MIN_GAP = 0.1
SUFFIXES = {".mp4", ".m4v", ".mov", ".webm"}  # what the CLI and the scan take for a video
CONTAINERS = {"mov,mp4,m4a,3gp,3g2,mj2": "MP4/MOV", "matroska,webm": "WebM"}
LOCATION_KEYS = ("location", "com.apple.quicktime.location.iso6709", "location-eng")


class VideoError(ValueError):
    """A video that cannot be judged; the message is Dutch."""


@dataclass(frozen=True)
class VideoInfo:
    """What a video is, upright, before any frame is decoded."""

    width: int
    height: int
    duration: float  # seconds
    fps: float
    rotation: int  # degrees counter-clockwise the player turns the stored frames
    audio: bool
    gps: bool
    format: str


@dataclass
class Sample:
    """One frame to check: when it is shown and its upright pixels."""

    time: float
    pixels: np.ndarray  # H x W x 3 uint8
    scene_cut: bool


def _open(data: bytes, name: str):
    try:
        return av.open(io.BytesIO(data), mode="r")
    except (av.FFmpegError, ValueError, OSError):
        raise VideoError(f"{name}: dit is geen video die Poortwachter kan lezen.") from None


def probe(data: bytes, name: str = "video", max_seconds: float = MAX_SECONDS,
          max_bytes: int = MAX_BYTES) -> VideoInfo:
    """Read the container's header; raise VideoError for anything the gate cannot judge."""
    if not data:
        raise VideoError(f"{name}: het bestand is leeg.")
    if len(data) > max_bytes:
        raise VideoError(f"{name}: de video is groter dan {round(max_bytes / (1024 * 1024), 2):g} MB.")
    with _open(data, name) as container:
        if container.format.name not in CONTAINERS or not container.streams.video:
            raise VideoError(f"{name}: alleen MP4-, MOV- en WebM-video's met beeld worden gecontroleerd.")
        stream = container.streams.video[0]
        duration = _duration(container, stream)
        if duration > max_seconds:
            raise VideoError(f"{name}: de video duurt {clock(duration)}; maximaal {clock(max_seconds)}.")
        width, height = stream.codec_context.width, stream.codec_context.height
        if width * height > MAX_PIXELS or width <= 0 or height <= 0:
            raise VideoError(f"{name}: het beeld is te groot ({width}×{height}; maximaal 4K).")
        rotation = _first_rotation(container, stream, name)
        if rotation % 180:
            width, height = height, width
        tags = {k.lower(): v for k, v in container.metadata.items()}
        return VideoInfo(
            width=width, height=height, duration=duration,
            fps=float(stream.average_rate or stream.guessed_rate or 25),
            rotation=rotation, audio=bool(container.streams.audio),
            gps=any(tags.get(key) for key in LOCATION_KEYS),
            format=CONTAINERS[container.format.name],
        )


def _duration(container, stream) -> float:
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration:
        return container.duration / av.time_base
    raise VideoError("de lengte van de video is onbekend.")


def _first_rotation(container, stream, name: str) -> int:
    """The display rotation, read from the first frame (FFmpeg puts it there)."""
    try:
        frame = next(container.decode(stream))
    except (StopIteration, av.FFmpegError):
        raise VideoError(f"{name}: de video is beschadigd of bevat geen beelden.") from None
    return _rotation(frame)


def _rotation(frame: av.VideoFrame) -> int:
    return int(round((frame.rotation or 0) / 90.0)) * 90 % 360


def upright(frame: av.VideoFrame, fmt: str = "rgb24") -> np.ndarray:
    """The frame as the player shows it: the display matrix's rotation applied.

    Always one contiguous array: FFmpeg pads each row (540 px wide: 1620 bytes in 1664),
    and dlib takes no strided view."""
    pixels = frame.to_ndarray(format=fmt)
    turns = _rotation(frame) // 90
    return np.ascontiguousarray(np.rot90(pixels, turns) if turns else pixels)


def frames(data: bytes, name: str = "video", references_only: bool = False
           ) -> Iterator[tuple[float, av.VideoFrame]]:
    """Decoded frames with their time in seconds; both cores decode.

    `references_only` skips frames no other frame depends on (B-frames): they cost
    decoding time and only sit between two frames that are decoded anyway.
    """
    with _open(data, name) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        if references_only:
            stream.codec_context.skip_frame = "NONREF"
        start = float(stream.start_time * stream.time_base) if stream.start_time else 0.0
        try:
            for frame in container.decode(stream):
                time = float(frame.time) - start if frame.time is not None else 0.0
                yield max(0.0, time), frame
        except av.FFmpegError:
            raise VideoError(f"{name}: de video is beschadigd of onvolledig.") from None


def _luma_thumbnail(frame: av.VideoFrame) -> np.ndarray:
    """Every 16th pixel of the luma plane: a scene-cut signal for ~0.1 ms a frame."""
    plane = frame.planes[0]
    rows = np.frombuffer(plane, np.uint8).reshape(-1, plane.line_size)
    return rows[: frame.height : 16, : frame.width : 16].astype(np.int16)


def samples(data: bytes, name: str = "video", per_second: float = SAMPLES_PER_SECOND,
            scene_cut: float = SCENE_CUT) -> Iterator[Sample]:
    """Frames to check: one every 1/per_second seconds, the first, and each scene cut."""
    interval = 1.0 / per_second
    next_time = 0.0
    last_taken = -np.inf
    previous: np.ndarray | None = None
    for time, frame in frames(data, name, references_only=True):
        thumb = _luma_thumbnail(frame) if frame.format.name.startswith("yuv") else None
        cut = (previous is not None and thumb is not None and thumb.shape == previous.shape
               and float(np.abs(thumb - previous).mean()) > scene_cut)
        previous = thumb
        if time >= next_time or (cut and time - last_taken >= MIN_GAP):
            yield Sample(time=time, pixels=upright(frame), scene_cut=cut and time < next_time)
            last_taken = time
            while next_time <= time:
                next_time += interval


def clock(seconds: float) -> str:
    """m:ss, as a player shows it."""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
