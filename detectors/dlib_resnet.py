"""dlib's face-recognition ResNet (dlib_face_recognition_resnet_model_v1), run by onnxruntime.

dlib-bin is built without BLAS: its network costs ~80 ms a face. The same weights in
onnxruntime give the same 128-d descriptors (within ~1e-5) several times faster, so
templates stored by dlib stay valid. The model file is read as dlib wrote it
(dlib/serialize.h, dlib/dnn/core.h, layers.h, input.h: each layer after the layers it
reads from, its tensors as little-endian float32) and the graph is built in memory
at load: nothing is converted at setup or written to disk.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

CHIP_SIZE = 150


@dataclass
class Layer:
    kind: str  # con, affine, relu, max_pool, avg_pool, add_prev, fc
    size: tuple[int, int] = (0, 0)  # window rows, columns (pools, con)
    stride: tuple[int, int] = (1, 1)
    padding: tuple[int, int] = (0, 0)
    weights: list[np.ndarray] = field(default_factory=list)


class _Reader:
    """dlib's serialization primitives over the bytes of a model file."""

    def __init__(self, data: bytes):
        self.data = data
        self.at = 0

    def integer(self) -> int:
        control = self.data[self.at]
        size = control & 0x0F
        value = int.from_bytes(self.data[self.at + 1:self.at + 1 + size], "little")
        self.at += 1 + size
        return -value if control & 0x80 else value

    def boolean(self) -> bool:
        value = self.data[self.at:self.at + 1]
        self.at += 1
        if value not in (b"0", b"1"):
            raise ValueError(f"not a dlib bool at byte {self.at - 1}")
        return value == b"1"

    def real(self) -> float:
        mantissa = self.integer()
        exponent = self.integer()
        return float(mantissa) * 2.0 ** exponent

    def text(self) -> str:
        size = self.integer()
        value = self.data[self.at:self.at + size].decode("ascii")
        self.at += size
        return value

    def tensor(self) -> np.ndarray:
        if self.integer() != 2:
            raise ValueError("unsupported dlib tensor version")
        shape = tuple(self.integer() for _ in range(4))
        count = int(np.prod(shape))
        values = np.frombuffer(self.data, dtype="<f4", count=count, offset=self.at).reshape(shape)
        self.at += 4 * count
        return values

    def alias_tensor(self) -> tuple[int, ...]:
        if self.integer() != 1:
            raise ValueError("unsupported dlib alias_tensor version")
        return tuple(self.integer() for _ in range(4))


def _layer(reader: _Reader) -> Layer:
    """One layer's details as dlib 19.x wrote them for this model (con_4, affine_,
    relu_, max_pool_2, avg_pool_2, add_prev_, fc_2), then add_layer's bookkeeping."""
    name = reader.text()
    if name == "con_4":
        params = reader.tensor()
        filters = reader.integer()
        rows, columns, stride_y, stride_x = (reader.integer() for _ in range(4))
        padding = (reader.integer(), reader.integer())
        shape = reader.alias_tensor()
        reader.alias_tensor()  # biases
        for _ in range(4):
            reader.real()  # learning-rate and weight-decay multipliers
        flat = params.reshape(-1)
        kernel = flat[:int(np.prod(shape))].reshape(shape)
        bias = flat[int(np.prod(shape)):int(np.prod(shape)) + filters]
        layer = Layer("con", (rows, columns), (stride_y, stride_x), padding, [kernel, bias])
    elif name == "affine_":
        params = reader.tensor().reshape(-1)
        channels = int(np.prod(reader.alias_tensor()))
        reader.alias_tensor()
        if reader.integer() != 0:  # CONV_MODE: one gamma and beta per channel
            raise ValueError("affine layer not in convolution mode")
        layer = Layer("affine", weights=[params[:channels], params[channels:2 * channels]])
    elif name == "relu_":
        layer = Layer("relu")
    elif name in ("max_pool_2", "avg_pool_2"):
        rows, columns, stride_y, stride_x = (reader.integer() for _ in range(4))
        padding = (reader.integer(), reader.integer())
        layer = Layer(name[:-2], (rows, columns), (stride_y, stride_x), padding)
    elif name == "add_prev_":
        layer = Layer("add_prev")
    elif name == "fc_2":
        outputs, inputs = reader.integer(), reader.integer()
        params = reader.tensor().reshape(-1)
        reader.alias_tensor()
        reader.alias_tensor()
        if reader.integer() != 1:  # FC_NO_BIAS
            raise ValueError("fc layer with a bias")
        for _ in range(4):
            reader.real()
        layer = Layer("fc", weights=[params[:inputs * outputs].reshape(inputs, outputs)])
    else:
        raise ValueError(f"unexpected dlib layer {name!r}")
    for _ in range(3):
        reader.boolean()
    for _ in range(3):  # x_grad, cached_output, params_grad: empty in a saved model
        reader.tensor()
    return layer


