"""Safe copies of checked photos and videos, in memory only and for a few minutes.

A photo's safe copy is held as JPEG bytes. A video's safe copy is made when
asked for, from the video held here, and built in memory
(server.web.video_uploads.safe_video_response): no temporary file, nothing on disk. A held video's
bytes count in the process's memory budget (detectors.working_memory): it is
kept only while they are free, and given up, oldest first, for work that needs
them. A client that gets each video's signed blur plan (the extension) sends the
video again for its copy, so its videos are not held at all.
"""
from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field

from detectors import working_memory
from server.gate.video import HeldVideo

KEEP_SECONDS = 10 * 60
MAX_CHECKS = 20
# A count alone does not bound memory: one check may hold 20 photos. The bytes
# held are bounded too: a safe copy of a 12 MP photo is 2-5 MB of JPEG (it used
# to be 36 MB of pixels), so this keeps the last dozen or so checks; a bigger
# draft is held alone.
MAX_BYTES = 96 * 1024 * 1024
# Videos held together, unless one check's are bigger (held alone): what an idle service
# keeps (a client with blur plans sends its video again instead: nothing held).
MAX_VIDEO_BYTES = 128 * 1024 * 1024


@dataclass
class _Held:
    expires: float
    jpegs: list[bytes]
    videos: list[HeldVideo] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(len(j) for j in self.jpegs)

    @property
    def video_bytes(self) -> int:
        return sum(len(v.data) for v in self.videos)


class SafeCopies:
    """check id -> the safe copy of each of its photos (JPEG, faces blurred, no metadata) and its videos."""

    def __init__(self) -> None:
        self._held: dict[str, _Held] = {}
        self._lock = threading.Lock()
        self._budget = working_memory.budget()
        self._budget.add_reclaimer(self.reclaim)
        # What held videos took from the process's budget goes back when this app is gone too.
        weakref.finalize(self, _give_back, self._budget, self._held)

    def hold(self, check_id: str, jpegs: list[bytes], videos: list[HeldVideo] | None = None) -> None:
        videos = videos or []
        with self._lock:  # the newest check's videos first: older ones make room
            keep = MAX_VIDEO_BYTES - sum(len(v.data) for v in videos)
            self._drop_videos(lambda: sum(h.video_bytes for h in self._held.values()) <= keep)
        videos = [v for v in videos if self._budget.take(len(v.data))]
        with self._lock:
            self._expire()
            held = _Held(time.monotonic() + KEEP_SECONDS, jpegs, videos)
            while self._held and (len(self._held) >= MAX_CHECKS or self._bytes() + held.size > MAX_BYTES):
                self._forget(next(iter(self._held)))
            self._held[check_id] = held

    def reclaim(self, size: int) -> None:
        """Give up held videos, oldest first, until `size` bytes of the memory budget are free."""
        with self._lock:
            self._drop_videos(lambda: self._budget.free >= size)

    def _drop_videos(self, enough: Callable[[], bool]) -> None:
        """Give up held videos, oldest first, until `enough()`."""
        for held in [v for v in self._held.values() if v.videos]:
            if enough():
                return
            self._budget.give(held.video_bytes)
            held.videos = []

    def jpeg(self, check_id: str, index: int) -> bytes | None:
        with self._lock:
            self._expire()
            held = self._held.get(check_id)
        if held is None or not 0 <= index < len(held.jpegs):
            return None
        return held.jpegs[index]

    def video(self, check_id: str, index: int) -> HeldVideo | None:
        """The video held for its safe copy (made when asked, server.web.video_uploads); None when gone."""
        with self._lock:
            self._expire()
            held = self._held.get(check_id)
        if held is None or not 0 <= index < len(held.videos):
            return None
        return held.videos[index]

    def _bytes(self) -> int:
        return sum(held.size for held in self._held.values())

    def _forget(self, check_id: str) -> None:
        self._budget.give(self._held.pop(check_id).video_bytes)

    def _expire(self) -> None:
        now = time.monotonic()
        for check_id in [k for k, v in self._held.items() if v.expires < now]:
            self._forget(check_id)


def _give_back(budget: working_memory.Budget, held: dict[str, _Held]) -> None:
    budget.give(sum(h.video_bytes for h in held.values()))
