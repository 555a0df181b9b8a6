"""CenterFace in two parts: the same faces as the whole network, in a fraction of its memory."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnxruntime
from PIL import Image

from detectors.centerface import INPUT, OUTPUTS, STRIP_PIXELS, CenterFace, _load_model_bytes, working_bytes
from tests.conftest import KNN

ROOT = Path(__file__).resolve().parents[1]
GROUP = KNN / "test/obama_and_biden.jpg"


def test_the_network_run_in_strips_gives_the_whole_networks_output():
    detector = CenterFace()
    whole = onnxruntime.InferenceSession(_load_model_bytes(), providers=["CPUExecutionProvider"])
    # 1024 wide: strips of 512 rows, so this photo is searched in three, with two seams.
    pixels = np.asarray(Image.open(GROUP).convert("RGB").resize((1024, 1536)))
    assert 1536 > STRIP_PIXELS // 1024
    expected = whole.run(OUTPUTS, {INPUT: np.ascontiguousarray(pixels.transpose(2, 0, 1), dtype=np.float32)[None]})
    for mine, theirs in zip(detector._run(pixels), expected):
        assert mine.shape == theirs.shape
        assert np.abs(mine - theirs).max() < 1e-3


PROBE = """
import json, resource, sys
sys.path.insert(0, {root!r})
import numpy as np
from PIL import Image
from detectors.centerface import CenterFace
from detectors.memory import limit_heaps
limit_heaps()
detector = CenterFace()
pixels = np.asarray(Image.open({photo!r}).convert("RGB").resize((4000, 3000)))
detector.detect(np.zeros((64, 64, 3), np.uint8), 64, 0.5)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
faces = detector.detect(pixels, 2048, 0.25)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"growth_mb": (after - before) / 1024, "faces": len(faces)}}))
"""


def test_searching_a_12_megapixel_photo_holds_less_than_its_budget_estimate():
    # A fresh process, so the peak belongs to this one search (2048 x 1536 network input;
    # the whole network in one piece grew the process by ~410 MB).
    out = subprocess.run([sys.executable, "-c", PROBE.format(root=str(ROOT), photo=str(GROUP))],
                         capture_output=True, text=True, check=True).stdout
    result = json.loads(out)
    assert result["faces"] >= 2
    assert result["growth_mb"] < working_bytes(2048, 1536) / 2**20 < 250, result
