"""Safe copies of checked photos, in memory only and for a few minutes."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import numpy as np

from detectors.redact import safe_copy

KEEP_SECONDS = 10 * 60
MAX_CHECKS = 20
# A count alone does not bound memory: one check may hold 20 photos. The bytes
# held are bounded too (about 9 checks of one 12 MP photo, measured with
# bench/load.py); a bigger draft is held alone, so it is at most one draft
# (gate.MAX_DRAFT_PIXELS, 600 MB decoded).
MAX_BYTES = 320 * 1024 * 1024


@dataclass
class _Held:
    expires: float
    pixels: list[np.ndarray]
    boxes: list[list[tuple[int, int, int, int]]]


class SafeCopies:
    """check id -> the decoded photos and which faces to blur; JPEGs made on request."""

    def __init__(self) -> None:
        self._held: dict[str, _Held] = {}
        self._lock = threading.Lock()

    def hold(self, check_id: str, pixels: list[np.ndarray], boxes: list[list[tuple]]) -> None:
        with self._lock:
            self._expire()
            size = sum(p.nbytes for p in pixels)
            while self._held and (len(self._held) >= MAX_CHECKS or self._bytes() + size > MAX_BYTES):
                self._held.pop(next(iter(self._held)))
            self._held[check_id] = _Held(time.monotonic() + KEEP_SECONDS, pixels, boxes)

    def jpeg(self, check_id: str, index: int) -> bytes | None:
        with self._lock:
            self._expire()
            held = self._held.get(check_id)
        if held is None or not 0 <= index < len(held.pixels):
            return None
        return safe_copy(held.pixels[index], held.boxes[index])

    def _bytes(self) -> int:
        return sum(p.nbytes for held in self._held.values() for p in held.pixels)

    def _expire(self) -> None:
        now = time.monotonic()
        for check_id in [k for k, v in self._held.items() if v.expires < now]:
            del self._held[check_id]
