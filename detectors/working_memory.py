"""One memory budget per process for everything a check holds beyond the models.

A face search on a photo, a video's frames in flight and its detector threads, the
decoding of a photo that must be reduced, request bodies and a big video uploaded in
chunks each need tens to hundreds of MB. Alone each is fine; together they would add
up past what a laptop has (issue 11: service + workers at most 1.5 GB, whatever mix
arrives). So each takes its bytes from this one budget first and waits, in order of
arrival, until that much is free: together they never hold more than BUDGET_BYTES.

Who holds bytes while waiting for more could wait for each other for good (a check
holds its request body, then waits for search memory that a video holds, whose own
search waits behind that check). Three rules keep every wait finite:
- every wait has a deadline, after which the work is Busy (the service answers 503): a
  photo's short, so that it does not keep a check slot from a video's check;
- a video reserves its whole analysis at once (frames and detector threads, `covering`
  marks the searches it already paid for) and goes before those who wait (`first`);
- what is only kept for later (a video held for its safe copy) is given up, oldest
  first, by the reclaimers when someone cannot get their bytes.
A reservation bigger than the whole budget waits for all of it.
"""
from __future__ import annotations

import threading
import weakref
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# What the service may hold beyond its start: the models of the service and two face
# workers are ~770 MB, and 1.5 GB is the target for all of it (README, bench/load.py).
# A school server's process takes more (configure): its memory is sized per process.
BUDGET_BYTES = 640 * 1024 * 1024
# How long a photo's work waits for memory, then Busy (a 503 with Retry-After): short, as it
# holds a check slot meanwhile, which the check of a video holding memory may be waiting for.
WAIT_SECONDS = 5.0
# How long what goes first (a video's analysis or copy, a big upload) waits: the work
# running ends meanwhile, and new work is refused.
FIRST_WAIT_SECONDS = 20.0


class Busy(RuntimeError):
    """The memory a piece of work needs did not come free in the time it may wait."""


class Budget:
    """A FIFO counting semaphore in bytes."""

    def __init__(self, total: int) -> None:
        self.total = total
        self._free = total
        self._line: deque[object] = deque()
        self._firsts = 0  # of those in line, how many go first
        self._held_first = 0  # bytes held by what went first (a video, a big upload)
        self._changed = threading.Condition()
        self._reclaimers: list[weakref.WeakMethod] = []

    def add_reclaimer(self, reclaim: Callable[[int], None]) -> None:
        """`reclaim(size)` (a bound method, kept only while its object lives) gives up bytes
        kept only for later until `size` are free, if it can."""
        self._reclaimers = [r for r in self._reclaimers if r() is not None] + [weakref.WeakMethod(reclaim)]

    @contextmanager
    def reserve(self, size: int, timeout: float | None = None, first: bool = False) -> Iterator[None]:
        """Wait in line until `size` bytes are free; raise Busy after `timeout` seconds.
        `first`: go before those already waiting."""
        size = self.hold(size, timeout, first)
        try:
            yield
        finally:
            self.give(size, first)

    def hold(self, size: int, timeout: float | None = None, first: bool = False) -> int:
        """`reserve` without a block: the bytes stay taken until give(size, first); returns what
        was taken. Work that does not go first and cannot fit beside what did is Busy at once:
        it would hold its check slot waiting for a video's bytes."""
        size = min(size, self.total)
        self._reclaim(size)
        ticket = object()
        with self._changed:
            if not first and size > self.total - self._held_first:
                raise Busy(f"{size} bytes do not fit beside the {self._held_first} held by a video")
            if first:
                self._line.appendleft(ticket)
            else:
                self._line.append(ticket)
            self._firsts += first
            try:
                if not self._changed.wait_for(lambda: self._line[0] is ticket and self._free >= size, timeout):
                    self._line.remove(ticket)
                    self._changed.notify_all()  # the one behind may be first in line now
                    raise Busy(f"{size} bytes did not come free in {timeout} s")
            finally:
                self._firsts -= first
            self._line.popleft()
            self._free -= size
            self._held_first += size if first else 0
            self._changed.notify_all()  # the next in line may fit as well
        return size

    def take(self, size: int, before_line: bool = False) -> bool:
        """Hold `size` bytes now if they are free and nobody waits in line; never waits
        (for a caller that must not block, such as waitress's reading loop). give() them back.
        `before_line`: also while others wait (small bodies, capped elsewhere), but not
        before one that goes first."""
        size = min(size, self.total)
        self._reclaim(size)
        with self._changed:
            ahead = self._firsts if before_line else len(self._line)
            if ahead or self._free < size:
                return False
            self._free -= size
            return True

    def give(self, size: int, first: bool = False) -> None:
        with self._changed:
            self._free += min(size, self.total)
            self._held_first -= min(size, self.total) if first else 0
            self._changed.notify_all()

    def _reclaim(self, size: int) -> None:
        for reference in list(self._reclaimers):
            reclaim = reference()
            if self._free >= size:
                return
            if reclaim is not None:
                reclaim(size)

    @property
    def free(self) -> int:
        return self._free


_process_budget = Budget(BUDGET_BYTES)
_covered = threading.local()


def budget() -> Budget:
    return _process_budget


def configure(total: int) -> None:
    """Give this process a budget of `total` bytes (at start, before any work)."""
    global _process_budget
    _process_budget = Budget(total)


def reserve(size: int, timeout: float | None = WAIT_SECONDS):
    """Hold `size` bytes of this process's budget for the `with` block (nothing more
    inside `covering`: the caller reserved for it already)."""
    if getattr(_covered, "depth", 0):
        return _nothing()
    return _process_budget.reserve(size, timeout)


def reserve_first(size: int, timeout: float | None = FIRST_WAIT_SECONDS):
    """`reserve`, before those waiting: for a video's whole analysis."""
    return _process_budget.reserve(size, timeout, first=True)


@contextmanager
def covering() -> Iterator[None]:
    """The `reserve` calls of this thread inside the block were paid for by a reservation before."""
    _covered.depth = getattr(_covered, "depth", 0) + 1
    try:
        yield
    finally:
        _covered.depth -= 1


def covered(function: Callable, *args):
    """`function(*args)` inside `covering`: for another thread that works for a covered caller."""
    with covering():
        return function(*args)


@contextmanager
def _nothing() -> Iterator[None]:
    yield
