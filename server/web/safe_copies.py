"""Safe copies of checked photos and videos, in memory only and for a few minutes.

A photo's safe copy is held as JPEG bytes. A video's safe copy is made when
asked for, from the upload held here, and built in memory
(detectors.video_redact): no temporary file, nothing on disk.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from detectors.video_redact import safe_video
from server.gate.video import HeldVideo

KEEP_SECONDS = 10 * 60
MAX_CHECKS = 20
# A count alone does not bound memory: one check may hold 20 photos. The bytes
# held are bounded too: a safe copy of a 12 MP photo is 2-5 MB of JPEG (it used
# to be 36 MB of pixels), so this keeps the last dozen or so checks; a bigger
# draft is held alone. A held video counts with its upload's size, so a video
# above MAX_BYTES (the limit is 500 MB) is likewise held alone.
MAX_BYTES = 96 * 1024 * 1024


@dataclass
class _Held:
    expires: float
    jpegs: list[bytes]
    videos: list[HeldVideo] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(len(j) for j in self.jpegs) + sum(len(v.data) for v in self.videos)


class SafeCopies:
    """check id -> the safe copy of each of its photos (JPEG, faces blurred, no metadata) and its videos."""

    def __init__(self) -> None:
        self._held: dict[str, _Held] = {}
        self._lock = threading.Lock()

    def hold(self, check_id: str, jpegs: list[bytes], videos: list[HeldVideo] | None = None) -> None:
        with self._lock:
            self._expire()
            held = _Held(time.monotonic() + KEEP_SECONDS, jpegs, videos or [])
            while self._held and (len(self._held) >= MAX_CHECKS or self._bytes() + held.size > MAX_BYTES):
                self._held.pop(next(iter(self._held)))
            self._held[check_id] = held

    def make_room_for_video(self, size: int, total: int) -> None:
        """Forget the oldest held videos until `size` more bytes of video fit in `total`: a new
        upload and held videos together stay within one video limit (a 500 MB video held for
        its copy beside the next 500 MB upload peaked at 2.0 GB)."""
        with self._lock:
            self._expire()
            for check_id in [k for k, v in self._held.items() if v.videos]:
                if sum(len(v.data) for held in self._held.values() for v in held.videos) + size <= total:
                    return
                del self._held[check_id]

    def jpeg(self, check_id: str, index: int) -> bytes | None:
        with self._lock:
            self._expire()
            held = self._held.get(check_id)
        if held is None or not 0 <= index < len(held.jpegs):
            return None
        return held.jpegs[index]

    def video(self, check_id: str, index: int) -> tuple[str, bytes] | None:
        """(name, MP4 bytes) of the video's safe copy, made now, in memory; None when gone."""
        with self._lock:
            self._expire()
            held = self._held.get(check_id)
        if held is None or not 0 <= index < len(held.videos):
            return None
        video = held.videos[index]
        return video.name, safe_video(video.data, video.blur, video.name)

    def _bytes(self) -> int:
        return sum(held.size for held in self._held.values())

    def _expire(self) -> None:
        now = time.monotonic()
        for check_id in [k for k, v in self._held.items() if v.expires < now]:
            del self._held[check_id]