def read_network(data: bytes) -> tuple[tuple[float, float, float], list[Layer]]:
    """The input's channel means and the layers, input first."""
    reader = _Reader(data)
    reader.integer()
    if reader.text() != "loss_metric_2":
        raise ValueError("not dlib's metric-learning network")
    reader.real(), reader.real()
    # One version number per layer wrapper, outermost first, down to the one that holds
    # the input: version 3 of that wrapper ends with a sample expansion factor.
    reader.at = data.index(b"\x01\x03\x01\x15input_rgb_image_sized") + 2
    if reader.text() != "input_rgb_image_sized":
        raise ValueError("no sized RGB input")
    means = (reader.real(), reader.real(), reader.real())
    if (reader.integer(), reader.integer()) != (CHIP_SIZE, CHIP_SIZE):
        raise ValueError("input is not 150x150")
    layers = [_layer(reader)]
    if reader.integer() != 1:
        raise ValueError("unexpected sample expansion factor")
    while reader.at < len(data):
        layers.append(_layer(reader))
    return means, layers


class _Graph:
    """Builds the ONNX graph while tracking each value's static shape (C, H, W)."""

    def __init__(self):
        self.nodes: list[onnx.NodeProto] = []
        self.weights: list[onnx.TensorProto] = []
        self.count = 0

    def name(self, stem: str) -> str:
        self.count += 1
        return f"{stem}{self.count}"

    def constant(self, value: np.ndarray) -> str:
        name = self.name("w")
        self.weights.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(self, op: str, inputs: list[str], **attributes) -> str:
        output = self.name(op.lower())
        self.nodes.append(helper.make_node(op, inputs, [output], **attributes))
        return output

    def padded(self, value: str, shape: tuple[int, int, int], to: tuple[int, int, int]) -> str:
        """dlib adds tensors of different sizes as if the smaller had zeros after its end."""
        if shape == to:
            return value
        extra = [0, 0, 0, 0, 0] + [t - s for s, t in zip(shape, to)]
        return self.node("Pad", [value, self.constant(np.array(extra, dtype=np.int64))])


def _pooled_size(size: int, window: int, stride: int, padding: int) -> int:
    return 1 + (size + 2 * padding - window) // stride


