"""The safe copy of a video: chosen faces blurred in every frame, sound kept, metadata gone.

Faces were seen on sampled frames only; between two samples the face is
covered by the union of its two boxes (wherever it moved in between, along a
straight path, it stays inside), and one sampling interval before its first and
after its last sample by the nearest box, since it may have been on screen
that long unseen. Each box is then widened and blurred as in a photo's safe copy
(detectors.redact). The copy is H.264 in MP4, upright (no rotation matrix),
with the audio stream copied as it is and no container or stream metadata
(no place, device or time). It is built in memory: nothing touches the disk.

Its bitrate is capped (x264's VBV), so how big it can become is known before it is
made: `hold_copy_memory` takes that and the work of making it from the process's
memory budget (detectors.working_memory), or refuses, in Dutch, a copy that cannot
fit beside the video itself.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import av
import numpy as np

from detectors import working_memory
from detectors.redact import blur_faces
from detectors.video import SAMPLES_PER_SECOND, VideoError, VideoInfo, frames, probe, upright

Box = tuple[int, int, int, int]
# Audio codecs that MP4 carries as they are; anything else is re-encoded to AAC.
COPY_AUDIO = {"aac", "mp3", "alac", "ac3", "eac3", "opus"}
# The copy's video bitrate at most, per pixel per second (10 Mbit/s for 1080p at 30 fps:
# what the platforms recommend, and above what crf 20 gives for most phone footage), and
# at most MAX_KBPS (4K: the platforms show it at 1080p at most).
MAX_BITS_PER_PIXEL = 0.16
MAX_KBPS = 20_000
AUDIO_BITS_PER_SECOND = 1_536_000  # copied as it is: ALAC stereo at most, about
# Held while the copy is made, in frames of 1.5 bytes a pixel: the decoder's, x264's
# lookahead and reference frames, and the RGB frame being blurred (2 of them).
WORK_FRAMES = 8 + 24 + 4


@dataclass
class Path:
    """One face to blur: where it was seen (time, box), in time order."""

    seen: list[tuple[float, Box]]


def _union(a: Box, b: Box) -> Box:
    x1, y1 = min(a[0], b[0]), min(a[1], b[1])
    x2, y2 = max(a[0] + a[2], b[0] + b[2]), max(a[1] + a[3], b[1] + b[3])
    return (x1, y1, x2 - x1, y2 - y1)


def box_at(path: Path, time: float, interval: float) -> Box | None:
    """Where to blur this face at `time`, or None when it is not on screen then."""
    seen = path.seen
    if time < seen[0][0] - interval or time > seen[-1][0] + interval:
        return None
    if time <= seen[0][0]:
        return seen[0][1]
    for (t0, b0), (t1, b1) in zip(seen, seen[1:]):
        if t0 <= time <= t1:
            return b0 if time == t0 else b1 if time == t1 else _union(b0, b1)
    return seen[-1][1]


def safe_video(data: bytes, paths: list[Path], name: str = "video",
               per_second: float = SAMPLES_PER_SECOND) -> bytes:
    """MP4 bytes of the video with every path blurred, audio kept, no metadata."""
    interval = 1.0 / per_second
    buffer = io.BytesIO()
    with av.open(io.BytesIO(data), mode="r") as source, av.open(buffer, mode="w", format="mp4") as output:
        in_video = source.streams.video[0]
        in_audio = source.streams.audio[0] if source.streams.audio else None
        out_video = output.add_stream("libx264", rate=in_video.average_rate or 25)
        out_video.pix_fmt = "yuv420p"
        kbps = max_kbps(in_video.width, in_video.height, float(in_video.average_rate or 25))
        out_video.options = {"preset": "veryfast", "crf": "20", "maxrate": f"{kbps}k", "bufsize": f"{2 * kbps}k"}
        out_audio = _audio_stream(output, in_audio)
        sound = _sound(source, in_audio, output, out_audio)
        next(sound)
        for index, (time, frame) in enumerate(frames(data, name)):
            pixels = upright(frame)
            height, width = pixels.shape[0] // 2 * 2, pixels.shape[1] // 2 * 2
            if index == 0:
                out_video.width, out_video.height = width, height
                out_video.codec_context.time_base = Fraction(1, 1000)
            boxes = [b for b in (box_at(p, time, interval) for p in paths) if b is not None]
            if boxes:
                pixels = blur_faces(pixels, boxes)
            out = av.VideoFrame.from_ndarray(np.ascontiguousarray(pixels[:height, :width]), format="rgb24")
            out.pts = round(time * 1000)
            out.time_base = Fraction(1, 1000)
            output.mux(out_video.encode(out))
            sound.send(time)  # the sound up to this frame, so the file stays interleaved
        output.mux(out_video.encode(None))
        sound.send(float("inf"))
    return buffer.getvalue()


def max_kbps(width: int, height: int, fps: float) -> int:
    return max(1000, min(MAX_KBPS, round(MAX_BITS_PER_PIXEL * width * height * min(max(fps, 1.0), 60.0) / 1000)))


def copy_bytes(info: VideoInfo) -> int:
    """What making the copy holds at most beside the video: the copy itself and the work."""
    kbps = max_kbps(info.width, info.height, info.fps)
    video_bits = kbps * 1000 * (info.duration + 2)  # the VBV buffer: two seconds' worth
    audio_bits = AUDIO_BITS_PER_SECOND * info.duration if info.audio else 0
    return round((video_bits + audio_bits) / 8 * 1.02) + WORK_FRAMES * info.width * info.height * 3 // 2


def hold_copy_memory(data: bytes, name: str = "video") -> Callable[[], None]:
    """Take what making the copy of `data` holds from the memory budget, before those waiting
    (Busy in time, as a check); returns what gives it back (once), after the copy is sent.
    A copy that cannot fit beside the video is refused with VideoError (Dutch)."""
    info = probe(data, name, max_seconds=float("inf"), max_bytes=len(data))
    need = copy_bytes(info)
    if len(data) + need > working_memory.budget().total:
        raise VideoError(f"{name}: de vervaagde kopie van deze video past niet in het geheugen dat Poortwachter "
                         f"op deze computer gebruikt. Maak de video korter of kleiner en controleer hem opnieuw.")
    budget = working_memory.budget()
    held = budget.hold(need, working_memory.FIRST_WAIT_SECONDS, first=True)
    given = []

    def give_back() -> None:
        if not given:
            given.append(True)
            budget.give(held, True)
    return give_back


def _audio_stream(output, in_audio):
    if in_audio is None:
        return None
    if in_audio.codec_context.name in COPY_AUDIO:
        stream = output.add_stream_from_template(in_audio)
        stream.metadata.clear()
        return stream
    return output.add_stream("aac", rate=in_audio.codec_context.sample_rate or 44100)


def _sound(source, in_audio, output, out_audio):
    """A coroutine: send it a time, it writes the sound track up to that time.

    The packets are copied as they were (re-encoded to AAC only where MP4
    cannot carry the codec); the source container is only used for its audio.
    """
    until = yield
    if in_audio is None:
        while True:
            yield
    copy = in_audio.codec_context.name in COPY_AUDIO
    for packet in source.demux(in_audio):
        if packet.dts is None:
            continue
        while packet.pts is not None and float(packet.pts * in_audio.time_base) > until:
            until = yield
        if copy:
            packet.stream = out_audio
            output.mux(packet)
        else:
            for frame in packet.decode():
                frame.pts = None
                output.mux(out_audio.encode(frame))
    if not copy:
        output.mux(out_audio.encode(None))
    while True:
        yield
