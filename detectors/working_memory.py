"""One budget for the big short-lived buffers of every check in a process.

A face search on a photo, each of a video's detector threads and the decoding of
a photo that must be reduced each need tens to hundreds of MB for a moment.
Alone each is fine; two checks, a video and a huge PNG at the same moment would
add up. Each reserves its estimate here first and waits, in order of arrival,
until that much is free, so together they never hold more than BUDGET_BYTES,
whatever mix of work arrives. Nobody reserves while holding a reservation, so
a wait always ends; what is bigger than the whole budget waits for all of it.
"""
from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

# One face search on a 2048 x 2048 photo (detectors.centerface.working_bytes) or the
# decode of a 49 MP 16-bit PNG, and the smaller work of a second check beside it.
BUDGET_BYTES = 320 * 1024 * 1024


class Budget:
    """A FIFO counting semaphore in bytes."""

    def __init__(self, total: int) -> None:
        self.total = total
        self._free = total
        self._line: deque[object] = deque()
        self._changed = threading.Condition()

    @contextmanager
    def reserve(self, size: int) -> Iterator[None]:
        size = min(size, self.total)
        ticket = object()
        with self._changed:
            self._line.append(ticket)
            self._changed.wait_for(lambda: self._line[0] is ticket and self._free >= size)
            self._line.popleft()
            self._free -= size
            self._changed.notify_all()  # the next in line may fit as well
        try:
            yield
        finally:
            with self._changed:
                self._free += size
                self._changed.notify_all()

    @property
    def free(self) -> int:
        return self._free


_process_budget = Budget(BUDGET_BYTES)


def reserve(size: int):
    """Hold `size` bytes of this process's budget for the `with` block."""
    return _process_budget.reserve(size)
