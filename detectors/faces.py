"""Find faces, judge whether each is recognisable, and compute face templates.

Detection is CenterFace (small and turned faces). A recognisable face can get
two templates: dlib's 128-d ResNet descriptor (face_recognition_models) and
SFace's (detectors/sface.py); the gate accepts a face as a person only when
both agree, and asks dlib only about faces SFace places near someone
(server/gate/matching.py). Both networks run in onnxruntime (dlib's weights
through detectors/dlib_resnet.py); the faces of a photo are embedded in batches
over worker processes, and faces that are not recognisable are never embedded.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context

import dlib
import face_recognition_models
import numpy as np
from PIL import Image

from detectors.centerface import CenterFace, Detection, network_size, working_bytes
from detectors.dlib_resnet import DlibResNet
from detectors.face_boxes import CROWD, DetectionConfig, find_faces
from detectors.memory import limit_heaps, release_free_memory
from detectors.parent_watch import watch_parent
from detectors.sface import SFace, align
from detectors.template_models import DLIB, IN_USE, SFACE

# Below this box height (original pixels) a face is not recognisable: it is reported,
# not judged. Re-fitted for dlib + SFace (bench/faces.py cutoff): FG-NET dev children
# shrunk to 20 px are still placed near their own child by a model in 25 of 27 cases
# (27 of 27 at 24 px, 21 at 16 px; none accepted as someone else), so a child
# without consent that small must be judged, not waved through. 22 px keeps half faces
# cut off at a photo's edge (kit_with_rose.jpg: 21 px) out; on crowd_dev it adds
# unknown faces only in images that already warn.
MIN_RECOGNISABLE_HEIGHT = 22
# Variance of the Laplacian on the aligned 150 px chip. dlib still identifies
# obama1.jpg under a Gaussian blur of radius 24 px (sharpness 1.5), so blur
# alone rarely makes a face unrecognisable: only faces with no detail left count.
MIN_SHARPNESS = 1.0
CHIP_SIZE = 150
CHIP_PADDING = 0.25
DLIB_BATCH = 8  # chips per network run; see _embed_batch


class EnrolmentError(ValueError):
    """A reference photo that cannot give a template; the message is Dutch."""


@dataclass
class Face:
    """One face in a photo: where, how sure, and (if recognisable) its template."""

    box: tuple[int, int, int, int]  # x, y, w, h in the upright photo
    score: float
    recognisable: bool
    reason: str = ""  # why not recognisable, in Dutch
    templates: dict[str, np.ndarray] = field(default_factory=dict, repr=False)  # per model
    chip: np.ndarray | None = field(default=None, repr=False)  # dlib's aligned 150 px chip
    crop: np.ndarray | None = field(default=None, repr=False)  # SFace's aligned 112 px crop
    landmarks: np.ndarray | None = field(default=None, repr=False)  # 5 x 2: eyes, nose, mouth corners

    @property
    def template(self) -> np.ndarray | None:
        """The dlib template: the one video uses to follow a face (tracking.same_face)."""
        return self.templates.get(DLIB)


_shape_predictor: dlib.shape_predictor | None = None
_recognizer: DlibResNet | None = None
_sface: SFace | None = None


def _landmarker() -> dlib.shape_predictor:
    """dlib's 5-point model: where a face's chip is cut (needed wherever faces are found)."""
    global _shape_predictor
    if _shape_predictor is None:
        _shape_predictor = dlib.shape_predictor(face_recognition_models.pose_predictor_five_point_model_location())
    return _shape_predictor


def _recognizers() -> tuple[DlibResNet, SFace]:
    """dlib's ResNet and SFace: loaded only where templates are computed."""
    global _recognizer, _sface
    if _recognizer is None:
        _recognizer = DlibResNet(face_recognition_models.face_recognition_model_location())
        _sface = SFace()
        release_free_memory()  # loading the models leaves freed buffers in the heap
    return _recognizer, _sface


