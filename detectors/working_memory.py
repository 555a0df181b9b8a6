"""One budget for the big short-lived buffers of every check in a process.

A face search on a photo, each of a video's detector threads and the decoding of
a photo that must be reduced each need tens to hundreds of MB for a moment.
Alone each is fine; two checks, a video and a huge PNG at the same moment would
add up. Each reserves its estimate here first and waits, in order of arrival,
until that much is free, so together they never hold more than BUDGET_BYTES,
whatever mix of work arrives. Nobody reserves while holding a reservation, so
a wait always ends; what is bigger than the whole budget waits for all of it.

Decoded video frames in flight (and FFmpeg's buffers behind them) have a budget of
their own, VIDEO_BUDGET_BYTES: a video holds its share for its whole analysis, while
its detector threads reserve from the working budget, so the two are never waited
for in the other order. A video that waits longer than its caller allows gets Busy.
"""
from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

# One face search on a 2048 x 2048 photo (detectors.centerface.working_bytes) or the
# decode of a 49 MP 16-bit PNG, and the smaller work of a second check beside it.
BUDGET_BYTES = 320 * 1024 * 1024
# One 4K video's frames in flight and decoder buffers (~200 MB, video_faces.frame_bytes),
# or two 1080p videos' (~62 MB each): a second 4K video waits instead of adding up.
VIDEO_BUDGET_BYTES = 256 * 1024 * 1024


class Busy(RuntimeError):
    """The memory a piece of work needs did not come free in the time it may wait."""


class Budget:
    """A FIFO counting semaphore in bytes."""

    def __init__(self, total: int) -> None:
        self.total = total
        self._free = total
        self._line: deque[object] = deque()
        self._changed = threading.Condition()

    @contextmanager
    def reserve(self, size: int, timeout: float | None = None) -> Iterator[None]:
        """Wait in line until `size` bytes are free; raise Busy after `timeout` seconds."""
        size = min(size, self.total)
        ticket = object()
        with self._changed:
            self._line.append(ticket)
            if not self._changed.wait_for(lambda: self._line[0] is ticket and self._free >= size, timeout):
                self._line.remove(ticket)
                self._changed.notify_all()  # the one behind may be first in line now
                raise Busy(f"{size} bytes did not come free in {timeout} s")
            self._line.popleft()
            self._free -= size
            self._changed.notify_all()  # the next in line may fit as well
        try:
            yield
        finally:
            with self._changed:
                self._free += size
                self._changed.notify_all()

    def take(self, size: int) -> bool:
        """Hold `size` bytes now if they are free and nobody waits in line; never waits
        (for a caller that must not block, such as waitress's reading loop). give() them back."""
        size = min(size, self.total)
        with self._changed:
            if self._line or self._free < size:
                return False
            self._free -= size
            return True

    def give(self, size: int) -> None:
        with self._changed:
            self._free += min(size, self.total)
            self._changed.notify_all()

    @property
    def free(self) -> int:
        return self._free


_process_budget = Budget(BUDGET_BYTES)
_video_budget = Budget(VIDEO_BUDGET_BYTES)


def reserve(size: int):
    """Hold `size` bytes of this process's budget for the `with` block."""
    return _process_budget.reserve(size)


def reserve_video(size: int, timeout: float | None = None):
    """Hold `size` bytes of this process's video-frame budget for the `with` block."""
    return _video_budget.reserve(size, timeout)
