"""Data set files and uploads: CSV (sign-language-MNIST layout), ``.npz``, ZIP of folders."""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections import Counter
from pathlib import Path

import numpy as np

from cnncore import settings
from cnncore.checks import check_bytes, check_int, shown
from cnncore.datasets.base import CLASS_NAMES, Note
from cnncore.errors import InvalidInput
from cnncore.ops.images import check_pixels, lazy_image

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp")
# Every size below is checked from what a file declares (a .npy header, a ZIP entry, an
# image header) before anything that size is allocated; the caps are settings.LIMITS.
_READ_ERRORS = (ValueError, OSError, EOFError, KeyError, zipfile.BadZipFile, zlib.error)


def check_images(n: int, pixels: int, channels: int = 1, *, what: str = "the data set",
                 part: str = "dataset", **values) -> None:
    """Refuse ``n`` images of ``pixels`` pixels × ``channels`` over the image, pixel or byte caps.

    ``what`` is the English, ``part`` and ``values`` what the catalogue words it with
    (see :func:`cnncore.checks.check_bytes`)."""
    images = settings.limit("images")
    if n > images:
        raise InvalidInput("too_many_images", f"{what} has too many images: at most {images:,} "
                           f"(CNNLAB_MAX_IMAGES). Received: {n:,} images", part=part, count=int(n),
                           cap=images, **values)
    check_pixels(pixels)                         # the Convolution page's check too
    check_bytes(what, 4.0 * n * pixels * channels, settings.limit("dataset_bytes"),
                "CNNLAB_MAX_DATASET_BYTES", part=part, **values)


def check_classes(k: int) -> None:
    cap = settings.limit("classes")
    if k > cap:
        raise InvalidInput("too_many_classes", f"a data set may have at most {cap:,} classes "
                           f"(CNNLAB_MAX_CLASSES). Received: {k:,} classes", count=int(k), cap=cap)


def parse_file(filename: str, data: bytes, *, labels: str = "sign-language",
                image_size: int | None = None):
    """``(x, y, class_names, notes)`` from a file's bytes, validated.

    Sizes are checked before they are allocated (``settings.LIMITS``); a file that would
    need more is refused with a ``ValueError`` saying how much it would need.
    """
    if not isinstance(filename, str):
        raise TypeError(f"filename must be a string. Received: filename={filename!r}")  # internal
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"data must be bytes. Received: data of type {type(data).__name__}")  # internal
    if image_size is not None:
        check_int("image_size", image_size, 4, 1024)
    check_bytes(f"the file {Path(filename).name!r}", len(data), settings.limit("upload_bytes"),
                "CNNLAB_MAX_UPLOAD_BYTES", part="file", name=Path(filename).name[:100])
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        x, y, names, notes = parse_csv(data, labels=labels)
    elif suffix == ".npz":
        x, y, names, notes = parse_npz(data)
    elif suffix == ".zip":
        return parse_zip(data, image_size)
    else:
        raise InvalidInput("upload_suffix_bad", f"uploads must be .csv, .npz or .zip files. "
                           f"Received: {filename!r}", name=shown(filename))
    if image_size is not None and image_size != x.shape[1]:
        check_images(len(x), image_size * image_size, x.shape[-1], what="the resized images",
                     part="resized_images")
        x = _resize_all(x, (image_size, image_size))
        notes += (Note("resized_all", {"a": image_size, "b": image_size}),)
    return x, y, names, notes


def parse_csv(data: bytes, *, labels: str = "sign-language"):
    if labels not in ("sign-language", "index"):
        raise InvalidInput("choice_bad", f'labels must be "sign-language" or "index". Received: labels={labels!r}',
                           name="labels", value=shown(labels), options='"sign-language", "index"')
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput("csv_not_utf8", f"the CSV is not UTF-8 text. Received: bytes starting "
                           f"{bytes(data[:16])!r}", start=repr(bytes(data[:16]))) from exc
    table = _csv_table(text)
    raw, pixels = table[:, 0], table[:, 1:]
    if not np.all(np.isfinite(table)):
        raise InvalidInput("csv_not_finite", "the CSV contains NaN or infinite values. "
                           "Received: non-finite numbers")
    if np.any(raw != np.round(raw)) or raw.min() < 0:
        bad = raw[(raw != np.round(raw)) | (raw < 0)][0]
        raise InvalidInput("labels_not_whole", f"labels must be whole numbers ≥ 0. Received: label {bad:g}",
                           label=f"{bad:g}")
    raw = raw.astype(np.int64)
    notes: tuple[Note, ...] = ()
    if labels == "sign-language":
        bad = raw[(raw > 24) | (raw == 9)]
        if bad.size:
            raise InvalidInput("sign_labels_bad", "sign-language labels are 0–24 without 9 (J needs motion); "
                               f'use labels="index" for other data. Received: label {bad[0]}', label=int(bad[0]))
        y = np.where(raw > 9, raw - 1, raw)     # 24 classes A–Y
        names = CLASS_NAMES["sign-language-mnist"]
        notes = (Note("sign_labels"),)
    else:
        cap = settings.limit("classes")
        if raw.max() >= cap:
            raise InvalidInput("label_over_cap", f"class indices must be below {cap} (CNNLAB_MAX_CLASSES). "
                               f"Received: label {raw.max()}", label=int(raw.max()), cap=cap)
        y, names = raw, tuple(str(i) for i in range(raw.max() + 1))
    side = int(round(pixels.shape[1] ** 0.5))
    return _scale(pixels).reshape(-1, side, side, 1), y, names, notes


