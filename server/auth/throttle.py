"""Back-off after failed sign-ins, per client and per account, without making any thread wait.

A locked client is answered at once with how long to wait (HTTP 429 and
Retry-After), so guessing costs the guesser time and the server none. The
failures are counted in the registry (server.registry.server_state), so every
gate process, on every host, sees the same count: N processes do not give a
guesser N times the tries.
"""
from __future__ import annotations

import math
import time

FREE_TRIES = 3
FIRST_WAIT = 2.0  # seconds after the first try past FREE_TRIES, doubling with every further miss
MAX_WAIT = 15 * 60.0


def wait_after(failures: int) -> float:
    """Seconds to wait after `failures` failed tries in a row."""
    if failures <= FREE_TRIES:
        return 0.0
    return min(MAX_WAIT, FIRST_WAIT * 2 ** min(failures - FREE_TRIES - 1, 32))


class Throttle:
    """Failures per client key (an address, an account name), kept in the given registry."""

    def __init__(self, registry, clock=time.time) -> None:
        self._registry = registry
        self._clock = clock

    def wait_seconds(self, key: str) -> int:
        """0 if `key` may try now, else the whole seconds it must wait first."""
        return self._seconds_until(self._registry.sign_in_locked_until(key))

    def failed(self, key: str) -> int:
        """Count a failed try; returns the seconds `key` must now wait (0 while tries are free)."""
        return self._seconds_until(self._registry.sign_in_failed(key, self._clock(), wait_after))

    def succeeded(self, key: str) -> None:
        self._registry.sign_in_succeeded(key)

    def _seconds_until(self, locked_until: float) -> int:
        return max(0, math.ceil(locked_until - self._clock()))
