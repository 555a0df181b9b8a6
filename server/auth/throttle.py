"""Back-off after failed sign-ins, per client, without making any thread wait.

A locked client is answered at once with how long to wait (HTTP 429 and
Retry-After), so guessing costs the guesser time and the server none.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

FREE_TRIES = 3
FIRST_WAIT = 2.0  # seconds after the first try past FREE_TRIES, doubling with every further miss
MAX_WAIT = 15 * 60.0
MAX_CLIENTS = 10_000  # a flood of made-up client keys cannot grow memory without bound


@dataclass
class _Record:
    failures: int = 0
    locked_until: float = 0.0


class Throttle:
    """Failures per client key (an address, an account name); thread-safe, in memory."""

    def __init__(self, clock=time.monotonic) -> None:
        self._records: dict[str, _Record] = {}
        self._lock = threading.Lock()
        self._clock = clock

    def wait_seconds(self, key: str) -> int:
        """0 if `key` may try now, else the whole seconds it must wait first."""
        with self._lock:
            record = self._records.get(key)
            remaining = (record.locked_until - self._clock()) if record else 0.0
        return max(0, int(remaining + 0.999))

    def failed(self, key: str) -> int:
        """Count a failed try; returns the seconds `key` must now wait (0 while tries are free)."""
        with self._lock:
            if key not in self._records and len(self._records) >= MAX_CLIENTS:
                self._forget_oldest()
            record = self._records.setdefault(key, _Record())
            record.failures += 1
            if record.failures > FREE_TRIES:
                wait = min(MAX_WAIT, FIRST_WAIT * 2 ** (record.failures - FREE_TRIES - 1))
                record.locked_until = self._clock() + wait
        return self.wait_seconds(key)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._records.pop(key, None)

    def _forget_oldest(self) -> None:
        unlocked = [k for k, r in self._records.items() if r.locked_until <= self._clock()]
        for key in unlocked or list(self._records)[: len(self._records) // 2]:
            del self._records[key]