def _jittered_descriptor(chip: np.ndarray, jitters: int) -> np.ndarray:
    """dlib's own network, for enrolment's jittered template only: its jitter draws from
    dlib's random generator, so templates enrolled before stay what they were. Loaded for
    each enrolment (0.07 s) and dropped after: kept, it held ~70 MB in every face worker."""
    network = dlib.face_recognition_model_v1(face_recognition_models.face_recognition_model_location())
    descriptor = np.asarray(network.compute_face_descriptor(chip, jitters), dtype=np.float32)
    del network
    release_free_memory()
    return descriptor


def _start_worker(parent_pid: int) -> None:
    """A template worker: ends with its parent, loads the recognisers at once, lean heap."""
    watch_parent(parent_pid)
    limit_heaps()
    _recognizers()


def _describe(chip: np.ndarray, jitters: int = 0) -> np.ndarray:
    """One dlib template from an aligned 150 px chip (the mean over jittered copies when asked)."""
    if jitters:
        return _jittered_descriptor(chip, jitters)
    return _recognizers()[0].describe([chip])[0]


def _embed_batch(chips: list[np.ndarray], crops: list[np.ndarray],
                 models: tuple[str, ...] = IN_USE) -> dict[str, np.ndarray]:
    """Templates of a batch of faces per model (runs in a worker).

    dlib's network takes the chips in batches of 8: larger batches are no faster and
    its buffers grow with the batch."""
    recognizer, sface = _recognizers()
    rows = {}
    if DLIB in models:
        rows[DLIB] = np.concatenate([recognizer.describe(chips[start:start + DLIB_BATCH])
                                     for start in range(0, len(chips), DLIB_BATCH)]
                                    or [np.empty((0, 128), dtype=np.float32)])
    if SFACE in models:
        rows[SFACE] = sface.embed(crops)
    release_free_memory()  # the batch's freed buffers (its chips, crops and SFace inputs)
    return rows


