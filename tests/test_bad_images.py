"""Bad input: a clear error or a correct verdict, never a traceback; the service keeps running."""
from __future__ import annotations

import io
import zlib
import struct

import numpy as np
import pytest
from PIL import Image

from detectors.images import ImageError, decode_image
from tests.conftest import KNN, jpeg_bytes

OBAMA = KNN / "test/obama1.jpg"


def png_bomb(width=30000, height=30000) -> bytes:
    """A tiny PNG that claims 30000x30000 pixels (its data is a few kB of zeros)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    raw = zlib.compress(b"\x00" * (width + 1) * 16)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def encoded(mode_image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    mode_image.save(buffer, format=fmt)
    return buffer.getvalue()


def obama(mode: str) -> Image.Image:
    return Image.open(OBAMA).convert(mode)


BROKEN = {
    "no image": (b"Dit is een tekstbestand, geen foto.", "geen afbeelding die Poortwachter kan lezen"),
    "empty": (b"", "het bestand is leeg"),
    "truncated jpeg": (OBAMA.read_bytes()[:5000], "beschadigd of onvolledig"),
    "decompression bomb": (png_bomb(), "te groot"),
}


@pytest.mark.parametrize("name", BROKEN)
def test_broken_input_is_a_dutch_error(name):
    data, message = BROKEN[name]
    with pytest.raises(ImageError, match=message):
        decode_image(data, "foto.jpg")


def sixteen_bit() -> bytes:
    grey = np.asarray(obama("L"), dtype=np.uint16) * 257
    data = encoded(Image.fromarray(grey), "PNG")
    assert Image.open(io.BytesIO(data)).mode.startswith("I")  # really 16 bits per pixel
    return data


def palette() -> bytes:
    return encoded(obama("RGB").quantize(256), "PNG")


GOOD = {
    "cmyk jpeg": lambda: jpeg_bytes(obama("CMYK")),
    "16-bit png": sixteen_bit,
    "palette png": palette,
    "rgba png": lambda: encoded(obama("RGBA"), "PNG"),
    "greyscale jpeg": lambda: jpeg_bytes(obama("L")),
}


@pytest.mark.parametrize("name", GOOD)
def test_unusual_modes_give_the_right_verdict(name, client, auth):
    response = client.post("/api/v1/checks", headers=auth,
                           data={"images[]": (io.BytesIO(GOOD[name]()), "foto.png"), "channel": "social_media"})
    assert response.status_code == 200
    verdict = response.get_json()
    assert verdict["decision"] == "allow"
    assert [f["person"]["id"] for f in verdict["findings"]] == ["L1001"]


def test_exif_rotation_faces_found_upright_with_boxes_in_upright_coordinates(client, auth):
    upright = Image.open(OBAMA).convert("RGB")
    # Stored turned on its side, with the EXIF tag that says how to turn it back.
    stored = upright.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 CW to display
    data = jpeg_bytes(stored, exif=exif.tobytes(), quality=95)
    rotated = client.post("/api/v1/checks", headers=auth,
                          data={"images[]": (io.BytesIO(data), "telefoon.jpg")}).get_json()
    plain = client.post("/api/v1/checks", headers=auth,
                        data={"images[]": (io.BytesIO(jpeg_bytes(upright, quality=95)), "recht.jpg")}).get_json()
    assert rotated["images"][0]["width"] == upright.width and rotated["images"][0]["height"] == upright.height
    assert rotated["decision"] == "allow"
    box, expected = rotated["findings"][0]["box"], plain["findings"][0]["box"]
    assert all(abs(a - b) <= 6 for a, b in zip(box, expected)), (box, expected)


@pytest.mark.parametrize("name", BROKEN)
def test_service_answers_400_and_keeps_running(name, client, auth):
    data, message = BROKEN[name]
    response = client.post("/api/v1/checks", headers=auth, data={"images[]": (io.BytesIO(data), "foto.jpg")})
    assert response.status_code == 400
    body = response.get_json()
    assert message in body["error"]["message"] and "Traceback" not in response.get_data(as_text=True)
    assert client.get("/api/v1/health", headers=auth).status_code == 200


@pytest.mark.parametrize("name", BROKEN)
def test_cli_exit_3_with_one_line(name, data_dir, tmp_path):
    from tests.test_cli import run

    data, message = BROKEN[name]
    path = tmp_path / "foto.jpg"
    path.write_bytes(data)
    result = run(data_dir, "check", path)
    assert result.exit_code == 3
    assert result.output.startswith("Fout: foto.jpg: ") and message in result.output
    assert len(result.output.splitlines()) == 1
