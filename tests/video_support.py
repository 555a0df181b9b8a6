"""Short videos that the tests and bench/video.py make themselves.

Frames are composed from face photos in ../shared/data (never copied into the
repo): a background, and faces pasted where and when a scene says. Videos are
encoded in memory with PyAV's own FFmpeg (libx264, AAC), like a phone would.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image

from tests.conftest import DATA, KNN, OPENFACE

# Face crops (left, top, right, bottom) of photos the demo school does not enrol.
SANNE = (KNN / "test/obama1.jpg", None)  # L1001: consent for social media
DAAN = (KNN / "test/obama_and_biden.jpg", (640, 80, 1030, 560))  # L1002: social media "nee"
KEES = (OPENFACE / "lennon-2.jpg", None)  # M002, staff: consent
CROWD = DATA / "faces" / "crowd_dev" / "images"


@dataclass
class Appearance:
    """A face on screen from `start` to `end` seconds, gliding from `at` to `to`.

    `turn_from`: from this second on the face turns away (squeezed sideways
    until only the back of a head is left, at `end`).
    """

    face: tuple[Path, tuple[int, int, int, int] | None]
    start: float
    end: float
    at: tuple[float, float]  # centre, as fractions of the frame
    to: tuple[float, float] | None = None
    height: float = 0.35  # fraction of the frame height
    turn_from: float | None = None


def face_crop(face: tuple[Path, tuple[int, int, int, int] | None]) -> Image.Image:
    path, box = face
    with Image.open(path) as image:
        image = image.convert("RGB")
        return image.crop(box) if box else image


def background(size: tuple[int, int], source: Path | None = None) -> Image.Image:
    """A calm, textured background (a photo when given, else a soft gradient with noise)."""
    width, height = size
    if source is not None:
        with Image.open(source) as image:
            return image.convert("RGB").resize((int(width * 1.3), int(height * 1.3)), Image.BICUBIC)
    x = np.linspace(0, 1, width)[None, :, None]
    y = np.linspace(0, 1, height)[:, None, None]
    base = 60 + 120 * (0.6 * x + 0.4 * y) * np.array([0.7, 0.9, 1.0])
    noise = np.random.default_rng(7).normal(0, 6, (height, width, 3))
    return Image.fromarray(np.clip(base + noise, 0, 255).astype(np.uint8))


def compose(t: float, size: tuple[int, int], scene: list[Appearance], back: Image.Image,
            crops: dict) -> np.ndarray:
    """The frame at `t` seconds as an RGB array."""
    width, height = size
    pan = int((back.width - width) * min(1.0, t / 60.0))
    frame = back.crop((pan, 0, pan + width, height)).copy()
    for a in scene:
        if not a.start <= t < a.end:
            continue
        progress = (t - a.start) / max(a.end - a.start, 1e-6)
        to = a.to or a.at
        cx = (a.at[0] + (to[0] - a.at[0]) * progress) * width
        cy = (a.at[1] + (to[1] - a.at[1]) * progress) * height
        crop = crops[a.face]
        h = int(a.height * height)
        w = int(crop.width * h / crop.height)
        turned = 0.0
        if a.turn_from is not None and t >= a.turn_from:
            turned = (t - a.turn_from) / max(a.end - a.turn_from, 1e-6)
            w = max(4, int(w * (1 - 0.85 * turned)))
        if turned > 0.6:  # the back of the head: hair colour, no face
            face = Image.new("RGB", (w, h), (45, 35, 30))
        else:
            if (a.face, w, h) not in crops:  # resized once per size: long videos are made faster
                crops[(a.face, w, h)] = crop.resize((w, h), Image.BILINEAR)
            face = crops[(a.face, w, h)]
        frame.paste(face, (int(cx - w / 2), int(cy - h / 2)))
    return np.asarray(frame)


def make_video(scene: list[Appearance], seconds: float, size=(1280, 720), fps: int = 25,
               container: str = "mp4", codec: str = "libx264", audio: bool = True,
               rotation: int = 0, metadata: dict | None = None, back_source: Path | None = None,
               preset: str = "veryfast", grain: float = 0.0, target=None) -> bytes:
    """Encode the scene; `rotation` stores the frames turned and says so in the display matrix,
    as a phone held upright does. `grain` adds sensor noise (standard deviation), so the
    encoder spends a phone's bitrate on it; `target` (a file) takes the video instead of memory."""
    crops = {a.face: face_crop(a.face) for a in scene}
    back = background(size, back_source)
    rng = np.random.default_rng(3)
    # Grain on the background, made once: seven noisy copies taken in turn.
    backs = [Image.fromarray(np.clip(np.asarray(back, dtype=np.int16)
                                     + rng.normal(0, grain, (back.height, back.width, 3)).astype(np.int16),
                                     0, 255).astype(np.uint8)) for _ in range(7)] if grain else [back]
    buffer = target if target is not None else io.BytesIO()
    with av.open(buffer, "w", format=container) as output:
        output.metadata.update(metadata or {})
        stored = size if rotation % 180 == 0 else (size[1], size[0])
        video = output.add_stream(codec, rate=fps)
        video.width, video.height = stored
        video.pix_fmt = "yuv420p"
        if codec == "libx264":
            video.options = {"preset": preset, "crf": "23"}
        if rotation:
            video.set_display_rotation(rotation)
        sound = output.add_stream("aac", rate=44100) if audio else None
        samples_done = 0
        for index in range(int(seconds * fps)):
            t = index / fps
            pixels = compose(t, size, scene, backs[index % len(backs)], crops)
            # The sensor's frame: turned back by the rotation the player will apply.
            stored_pixels = np.ascontiguousarray(np.rot90(pixels, -rotation // 90)) if rotation else pixels
            frame = av.VideoFrame.from_ndarray(stored_pixels, format="rgb24")
            frame.pts = index
            frame.time_base = Fraction(1, fps)
            output.mux(video.encode(frame))
            while sound is not None and samples_done < (index + 1) * 44100 // fps:
                samples_done += _mux_tone(output, sound, samples_done)
        output.mux(video.encode(None))
        if sound is not None:
            output.mux(sound.encode(None))
    return buffer.getvalue() if target is None else b""


def _mux_tone(output, sound, start: int) -> int:
    """One AAC frame (1024 samples) of a quiet 440 Hz tone; returns the samples written."""
    n = 1024
    t = (np.arange(start, start + n) / 44100.0).astype(np.float32)
    samples = (0.1 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)[None, :]
    frame = av.AudioFrame.from_ndarray(samples, format="fltp", layout="mono")
    frame.sample_rate = 44100
    frame.pts = start
    frame.time_base = Fraction(1, 44100)
    output.mux(sound.encode(frame))
    return n


def phone_metadata() -> dict:
    """What an iPhone writes into a MOV: place, device, time."""
    return {
        "location": "+52.0907+005.1214+003.000/",
        "make": "Apple",
        "model": "iPhone 15",
        "creation_time": "2026-11-20T09:15:00.000000Z",
    }


def tags(data: bytes) -> dict:
    """Every metadata tag of the container and its streams (for tests of the safe copy)."""
    with av.open(io.BytesIO(data)) as container:
        found = dict(container.metadata)
        for stream in container.streams:
            found.update({f"{stream.type}:{k}": v for k, v in stream.metadata.items()})
        return found



def padded(mp4: bytes, size: int) -> bytes:
    """The video grown to `size` bytes by a top-level MP4 `free` box at its end: a big
    upload that is quick to make and decodes as the original."""
    extra = size - len(mp4)
    assert extra >= 8
    return mp4 + extra.to_bytes(4, "big") + b"free" + bytes(extra - 8)
