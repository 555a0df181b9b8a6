"""Bounded memory for any input: a photo costs pixels we choose, not pixels it declares."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from detectors.images import MAX_SIDE, ImageError, decode_image
from tests import hostile_images

ROOT = Path(__file__).resolve().parents[1]
# One decoded photo is at most 4096 x 4096 x 3 = 50 MB; decoding may briefly hold the
# 16-bit samples as well (a 7000 x 7000 PNG: 98 MB). Before the bound it was 0.5-1 GB.
MAX_GROWTH_MB = 250

PROBE = """
import json, resource, sys
sys.path.insert(0, {root!r})
from detectors.images import decode_image, ImageError
from tests.hostile_images import {maker}
data = {maker}()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    shape = list(decode_image(data, "x").pixels.shape)
except ImageError as error:
    shape = str(error)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"growth_mb": (after - before) / 1024, "shape": shape}}))
"""


@pytest.mark.parametrize("maker", ["grey16_png", "rgb16_png", "truncated_jpeg", "large_jpeg"])
def test_a_small_file_declaring_49_megapixels_stays_small_in_memory(maker):
    # A fresh process, so the peak belongs to this one decode.
    out = subprocess.run([sys.executable, "-c", PROBE.format(root=str(ROOT), maker=maker)],
                         capture_output=True, text=True, check=True).stdout
    result = json.loads(out)
    assert result["growth_mb"] < MAX_GROWTH_MB, result
    if isinstance(result["shape"], list):
        assert max(result["shape"][:2]) <= MAX_SIDE, result


def test_a_16_bit_photo_keeps_its_faces_visible():
    pixels = decode_image(hostile_images.grey16_png(800), "grey.png").pixels
    row = pixels[0, :, 0].astype(int)
    assert row[0] < 10 and row[-1] > 240 and (row[1:] >= row[:-1]).all()  # the gradient, stretched, in order


def test_a_huge_jpeg_is_reduced_while_decoding():
    decoded = decode_image(hostile_images.large_jpeg(), "groot.jpg")
    assert max(decoded.width, decoded.height) <= MAX_SIDE
    assert decoded.width == decoded.height


def test_a_truncated_huge_jpeg_is_a_dutch_error():
    with pytest.raises(ImageError, match="beschadigd of onvolledig"):
        decode_image(hostile_images.truncated_jpeg(), "kapot.jpg")
