"""Read a file the user named, only if it is a regular file of a sane size.

`poortwachter check /dev/zero` used to read until the kernel stopped it, and a
named pipe made it hang. The file is opened without blocking, checked on the
open descriptor (so it cannot be swapped in between), and never read past the limit.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path, PurePath
from typing import Protocol


class FileReadError(ValueError):
    """A path that cannot be read as a file; the message is Dutch, `reason` is it without the path."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}.")
        self.reason = reason


# The usual reasons in Dutch; anything rarer keeps the system's words.
ERRORS = {errno.ENOENT: "bestaat niet", errno.EACCES: "geen toegang", errno.EPERM: "geen toegang",
          errno.EISDIR: "is een map", errno.ENOTDIR: "een deel van het pad is geen map"}


class InMemory(Protocol):
    """An upload the web pages hold in memory, shaped like a Path (name, read_bytes)."""

    name: str

    def read_bytes(self) -> bytes: ...


def read_source(source: Path | InMemory, limit: int) -> bytes:
    """A file the user named through read_regular_file; an upload (bounded by the request) as it is."""
    return read_regular_file(source, limit) if isinstance(source, PurePath) else source.read_bytes()


def read_regular_file(path: Path, limit: int) -> bytes:
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise FileReadError(path, ERRORS.get(error.errno, f"niet te lezen ({error.strerror})")) from None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise FileReadError(path, "geen gewoon bestand (maar een apparaat, pijp of map)")
        if info.st_size > limit:
            raise FileReadError(path, f"groter dan {limit // (1024 * 1024)} MB")
        data = handle.read(limit + 1)
    if len(data) > limit:  # it grew while we read it
        raise FileReadError(path, f"groter dan {limit // (1024 * 1024)} MB")
    return data
