"""Small files that decode into a lot of memory: what a hostile or broken upload looks like.

Shared by tests/test_memory_bounds.py and bench/load.py --hostile. Each is made
in memory, a few kB to 100 kB, in well under a second.
"""
from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

SIDE = 7000  # 49 MP: just under detectors.images.MAX_PIXELS, so it is decoded, not refused


def png(width: int, height: int, bit_depth: int, colour_type: int, row: bytes) -> bytes:
    """A PNG of identical rows, compressed row by row (never the whole raw image in memory).

    Rows after the first use PNG's Up filter (each byte minus the one above): all
    zeros, so the file stays small however wide a row is. Unfiltered, a 7000 px
    16-bit RGB row (42 kB) is longer than zlib's 32 kB window and the file was 227 MB.
    """
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    packer = zlib.compressobj(9)
    up = b"\x02" + bytes(len(row))
    body = packer.compress(b"\x00" + row) + b"".join(packer.compress(up) for _ in range(height - 1)) + packer.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def grey16_png(side: int = SIDE) -> bytes:
    """16-bit greyscale, a gradient across each row."""
    return png(side, side, 16, 0, b"".join(struct.pack(">H", x * 65535 // side) for x in range(side)))


def rgb16_png(side: int = SIDE) -> bytes:
    """16 bits per channel RGB (48 bits a pixel)."""
    return png(side, side, 16, 2, b"".join(struct.pack(">HHH", x * 9, 30000, 65535 - x * 9) for x in range(side)))


def truncated_jpeg(side: int = SIDE, keep: int = 700) -> bytes:
    """A JPEG that declares side x side pixels, cut off after its first few hundred bytes."""
    buffer = io.BytesIO()
    Image.new("RGB", (side, 8), (120, 90, 60)).save(buffer, format="JPEG", quality=50)
    data = bytearray(buffer.getvalue())
    marker = data.index(b"\xff\xc0")  # baseline frame header: precision, height, width
    data[marker + 5:marker + 7] = struct.pack(">H", side)
    return bytes(data[:keep])


def large_jpeg(side: int = SIDE) -> bytes:
    """A whole 49 MP JPEG of a plain colour (a few hundred kB)."""
    buffer = io.BytesIO()
    Image.new("RGB", (side, side), (200, 180, 160)).save(buffer, format="JPEG", quality=30)
    return buffer.getvalue()


def hostile_images() -> dict[str, bytes]:
    return {"truncated-7000px.jpg": truncated_jpeg(), "grey16-7000px.png": grey16_png(),
            "rgb16-7000px.png": rgb16_png(), "plain-7000px.jpg": large_jpeg()}
