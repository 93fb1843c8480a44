"""Data sets that need no download: shipped in installed packages, generated, or the course's CSV."""

from __future__ import annotations

import importlib.util
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from cnncore import settings
from cnncore.checks import check_bytes, check_int, is_real, out_of_range, shown
from cnncore.datasets.base import DatasetUnavailable, Note
from cnncore.errors import InvalidInput

SHAPES_CHUNK = 512           # images generated at once: bounds shapes()' temporaries


class ByteCache:
    """A least-recently-used cache of read-only arrays bounded in bytes, not entries.

    ``max_bytes`` is read when an item is added (``CNNLAB_DATASET_CACHE_BYTES`` by
    default); an array larger than it is returned but not kept.
    """

    def __init__(self, max_bytes=None):
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._max_bytes = max_bytes

    @property
    def max_bytes(self) -> int:
        return self._max_bytes if self._max_bytes is not None else settings.limit("dataset_cache_bytes")

    @property
    def nbytes(self) -> int:
        with self._lock:
            return sum(a.nbytes for a in self._items.values())

    def get(self, key, make):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        value.flags.writeable = False
        with self._lock:
            self._items[key] = value
            while self._items and sum(a.nbytes for a in self._items.values()) > self.max_bytes:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


PACKAGED = ByteCache()


def packaged_csv(package: str, relative: str) -> np.ndarray:
    """A CSV shipped inside an installed package, read once per process (read-only)."""
    return PACKAGED.get((package, relative), lambda: _read_packaged(package, relative))


def _read_packaged(package: str, relative: str) -> np.ndarray:
    spec = importlib.util.find_spec(package)     # finds the file without importing the package
    if spec is None or not spec.submodule_search_locations:
        raise DatasetUnavailable("package_missing", f"the {package!r} package is not installed. "
                                 f"Received: {relative}", package=package)
    return np.loadtxt(Path(spec.submodule_search_locations[0]) / relative, delimiter=",",
                      dtype=np.float32)


def shapes(n: int = 1500, *, image_size: int = 28, noise: float = 0.15, seed: int = 0):
    """Seeded synthetic images of circles, squares and triangles, any number, any size.

    Returns ``x`` of shape ``(n, image_size, image_size, 1)`` float32 in [0, 1] and
    ``y`` of shape ``(n,)`` (0 circle, 1 square, 2 triangle), balanced.
    """
    check_shapes(n, image_size=image_size, noise=noise)
    check_int("seed", seed, 0, 2**63 - 1)
    rng = np.random.default_rng(seed)
    s = image_size
    yy, xx = np.mgrid[0:s, 0:s] + 0.5                          # (s, s) pixel centres
    y = np.arange(n) % 3
    rng.shuffle(y)
    r = rng.uniform(0.18, 0.38, n) * s                          # half-size of each shape
    cx = rng.uniform(r, s - r)
    cy = rng.uniform(r, s - r)
    brightness = rng.uniform(0.6, 1.0, (n, 1, 1))
    x = np.empty((n, s, s, 1), dtype=np.float32)                  # (n, s, s, 1)
    # In chunks, drawing the noise in the same order as one draw would: the same images,
    # with temporaries of SHAPES_CHUNK images, not n.
    for a in range(0, n, SHAPES_CHUNK):
        b = min(n, a + SHAPES_CHUNK)
        dx, dy = xx[None] - cx[a:b, None, None], yy[None] - cy[a:b, None, None]   # (m, s, s)
        rr = r[a:b, None, None]
        circle = dx**2 + dy**2 <= rr**2
        square = (np.abs(dx) <= rr * 0.85) & (np.abs(dy) <= rr * 0.85)
        triangle = (dy <= rr * 0.8) & (dy >= -rr + 2 * np.abs(dx))   # apex up, base at the bottom
        kind = y[a:b, None, None]
        masks = np.where(kind == 0, circle, np.where(kind == 1, square, triangle))
        x[a:b, ..., 0] = np.clip(masks * brightness[a:b] + rng.normal(0, noise, (b - a, s, s)), 0, 1)
    return x, y.astype(np.int32)


