"""How big a data set is, known without keeping its pixels: what the per-run caps count.

:func:`size_of` answers for anything :func:`~cnncore.datasets.load` takes, and
:meth:`DatasetSize.train_images` gives the training images of a run with any ``limit`` and
``val_fraction``, exactly as :func:`~cnncore.datasets.load` would split them. How each kind
is measured:

- ``mnist-5k``, ``digits``: the file shipped in the package, read as ``load`` reads it
  (once per process);
- ``mnist-scattered``: mnist-5k's digits, each training digit placed ``COPIES`` times on a
  ``CANVAS`` × ``CANVAS`` canvas (:mod:`~cnncore.datasets.scattered`);
- ``shapes``: its options (``n``, ``image_size``), nothing generated;
- files (uploads, ``data:`` files, paths) and ``sign-language-mnist``'s CSV: parsed the way
  a run parses them, in the memory-capped child of :mod:`~cnncore.datasets.isolated`, once
  per version of the file (its path, size, modification time and options);
- ``mnist``, ``fashion-mnist``, ``cifar10``: :data:`DOWNLOAD_SIZES`, their published training
  sets, because their files may not be on this machine and measuring must never download.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from pathlib import Path

from cnncore.datasets.base import CLASS_NAMES
from cnncore.datasets.bundled import check_shapes, sign_language_files
from cnncore.datasets.isolated import parse as parse_isolated
from cnncore.datasets.registry import (
    NAMES, SCATTERED, check_builtin_options, check_file_size, check_spec, load_builtin, no_options, resolve_path)
from cnncore.datasets.scattered import CANVAS, COPIES

# The training sets keras.datasets downloads: (H, W, C) and images.
DOWNLOAD_SIZES = {"mnist": ((28, 28, 1), 60_000), "fashion-mnist": ((28, 28, 1), 60_000),
                  "cifar10": ((32, 32, 3), 50_000)}


@dataclass(frozen=True)
class DatasetSize:
    """A data set's image shape, classes and images: what a run's cost depends on.

    Examples
    --------
    >>> digits = DatasetSize((8, 8, 1), 10, images=1_797)
    >>> digits.train_images(), digits.train_images(limit=500, val_fraction=0.2)
    (1438, 400)
    >>> DatasetSize((28, 28, 1), 10, images=5_000, copies=2).train_images(limit=500)
    800
    """

    image_shape: tuple[int, int, int]    # (H, W, C) as the model sees them
    num_classes: int                     # the softmax's size
    images: int                          # all of them, before a run's limit and split
    copies: int = 1                      # training images made of each (mnist-scattered: 2)
    split: bool = True                   # False: a separate validation file, every image trains

    def train_images(self, *, limit: int | None = None, val_fraction: float = 0.2) -> int:
        """The training images of a run with ``limit`` and ``val_fraction``.

        Notes
        -----
        :func:`~cnncore.datasets.load` keeps ``n = min(limit, images)`` images, holds
        ``max(1, round(n · val_fraction))`` of them out for validation unless the set has
        its own validation file, and places each remaining one ``copies`` times.
        """
        n = min(limit, self.images) if limit else self.images
        if self.split:
            n -= max(1, round(n * val_fraction))
        return n * self.copies


def size_of(name_or_spec: str, **opts) -> DatasetSize:
    """The :class:`DatasetSize` of a data set, by name, upload id or file path.

    Parameters
    ----------
    name_or_spec : str
        As :func:`~cnncore.datasets.load` takes it.
    **opts
        The data set's options, as for ``load``.

    Raises
    ------
    ValueError
        Unknown name, bad option, or a file that fails validation (as ``load`` would).

    Examples
    --------
    >>> size_of("shapes", n=300, image_size=32)
    DatasetSize(image_shape=(32, 32, 1), num_classes=3, images=300, copies=1, split=True)
    >>> size_of("mnist").image_shape
    (28, 28, 1)
    """
    check_spec(name_or_spec)
    if name_or_spec == SCATTERED:
        if opts:
            raise no_options(SCATTERED, opts)
        source = size_of("mnist-5k")
        return DatasetSize((CANVAS, CANVAS, 1), source.num_classes, source.images, copies=COPIES)
    if name_or_spec not in NAMES:
        path = resolve_path(name_or_spec)
        return _file_size(path, **opts)
    check_builtin_options(name_or_spec, opts)
    classes = len(CLASS_NAMES[name_or_spec])
    if name_or_spec == "shapes":
        n, side = check_shapes(**opts)
        return DatasetSize((side, side, 1), classes, n)
    if name_or_spec == "sign-language-mnist":
        path, val_path = sign_language_files(opts)
        return replace(_file_size(path, labels="sign-language"), split=val_path is None)
    if name_or_spec in DOWNLOAD_SIZES:
        shape, images = DOWNLOAD_SIZES[name_or_spec]
        return DatasetSize(shape, classes, images)
    return _packaged_size(name_or_spec)


@functools.lru_cache(maxsize=None)
def _packaged_size(name: str) -> DatasetSize:
    """A set shipped in a package: it never changes while this process runs."""
    x, _, names, *_ = load_builtin(name, 0, {})
    return DatasetSize(tuple(int(d) for d in x.shape[1:]), len(names), len(x))


def _file_size(path: Path, **opts) -> DatasetSize:
    stat = path.stat()
    check_file_size(path.name, stat.st_size)
    return _parsed_size(str(path), stat.st_size, stat.st_mtime_ns, tuple(sorted(opts.items())))


@functools.lru_cache(maxsize=64)
def _parsed_size(path: str, nbytes: int, mtime_ns: int, opts: tuple) -> DatasetSize:
    """One version of a file (``nbytes`` and ``mtime_ns`` tell versions apart), parsed once."""
    x, _, names, _ = parse_isolated(Path(path).name, path=Path(path), **dict(opts))
    return DatasetSize(tuple(int(d) for d in x.shape[1:]), len(names), len(x))
