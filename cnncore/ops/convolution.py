"""2-D convolution as deep-learning libraries compute it: cross-correlation with stride
and zero padding, exact and fast, plus the shape arithmetic and a cell-by-cell trace.

Every function checks its inputs where they enter and raises ``ValueError`` naming what
it received. :func:`conv_output_size` is the one output-size formula of CNN Lab: the
Convolution page, the model builder and the tests all call it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from cnncore.checks import is_int, positive_int
from cnncore.errors import InvalidInput
from cnncore.ops.kernels import validate_kernel

PADDINGS = ("valid", "same")


def conv2d(image, kernel, *, stride=1, padding="valid") -> np.ndarray:
    """Slide ``kernel`` over ``image``: multiply, then sum, at every output position.

    Parameters
    ----------
    image : (H, W) or (H, W, C) array_like
        Real numbers of any dtype. With ``C`` channels the kernel applies to each
        channel separately.
    kernel : (kh, kw) array_like
        Finite real numbers, any non-empty shape, square or not.
    stride : int or (int, int), optional
        Step between windows, ``(sy, sx)`` for different steps per axis.
    padding : {"valid", "same"} or int or (int, int), optional
        ``"valid"``: no padding. ``"same"``: the TensorFlow/Keras rule (see Notes).
        An int ``p`` or ``(ph, pw)``: that many rings of zeros on each side.

    Returns
    -------
    out : (oh, ow) or (oh, ow, C) ndarray of float64
        ``oh = conv_output_size(H, kh, stride=sy, padding=...)``, likewise ``ow``.

    Raises
    ------
    ValueError
        On a 1-D or empty image, a bad kernel, a stride that is not a positive
        integer, a negative padding, or a kernel larger than the padded image.

    Notes
    -----
    The operation is cross-correlation (the kernel is not flipped), as in Keras
    ``Conv2D``: ``out[i, j] = sum_ab P[i*sy + a, j*sx + b] * kernel[a, b]`` where ``P``
    is the zero-padded image. Along an axis of length ``n`` with kernel size ``k``::

        explicit padding p:  out = floor((n + 2p - k) / s) + 1
        "valid" (p = 0):     out = floor((n - k) / s) + 1
        "same":              out = ceil(n / s),
                             pad_total = max((out - 1) * s + k - n, 0),
                             pad_top = pad_total // 2 (the odd pixel goes bottom/right)

    At stride 1 the work is done by ``scipy.ndimage.correlate``. At larger strides only
    the needed outputs are computed: one vectorised multiply-add per kernel weight over
    the strided view of the padded image, never a loop over pixels.

    Examples
    --------
    >>> from cnncore.ops.images import DECK_EXAMPLE
    >>> from cnncore.ops.kernels import BLUR
    >>> conv2d(DECK_EXAMPLE, BLUR, stride=2).round(2)
    array([[0.56, 0.57],
           [0.69, 0.95]])
    """
    x = _check_image(image)
    k = validate_kernel(kernel, max_side=None)
    (sy, sx), pads, out_shape = _geometry(x.shape, k.shape, stride, padding)
    if (sy, sx) == (1, 1):
        return _correlate_stride1(x, k, pads, out_shape)
    return _correlate_strided(x, k, (sy, sx), pads, out_shape)


def conv_output_size(n: int, k: int, *, stride: int = 1, padding="valid") -> int:
    """The length of a convolution's (or pooling's) output along one axis.

    Parameters
    ----------
    n : int
        The input length (height or width), at least 1.
    k : int
        The kernel (or pooling window) length, at least 1.
    stride : int, optional
        The step between windows, at least 1.
    padding : {"valid", "same"} or int, optional
        ``"valid"``, ``"same"`` (TensorFlow rule) or ``p`` zeros on each side.

    Returns
    -------
    int
        The number of output positions.

    Raises
    ------
    ValueError
        If an argument is not a positive integer (``padding`` may be 0), or the
        kernel is longer than the padded input.

    Notes
    -----
    ``floor((n + 2p - k) / s) + 1`` for explicit padding (``p = 0`` for ``"valid"``);
    ``ceil(n / s)`` for ``"same"``, whatever ``k``.

    Examples
    --------
    >>> conv_output_size(6, 3), conv_output_size(6, 3, stride=2), conv_output_size(6, 3, padding=1)
    (4, 2, 6)
    >>> conv_output_size(28, 3, stride=2, padding="same")
    14
    """
    n = positive_int(n, "n")
    k = positive_int(k, "k")
    s = positive_int(stride, "stride")
    pad = _padding_1d(n, k, s, _padding_value(padding))
    return _output_size(n, k, s, pad)


def padding_amounts(n: int, k: int, *, stride: int = 1, padding="valid") -> tuple[int, int]:
    """The zeros added before and after an axis of length ``n``: ``(top, bottom)``.

    Parameters
    ----------
    n, k, stride, padding
        As in :func:`conv_output_size`.

    Returns
    -------
    (int, int)
        ``(p, p)`` for explicit padding, ``(0, 0)`` for ``"valid"``, and for ``"same"``
        ``pad_total = max((ceil(n/s) - 1) * s + k - n, 0)`` split with the odd pixel last.

    Examples
    --------
    >>> padding_amounts(6, 3, padding="same"), padding_amounts(6, 4, padding="same")
    ((1, 1), (1, 2))
    """
    n = positive_int(n, "n")
    k = positive_int(k, "k")
    s = positive_int(stride, "stride")
    return _padding_1d(n, k, s, _padding_value(padding))


def zero_pad(image, kernel_shape, *, stride=1, padding="valid") -> np.ndarray:
    """The image framed by the zeros that :func:`conv2d` would add, as float64.

    Parameters
    ----------
    image : (H, W) or (H, W, C) array_like
    kernel_shape : (int, int)
        ``(kh, kw)``; needed because ``"same"`` padding depends on it.
    stride, padding
        As in :func:`conv2d`.

    Returns
    -------
    padded : (H + top + bottom, W + left + right[, C]) ndarray of float64

    Examples
    --------
    >>> from cnncore.ops.images import DECK_EXAMPLE
    >>> zero_pad(DECK_EXAMPLE, (3, 3), padding=1).shape
    (8, 8)
    """
    x = _check_image(image)
    kernel_shape = tuple(positive_int(side, "kernel_shape") for side in _pair(kernel_shape, "kernel_shape"))
    _, pads, _ = _geometry(x.shape, kernel_shape, stride, padding)
    return _pad(x, pads)


@dataclass(frozen=True)
class CellTrace:
    """How one output cell is computed: its window, the products and their sum.

    Attributes
    ----------
    row, col : int
        The output cell.
    top, left : int
        Where the window starts in the *padded* image.
    window : (kh, kw) ndarray of float64
        The padded image under the kernel.
    products : (kh, kw) ndarray of float64
        ``window * kernel``, element by element.
    total : float
        ``products.sum()``: the value of the output cell.
    """

    row: int
    col: int
    top: int
    left: int
    window: np.ndarray
    products: np.ndarray
    total: float


def cell_trace(image, kernel, row: int, col: int, *, stride=1, padding="valid") -> CellTrace:
    """The deck's "multiply, then sum" for output cell ``(row, col)`` of :func:`conv2d`.

    Parameters
    ----------
    image : (H, W) array_like
        A single-channel image.
    kernel : (kh, kw) array_like
    row, col : int
        The output cell, ``0 <= row < oh`` and ``0 <= col < ow``.
    stride, padding
        As in :func:`conv2d`.

    Returns
    -------
    CellTrace

    Raises
    ------
    ValueError
        On the inputs :func:`conv2d` rejects, an image that is not 2-D, or a cell
        outside the output.

    Examples
    --------
    >>> from cnncore.ops.images import DECK_EXAMPLE
    >>> from cnncore.ops.kernels import BLUR
    >>> trace = cell_trace(DECK_EXAMPLE, BLUR, 0, 0)
    >>> trace.products.round(2).tolist()[0], round(trace.total, 2)
    ([0.06, 0.0, 0.06], 0.56)
    """
    x = _check_image(image)
    if x.ndim != 2:
        raise InvalidInput("cell_trace_not_2d",
                           f"cell_trace needs a 2-D image. Received: image with shape {x.shape}")
    k = validate_kernel(kernel, max_side=None)
    (sy, sx), pads, out_shape = _geometry(x.shape, k.shape, stride, padding)
    for name, value, size in (("row", row, out_shape[0]), ("col", col, out_shape[1])):
        if not is_int(value) or not 0 <= value < size:
            raise InvalidInput(
                "cell_out_of_range",
                f"{name} must be an integer from 0 to {size - 1}. Received: {name}={value!r}",
                axis=name, high=size - 1, value=value,
            )
    top, left = row * sy, col * sx
    window = _pad(x, pads)[top:top + k.shape[0], left:left + k.shape[1]]
    products = window * k
    return CellTrace(int(row), int(col), top, left, window, products, float(products.sum()))


# --- checks --------------------------------------------------------------------------







def _pair(value, name: str) -> tuple:
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise InvalidInput("not_a_pair",
                               f"{name} must be one value or a pair. Received: {name}={value!r}",
                               name=name, value=value)
        return tuple(value)
    return (value, value)


def _padding_value(padding):
    """One axis's padding: "valid", "same" or an int >= 0."""
    if isinstance(padding, str):
        mode = padding.lower()
        if mode not in PADDINGS:
            raise InvalidInput(
                "padding_invalid",
                f'padding must be "valid", "same" or a number of zeros. Received: padding={padding!r}',
                value=padding,
            )
        return mode
    if not is_int(padding) or padding < 0:
        raise InvalidInput(
            "padding_invalid",
            f"padding must be a non-negative integer, \"valid\" or \"same\". Received: padding={padding!r}",
            value=padding,
        )
    return int(padding)


