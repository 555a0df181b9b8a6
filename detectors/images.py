"""Decode uploaded image bytes into an upright RGB array, safely.

Every failure raises ImageError with a Dutch message a user can act on; nothing
here writes to disk. Pixel limits guard against decompression bombs.
"""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

# 50 megapixels: a 12 MP phone photo fits four times over; a 30000x30000 bomb does not.
MAX_PIXELS = 50_000_000
MAX_BYTES = 40 * 1024 * 1024
GPS_IFD = 0x8825

try:  # HEIC from iPhones, where the maintained decoder is installed.
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - optional
    pass


class ImageError(ValueError):
    """An upload that cannot be judged as an image; the message is Dutch."""


@dataclass
class DecodedImage:
    """An upright 8-bit RGB photo plus what its metadata told us."""

    pixels: np.ndarray  # H x W x 3, uint8, after EXIF rotation
    gps: bool
    format: str

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])


def decode_image(data: bytes, name: str = "afbeelding") -> DecodedImage:
    """Decode bytes to an upright RGB array; raise ImageError for anything unusable."""
    if not data:
        raise ImageError(f"{name}: het bestand is leeg.")
    if len(data) > MAX_BYTES:
        raise ImageError(f"{name}: het bestand is groter dan {MAX_BYTES // (1024 * 1024)} MB.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageError(
                    f"{name}: de afbeelding is te groot ({width}×{height} pixels; "
                    f"maximaal {MAX_PIXELS // 1_000_000} megapixel)."
                )
            gps = _has_gps(image)
            image_format = image.format or "onbekend"
            image.load()
            upright = ImageOps.exif_transpose(image)
            rgb = _to_rgb(upright)
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(
            f"{name}: de afbeelding is te groot (maximaal {MAX_PIXELS // 1_000_000} megapixel)."
        ) from None
    except UnidentifiedImageError:
        raise ImageError(f"{name}: dit is geen afbeelding die Poortwachter kan lezen.") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ImageError(f"{name}: de afbeelding is beschadigd of onvolledig.") from None
    return DecodedImage(pixels=np.asarray(rgb, dtype=np.uint8), gps=gps, format=image_format)


def _has_gps(image: Image.Image) -> bool:
    try:
        gps = image.getexif().get_ifd(GPS_IFD)
    except Exception:  # a broken EXIF block is no reason to refuse the photo
        return False
    return bool(gps)


def _to_rgb(image: Image.Image) -> Image.Image:
    """Flatten any mode (palette, RGBA, CMYK, 16-bit grey) to 8-bit RGB."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greyscale: scale to 8 bits rather than clip, so faces stay visible.
        array = np.asarray(image, dtype=np.float64)
        peak = max(float(array.max()), 1.0)
        image = Image.fromarray((array * (255.0 / peak)).astype(np.uint8), mode="L")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, image)
    return image.convert("RGB")


def encode_clean_jpeg(pixels: np.ndarray, quality: int = 90) -> bytes:
    """Encode pixels as a JPEG with no metadata at all (no EXIF, no GPS)."""
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()
