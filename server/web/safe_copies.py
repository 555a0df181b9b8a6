"""Safe copies of checked photos, in memory only and for a few minutes, as JPEG bytes."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

KEEP_SECONDS = 10 * 60
MAX_CHECKS = 20
# A count alone does not bound memory: one check may hold 20 photos. The bytes
# held are bounded too: a safe copy of a 12 MP photo is 2-5 MB of JPEG (it used
# to be 36 MB of pixels), so this keeps the last dozen or so checks; a bigger
# draft is held alone.
MAX_BYTES = 96 * 1024 * 1024


@dataclass
class _Held:
    expires: float
    jpegs: list[bytes]


class SafeCopies:
    """check id -> the safe copy of each of its photos (JPEG, faces blurred, no metadata)."""

    def __init__(self) -> None:
        self._held: dict[str, _Held] = {}
        self._lock = threading.Lock()

    def hold(self, check_id: str, jpegs: list[bytes]) -> None:
        with self._lock:
            self._expire()
            size = sum(len(j) for j in jpegs)
            while self._held and (len(self._held) >= MAX_CHECKS or self._bytes() + size > MAX_BYTES):
                self._held.pop(next(iter(self._held)))
            self._held[check_id] = _Held(time.monotonic() + KEEP_SECONDS, jpegs)

    def jpeg(self, check_id: str, index: int) -> bytes | None:
        with self._lock:
            self._expire()
            held = self._held.get(check_id)
        if held is None or not 0 <= index < len(held.jpegs):
            return None
        return held.jpegs[index]

    def _bytes(self) -> int:
        return sum(len(j) for held in self._held.values() for j in held.jpegs)

    def _expire(self) -> None:
        now = time.monotonic()
        for check_id in [k for k, v in self._held.items() if v.expires < now]:
            del self._held[check_id]