def _csv_table(text: str) -> np.ndarray:
    """The CSV's data rows as a float64 table, one row at a time (no list of strings)."""
    reader = csv.reader(io.StringIO(text))
    rows: list[np.ndarray] = []
    ncols = side = 0
    first = True
    try:
        for line in reader:
            if not line:
                continue
            if first:
                first = False
                if not is_number_text(line[0]):
                    continue                     # header: label,pixel1,…
            i = len(rows) + 1
            if not ncols:
                ncols = len(line)
                side = int(round((ncols - 1) ** 0.5))
                if ncols < 5 or side * side != ncols - 1:
                    raise InvalidInput("csv_columns_bad", "a CSV row must be a label then H×W pixels of a "
                                       f"square image (785 columns for 28×28). Received: {ncols} columns",
                                       columns=ncols)
                check_images(1, ncols - 1, what="the CSV", part="csv")
            elif len(line) != ncols:
                raise InvalidInput("csv_row_length", f"every CSV row needs {ncols} columns. "
                                   f"Received: {len(line)} in data row {i}", expected=ncols, count=len(line), row=i)
            if i % 1000 == 0:
                check_images(i, ncols - 1, what="the CSV", part="csv")
            try:
                rows.append(np.array(line, dtype=np.float64))
            except ValueError:
                j = next(j for j, v in enumerate(line) if not is_number_text(v))
                raise InvalidInput("csv_not_number", f"CSV values must be numbers. Received: {line[j][:40]!r} "
                                   f"in data row {i}, column {j + 1}", text=repr(line[j][:40]), row=i,
                                   column=j + 1) from None
    except csv.Error as exc:                     # a field over csv.field_size_limit(), a stray NUL
        limit = csv.field_size_limit()
        raise InvalidInput("csv_malformed", f"the CSV is malformed ({exc}); a field may hold at most "
                           f"{limit:,} characters. Received: data row {len(rows) + 1}", limit=limit,
                           row=len(rows) + 1) from None
    if not rows:
        raise InvalidInput("csv_empty", "the CSV has no data rows. Received: 0 rows")
    check_images(len(rows), ncols - 1, what="the CSV", part="csv")
    return np.stack(rows)


