"""Make the safe copy of a photo: chosen faces blurred beyond recognition.

Pixelating first and then blurring leaves no detail a face model or a person
could use; the box is widened so hair and ears go too. The copy is encoded
without any metadata, so EXIF and GPS are gone.
"""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter

from detectors.images import encode_clean_jpeg

WIDEN = 0.25
MOSAIC_CELLS = 6


def blur_faces(pixels: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> np.ndarray:
    """A copy of `pixels` with every (x, y, w, h) box made unrecognisable."""
    image = Image.fromarray(pixels)
    height, width = pixels.shape[:2]
    for x, y, w, h in boxes:
        dx, dy = int(w * WIDEN), int(h * WIDEN)
        left, top = max(0, x - dx), max(0, y - dy)
        right, bottom = min(width, x + w + dx), min(height, y + h + dy)
        if right - left < 2 or bottom - top < 2:
            continue
        region = image.crop((left, top, right, bottom))
        mosaic = region.resize((MOSAIC_CELLS, MOSAIC_CELLS), Image.BILINEAR).resize(region.size, Image.NEAREST)
        radius = max(2, min(region.size) // 8)
        image.paste(mosaic.filter(ImageFilter.GaussianBlur(radius)), (left, top))
    return np.asarray(image)


def safe_copy(pixels: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> bytes:
    """JPEG bytes of the photo with `boxes` blurred and no metadata."""
    return encode_clean_jpeg(blur_faces(pixels, boxes))
