"""Pooling: shrink a feature map by keeping one number per window.

Max pooling keeps the strongest response in each window, average pooling the mean. Both
slide a ``size``×``size`` window at ``stride`` (default: ``size``, so windows tile the map)
and follow the output-size rule of :func:`cnncore.ops.convolution.conv_output_size`.
Pure NumPy, vectorised with ``sliding_window_view``; no Keras.
"""

from __future__ import annotations


import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from cnncore.checks import is_positive_int
from cnncore.errors import InvalidInput
from cnncore.ops.convolution import PADDINGS, conv_output_size, padding_amounts

MODES = ("max", "average")


def pool2d(x, *, size: int = 2, stride: int | None = None, mode: str = "max",
           padding: str = "valid") -> np.ndarray:
    """Max or average pooling of a feature map, channel by channel.

    Parameters
    ----------
    x : (H, W) or (H, W, C) array_like
        The feature map; each channel is pooled on its own.
    size : int, default 2
        The window is ``size``×``size``.
    stride : int, optional
        Step between windows; defaults to ``size``, so windows do not overlap.
    mode : {"max", "average"}, default "max"
    padding : {"valid", "same"}, default "valid"
        ``"valid"`` keeps only windows that fit; ``"same"`` pads so that every input
        pixel is covered, as TensorFlow and Keras do.

    Returns
    -------
    out : (H_out, W_out) or (H_out, W_out, C) ndarray of float64
        Same number of axes as ``x``.

    Raises
    ------
    ValueError
        A size or stride that is not a positive integer, an unknown mode or padding, an
        input that is not 2-D or 3-D or is empty, or a window larger than a ``"valid"`` map.

    Notes
    -----
    Output size per axis of length ``n``, window ``k``, stride ``s``:
    ``"valid"``: ``floor((n - k) / s) + 1``; ``"same"``: ``ceil(n / s)``.
    ``"same"`` pads ``max((out - 1)·s + k - n, 0)`` cells in all, half before and the
    extra one after (bottom/right). Padded cells never count: max pooling ignores them,
    average pooling divides by the number of real cells in the window (TensorFlow's rule).

    Examples
    --------
    The course's 4×4 example, 2×2 max pooling at stride 2:

    >>> x = [[110, 256, 153, 67], [12, 89, 88, 43], [10, 15, 50, 55], [23, 9, 49, 23]]
    >>> pool2d(x)
    array([[256., 153.],
           [ 23.,  55.]])
    >>> pool2d(x, mode="average")
    array([[116.75,  87.75],
           [ 14.25,  44.25]])
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim not in (2, 3) or x.size == 0:
        raise InvalidInput("pool_input_bad",
                           f"x must be a non-empty (H, W) or (H, W, C) array. Received: x.shape={x.shape}",
                           shape=x.shape)
    if not is_positive_int(size):
        raise InvalidInput("pool_size_bad",
                           f"pool size must be a positive integer. Received: size={size!r}", value=size)
    stride = size if stride is None else stride
    if not is_positive_int(stride):
        raise InvalidInput("pool_stride_bad",
                           f"pool stride must be a positive integer. Received: stride={stride!r}",
                           value=stride)
    if mode not in MODES:
        raise InvalidInput("pool_mode_bad",
                           f"pool mode must be 'max' or 'average'. Received: mode={mode!r}", value=mode)
    if padding not in PADDINGS:
        raise InvalidInput("pool_padding_bad",
                           f"pool padding must be 'valid' or 'same'. Received: padding={padding!r}",
                           value=padding)
    out = _pool(x if x.ndim == 3 else x[..., None], int(size), int(stride), mode, padding)
    return out if x.ndim == 3 else out[..., 0]


def _pool(x: np.ndarray, size: int, stride: int, mode: str, padding: str) -> np.ndarray:
    """Pool an (H, W, C) float64 map; arguments already checked."""
    out_shape, pads = [], []
    for n in x.shape[:2]:
        try:
            out = conv_output_size(n, size, stride=stride, padding=padding)
        except ValueError:
            out = 0
        if out < 1:
            raise InvalidInput(
                "pool_too_big",
                f"a {size}×{size} pool with {padding!r} padding does not fit a "
                f"{x.shape[0]}×{x.shape[1]} map. Received: size={size}, x.shape={x.shape}",
                size=size, padding=padding, h=x.shape[0], w=x.shape[1],
            )
        out_shape.append(out)
        pads.append(padding_amounts(n, size, stride=stride, padding=padding))   # extra: after
    oh, ow = out_shape

    def windows(a: np.ndarray, fill: float) -> np.ndarray:
        a = np.pad(a, pads + [(0, 0)] * (a.ndim - 2), constant_values=fill)
        view = sliding_window_view(a, (size, size), axis=(0, 1))   # (H', W', [C,] k, k)
        return view[::stride, ::stride][:oh, :ow]

    if mode == "max":
        return windows(x, -np.inf).max(axis=(-2, -1))                     # (oh, ow, C)
    sums = windows(x, 0.0).sum(axis=(-2, -1))                              # (oh, ow, C)
    counts = windows(np.ones(x.shape[:2]), 0.0).sum(axis=(-2, -1))         # (oh, ow)
    return sums / counts[..., None]

