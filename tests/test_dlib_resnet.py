"""dlib's face-recognition ResNet run by onnxruntime gives dlib's own descriptors,
so templates stored before (made by dlib) stay comparable."""
from __future__ import annotations

import dlib
import face_recognition_models
import numpy as np
import pytest

from detectors.dlib_resnet import DlibResNet, read_network
from detectors.faces import FaceAnalyzer
from detectors.images import decode_image
from tests.conftest import DATA

PHOTOS = sorted((DATA / "faces" / "dlib_faces").glob("*.jpg"))[:6] + sorted((DATA / "faces" / "fgnet_dev" / "images").glob("*.JPG"))[:6]
MODEL = face_recognition_models.face_recognition_model_location()


@pytest.fixture(scope="module")
def chips() -> list[np.ndarray]:
    analyzer = FaceAnalyzer(workers=1)
    found = []
    for path in PHOTOS:
        pixels = decode_image(path.read_bytes()).pixels
        found += [face.chip for face in analyzer.locate(pixels) if face.chip is not None]
    analyzer.close()
    return found


def test_the_model_file_reads_as_dlibs_network():
    with open(MODEL, "rb") as file:
        means, layers = read_network(file.read())
    assert np.allclose(means, (122.782, 117.001, 104.298), atol=1e-3)
    kinds = [layer.kind for layer in layers]
    # conv 7x7, 29 residual units (4 of them with a pooled skip), the global pool and the 128-d layer
    assert kinds.count("con") == 29 and kinds.count("add_prev") == 14 and kinds[-2:] == ["avg_pool", "fc"]
    assert layers[-1].weights[0].shape == (256, 128)


def test_descriptors_equal_dlibs_on_real_faces_alone_and_in_batches(chips):
    assert len(chips) >= 12, "the test photos should give a dozen faces"
    ours = DlibResNet(MODEL).describe(chips)
    theirs = np.asarray(dlib.face_recognition_model_v1(MODEL).compute_face_descriptor(chips), dtype=np.float32)
    assert ours.shape == (len(chips), 128)
    assert np.abs(ours - theirs).max() < 1e-4
    one = DlibResNet(MODEL).describe(chips[:1])
    assert np.abs(one[0] - theirs[0]).max() < 1e-4


def test_no_chips_give_no_descriptors():
    assert DlibResNet(MODEL).describe([]).shape == (0, 128)
