"""Standard image kernels, and the check every custom kernel passes.

The first seven presets are the course deck's own numbers, exactly as printed there;
the rest are well-known kernels to explore with. Every kernel is a read-only float64
array, so a kernel shared between pages and cached results is never changed by accident.
"""

from __future__ import annotations

import numpy as np

from cnncore.errors import InvalidInput

MIN_KERNEL_SIDE = 1
MAX_KERNEL_SIDE = 9   # the editable grid on the page: enough for a 9x9 Gaussian, still readable


def _constant(rows) -> np.ndarray:
    array = np.array(rows, dtype=np.float64)
    array.flags.writeable = False
    return array


# The deck's kernels ("커널과 합성곱"): blur, sharpen, brighten, darken on a photo.
IDENTITY = _constant([[0, 0, 0], [0, 1, 0], [0, 0, 0]])
BLUR = _constant([[.06, .13, .06], [.13, .25, .13], [.06, .13, .06]])
SHARPEN = _constant([[0, -1, 0], [-1, 5, -1], [0, -1, 0]])
BRIGHTEN = _constant([[0, 0, 0], [0, 1.5, 0], [0, 0, 0]])
DARKEN = _constant([[0, 0, 0], [0, .5, 0], [0, 0, 0]])
# The deck's edge kernels (Sobel): a vertical edge lights up the first, a horizontal one the second.
SOBEL_VERTICAL = _constant([[1, 0, -1], [2, 0, -2], [1, 0, -1]])
SOBEL_HORIZONTAL = _constant([[1, 2, 1], [0, 0, 0], [-1, -2, -1]])

# Well-known others.
BOX_BLUR = _constant(np.full((3, 3), 1 / 9))
GAUSSIAN_5X5 = _constant(np.outer([1, 4, 6, 4, 1], [1, 4, 6, 4, 1]) / 256)
LAPLACIAN = _constant([[0, 1, 0], [1, -4, 1], [0, 1, 0]])
EMBOSS = _constant([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]])
OUTLINE = _constant([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]])

PRESETS: dict[str, np.ndarray] = {
    "identity": IDENTITY,
    "blur": BLUR,
    "sharpen": SHARPEN,
    "brighten": BRIGHTEN,
    "darken": DARKEN,
    "sobel_vertical": SOBEL_VERTICAL,
    "sobel_horizontal": SOBEL_HORIZONTAL,
    "box_blur": BOX_BLUR,
    "gaussian_5x5": GAUSSIAN_5X5,
    "laplacian": LAPLACIAN,
    "emboss": EMBOSS,
    "outline": OUTLINE,
}
"""Every preset kernel by name; the first seven are the course deck's."""

DECK_GALLERY = ("blur", "sharpen", "brighten", "darken", "sobel_vertical", "sobel_horizontal")
"""The deck's four photo kernels and its two edge kernels, shown side by side on photos."""


def validate_kernel(kernel, *, max_side: int | None = MAX_KERNEL_SIDE) -> np.ndarray:
    """Check a kernel and return it as a float64 array.

    Parameters
    ----------
    kernel : (kh, kw) array_like
        The kernel's weights: real, finite numbers. It need not be square.
    max_side : int or None, optional
        The largest ``kh`` and ``kw`` allowed (9 for kernels typed on the page); ``None``
        allows any size.

    Returns
    -------
    kernel : (kh, kw) ndarray of float64
        A new array, never a view of the input.

    Raises
    ------
    ValueError
        If the kernel is not 2-D, is empty, is larger than ``max_side``, or holds
        anything other than finite real numbers. The message names what was received.

    Notes
    -----
    :func:`cnncore.ops.convolution.conv2d` calls this with ``max_side=None``: the 1x1 to
    9x9 limit is for the editable grid, not for the mathematics.

    Examples
    --------
    >>> validate_kernel([[1, 0, -1]]).shape
    (1, 3)
    """
    try:
        array = np.array(kernel, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidInput(
            "kernel_not_numbers",
            f"kernel must be a 2-D grid of numbers. Received: kernel={kernel!r}",
        ) from None
    if array.ndim != 2:
        raise InvalidInput(
            "kernel_not_2d",
            f"kernel must be 2-D (rows, columns). Received: kernel with shape {array.shape}",
            shape=array.shape,
        )
    if array.size == 0:
        raise InvalidInput("kernel_empty",
                           f"kernel must not be empty. Received: kernel with shape {array.shape}")
    if max_side is not None and max(array.shape) > max_side:
        raise InvalidInput(
            "kernel_too_big",
            f"kernel must have {MIN_KERNEL_SIDE} to {max_side} rows and columns. "
            f"Received: kernel with shape {array.shape}",
            low=MIN_KERNEL_SIDE, high=max_side, rows=array.shape[0], cols=array.shape[1],
        )
    bad = ~np.isfinite(array)
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise InvalidInput(
            "kernel_not_finite",
            "kernel must hold finite numbers only. "
            f"Received: kernel[{row}, {col}]={array[row, col]}",
            row=int(row) + 1, col=int(col) + 1,   # 1-based, as a reader counts cells
        )
    return array


def centred(kernel, shape: tuple[int, int]) -> np.ndarray:
    """``kernel`` centred in a zero grid of ``shape``: padded with zeros where the grid is
    larger, cropped about its centre where it is smaller (float64).

    Examples
    --------
    >>> centred([[1.0]], (3, 3)).tolist()
    [[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]
    >>> centred(PRESETS["sharpen"], (1, 1)).tolist()
    [[5.0]]
    """
    kernel = np.asarray(kernel, dtype=np.float64)
    rows, cols = shape
    kh, kw = kernel.shape
    src = kernel[max(0, (kh - rows) // 2):][:rows, max(0, (kw - cols) // 2):][:, :cols]
    out = np.zeros((rows, cols))
    top, left = (rows - src.shape[0]) // 2, (cols - src.shape[1]) // 2
    out[top:top + src.shape[0], left:left + src.shape[1]] = src
    return out