def parse_npz(data: bytes):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = {n[:-4]: n for n in archive.namelist() if n.endswith(".npy")}
    except _READ_ERRORS as exc:
        raise InvalidInput("npz_unreadable", f"not a readable .npz file: {exc}. Received: {len(data)} bytes",
                           size=len(data)) from exc
    if "x" not in members or "y" not in members:
        raise InvalidInput("npz_members", f"the .npz must hold arrays 'x' and 'y'. Received: {sorted(members)}",
                           members=", ".join(sorted(members))[:200])
    shapes = {k: _npy_header(archive, members[k]) for k in ("x", "y", "class_names") if k in members}
    (x_shape, x_dtype), (y_shape, _) = shapes["x"], shapes["y"]
    if len(x_shape) < 2 or not x_shape[0]:
        raise InvalidInput("npz_x_shape", f"x must be (N, H, W), (N, H, W, C) or (N, H*W) with N ≥ 1. "
                           f"Received: shape {x_shape}", shape=str(x_shape))
    pixels = int(np.prod(x_shape[1:], dtype=object))
    check_images(x_shape[0], pixels, what="x", part="x")
    check_bytes("x as stored", float(np.prod(x_shape, dtype=object)) * x_dtype.itemsize,
                settings.limit("dataset_bytes"), "CNNLAB_MAX_DATASET_BYTES", part="x_stored")
    if len(y_shape) != 1 or y_shape[0] != x_shape[0]:
        raise _y_shape(x_shape[0], y_shape)
    if "class_names" in shapes:
        n_shape, n_dtype = shapes["class_names"]
        check_classes(int(np.prod(n_shape, dtype=object)))
        check_bytes("class_names", float(np.prod(n_shape, dtype=object)) * n_dtype.itemsize,
                    settings.limit("classes") * 1024, "CNNLAB_MAX_CLASSES × 1 kB", part="class_names")
    try:
        x, y = _npy_read(archive, members["x"]), _npy_read(archive, members["y"])
    except _READ_ERRORS as exc:
        raise InvalidInput("npz_unreadable", f"not a readable .npz file: {exc}. Received: {len(data)} bytes",
                           size=len(data)) from exc
    if not (np.issubdtype(x.dtype, np.number) or x.dtype == bool):
        raise InvalidInput("npz_x_not_numbers", f"x must hold numbers. Received: dtype {x.dtype}",
                           dtype=str(x.dtype))
    if y.ndim != 1 or len(y) != len(x):
        raise _y_shape(len(x), y.shape)
    if not np.issubdtype(y.dtype, np.integer) or y.min() < 0:
        raise InvalidInput("npz_y_not_indices", f"y must hold class indices 0…K−1. Received: dtype {y.dtype}, "
                           f"min {y.min()}", dtype=str(y.dtype), min=str(y.min()))
    if x.ndim == 2:
        side = int(round(x.shape[1] ** 0.5))
        if side * side != x.shape[1]:
            raise InvalidInput("npz_not_square", f"flat images need H×W = a square number of pixels. "
                               f"Received: {x.shape[1]}", pixels=int(x.shape[1]))
        x = x.reshape(-1, side, side)
    if x.ndim == 3:
        x = x[..., None]
    if x.ndim != 4 or x.shape[-1] not in (1, 3):
        raise InvalidInput("npz_x_shape", f"x must be (N, H, W), (N, H, W, C) with C 1 or 3, or (N, H*W). "
                           f"Received: {x.shape}", shape=str(x.shape))
    x = x.astype(np.float64)
    if not np.all(np.isfinite(x)):
        raise InvalidInput("npz_x_not_finite", "x contains NaN or infinite values. Received: non-finite pixels")
    k = int(y.max()) + 1
    check_classes(k)
    try:
        stored = _npy_read(archive, members["class_names"]) if "class_names" in members else None
    except _READ_ERRORS as exc:
        raise InvalidInput("npz_unreadable", f"not a readable .npz file: {exc}. Received: {len(data)} bytes",
                           size=len(data)) from exc
    names = tuple(str(n) for n in stored.ravel()) if stored is not None else tuple(map(str, range(k)))
    if len(names) < k:
        raise InvalidInput("npz_class_names_short", f"labels go up to {k - 1} but there are {len(names)} "
                           f"class_names. Received: class_names={list(names)}"[:500], top=k - 1, count=len(names))
    return _scale(x), y.astype(np.int64), names, ()


def _y_shape(n: int, shape) -> InvalidInput:
    return InvalidInput("npz_y_shape", f"y must be one label per image, shape ({n},). Received: shape {shape}",
                        count=int(n), shape=str(tuple(shape)))


def _npy_header(archive: zipfile.ZipFile, member: str):
    """``(shape, dtype)`` from a ``.npy`` member's header, reading nothing else."""
    try:
        with archive.open(member) as f:
            version = np.lib.format.read_magic(f)
            if version == (1, 0):
                shape, _, dtype = np.lib.format.read_array_header_1_0(f, max_header_size=10_000)
            elif version in ((2, 0), (3, 0)):
                shape, _, dtype = np.lib.format.read_array_header_2_0(f, max_header_size=10_000)
            else:
                raise ValueError(f"unknown .npy version {version}")  # internal: caught below
    except _READ_ERRORS as exc:
        raise InvalidInput("npz_unreadable", f"not a readable .npz file: {member!r}: {exc}. "
                           "Received: a broken header", member=member) from exc
    if dtype.hasobject:
        raise InvalidInput("npz_object_array", f"arrays must not hold Python objects. Received: {member!r} of "
                           "dtype object", member=member)
    return tuple(int(d) for d in shape), dtype


def _npy_read(archive: zipfile.ZipFile, member: str) -> np.ndarray:
    with archive.open(member) as f:
        return np.lib.format.read_array(f, allow_pickle=False, max_header_size=10_000)


