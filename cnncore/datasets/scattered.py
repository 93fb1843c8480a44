"""Scattered digits (``mnist-scattered``): the course data set, on which a dense network
overfits and a CNN does not, for the course's reason.

The course's lesson is that a dense network overfits its photos of hands while the CNN
does not (dense 0.98 train / 0.79 validation, CNN 1.00 / 0.95). On the bundled mnist-5k
the lesson does not show: dense 0.993 / 0.954, a 3.9-point gap. The reason is how MNIST
was made: every digit was scaled so that it fits a 20×20 box and centred by its centre of
mass. Pixel (12, 14) always shows roughly the same part of a "7", so one template per
class, which is what a dense layer learns, also works on digits it has never seen.

Photos of hands are not like that: hands sit at different places and have different
sizes. :func:`scatter_digits` makes the digits like that, and changes nothing else. It
takes each real digit, with its real label, makes it a little smaller (its ink box
15–18 pixels high instead of 20, ``SCALE_RANGE``) and places it anywhere on the 28×28
canvas, so it can move up to about ±6 pixels in each direction, a third of its size. No
noise or distortion is added: the pixels are the original strokes, resampled with an
anti-aliasing filter.

Why the lesson then holds (measured with cnncore's ``fit``, seeds 0–4; the README's table):

* **The dense network** gives each input pixel its own weights. A "7" in the top-left
  corner and a "7" in the bottom-right corner share few pixels, so what it learns
  about one position does not help at another. It has to learn every class at every
  position from the examples it has, and with 4,000 training digits it memorises them:
  0.98 train / 0.79–0.85 validation, a gap of 14–19 points. Its validation loss is
  lowest at epoch 3–4 and rises after that while its training loss keeps falling.
* **The CNN** slides the same 3×3 kernels over every position (shared weights), so a
  stroke detector learned at one place works at every place, and its three max-pooling
  layers (28 → 14 → 7 → 4) mostly discard the exact position. It learns what a digit
  looks like more than where it is: 0.99 / 0.95–0.97, a gap of 2–4 points.

Choices (measured with the course's two networks):

* Sizes vary a little, positions a lot. Convolution and pooling absorb a shift but not
  a change of size, so a wide range of sizes is hard for the CNN too: with sizes
  0.7–1.0, one placement per digit and 10 epochs, the CNN's gap reached 7.5 and 8.2
  points on seeds 3 and 4. With 0.65–0.8 (smaller digits, less detail) it reached
  6.1 on seed 1.
* ``COPIES`` = 2: every training digit is placed twice (like two photos of the same
  hand), which helps the CNN most. To avoid leakage, split the data by source digit
  *first* and then scatter each part (:func:`scatter_split`). A digit must never be in
  training at one place and in validation at another.
* ``CANVAS`` = 28 keeps the cost per image at mnist-5k's. 8,000 placements × 8 epochs
  is 64,000 images through the CNN. Dense + CNN took 86 s of training on 2 quiet CPU
  cores (89 s for the whole process) and up to 148 s while the cores were shared.
* Batch size 64 (:data:`cnncore.nn.course.COURSE_BATCH`) rather than Keras's 32. The time per epoch is the same. With 32,
  the CNN's validation accuracy sometimes dropped for one epoch (seed 0:
  0.876 → 0.589 → 0.922 → 0.910 → 0.739, the last epoch counted). With 64, in 10 runs,
  no drop from one epoch to the next was larger than 2.1 points after epoch 2.

NumPy only; Keras is never imported. Deterministic for a given seed. Building the 9,000
images of a run took 0.7–1.7 s, measured on busy cores.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from cnncore.datasets.base import Dataset, Note

CANVAS = 28                  # output images are CANVAS × CANVAS × 1, like MNIST and the hands
SCALE_RANGE = (0.75, 0.9)    # each digit's size relative to MNIST's (20-pixel ink box → 15–18)
COPIES = 2                   # placements of each training digit (validation: one each)
VAL_SEED_OFFSET = 10_000     # validation placements use seed + this, training ones use seed


def scatter_digits(x, y, *, canvas=CANVAS, scale_range=SCALE_RANGE, seed=0, copies=1,
                   threshold=0.1):
    """Give each image's ink a random size and place it at a random position on a blank canvas.

    Parameters
    ----------
    x : array_like, shape (N, H, W) or (N, H, W, 1)
        Grey images in [0, 1] with a dark (0) background, e.g. mnist-5k's digits.
    y : array_like, shape (N,)
        Their labels, returned unchanged (repeated ``copies`` times).
    canvas : int
        Side of the square output images.
    scale_range : (float, float)
        Each placement's scale is drawn uniformly from this range, relative to the
        input's size (1.0 keeps MNIST's 20-pixel box).
    seed : int
        Seeds the scales and positions. The same inputs and seed give the same output.
    copies : int
        Place every image this many times, each time with its own scale and position.
        Output ``k * N + i`` is copy ``k`` of input ``i``.
    threshold : float
        Pixels above this count as ink when finding each digit's bounding box.

    Returns
    -------
    x_new : ndarray, shape (copies * N, canvas, canvas, 1), float32 in [0, 1]
    y_new : ndarray, shape (copies * N,)

    Raises
    ------
    ValueError
        A wrong shape, a bad range, or a digit that would not fit on the canvas.

    Notes
    -----
    Each digit's ink bounding box is scaled about its centre by ``s`` and then placed
    uniformly at random, wholly inside the canvas. Resampling is separable: output pixel
    ``i`` reads source coordinate ``(i + 0.5 - c_out) / s + c_in`` through a tent filter
    that is ``max(1, 1/s)`` source pixels wide. This is bilinear when enlarging and
    averages neighbouring pixels when shrinking, so thin strokes do not alias away. No
    noise is added. Everything outside the digit stays 0.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.zeros((2, 28, 28), np.float32)
    >>> x[:, 4:24, 10:18] = 1.0                       # a 20 × 8 "digit", centred
    >>> xs, ys = scatter_digits(x, np.array([1, 7]), seed=0)
    >>> xs.shape, xs.dtype, ys.tolist()
    ((2, 28, 28, 1), dtype('float32'), [1, 7])
    >>> rows = np.flatnonzero((xs[0, :, :, 0] > 0.5).any(axis=1))
    >>> 14 <= len(rows) <= 19                         # 20 rows high → 0.75–0.9 of that
    True
    >>> bool(np.array_equal(xs, scatter_digits(x, np.array([1, 7]), seed=0)[0]))
    True
    >>> scatter_digits(x, np.array([1, 7]), copies=3)[0].shape
    (6, 28, 28, 1)
    """
    x = np.asarray(x, dtype=np.float32)
    if x.ndim == 4:
        if x.shape[-1] != 1:
            raise ValueError(f"x must have one channel. Received: shape {x.shape}")  # internal
        x = x[..., 0]
    if x.ndim != 3:
        raise ValueError(f"x must be (N, H, W) or (N, H, W, 1). Received: shape {x.shape}")  # internal
    y = np.asarray(y)
    if len(y) != len(x):
        raise ValueError(f"x and y must have the same length. Received: {len(x)} and {len(y)}")  # internal
    lo, hi = scale_range
    if not 0 < lo <= hi:
        raise ValueError(f"scale_range must be 0 < low ≤ high. Received: {scale_range!r}")  # internal
    if not isinstance(copies, int) or copies < 1:
        raise ValueError(f"copies must be a positive integer. Received: copies={copies!r}")  # internal
    if copies > 1:
        x, y = np.concatenate([x] * copies), np.concatenate([y] * copies)
    n, h, w = x.shape
    rng = np.random.default_rng(seed)
    scale = rng.uniform(lo, hi, n)
    ink = x > threshold
    rows, cols = ink.any(axis=2), ink.any(axis=1)                   # (N, H), (N, W)
    top = np.where(rows.any(1), rows.argmax(1), 0)
    bottom = np.where(rows.any(1), h - rows[:, ::-1].argmax(1), h)
    left = np.where(cols.any(1), cols.argmax(1), 0)
    right = np.where(cols.any(1), w - cols[:, ::-1].argmax(1), w)
    box_h, box_w = (bottom - top) * scale, (right - left) * scale  # placed box size
    if np.any(box_h > canvas) or np.any(box_w > canvas):
        raise ValueError(f"a digit scaled by up to {hi} does not fit a {canvas}×{canvas} canvas. "  # internal
                         f"Received: canvas={canvas}, scale_range={scale_range!r}")
    cy = rng.uniform(box_h / 2, canvas - box_h / 2)                # box wholly inside
    cx = rng.uniform(box_w / 2, canvas - box_w / 2)
    ry = _weights(cy, (top + bottom) / 2, scale, canvas, h)        # (N, canvas, H)
    rx = _weights(cx, (left + right) / 2, scale, canvas, w)        # (N, canvas, W)
    out = ry @ x.astype(np.float64) @ rx.transpose(0, 2, 1)        # (N, canvas, canvas)
    return np.clip(out, 0, 1).astype(np.float32)[..., None], y.copy()


def scatter_split(x_train, y_train, x_val, y_val, *, seed=0, copies=COPIES, **kwargs):
    """The course data set from an already split data set, without leakage.

    Training digits are placed ``copies`` times with ``seed``. Validation digits are
    placed once with ``seed + VAL_SEED_OFFSET``. The split is by source digit, because
    it was made before scattering. The training placements come back shuffled (seeded),
    so the copies of one digit are not next to each other. ``kwargs`` go to
    :func:`scatter_digits`.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.zeros((10, 28, 28), np.float32); x[:, 4:24, 10:18] = 1.0
    >>> y = np.arange(10) % 2
    >>> xt, yt, xv, yv = scatter_split(x[:8], y[:8], x[8:], y[8:], seed=0)
    >>> xt.shape, xv.shape, sorted(yt.tolist()) == sorted(2 * y[:8].tolist())
    ((16, 28, 28, 1), (2, 28, 28, 1), True)
    """
    xt, yt = scatter_digits(x_train, y_train, seed=seed, copies=copies, **kwargs)
    xv, yv = scatter_digits(x_val, y_val, seed=seed + VAL_SEED_OFFSET, **kwargs)
    order = np.random.default_rng(seed).permutation(len(yt))
    return xt[order], yt[order], xv, yv


def _weights(centre_out, centre_in, scale, n_out, n_in):
    """``(N, n_out, n_in)`` resampling matrices: output pixel ``i`` from source pixels ``j``.

    Output pixel ``i`` (centre ``i + 0.5``) reads source coordinate
    ``(i + 0.5 - centre_out) / scale + centre_in`` through a tent filter that is
    ``max(1, 1 / scale)`` source pixels wide. Each row is normalised over an unbounded
    source grid. Source pixels outside the image are 0, so their weights are dropped.
    """
    scale = scale[:, None, None]
    u = np.arange(n_out, dtype=np.float64)[None, :, None] + 0.5            # output centres
    s = (u - centre_out[:, None, None]) / scale + centre_in[:, None, None]  # source coords
    width = np.maximum(1.0, 1.0 / scale)
    pad = int(np.ceil(width.max())) + 1
    j = np.arange(-pad, n_in + pad, dtype=np.float64)[None, None, :] + 0.5
    w = np.maximum(0.0, 1.0 - np.abs(s - j) / width)
    total = w.sum(axis=2, keepdims=True)
    w = np.divide(w, total, out=np.zeros_like(w), where=total > 0)
    return w[:, :, pad:pad + n_in]


def scatter_dataset(source: Dataset, *, name: str, seed: int = 0) -> Dataset:
    """The scattered version of an already split digit data set (its card says how).

    The split stays the source's, by source digit; each part is then scattered by
    :func:`scatter_split` with ``seed``.
    """
    xt, yt, xv, yv = scatter_split(source.x_train, source.y_train, source.x_val, source.y_val, seed=seed)
    names = source.class_names
    counts = lambda labels: {names[k]: int(n) for k, n in enumerate(np.bincount(labels, minlength=len(names)))}
    card = replace(source.card, name=name, train_counts=counts(yt), val_counts=counts(yv),
                   source=f"{source.card.source}, scattered by cnncore.datasets.scattered",
                   notes=source.card.notes + (Note("scattered", {"low": SCALE_RANGE[0], "high": SCALE_RANGE[1],
                                                                 "a": CANVAS, "b": CANVAS, "copies": COPIES}),))
    return Dataset(xt, yt.astype(np.int32), xv, yv.astype(np.int32), names, card)
