"""Read a file the user named, only if it is a regular file of a sane size.

`poortwachter check /dev/zero` used to read until the kernel stopped it, and a
named pipe made it hang. The file is opened without blocking, checked on the
open descriptor (so it cannot be swapped in between), and never read past the limit.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path


class FileReadError(ValueError):
    """A path that cannot be read as a file; the message is Dutch."""


def read_regular_file(path: Path, limit: int) -> bytes:
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise FileReadError(f"Kan {path} niet lezen: {error.strerror}.") from None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise FileReadError(f"{path} is geen gewoon bestand (maar een apparaat, pijp of map).")
        if info.st_size > limit:
            raise FileReadError(f"{path} is groter dan {limit // (1024 * 1024)} MB.")
        data = handle.read(limit + 1)
    if len(data) > limit:  # it grew while we read it
        raise FileReadError(f"{path} is groter dan {limit // (1024 * 1024)} MB.")
    return data
