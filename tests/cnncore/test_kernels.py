"""The preset kernels hold the deck's numbers; custom kernels are checked where they enter."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from cnncore.ops import kernels
from cnncore.ops.kernels import PRESETS, validate_kernel

DECK = {
    "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
    "blur": [[.06, .13, .06], [.13, .25, .13], [.06, .13, .06]],
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    "brighten": [[0, 0, 0], [0, 1.5, 0], [0, 0, 0]],
    "darken": [[0, 0, 0], [0, .5, 0], [0, 0, 0]],
    "sobel_vertical": [[1, 0, -1], [2, 0, -2], [1, 0, -1]],
    "sobel_horizontal": [[1, 2, 1], [0, 0, 0], [-1, -2, -1]],
}


@pytest.mark.parametrize("name", DECK)
def test_deck_kernels_are_exact(name):
    assert_array_equal(PRESETS[name], np.array(DECK[name], dtype=np.float64))


def test_presets_include_the_well_known_others():
    for name in ("box_blur", "gaussian_5x5", "laplacian", "emboss", "outline"):
        assert name in PRESETS
    assert PRESETS["gaussian_5x5"].shape == (5, 5)
    assert PRESETS["gaussian_5x5"].sum() == pytest.approx(1.0)
    assert PRESETS["box_blur"].sum() == pytest.approx(1.0)
    assert PRESETS["laplacian"].sum() == PRESETS["outline"].sum() == 0


def test_presets_are_float64_read_only_and_upper_case_constants():
    for name, kernel in PRESETS.items():
        assert kernel.dtype == np.float64 and kernel.ndim == 2
        assert not kernel.flags.writeable, name
        assert getattr(kernels, name.upper()) is kernel
    with pytest.raises(ValueError):
        PRESETS["blur"][0, 0] = 1.0


def test_deck_gallery_names_presets():
    assert set(kernels.DECK_GALLERY) <= set(PRESETS)
    assert len(kernels.DECK_GALLERY) == 6


@pytest.mark.parametrize("shape", [(1, 1), (1, 9), (9, 1), (2, 5), (9, 9)])
def test_validate_kernel_accepts_1x1_to_9x9_square_or_not(shape):
    raw = np.arange(np.prod(shape), dtype=np.int32).reshape(shape)
    kernel = validate_kernel(raw)
    assert kernel.dtype == np.float64 and kernel.shape == shape
    kernel[0, 0] = 99
    assert raw[0, 0] == 0   # a copy, never a view


@pytest.mark.parametrize(
    ("bad", "received"),
    [
        (np.zeros((10, 3)), "(10, 3)"),
        (np.zeros((3, 10)), "(3, 10)"),
        (np.zeros((0, 3)), "(0, 3)"),
        (np.zeros((3,)), "(3,)"),
        (np.zeros((3, 3, 3)), "(3, 3, 3)"),
        ([[1, np.nan], [0, 1]], "kernel[0, 1]=nan"),
        ([[1, 0], [np.inf, 1]], "kernel[1, 0]=inf"),
        ([["a", 1]], "'a'"),
        ([[1, 2], [3]], "[[1, 2], [3]]"),
    ],
)
def test_validate_kernel_rejects_and_names_what_it_received(bad, received):
    with pytest.raises(ValueError, match="Received") as info:
        validate_kernel(bad)
    assert received in str(info.value)


def test_validate_kernel_max_side_none_allows_large_kernels():
    assert validate_kernel(np.ones((11, 11)), max_side=None).shape == (11, 11)