def _check_image(image) -> np.ndarray:
    array = np.asarray(image)
    if array.dtype.kind not in "biuf":
        raise InvalidInput("image_not_real",
                           f"image must hold real numbers. Received: image with dtype {array.dtype}",
                           dtype=str(array.dtype))
    if array.ndim not in (2, 3):
        raise InvalidInput(
            "image_bad_shape",
            f"image must be (H, W) or (H, W, C). Received: image with shape {array.shape}",
            shape=array.shape,
        )
    if array.size == 0:
        raise InvalidInput("image_empty",
                           f"image must not be empty. Received: image with shape {array.shape}",
                           shape=array.shape)
    return array.astype(np.float64, copy=False)


def _geometry(image_shape, kernel_shape, stride, padding):
    """Checked ``(sy, sx)``, ``((top, bottom), (left, right))`` and ``(oh, ow)`` for an image."""
    sy, sx = (positive_int(s, "stride") for s in _pair(stride, "stride"))
    if isinstance(padding, str):
        modes = (_padding_value(padding),) * 2
    else:
        modes = tuple(_padding_value(p) for p in _pair(padding, "padding"))
    pads = tuple(
        _padding_1d(n, k, s, mode)
        for n, k, s, mode in zip(image_shape[:2], kernel_shape, (sy, sx), modes)
    )
    for axis, n, k, (before, after) in zip(("height", "width"), image_shape[:2], kernel_shape, pads):
        if k > n + before + after:
            raise InvalidInput(
                "kernel_exceeds_padded",
                f"kernel {axis} must not exceed the padded image {axis}. Received: kernel with "
                f"shape {tuple(kernel_shape)} on an image of shape {tuple(image_shape)} padded to "
                f"{n + before + after} in {axis}",
                axis=axis, k=k, n=n, padded=n + before + after,
                kh=kernel_shape[0], kw=kernel_shape[1], h=image_shape[0], w=image_shape[1],
            )
    out_shape = tuple(
        _output_size(n, k, s, pad) for n, k, s, pad in zip(image_shape, kernel_shape, (sy, sx), pads)
    )
    return (sy, sx), pads, out_shape


