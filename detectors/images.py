"""Decode uploaded image bytes into an upright RGB array, safely.

Every failure raises ImageError with a Dutch message a user can act on; nothing
here writes to disk. Pixel limits guard against decompression bombs, and what is
held in memory is bounded by pixels, not by the bytes of the upload: a 600-byte
JPEG may declare 7000x7000 pixels. Photos are decoded at 8 bits per channel and
huge ones are reduced while they are decoded (JPEG's DCT scaling through
Image.draft, then Image.reduce), so no photo becomes more than MAX_SIDE pixels on
its longer side.
"""
from __future__ import annotations

import datetime as dt
import io
import warnings
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from detectors import working_memory

# 50 megapixels: a 12 MP phone photo fits four times over; a 30000x30000 bomb does not.
MAX_PIXELS = 50_000_000
MAX_BYTES = 40 * 1024 * 1024
# The longer side a photo is judged at. Faces are searched at 1600 px
# (detectors.faces.FINE_SIDE); 4096 keeps a 12 MP phone photo (4000x3000) whole,
# so its faces are cut out for recognition at full resolution, and holds at most
# 4096x4096x3 = 50 MB per photo.
MAX_SIDE = 4096
STRIP_ROWS = 256
# Held at most while decoding, per pixel the file declares: PIL's 4 bytes (RGB and
# 16-bit grey alike), an 8-bit grey copy of a 16-bit photo and the 3-byte array.
DECODE_BYTES_PER_PIXEL = 8
# Held while a decoded photo is judged, per pixel: its 3-byte array, the safe copy being
# blurred and encoded (~4) and the preview.
JUDGE_BYTES_PER_PIXEL = 8
GPS_IFD = 0x8825
EXIF_IFD, DATE_TAKEN, DATE_CHANGED = 0x8769, 0x9003, 0x0132

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


def declared_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) the file's header declares, without decoding; None when unreadable
    (decode_image then says why)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except Exception:  # any broken header: decode_image names the problem
        return None


def decoded_size(width: int, height: int) -> tuple[int, int]:
    """The size decode_image gives a photo the header declares as width x height (at most MAX_SIDE)."""
    factor = -(-max(width, height) // MAX_SIDE)
    return -(-width // factor), -(-height // factor)


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
            # A photo that must be reduced is decoded whole first (up to 200 MB for a
            # 49 MP PNG): decodes share the working-memory budget with face searches.
            with working_memory.reserve(DECODE_BYTES_PER_PIXEL * width * height):
                image = _load_reduced(image)
                # In place: an upright photo is not copied (a 12 MP photo is 48 MB inside PIL).
                ImageOps.exif_transpose(image, in_place=True)
                pixels = _array(_to_rgb(image))
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
    return DecodedImage(pixels=pixels, gps=gps, format=image_format)


def _has_gps(image: Image.Image) -> bool:
    try:
        gps = image.getexif().get_ifd(GPS_IFD)
    except Exception:  # a broken EXIF block is no reason to refuse the photo
        return False
    return bool(gps)


def taken_on(data: bytes) -> str | None:
    """The ISO date the photo says it was taken (EXIF DateTimeOriginal, else DateTime), or None."""
    try:
        exif = Image.open(io.BytesIO(data)).getexif()
        stamp = exif.get_ifd(EXIF_IFD).get(DATE_TAKEN) or exif.get(DATE_CHANGED)
        day = dt.datetime.strptime(str(stamp)[:10], "%Y:%m:%d").date()
    except Exception:  # no date, or a broken EXIF block: the caller takes the enrolment day
        return None
    return day.isoformat()


def _load_reduced(image: Image.Image) -> Image.Image:
    """Decode, at most MAX_SIDE on the longer side; JPEGs are decoded small to begin with."""
    if max(image.size) > MAX_SIDE and image.format == "JPEG":
        # The decoder picks the largest of 1/2, 1/4, 1/8 that is still at least this size.
        image.draft(image.mode if image.mode in ("L", "RGB") else None, (MAX_SIDE, MAX_SIDE))
    image.load()
    factor = -(-max(image.size) // MAX_SIDE)  # ceiling division
    if factor > 1:
        # reduce() averages factor x factor blocks, which needs no float copy of the photo.
        image = _eight_bit(image).reduce(factor)
    return image


def _eight_bit(image: Image.Image) -> Image.Image:
    """16- and 32-bit greyscale scaled to 8 bits (rather than clipped, so faces stay visible).

    Done in strips of rows: a whole-photo numpy copy of a 49 MP 16-bit PNG is
    98 MB more, a float64 one 390 MB.
    """
    if image.mode not in ("I;16", "I;16B", "I;16L", "I", "F"):
        return image
    width, height = image.size

    def strips():
        for top in range(0, height, STRIP_ROWS):
            yield top, np.nan_to_num(np.asarray(image.crop((0, top, width, min(height, top + STRIP_ROWS)))))

    peak = max((float(strip.max()) for _, strip in strips()), default=0.0)
    scale = 255.0 / peak if peak > 0 else 0.0
    grey = np.empty((height, width), dtype=np.uint8)
    for top, strip in strips():
        grey[top:top + strip.shape[0]] = np.clip(strip * np.float32(scale), 0, 255)
    return Image.fromarray(grey, mode="L")


def _array(rgb: Image.Image) -> np.ndarray:
    """The RGB image as an H x W x 3 array, copied in strips of rows.

    np.asarray(image) goes through Image.tobytes, which holds the photo's bytes
    twice (its chunks and their join) on top of the image: 72 MB more for 12 MP.
    """
    width, height = rgb.size
    pixels = np.empty((height, width, 3), dtype=np.uint8)
    for top in range(0, height, STRIP_ROWS):
        bottom = min(height, top + STRIP_ROWS)
        pixels[top:bottom] = np.asarray(rgb.crop((0, top, width, bottom)))
    return pixels


def _to_rgb(image: Image.Image) -> Image.Image:
    """Flatten any mode (palette, RGBA, CMYK, 16-bit grey) to 8-bit RGB; an RGB photo is not copied."""
    image = _eight_bit(image)
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, image)
    return image.convert("RGB")


def encode_clean_jpeg(pixels: np.ndarray | Image.Image, quality: int = 90) -> bytes:
    """Encode pixels (an array or a PIL image) as a JPEG with no metadata at all (no EXIF, no GPS)."""
    buffer = io.BytesIO()
    image = pixels if isinstance(pixels, Image.Image) else Image.fromarray(pixels)
    image.save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def preview_jpeg(pixels: np.ndarray, side: int, quality: int = 85) -> bytes:
    """A small clean JPEG of the photo, at most `side` pixels on its longer side."""
    image = Image.fromarray(pixels)
    image.thumbnail((side, side), reducing_gap=2.0)  # reduces in blocks first: no full-size float copy
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()