def onnx_model(means: tuple[float, float, float], layers: list[Layer]) -> bytes:
    """The network as ONNX: uint8 chips (N, 150, 150, 3) in, (N, 128) descriptors out."""
    graph = _Graph()
    pixels = graph.node("Cast", ["chips"], to=TensorProto.FLOAT)
    centred = graph.node("Sub", [pixels, graph.constant(np.array(means, dtype=np.float32))])
    scaled = graph.node("Div", [centred, graph.constant(np.array(256.0, dtype=np.float32))])
    value = graph.node("Transpose", [scaled], perm=[0, 3, 1, 2])
    shape = (3, CHIP_SIZE, CHIP_SIZE)
    # A residual unit starts after the first max_pool or after the relu that follows an
    # add_prev; what it adds back is the unit's input, average-pooled when the unit has a
    # pool of its own (dlib's skip1 goes back to the unit's tag1).
    unit_input, unit_shape = value, shape
    skip, skip_shape = value, shape
    after_add = False
    for layer in layers:
        if layer.kind == "con":
            kernel, bias = layer.weights
            value = graph.node("Conv", [value, graph.constant(kernel), graph.constant(bias)],
                               kernel_shape=list(layer.size), strides=list(layer.stride),
                               pads=[layer.padding[0], layer.padding[1]] * 2)
            shape = (kernel.shape[0],) + tuple(
                _pooled_size(s, w, st, p) for s, w, st, p in zip(shape[1:], layer.size, layer.stride, layer.padding))
        elif layer.kind == "affine":
            gamma, beta = (w.reshape(1, -1, 1, 1) for w in layer.weights)
            value = graph.node("Add", [graph.node("Mul", [value, graph.constant(gamma)]), graph.constant(beta)])
        elif layer.kind == "relu":
            value = graph.node("Relu", [value])
            if after_add:
                unit_input, unit_shape = value, shape
                skip, skip_shape = value, shape
        elif layer.kind == "max_pool":
            value = graph.node("MaxPool", [value], kernel_shape=list(layer.size), strides=list(layer.stride),
                               pads=[layer.padding[0], layer.padding[1]] * 2)
            shape = (shape[0],) + tuple(
                _pooled_size(s, w, st, p) for s, w, st, p in zip(shape[1:], layer.size, layer.stride, layer.padding))
            unit_input, unit_shape = value, shape
            skip, skip_shape = value, shape
        elif layer.kind == "avg_pool" and layer.size == (0, 0):  # avg_pool_everything
            value = graph.node("GlobalAveragePool", [value])
            shape = (shape[0], 1, 1)
        elif layer.kind == "avg_pool":
            if layer.padding != (0, 0):
                raise ValueError("padded average pool")
            # The pool belongs to the skip path (skip1 returns to the unit's input).
            skip = graph.node("AveragePool", [unit_input], kernel_shape=list(layer.size),
                              strides=list(layer.stride))
            skip_shape = (unit_shape[0],) + tuple(
                _pooled_size(s, w, st, 0) for s, w, st in zip(unit_shape[1:], layer.size, layer.stride))
        elif layer.kind == "add_prev":
            total = tuple(max(a, b) for a, b in zip(shape, skip_shape))
            value = graph.node("Add", [graph.padded(value, shape, total), graph.padded(skip, skip_shape, total)])
            shape = total
        elif layer.kind == "fc":
            flat = graph.node("Flatten", [value], axis=1)
            value = graph.node("MatMul", [flat, graph.constant(layer.weights[0])])
        after_add = layer.kind == "add_prev"
    graph.nodes.append(helper.make_node("Identity", [value], ["descriptors"]))
    model = helper.make_model(
        helper.make_graph(graph.nodes, "dlib_face_recognition_resnet_model_v1",
                          [helper.make_tensor_value_info("chips", TensorProto.UINT8, [None, CHIP_SIZE, CHIP_SIZE, 3])],
                          [helper.make_tensor_value_info("descriptors", TensorProto.FLOAT, [None, 128])],
                          initializer=graph.weights),
        opset_imports=[helper.make_opsetid("", 17)], ir_version=8)  # onnxruntime >= 1.17 reads IR 8
    return model.SerializeToString()


class DlibResNet:
    """dlib's descriptors of aligned 150 px chips (dlib.get_face_chip, padding 0.25)."""

    def __init__(self, model_path: str, threads: int = 1):
        with open(model_path, "rb") as file:
            means, layers = read_network(file.read())
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Without onnxruntime's arena a batch's activations are freed after its run, not
        # kept at their largest: ~10 MB less per face worker, no slower (measured).
        options.enable_cpu_mem_arena = False
        self._session = ort.InferenceSession(onnx_model(means, layers), options,
                                             providers=["CPUExecutionProvider"])

    def describe(self, chips: list[np.ndarray]) -> np.ndarray:
        """(N, 128) float32 descriptors, one per chip."""
        if not chips:
            return np.empty((0, 128), dtype=np.float32)
        return self._session.run(None, {"chips": np.stack(chips).astype(np.uint8, copy=False)})[0]
