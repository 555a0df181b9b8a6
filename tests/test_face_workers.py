"""With template workers, the service process does not hold the recognisers: they cost
~110 MB in every process that loads them. Enrolment templates then come from a worker."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from tests.conftest import KNN

ROOT = Path(__file__).resolve().parents[1]
PHOTO = KNN / "train/obama/obama.jpg"

PROBE = """
import json, sys
sys.path.insert(0, {root!r})
from detectors import faces
from detectors.images import decode_image
if __name__ == "__main__":
    analyzer = faces.FaceAnalyzer(workers={workers})
    templates = analyzer.enrol(decode_image(open({photo!r}, "rb").read()).pixels)
    analyzer.close()
    print(json.dumps({{"loaded_here": faces._recognizer is not None or faces._sface is not None,
                      "templates": {{model: [t.tolist() for t in rows] for model, rows in templates.items()}}}}))
"""


def enrol_in_fresh_process(tmp_path: Path, workers: int) -> dict:
    # dlib's jitter draws from a per-thread random generator that every earlier jittered template
    # advances, so both sides start from a fresh process for the same draws.
    script = tmp_path / f"probe_{workers}.py"
    script.write_text(PROBE.format(root=str(ROOT), photo=str(PHOTO), workers=workers))
    return json.loads(subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                                     check=True).stdout.splitlines()[-1])


def test_enrolment_through_a_worker_gives_the_templates_of_enrolment_in_process(tmp_path):
    through_worker = enrol_in_fresh_process(tmp_path, workers=2)
    assert through_worker["loaded_here"] is False
    in_process = enrol_in_fresh_process(tmp_path, workers=1)
    assert in_process["loaded_here"] is True
    assert set(through_worker["templates"]) == set(in_process["templates"])
    for model, rows in in_process["templates"].items():
        assert np.allclose(np.asarray(through_worker["templates"][model]), np.asarray(rows), atol=1e-5), model


PROBE_ONE_FACE = """
import json, sys
sys.path.insert(0, {root!r})
from detectors import faces
from detectors.images import decode_image
if __name__ == "__main__":
    analyzer = faces.FaceAnalyzer(workers=2)
    found = analyzer.analyze(decode_image(open({photo!r}, "rb").read()).pixels)
    analyzer.close()
    print(json.dumps({{"loaded_here": faces._recognizer is not None or faces._sface is not None,
                      "with_templates": sum(bool(face.templates) for face in found)}}))
"""


def test_a_photo_with_one_face_is_embedded_in_a_worker_too(tmp_path):
    script = tmp_path / "probe.py"
    script.write_text(PROBE_ONE_FACE.format(root=str(ROOT), photo=str(PHOTO)))
    result = json.loads(subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                                       check=True).stdout.splitlines()[-1])
    assert result == {"loaded_here": False, "with_templates": 1}
