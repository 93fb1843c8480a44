"""Inverted dropout: switch values off at random, scale the survivors up.

During training a Dropout layer keeps each value with probability ``1 - rate`` and
multiplies the kept ones by ``1 / (1 - rate)``, so the expected value of every output
equals its input and nothing has to change at inference, when no value is dropped.
Pure NumPy; the page draws the same mask that Keras would draw in spirit (a Bernoulli
per value), seeded so that a re-sample is a new seed.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

from cnncore.errors import InvalidInput


def dropout_mask(shape, *, rate: float, seed: int | None = None) -> np.ndarray:
    """Which values survive dropout: a boolean array, ``True`` where a value is kept.

    Parameters
    ----------
    shape : int or tuple of int
        Shape of the activation map the mask is for, e.g. ``(H, W)`` or ``(units,)``.
    rate : float
        Probability of dropping each value, in ``[0, 1)``.
    seed : int, optional
        Seed of the random generator; the same seed gives the same mask.

    Returns
    -------
    mask : ndarray of bool, shape ``shape``
        Each entry is ``True`` with probability ``1 - rate``, independently.

    Notes
    -----
    A value is dropped where a uniform draw ``u ~ U[0, 1)`` is below ``rate``, so
    ``rate = 0`` keeps everything.

    Examples
    --------
    >>> mask = dropout_mask((2, 3), rate=0.0, seed=0)
    >>> mask.all()
    np.True_
    """
    check_rate(rate)
    rng = np.random.default_rng(seed)
    return rng.random(shape) >= rate


def dropout(x, *, rate: float, seed: int | None = None,
            mask: np.ndarray | None = None) -> np.ndarray:
    """Apply inverted dropout to an activation map.

    Parameters
    ----------
    x : array_like, any shape
        Activations: a feature map ``(H, W)``, ``(H, W, C)`` or a row of neurons ``(units,)``.
    rate : float
        Probability of dropping each value, in ``[0, 1)``.
    seed : int, optional
        Seed for the mask when ``mask`` is not given.
    mask : ndarray of bool, optional
        A mask from :func:`dropout_mask` with ``x``'s shape, to reuse one draw.

    Returns
    -------
    out : ndarray of float64, shape of ``x``
        ``x / (1 - rate)`` where kept, ``0`` where dropped.

    Notes
    -----
    ``E[out] = (1 - rate) * x / (1 - rate) = x``: the scaling keeps the expected value,
    so the next layer sees activations of the same size in training and at inference.

    Examples
    --------
    >>> dropout([1.0, 2.0, 3.0, 4.0], rate=0.5, mask=np.array([True, False, True, False]))
    array([2., 0., 6., 0.])
    """
    check_rate(rate)
    x = np.asarray(x, dtype=np.float64)
    if mask is None:
        mask = dropout_mask(x.shape, rate=rate, seed=seed)
    elif np.shape(mask) != x.shape:
        raise InvalidInput(
            "mask_shape",
            f"mask must have the shape of x. Received: mask.shape={np.shape(mask)}, x.shape={x.shape}",
            mask_shape=np.shape(mask), shape=x.shape,
        )
    return np.where(mask, x / (1.0 - rate), 0.0)


def check_rate(rate, *, name: str = "rate") -> None:
    """Raise ``ValueError`` unless ``rate`` is a real number in ``[0, 1)``.

    ``name`` is the name the message gives the value (``"dropout"`` in a model config).
    """
    if (isinstance(rate, bool) or not isinstance(rate, Real) or not math.isfinite(rate)
            or not 0 <= rate < 1):
        raise InvalidInput("rate_bad", f"{name} must be a number in [0, 1). Received: {name}={rate!r}",
                           name=name, value=rate)