def parse_zip(data: bytes, image_size: int | None):
    from PIL import Image

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except _READ_ERRORS as exc:
        raise InvalidInput("zip_unreadable", f"not a readable ZIP file. Received: {len(data)} bytes",
                           size=len(data)) from exc
    members = []                                 # (class name, ZipInfo)
    for info in infos:
        parts = [p for p in Path(info.filename).parts if p not in ("", ".")]
        if info.is_dir() or len(parts) < 2 or parts[-1].startswith(".") or "__MACOSX" in parts:
            continue
        if Path(parts[-1]).suffix.lower() not in IMAGE_SUFFIXES:
            continue
        check_bytes(f"image {info.filename[:100]!r} unpacked", info.file_size,
                    settings.limit("upload_bytes"), "CNNLAB_MAX_UPLOAD_BYTES", part="image_unpacked",
                    name=info.filename[:100])
        members.append((parts[-2], info))
    if not members:
        raise InvalidInput("zip_no_images", "the ZIP needs one folder per class with images inside. "
                           "Received: no images in folders")
    check_images(len(members), 1, what="the ZIP", part="zip")
    headers = [_image_header(archive, info) for _, info in members]     # (size (W, H), mode)
    names = tuple(sorted({c for c, _ in members}))
    check_classes(len(names))
    color = any(mode not in ("L", "1", "I", "I;16", "F") for _, mode in headers)
    sizes = Counter(size for size, _ in headers)
    target = (image_size, image_size) if image_size else sizes.most_common(1)[0][0]
    mode = "RGB" if color else "L"
    check_images(len(members), target[0] * target[1], 3 if color else 1, what="the ZIP's images",
                 part="zip_images")
    notes: tuple[Note, ...] = ()
    off = sum(n for s, n in sizes.items() if s != target)
    if off:
        found = ", ".join(f"{w}×{h}" for w, h in sorted(sizes))
        notes = (Note("resized_some", {"off": off, "total": len(members), "a": target[1], "b": target[0],
                                       "found": found}),)
    # One image decoded at a time, straight into the result: memory is the result's.
    x = np.empty((len(members), target[1], target[0], 3 if color else 1), dtype=np.float32)  # (N, H, W, C)
    for i, (_, info) in enumerate(members):
        image = _image_open(archive, info)
        try:
            image.load()
        except Exception as exc:                 # Pillow raises many types for bad files
            raise _broken_image(info, exc) from exc
        pixels = np.asarray(image.convert(mode).resize(target, Image.BILINEAR), dtype=np.float32)
        x[i] = pixels.reshape(x.shape[1:])
    y = np.array([names.index(c) for c, _ in members])
    return _scale(x), y, names, notes


def _image_open(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """The member as a lazily decoded PIL image (its header read and checked, its pixels not)."""
    try:
        with archive.open(info) as f:
            raw = f.read(info.file_size + 1)     # the entry's declared size, not what it inflates to
        return lazy_image(raw)
    except InvalidInput:                         # too many pixels: say so
        raise
    except Exception as exc:                     # a bad entry, or Pillow's many error types
        raise _broken_image(info, exc) from exc


def _broken_image(info: zipfile.ZipInfo, exc: Exception) -> InvalidInput:
    return InvalidInput("zip_image_unreadable", f"cannot read image {info.filename!r}: {exc}. "
                        "Received: a broken image", name=info.filename[:100])


def _image_header(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    image = _image_open(archive, info)
    w, h = image.size
    check_images(1, w * h, what=f"image {info.filename[:100]!r}", part="image", name=info.filename[:100])
    return (w, h), image.mode


def _resize_all(x: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    from PIL import Image

    out = [np.stack([np.asarray(Image.fromarray(img[..., c]).resize(size, Image.BILINEAR))
                     for c in range(img.shape[-1])], axis=-1) for img in x.astype(np.float32)]
    return np.stack(out)


def _scale(x: np.ndarray) -> np.ndarray:
    """Pixels to float32 in [0, 1]: 0–255 data is divided by 255, 0–1 data kept."""
    if x.size and (x.min() < 0 or x.max() > 255):
        raise InvalidInput("pixels_out_of_range", f"pixel values must lie in 0…255 or 0…1. "
                           f"Received: {x.min():g}…{x.max():g}", low=f"{x.min():g}", high=f"{x.max():g}")
    return (x / 255.0 if x.size and x.max() > 1 else x).astype(np.float32)


def is_number_text(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False
