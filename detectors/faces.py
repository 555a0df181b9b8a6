"""Find faces, judge whether each is recognisable, and compute face templates.

Detection is CenterFace (small and turned faces); templates are dlib's 128-d
ResNet descriptors from face_recognition_models. One descriptor costs about
65-135 ms on one core and dlib holds the GIL, so descriptors are spread over
worker processes, and faces that are not recognisable are never embedded.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context

import dlib
import face_recognition_models
import numpy as np

from detectors.centerface import CenterFace
from detectors.face_boxes import CROWD, DetectionConfig, find_faces
from detectors.parent_watch import watch_parent

# Below this box height (original pixels) a face is not recognisable for a
# viewer either; see README "Herkenbaar" for the measurement behind it.
MIN_RECOGNISABLE_HEIGHT = 24
# Variance of the Laplacian on the aligned 150 px chip. dlib still identifies
# obama1.jpg under a Gaussian blur of radius 24 px (sharpness 1.5), so blur
# alone rarely makes a face unrecognisable: only faces with no detail left count.
MIN_SHARPNESS = 1.0
CHIP_SIZE = 150
CHIP_PADDING = 0.25


class EnrolmentError(ValueError):
    """A reference photo that cannot give a template; the message is Dutch."""


@dataclass
class Face:
    """One face in a photo: where, how sure, and (if recognisable) its template."""

    box: tuple[int, int, int, int]  # x, y, w, h in the upright photo
    score: float
    recognisable: bool
    reason: str = ""  # why not recognisable, in Dutch
    template: np.ndarray | None = field(default=None, repr=False)
    chip: np.ndarray | None = field(default=None, repr=False)
    landmarks: np.ndarray | None = field(default=None, repr=False)  # 5 x 2: eyes, nose, mouth corners


_shape_predictor: dlib.shape_predictor | None = None
_recognizer: dlib.face_recognition_model_v1 | None = None


def _models() -> tuple[dlib.shape_predictor, dlib.face_recognition_model_v1]:
    global _shape_predictor, _recognizer
    if _recognizer is None:
        _shape_predictor = dlib.shape_predictor(
            face_recognition_models.pose_predictor_five_point_model_location()
        )
        _recognizer = dlib.face_recognition_model_v1(
            face_recognition_models.face_recognition_model_location()
        )
    return _shape_predictor, _recognizer


def _describe(chip: np.ndarray, jitters: int = 0) -> np.ndarray:
    """Compute one 128-d template from an aligned chip (runs in a worker)."""
    _, recognizer = _models()
    return np.asarray(recognizer.compute_face_descriptor(chip, jitters), dtype=np.float32)


def mirrored(chip: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(chip[:, ::-1])


def enrolment_templates(chip: np.ndarray) -> list[np.ndarray]:
    """Templates for a reference photo: a jittered one and one of the mirror image.

    On FG-NET children (bench/faces.py) the pair recognises more enrolled
    children at zero wrong accepts than one plain template does.
    """
    return [_describe(chip, 10), _describe(mirrored(chip))]


def sharpness(chip: np.ndarray) -> float:
    """Variance of a 4-neighbour Laplacian of the grey chip: low means blurred."""
    grey = chip.astype(np.float32) @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    lap = (
        -4 * grey[1:-1, 1:-1]
        + grey[:-2, 1:-1]
        + grey[2:, 1:-1]
        + grey[1:-1, :-2]
        + grey[1:-1, 2:]
    )
    return float(lap.var())


def dlib_box(landmarks: np.ndarray) -> dlib.rectangle:
    """The square box dlib's landmark model was trained on, from CenterFace's landmarks.

    CenterFace's boxes are taller than dlib's; started from them, the landmark
    model misplaces eyes and a person's templates drift apart (lennon-1 vs -2:
    0.65 instead of 0.48). Fitted on 93 faces with both detectors: side 2.37x
    the eye-mouth distance, centre 0.44 of the way from the eyes to the mouth.
    """
    eyes = (landmarks[0] + landmarks[1]) / 2
    mouth = (landmarks[3] + landmarks[4]) / 2
    centre = eyes + 0.44 * (mouth - eyes)
    half = 1.185 * float(np.linalg.norm(mouth - eyes))
    return dlib.rectangle(int(centre[0] - half), int(centre[1] - half),
                          int(centre[0] + half), int(centre[1] + half))


class FaceAnalyzer:
    """Loaded once per process; `analyze` is safe to call from one thread at a time."""

    def __init__(self, workers: int | None = None, detector_threads: int = 2,
                 detection: DetectionConfig = CROWD) -> None:
        self._detector = CenterFace(threads=detector_threads)
        self._detection = detection
        self._workers = workers if workers is not None else min(2, os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None
        _models()

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: the parent holds onnxruntime threads.
            self._pool = ProcessPoolExecutor(self._workers, mp_context=get_context("spawn"),
                                             initializer=watch_parent, initargs=(os.getpid(),))
        return self._pool

    def warm_workers(self) -> None:
        """Start the worker processes and load their models before the first photo."""
        if self._workers > 1:
            chip = np.zeros((CHIP_SIZE, CHIP_SIZE, 3), dtype=np.uint8)
            list(self._executor().map(_describe, [chip] * self._workers))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def _find(self, rgb: np.ndarray, config: DetectionConfig | None = None
              ) -> list[tuple[Face, np.ndarray | None]]:
        """Find faces and judge recognisability; recognisable ones come with their chip."""
        shape_predictor, _ = _models()
        found: list[tuple[Face, np.ndarray | None]] = []
        for detection in find_faces(self._detector, rgb, config or self._detection):
            x1, y1, x2, y2 = detection.box
            box = (int(round(x1)), int(round(y1)), int(round(x2 - x1)), int(round(y2 - y1)))
            face = Face(box=box, score=detection.score, recognisable=True,
                        landmarks=detection.landmarks)
            chip = None
            if box[3] < MIN_RECOGNISABLE_HEIGHT:
                face.recognisable, face.reason = False, f"te klein ({box[3]} pixels hoog)"
            else:
                rect = dlib_box(detection.landmarks)
                chip = dlib.get_face_chip(
                    rgb, shape_predictor(rgb, rect), size=CHIP_SIZE, padding=CHIP_PADDING
                )
                if sharpness(chip) < MIN_SHARPNESS:
                    face.recognisable, face.reason, chip = False, "te onscherp", None
            found.append((face, chip))
        return found

    def locate(self, rgb: np.ndarray) -> list[Face]:
        """Every face with its recognisability, without templates (cheap)."""
        return [face for face, _ in self._find(rgb)]

    def _describe_all(self, chips: list[np.ndarray]) -> list[np.ndarray]:
        if len(chips) > 1 and self._workers > 1:
            return list(self._executor().map(_describe, chips))
        return [_describe(chip) for chip in chips]

    def find(self, rgb: np.ndarray, config: DetectionConfig | None = None) -> list[Face]:
        """Find every face and judge it; recognisable ones get their chip, no template yet.

        For callers that embed only some faces (video embeds a track's best frames).
        `config` may trade small faces for speed (video frames; see bench/video.py).
        """
        found = self._find(rgb, config)
        for face, chip in found:
            face.chip = chip
        return [face for face, _ in found]

    def embed(self, faces: list[Face]) -> None:
        """Give each recognisable face of `find` its template (over the worker processes)."""
        usable = [face for face in faces if face.chip is not None and face.template is None]
        for face, template in zip(usable, self._describe_all([f.chip for f in usable])):
            face.template = template

    def analyze(self, rgb: np.ndarray) -> list[Face]:
        """Find every face; recognisable ones get a template."""
        faces = self.find(rgb)
        self.embed(faces)
        return faces

    def refine(self, faces: list[Face]) -> list[np.ndarray]:
        """Steadier templates for faces the first pass could not place:
        the mean of the plain and the mirrored descriptor of each."""
        mirrors = self._describe_all([mirrored(face.chip) for face in faces])
        return [(face.template + mirror) / 2 for face, mirror in zip(faces, mirrors)]

    def enrol(self, rgb: np.ndarray) -> list[np.ndarray]:
        """Templates of the one recognisable face in a reference photo.

        Raises EnrolmentError (Dutch message) unless exactly one face is recognisable.
        """
        found = self._find(rgb)
        usable = [chip for _, chip in found if chip is not None]
        if not found:
            raise EnrolmentError("geen gezicht gevonden")
        if len(usable) == 0:
            raise EnrolmentError(f"het gezicht is niet herkenbaar ({found[0][0].reason})")
        if len(usable) > 1:
            raise EnrolmentError(f"{len(usable)} herkenbare gezichten; er mag er maar één op staan")
        return enrolment_templates(usable[0])