def _padding_1d(n: int, k: int, s: int, mode) -> tuple[int, int]:
    if mode == "valid":
        return (0, 0)
    if mode == "same":
        total = max((-(-n // s) - 1) * s + k - n, 0)
        return (total // 2, total - total // 2)
    return (mode, mode)


def _output_size(n: int, k: int, s: int, pad: tuple[int, int]) -> int:
    padded = n + pad[0] + pad[1]
    if k > padded:
        raise InvalidInput(
            "kernel_longer_than_input",
            f"kernel must not be longer than the padded input. Received: k={k} "
            f"with n={n} padded to {padded}",
            k=k, n=n, padded=padded,
        )
    return (padded - k) // s + 1


# --- engines -------------------------------------------------------------------------

def _pad(x: np.ndarray, pads) -> np.ndarray:
    if not any(before or after for before, after in pads):
        return x
    return np.pad(x, list(pads) + [(0, 0)] * (x.ndim - 2))


def _correlate_stride1(x, k, pads, out_shape) -> np.ndarray:
    kh, kw = k.shape
    (top, bottom), (left, right) = pads
    if top + bottom > kh - 1 or left + right > kw - 1:
        # More zeros than the kernel can reach over: pad explicitly, then "valid".
        x, top, left = _pad(x, pads), 0, 0
    # ndimage centres the kernel at k//2 + origin; centring it at `top` makes output
    # row i read padded rows i..i+kh-1, so the zeros ndimage adds are exactly our padding.
    origin = [top - kh // 2, left - kw // 2] + [0] * (x.ndim - 2)
    weights = k.reshape(k.shape + (1,) * (x.ndim - 2))
    full = ndimage.correlate(x, weights, mode="constant", cval=0.0, origin=origin)
    return full[: out_shape[0], : out_shape[1]]


def _correlate_strided(x, k, strides, pads, out_shape) -> np.ndarray:
    padded = _pad(x, pads)
    (sy, sx), (oh, ow) = strides, out_shape
    out = np.zeros((oh, ow) + x.shape[2:])
    term = np.empty_like(out)
    # One pass per kernel weight (at most 81), each over exactly the oh x ow outputs.
    for (a, b), weight in np.ndenumerate(k):
        view = padded[a:a + sy * (oh - 1) + 1:sy, b:b + sx * (ow - 1) + 1:sx]
        np.multiply(view, weight, out=term)
        out += term
    return out
