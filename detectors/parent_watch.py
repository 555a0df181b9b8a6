"""Worker processes end when the process that started them is gone.

After `kill -9` of `poortwachter serve` its face workers (and multiprocessing's
resource tracker, which waits for them) stayed alive for good, 250 MB between
them. A worker polls its parent; the tracker follows once the workers are gone.
"""
from __future__ import annotations

import os
import threading
import time

POLL_SECONDS = 1.0


def watch_parent(parent_pid: int) -> None:
    """Call in a worker's initializer with the starting process's pid (os.getpid() there)."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(POLL_SECONDS)
        os._exit(0)  # the parent is gone: nobody is left to give this worker work

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
