"""Give memory back to the system after a check, so a burst of big photos does not stay resident.

glibc keeps freed memory in its heaps (one per thread, up to 8 per core) for
reuse; after a few 50 MB photos the service stayed gigabytes big. Fewer heaps
and a trim after each check bring it back. Elsewhere than glibc both are no-ops.
"""
from __future__ import annotations

import ctypes
import ctypes.util

M_ARENA_MAX = -8
M_MMAP_THRESHOLD = -3
ARENAS = 2
# Blocks from this size up get their own mapping, handed back the moment they are
# freed. glibc's default starts at 128 kB but raises itself to the largest block
# freed so far (up to 32 MB), after which a photo's decode buffers, resized copies and
# onnxruntime's activations come from the heap and stay resident until a trim.
MMAP_THRESHOLD = 1024 * 1024

try:
    _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    _trim = _libc.malloc_trim
    _mallopt = _libc.mallopt
except (OSError, AttributeError):  # not glibc
    _trim = _mallopt = None


def limit_heaps() -> None:
    """Call once at start, before the server's threads allocate."""
    if _mallopt is not None:
        _mallopt(M_ARENA_MAX, ARENAS)
        _mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)


def release_free_memory() -> None:
    if _trim is not None:
        _trim(0)
