"""Inverted dropout: the dropped share matches the rate, the expected value is kept."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from cnncore.ops.dropout import dropout, dropout_mask

RATES = [0.0, 0.2, 0.4, 0.5, 0.9]


@pytest.mark.parametrize("rate", RATES)
def test_dropped_share_matches_rate(rate):
    # 200 masks of 1,000 values: the share's standard error is below 0.0011.
    shares = [1 - dropout_mask(1_000, rate=rate, seed=seed).mean() for seed in range(200)]
    assert abs(np.mean(shares) - rate) < 0.006


@pytest.mark.parametrize("rate", RATES)
def test_expected_value_is_preserved(rate):
    n = 4_000
    x = np.linspace(0.5, 2.0, 12).reshape(3, 4)
    mean = np.mean([dropout(x, rate=rate, seed=seed) for seed in range(n)], axis=0)
    # Each output is x/(1-rate) or 0: relative standard error sqrt(rate/(1-rate)/n); allow 5.
    assert_allclose(mean, x, rtol=5 * np.sqrt(rate / (1 - rate) / n) + 1e-12)


def test_rate_zero_keeps_everything_unchanged():
    x = np.random.default_rng(0).normal(size=(5, 6))
    assert_array_equal(dropout(x, rate=0.0, seed=1), x)


def test_kept_values_are_scaled_and_dropped_are_zero():
    x = np.arange(1.0, 101.0).reshape(10, 10)
    mask = dropout_mask(x.shape, rate=0.4, seed=3)
    out = dropout(x, rate=0.4, mask=mask)
    assert_allclose(out[mask], x[mask] / 0.6)
    assert_array_equal(out[~mask], 0.0)


def test_same_seed_same_mask_new_seed_new_mask():
    a = dropout_mask((8, 8), rate=0.5, seed=7)
    assert_array_equal(a, dropout_mask((8, 8), rate=0.5, seed=7))
    assert not np.array_equal(a, dropout_mask((8, 8), rate=0.5, seed=8))


def test_seeded_dropout_uses_the_seeded_mask():
    x = np.ones((4, 4))
    mask = dropout_mask(x.shape, rate=0.2, seed=5)
    assert_array_equal(dropout(x, rate=0.2, seed=5), dropout(x, rate=0.2, mask=mask))


@pytest.mark.parametrize("dtype", [np.uint8, np.int32, np.float32, bool])
def test_output_is_float64(dtype):
    assert dropout(np.ones((3, 3), dtype=dtype), rate=0.2, seed=0).dtype == np.float64


@pytest.mark.parametrize("rate", [-0.1, 1.0, 1.5, float("nan"), "0.2", True, None])
def test_rate_outside_zero_one_is_refused(rate):
    with pytest.raises(ValueError, match=r"rate must be a number in \[0, 1\). Received: rate="):
        dropout_mask(4, rate=rate)
    with pytest.raises(ValueError, match="Received: rate="):
        dropout(np.ones(4), rate=rate)


def test_mask_of_another_shape_is_refused():
    with pytest.raises(ValueError, match=r"mask must have the shape of x. Received: mask.shape=\(3,\)"):
        dropout(np.ones(4), rate=0.5, mask=np.ones(3, dtype=bool))