def mirrored(chip: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(chip[:, ::-1])


def enrolment_templates(chip: np.ndarray, crop: np.ndarray) -> dict[str, list[np.ndarray]]:
    """Templates for a reference photo, per model: dlib's jittered one and its
    mirror image's, SFace's of the face and of its mirror image.

    On FG-NET children (bench/faces.py) such pairs recognise more enrolled
    children at zero wrong accepts than one plain template does.
    """
    sface = _recognizers()[1].embed([crop, mirrored(crop)])
    return {DLIB: [_describe(chip, 10), _describe(mirrored(chip))], SFACE: list(sface)}


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


def face_of(detection: Detection) -> Face:
    """A detected face, judged on its size alone (sharpness needs its chip: FaceAnalyzer.prepare)."""
    x1, y1, x2, y2 = detection.box
    box = (int(round(x1)), int(round(y1)), int(round(x2 - x1)), int(round(y2 - y1)))
    face = Face(box=box, score=detection.score, recognisable=True, landmarks=detection.landmarks)
    if box[3] < MIN_RECOGNISABLE_HEIGHT:
        face.recognisable, face.reason = False, f"te klein ({box[3]} pixels hoog)"
    return face


class FaceAnalyzer:
    """Loaded once per process; `analyze` is safe to call from one thread at a time."""

    def __init__(self, workers: int | None = None, detector_threads: int = 2,
                 detection: DetectionConfig = CROWD) -> None:
        self._detector = CenterFace(threads=detector_threads)
        self._detection = detection
        self._workers = workers if workers is not None else min(2, os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None
        _landmarker()
        if self._workers <= 1:
            _recognizers()  # templates are computed in this process

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: the parent holds onnxruntime threads.
            self._pool = ProcessPoolExecutor(self._workers, mp_context=get_context("spawn"),
                                             initializer=_start_worker, initargs=(os.getpid(),))
        return self._pool

    def warm_workers(self) -> None:
        """Start the worker processes and load their models before the first photo."""
        if self._workers > 1:
            chip = np.zeros((CHIP_SIZE, CHIP_SIZE, 3), dtype=np.uint8)
            crop = np.zeros((112, 112, 3), dtype=np.uint8)
            list(self._executor().map(_embed_batch, [[chip]] * self._workers, [[crop]] * self._workers))

    def worker_pids(self) -> list[int]:
        """The worker processes' ids (bench/faces.py adds up their CPU time)."""
        return list(self._pool._processes) if self._pool is not None else []

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def search_bytes(self, width: int, height: int) -> int:
        """What find() on a photo of this size holds for its searches at most (its fine pass)."""
        config = self._detection
        return working_bytes(*network_size(height, width, config.fine_side, config.fine_upscale))

    def find(self, rgb: np.ndarray, config: DetectionConfig | None = None) -> list[Face]:
        """Find every face and judge it; recognisable ones get their aligned chip
        and crop, no templates yet.

        For callers that embed only some faces (video embeds a track's best frames).
        `config` may trade small faces for speed (video frames; see bench/video.py).
        """
        photo = None  # wrapped for PIL once, only if a face needs it
        faces = []
        for detection in find_faces(self._detector, rgb, config or self._detection):
            face = face_of(detection)
            faces.append(face)
            if face.recognisable:
                photo = photo or Image.fromarray(rgb)
                self.prepare(rgb, face, photo)
        return faces

    @staticmethod
    def prepare(rgb: np.ndarray, face: Face, photo: Image.Image | None = None) -> bool:
        """Give a face big enough to recognise its aligned chip and crop; False (and the
        face marked not recognisable) when no detail is left in it. `photo`: `rgb`
        wrapped for PIL, when several faces of it are prepared."""
        chip = dlib.get_face_chip(rgb, _landmarker()(rgb, dlib_box(face.landmarks)),
                                  size=CHIP_SIZE, padding=CHIP_PADDING)
        if sharpness(chip) < MIN_SHARPNESS:
            face.recognisable, face.reason = False, "te onscherp"
            return False
        face.chip, face.crop = chip, align(photo if photo is not None else rgb, face.landmarks)
        return True

    def locate(self, rgb: np.ndarray) -> list[Face]:
        """Every face with its recognisability, without templates."""
        return self.find(rgb)

    def embed(self, faces: list[Face], models: tuple[str, ...] = IN_USE) -> None:
        """Give each recognisable face of `find` its templates of `models` (those it lacks).

        One batch per worker process (a single face too: this process does not hold the
        recognisers when it has workers)."""
        usable = [face for face in faces if face.chip is not None and any(m not in face.templates for m in models)]
        if not usable:
            return
        models = tuple(m for m in models if any(m not in face.templates for face in usable))
        parts = min(self._workers, len(usable))
        batches = [usable[i::parts] for i in range(parts)]
        # Only what the asked models read goes to the workers.
        arguments = ([[f.chip for f in b] if DLIB in models else [] for b in batches],
                     [[f.crop for f in b] if SFACE in models else [] for b in batches], [models] * parts)
        results = (self._executor().map(_embed_batch, *arguments) if self._workers > 1
                   else [_embed_batch(*(a[0] for a in arguments))])
        for batch, rows in zip(batches, results):
            for i, face in enumerate(batch):
                face.templates = {**face.templates, **{model: rows[model][i] for model in models}}

    def analyze(self, rgb: np.ndarray) -> list[Face]:
        """Find every face; recognisable ones get their templates."""
        faces = self.find(rgb)
        self.embed(faces)
        return faces

    def enrol(self, rgb: np.ndarray) -> dict[str, list[np.ndarray]]:
        """Templates per model of the one recognisable face in a reference photo.

        Raises EnrolmentError (Dutch message) unless exactly one face is recognisable.
        """
        found = self.find(rgb)
        usable = [face for face in found if face.chip is not None]
        if not found:
            raise EnrolmentError("geen gezicht gevonden")
        if len(usable) == 0:
            raise EnrolmentError(f"het gezicht is niet herkenbaar ({found[0].reason})")
        if len(usable) > 1:
            raise EnrolmentError(f"{len(usable)} herkenbare gezichten; er mag er maar één op staan")
        chip, crop = usable[0].chip, usable[0].crop
        if self._workers > 1:  # this process does not hold the recognisers
            return self._executor().submit(enrolment_templates, chip, crop).result()
        return enrolment_templates(chip, crop)
