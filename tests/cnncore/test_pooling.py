"""pool2d against the course's example, scikit-image's block_reduce and Keras pooling layers."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from skimage.measure import block_reduce

from cnncore.ops.pooling import pool2d

DECK_INPUT = [[110, 256, 153, 67], [12, 89, 88, 43], [10, 15, 50, 55], [23, 9, 49, 23]]
MODES = ["max", "average"]
PADDINGS = ["valid", "same"]
SIZES = [1, 2, 3]
STRIDES = [None, 1, 2, 3]
SHAPES = [(7, 7, 2), (6, 5, 1), (5, 8, 3)]   # odd, even and mixed sides, 1–3 channels


def test_deck_example_max_pool():
    assert_array_equal(pool2d(DECK_INPUT, size=2, stride=2, mode="max"), [[256, 153], [23, 55]])


def test_deck_example_average_pool():
    assert_allclose(pool2d(DECK_INPUT, mode="average"), [[116.75, 87.75], [14.25, 44.25]])


@pytest.mark.parametrize("dtype", [np.uint8, np.int64, np.float32, np.float64, bool])
def test_every_dtype_gives_float64(dtype):
    out = pool2d(np.ones((4, 4), dtype=dtype), mode="average")
    assert out.dtype == np.float64
    assert_array_equal(out, np.ones((2, 2)))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("padding", PADDINGS)
def test_constant_map_stays_constant(mode, padding):
    # Padded cells never count, so a constant map pools to the same constant everywhere.
    out = pool2d(np.full((5, 7), 3.0), size=3, stride=2, mode=mode, padding=padding)
    assert_array_equal(out, np.full(out.shape, 3.0))


@pytest.mark.parametrize("mode", MODES)
def test_two_dimensional_input_equals_one_channel(mode):
    x = np.random.default_rng(1).normal(size=(6, 6))
    assert_array_equal(pool2d(x, mode=mode), pool2d(x[..., None], mode=mode)[..., 0])


def test_stride_defaults_to_size():
    x = np.random.default_rng(2).normal(size=(9, 9))
    assert_array_equal(pool2d(x, size=3), pool2d(x, size=3, stride=3))
    assert pool2d(x, size=3).shape == (3, 3)


def test_same_padding_puts_the_extra_cell_bottom_right():
    # 3×3 windows at stride 2 on 4 cells: out 2, pad total 1, all of it after.
    x = np.arange(16.0).reshape(4, 4)
    assert_array_equal(pool2d(x, size=3, stride=2, mode="max", padding="same"),
                       [[10, 11], [14, 15]])


@pytest.mark.parametrize("mode, reduce", [("max", np.max), ("average", np.mean)])
@pytest.mark.parametrize("size", [1, 2, 3])
@pytest.mark.parametrize("shape", SHAPES)
def test_matches_skimage_block_reduce(mode, reduce, size, shape):
    # block_reduce tiles without overlap: stride == size, "valid" once the map is cropped.
    x = np.random.default_rng(3).normal(size=shape)
    oh, ow = shape[0] // size, shape[1] // size
    expected = block_reduce(x[: oh * size, : ow * size], (size, size, 1), reduce)
    assert_allclose(pool2d(x, size=size, mode=mode), expected)


@pytest.fixture(scope="module")
def keras_layers():
    keras = pytest.importorskip("keras")
    return keras, {"max": keras.layers.MaxPooling2D, "average": keras.layers.AveragePooling2D}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("padding", PADDINGS)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("stride", STRIDES)
def test_matches_keras_pooling(keras_layers, mode, padding, size, stride):
    keras, layer = keras_layers
    rng = np.random.default_rng(size * 10 + (stride or 0))
    for shape in SHAPES:
        x = rng.normal(size=shape)
        pool = layer[mode](size, strides=stride, padding=padding)
        expected = keras.ops.convert_to_numpy(pool(x[None].astype("float32")))[0]   # (H', W', C)
        out = pool2d(x, size=size, stride=stride, mode=mode, padding=padding)
        assert out.shape == expected.shape, shape
        assert_allclose(out, expected, rtol=1e-5, atol=1e-6, err_msg=str(shape))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"size": 0}, "pool size must be a positive integer. Received: size=0"),
        ({"size": 2.0}, "Received: size=2.0"),
        ({"size": True}, "Received: size=True"),
        ({"stride": -1}, "pool stride must be a positive integer. Received: stride=-1"),
        ({"mode": "min"}, "pool mode must be 'max' or 'average'. Received: mode='min'"),
        ({"padding": "full"}, "pool padding must be 'valid' or 'same'. Received: padding='full'"),
        ({"size": 5}, "a 5×5 pool with 'valid' padding does not fit a 4×4 map"),
    ],
)
def test_invalid_arguments_name_what_was_received(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        pool2d(DECK_INPUT, **kwargs)


@pytest.mark.parametrize("x", [np.zeros(4), np.zeros((2, 2, 2, 2)), np.zeros((0, 3))])
def test_input_must_be_a_non_empty_map(x):
    with pytest.raises(ValueError, match="Received: x.shape="):
        pool2d(x)


def test_window_larger_than_map_is_fine_with_same_padding():
    assert_array_equal(pool2d(DECK_INPUT, size=5, padding="same"), [[256]])