def check_shapes(n: int = 1500, *, image_size: int = 28, noise: float = 0.15) -> tuple[int, int]:
    """Refuse options :func:`shapes` cannot make, or that would make too many bytes; else
    ``(n, image_size)``, what they make."""
    images = settings.limit("images")
    if not isinstance(n, int) or isinstance(n, bool) or not 3 <= n <= images:
        raise InvalidInput("shapes_n_bad", f"shapes needs n images, 3 ≤ n ≤ {images:,} (CNNLAB_MAX_IMAGES). "
                           f"Received: n={n!r}", value=shown(n), cap=images)
    if not isinstance(image_size, int) or isinstance(image_size, bool) or not 8 <= image_size <= 256:
        raise InvalidInput("int_out_of_range", f"image_size must be an integer in 8…256. "
                           f"Received: image_size={image_size!r}", name="image_size", value=shown(image_size),
                           low=8, high=256)
    if not is_real(noise) or not 0 <= noise <= 1:
        raise out_of_range("noise", noise, "[0, 1]", "a number in")
    check_bytes("shapes' images", 4.0 * n * image_size**2, settings.limit("dataset_bytes"),
                "CNNLAB_MAX_DATASET_BYTES", part="shapes_images")
    return n, image_size


def sign_language(opts: dict):
    """The course's CSV: ``file`` (a CSV of ``CNNLAB_DATA`` by name, what a page may pick),
    ``path`` (any file: the command line), else ``sign_mnist_train.csv`` in ``CNNLAB_DATA``
    or ``$CNNLAB_HOME/datasets/sign-language-mnist``; ``sign_mnist_valid.csv`` beside it,
    or ``val_path``, is the validation set."""
    from cnncore.datasets.isolated import parse

    path, val_path = sign_language_files(opts)
    x, y, names, notes = parse(path.name, path=path, labels="sign-language")
    if val_path is None:
        return x, y, names, notes, None, None, str(path)
    xv, yv, _, _ = parse(val_path.name, path=val_path, labels="sign-language")
    if xv.shape[1:] != x.shape[1:]:
        raise InvalidInput("val_csv_shape", f"validation CSV images are {xv.shape[1:3]}, training images "
                           f"{x.shape[1:3]}. Received: val_path={str(val_path)!r}",
                           val="×".join(map(str, xv.shape[1:3])), train="×".join(map(str, x.shape[1:3])))
    return x, y, names, notes + (Note("validation_from", {"file": Path(val_path).name}),), xv, yv, str(path)


def sign_language_files(opts: dict) -> tuple[Path, Path | None]:
    """The training CSV :func:`sign_language` reads for ``opts``, and its validation CSV
    (``None``: split from the training CSV)."""
    from cnncore.datasets.server import server_file

    folder = settings.cnnlab_home() / "datasets" / "sign-language-mnist"
    if opts.get("file") is not None:
        if opts.get("path") is not None:
            raise ValueError(f"give file or path, not both. Received: {opts}")  # cli-only: a page gives no path
        path = server_file(opts["file"], (".csv",))
    else:
        default = folder / "sign_mnist_train.csv"
        data = settings.data_dir()
        if data is not None and (data / "sign_mnist_train.csv").is_file():
            default = data / "sign_mnist_train.csv"
        if opts.get("path") is not None and not isinstance(opts["path"], (str, Path)):
            raise TypeError(f"path must be a file path. Received: path={opts['path']!r}")  # cli-only
        path = Path(opts.get("path") or default).expanduser()
    if not path.is_file():
        raise InvalidInput(
            "sign_language_missing",
            "sign-language-mnist needs the course's CSV (label,pixel1..pixel784): pass "
            f"path=... or put sign_mnist_train.csv in {folder}. Received: path={str(path)!r}",
            folder=str(folder))
    val_path = opts.get("val_path")
    if val_path is None and (path.parent / "sign_mnist_valid.csv").is_file():
        val_path = path.parent / "sign_mnist_valid.csv"
    return path, None if val_path is None else Path(val_path).expanduser()
