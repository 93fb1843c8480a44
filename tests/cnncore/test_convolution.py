"""conv2d against the deck, against SciPy and Keras, its properties, and its bad inputs."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy import signal

from cnncore.ops.convolution import (
    cell_trace,
    conv2d,
    conv_output_size,
    padding_amounts,
    zero_pad,
)
from cnncore.ops.images import DECK_EXAMPLE
from cnncore.ops.kernels import BLUR, IDENTITY, PRESETS

DECK_OUTPUT = [
    [.56, .57, .57, .56],
    [.70, .82, .82, .70],
    [.69, .95, .95, .69],
    [.64, .69, .69, .64],
]
DECK_PADDED = [
    "00000000",
    "01011010",
    "00100100",
    "00111100",
    "00111100",
    "01011010",
    "01100110",
    "00000000",
]


# --- the deck ------------------------------------------------------------------------

def test_deck_worked_example():
    assert_array_equal(conv2d(DECK_EXAMPLE, BLUR).round(2), DECK_OUTPUT)


@pytest.mark.parametrize(("stride", "first_row"), [(1, [.56, .57, .57, .56]), (2, [.56, .57]), (3, [.56, .56])])
def test_deck_strides(stride, first_row):
    out = conv2d(DECK_EXAMPLE, BLUR, stride=stride)
    assert_array_equal(out[0].round(2), first_row)


def test_deck_zero_padding_ring():
    padded = zero_pad(DECK_EXAMPLE, (3, 3), padding=1)
    assert_array_equal(padded, [[int(c) for c in row] for row in DECK_PADDED])
    assert conv2d(DECK_EXAMPLE, BLUR, padding=1).shape == (6, 6)


def test_deck_multiply_then_sum_for_the_first_cell():
    trace = cell_trace(DECK_EXAMPLE, BLUR, 0, 0)
    assert_array_equal(trace.products.round(2), [[.06, 0, .06], [0, .25, 0], [0, .13, .06]])
    assert round(trace.total, 2) == .56
    second = cell_trace(DECK_EXAMPLE, BLUR, 0, 1)
    assert_array_equal(second.products.round(2), [[0, .13, .06], [.13, 0, 0], [.06, .13, .06]])
    assert round(second.total, 2) == .57


# --- references ----------------------------------------------------------------------

def tf_same_pads(n, k, s):
    """The TensorFlow "same" rule, written out independently of cnncore."""
    out = math.ceil(n / s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def reference(image, kernel, stride, padding):
    """scipy.signal.correlate2d on the explicitly padded image, then subsampled."""
    sy, sx = stride if isinstance(stride, tuple) else (stride, stride)
    kh, kw = kernel.shape
    h, w = image.shape[:2]
    if padding == "valid":
        pads = [(0, 0), (0, 0)]
    elif padding == "same":
        pads = [tf_same_pads(h, kh, sy), tf_same_pads(w, kw, sx)]
    else:
        ph, pw = padding if isinstance(padding, tuple) else (padding, padding)
        pads = [(ph, ph), (pw, pw)]
    channels = image[..., None] if image.ndim == 2 else image
    planes = [
        signal.correlate2d(np.pad(channels[..., c], pads), kernel, mode="valid")[::sy, ::sx]
        for c in range(channels.shape[2])
    ]
    out = np.stack(planes, axis=-1)
    return out[..., 0] if image.ndim == 2 else out


KERNEL_SHAPES = [(1, 1), (1, 3), (2, 2), (3, 3), (3, 2), (4, 5), (5, 5), (7, 7), (7, 4)]
STRIDES = [1, 2, 3, 4, (1, 3), (2, 1), (4, 3)]
PADDINGS = ["valid", "same", 0, 1, 2, (1, 3), (0, 2)]


@pytest.mark.parametrize("channels", [1, 3])
@pytest.mark.parametrize("kernel_shape", KERNEL_SHAPES, ids=str)
def test_matches_scipy_correlate2d(kernel_shape, channels):
    rng = np.random.default_rng(hash(kernel_shape) % 2**32)
    for stride, padding in itertools.product(STRIDES, PADDINGS):
        shape = (int(rng.integers(8, 20)), int(rng.integers(8, 20)))
        image = rng.normal(size=shape if channels == 1 else shape + (3,))
        kernel = rng.normal(size=kernel_shape)
        out = conv2d(image, kernel, stride=stride, padding=padding)
        assert_allclose(out, reference(image, kernel, stride, padding), atol=1e-12,
                        err_msg=f"stride={stride}, padding={padding}")
        sy, sx = stride if isinstance(stride, tuple) else (stride, stride)
        py, px = padding if isinstance(padding, tuple) else (padding, padding)
        assert out.shape[:2] == (
            conv_output_size(shape[0], kernel_shape[0], stride=sy, padding=py),
            conv_output_size(shape[1], kernel_shape[1], stride=sx, padding=px),
        )
        assert out.shape[2:] == image.shape[2:]


@pytest.fixture(scope="module")
def keras():
    import keras

    return keras


# Moderate in number: each case is a Keras layer called eagerly on an array.
KERAS_CASES = [
    ((3, 3), 1, "valid", 1), ((3, 3), 1, "same", 3), ((3, 3), 2, "same", 1),
    ((3, 3), 3, "valid", 3), ((2, 2), 2, "same", 1), ((4, 5), (2, 3), "same", 3),
    ((5, 5), 4, "same", 1), ((7, 7), 1, "same", 1), ((7, 4), (3, 1), "valid", 3),
    ((1, 1), 2, "valid", 1), ((1, 3), 1, 2, 3), ((5, 2), (1, 2), (1, 3), 1),
    ((6, 6), 3, "same", 3), ((3, 3), 4, 1, 1),
]


@pytest.mark.parametrize(("kernel_shape", "stride", "padding", "channels"), KERAS_CASES, ids=str)
def test_matches_keras_conv2d_with_assigned_weights(keras, kernel_shape, stride, padding, channels):
    rng = np.random.default_rng(7)
    image = rng.normal(size=(13, 17, channels)).astype(np.float32)
    kernel = rng.normal(size=kernel_shape).astype(np.float32)
    layers = []
    if not isinstance(padding, str):
        layers.append(keras.layers.ZeroPadding2D(padding))
    conv = keras.layers.Conv2D(1, kernel_shape, strides=stride,
                               padding=padding if isinstance(padding, str) else "valid",
                               use_bias=False)
    layers.append(conv)
    # Channels become the batch, so one 1-filter Conv2D applies the kernel per channel.
    x = np.moveaxis(image, -1, 0)[..., None]   # (C, H, W, 1)
    for layer in layers:
        if layer is conv:
            conv.build(x.shape)
            conv.set_weights([kernel[:, :, None, None]])
        x = keras.ops.convert_to_numpy(layer(x))
    expected = np.moveaxis(x[..., 0], 0, -1)   # (oh, ow, C)
    out = conv2d(image, kernel, stride=stride, padding=padding)
    assert out.dtype == np.float64
    assert_allclose(out, expected, rtol=1e-4, atol=1e-4)


# --- output size ---------------------------------------------------------------------

@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((6, 3), {}, 4),
        ((6, 3), {"stride": 2}, 2),
        ((6, 3), {"stride": 3}, 2),
        ((6, 3), {"padding": 1}, 6),
        ((28, 3), {"padding": "same"}, 28),
        ((28, 2), {"stride": 2, "padding": "same"}, 14),
        ((7, 2), {"stride": 2, "padding": "same"}, 4),
        ((5, 9), {"padding": "same"}, 5),
        ((5, 5), {}, 1),
    ],
)
def test_conv_output_size(args, kwargs, expected):
    assert conv_output_size(*args, **kwargs) == expected


def test_padding_amounts_put_the_odd_pixel_last():
    assert padding_amounts(6, 3, padding="same") == (1, 1)
    assert padding_amounts(6, 4, padding="same") == (1, 2)
    assert padding_amounts(6, 3, stride=2, padding="same") == (0, 1)
    assert padding_amounts(6, 3, padding=2) == (2, 2)
    assert padding_amounts(6, 3, padding="valid") == (0, 0)


# --- properties ----------------------------------------------------------------------

@pytest.mark.parametrize("padding", ["same", 1])
def test_identity_kernel_returns_the_image(padding):
    image = np.random.default_rng(1).random((9, 11, 3))
    assert_array_equal(conv2d(image, IDENTITY, padding=padding), image)
    assert_array_equal(conv2d(image, IDENTITY, stride=2, padding=padding), image[::2, ::2])


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_zeros_in_zeros_out(name):
    for stride in (1, 2):
        out = conv2d(np.zeros((10, 12)), PRESETS[name], stride=stride, padding="same")
        assert not out.any()


def test_step_image_gives_an_edge_on_exactly_one_line():
    image = np.zeros((12, 12))
    image[:, 6:] = 1.0                              # dark | bright, between columns 5 and 6
    edges = conv2d(image, [[-1, 1]])                # (12, 11)
    assert_array_equal(np.flatnonzero(edges.any(axis=0)), [5])
    assert (edges[:, 5] == 1).all()
    sobel = conv2d(image, PRESETS["sobel_horizontal"])
    assert not sobel.any()                          # no horizontal edge anywhere


@pytest.mark.parametrize("dtype", [np.uint8, np.int16, np.int64, np.float16, np.float32, np.float64, bool])
@pytest.mark.parametrize("stride", [1, 2])
def test_every_dtype_in_float64_out(dtype, stride):
    image = (np.arange(30).reshape(5, 6) % 2).astype(dtype)
    out = conv2d(image, BLUR, stride=stride, padding="same")
    assert out.dtype == np.float64
    assert_allclose(out, conv2d(image.astype(np.float64), BLUR, stride=stride, padding="same"))


def test_input_is_not_modified():
    image = np.random.default_rng(3).random((8, 8))
    before = image.copy()
    conv2d(image, BLUR, stride=2, padding="same")
    conv2d(image, BLUR, padding=3)
    assert_array_equal(image, before)


def test_cell_trace_matches_conv2d_everywhere():
    image = np.random.default_rng(4).random((7, 9))
    kernel = np.random.default_rng(5).random((2, 3))
    for stride, padding in [(1, "valid"), (2, "same"), ((3, 2), 1)]:
        out = conv2d(image, kernel, stride=stride, padding=padding)
        for row, col in np.ndindex(out.shape):
            trace = cell_trace(image, kernel, row, col, stride=stride, padding=padding)
            assert trace.total == pytest.approx(out[row, col])
            assert_allclose(trace.products, trace.window * kernel)


# --- bad input -----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("kwargs", "received"),
    [
        ({"stride": 0}, "stride=0"),
        ({"stride": -1}, "stride=-1"),
        ({"stride": 1.5}, "stride=1.5"),
        ({"stride": 2.0}, "stride=2.0"),
        ({"stride": True}, "stride=True"),
        ({"stride": (1, 0)}, "stride=0"),
        ({"stride": (1, 2, 3)}, "stride=(1, 2, 3)"),
        ({"padding": -1}, "padding=-1"),
        ({"padding": (1, -2)}, "padding=-2"),
        ({"padding": 1.5}, "padding=1.5"),
        ({"padding": "full"}, "padding='full'"),
    ],
)
def test_bad_stride_or_padding(kwargs, received):
    with pytest.raises(ValueError, match="Received") as info:
        conv2d(DECK_EXAMPLE, BLUR, **kwargs)
    assert received in str(info.value)


@pytest.mark.parametrize(
    ("image", "kernel", "kwargs", "received"),
    [
        (DECK_EXAMPLE, np.ones((7, 3)), {}, "kernel with shape (7, 3)"),
        (DECK_EXAMPLE, np.ones((3, 9)), {"padding": 1}, "padded to 8"),
        (DECK_EXAMPLE, np.ones((0, 3)), {}, "shape (0, 3)"),
        (DECK_EXAMPLE, [[1, np.nan, 0]], {}, "nan"),
        (np.ones(6), BLUR, {}, "shape (6,)"),
        (np.ones((2, 2, 2, 2)), BLUR, {}, "shape (2, 2, 2, 2)"),
        (np.ones((0, 4)), BLUR, {}, "shape (0, 4)"),
        (np.array([["a"]]), BLUR, {}, "dtype <U1"),
    ],
)
def test_bad_image_or_kernel(image, kernel, kwargs, received):
    with pytest.raises(ValueError, match="Received") as info:
        conv2d(image, kernel, **kwargs)
    assert received in str(info.value)


@pytest.mark.parametrize(
    ("args", "kwargs", "received"),
    [
        ((0, 3), {}, "n=0"),
        ((6, 0), {}, "k=0"),
        ((6, 3), {"stride": 0}, "stride=0"),
        ((6, 3), {"padding": -1}, "padding=-1"),
        ((6, 9), {"padding": 1}, "k=9"),
        ((6.0, 3), {}, "n=6.0"),
    ],
)
def test_bad_output_size_arguments(args, kwargs, received):
    with pytest.raises(ValueError, match="Received") as info:
        conv_output_size(*args, **kwargs)
    assert received in str(info.value)


@pytest.mark.parametrize(("row", "col", "received"), [(4, 0, "row=4"), (0, -1, "col=-1"), (0.5, 0, "row=0.5")])
def test_cell_trace_rejects_cells_outside_the_output(row, col, received):
    with pytest.raises(ValueError, match=received):
        cell_trace(DECK_EXAMPLE, BLUR, row, col)


def test_cell_trace_rejects_colour_images():
    with pytest.raises(ValueError, match=r"shape \(6, 6, 3\)"):
        cell_trace(np.ones((6, 6, 3)), BLUR, 0, 0)
