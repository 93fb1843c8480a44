"""Images to convolve: the course deck's 6x6 example, scikit-image's offline samples,
and uploaded PNG or JPEG files.

Every image leaves this module as float64 in [0, 1], shaped (H, W) for grayscale or
(H, W, 3) for colour. An uploaded image's size is checked from its header
(:func:`check_pixels`, also the data-set parsers' check) before its pixels are decoded.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np

from cnncore import settings
from cnncore.errors import InvalidInput

MAX_SIDE = 1024
"""Uploads with a longer side are shrunk to this, keeping their aspect ratio."""

UPLOAD_FORMATS = ("PNG", "JPEG")

DECK_EXAMPLE = np.array(
    [[int(c) for c in row] for row in ("101101", "010010", "011110", "011110", "101101", "110011")],
    dtype=np.float64,
)
"""The deck's binary 6x6 image, (6, 6) float64: blurred, it gives its worked 4x4 example."""
DECK_EXAMPLE.flags.writeable = False

SAMPLES = (
    "camera", "coins", "astronaut", "text", "checkerboard", "moon", "chelsea",
    "coffee", "page", "rocket", "brick", "clock", "horse",
)
"""scikit-image sample images that ship inside the package (no download)."""

_EXIF_ORIENTATION = 0x0112
_EXIF_QUARTER_TURNS = (5, 6, 7, 8)   # orientations that swap width and height

LUMA = np.array([0.2125, 0.7154, 0.0721])
"""Grayscale weights of R, G, B (ITU-R BT.709, as ``skimage.color.rgb2gray``)."""
LUMA.flags.writeable = False


def sample_image(name: str) -> np.ndarray:
    """A scikit-image sample as float64 in [0, 1].

    Parameters
    ----------
    name : str
        One of :data:`SAMPLES`.

    Returns
    -------
    image : (H, W) or (H, W, 3) ndarray of float64

    Raises
    ------
    ValueError
        If ``name`` is not one of :data:`SAMPLES`.

    Examples
    --------
    >>> sample_image("camera").shape
    (512, 512)
    """
    if name not in SAMPLES:
        raise InvalidInput("sample_unknown",
                           f"name must be one of {', '.join(SAMPLES)}. Received: name={name!r}",
                           names=", ".join(SAMPLES), value=name)
    from skimage import data, util   # scikit-image takes ~0.5 s to import; only when asked

    return util.img_as_float64(getattr(data, name)())


@dataclass(frozen=True)
class LoadedImage:
    """An uploaded image, ready to convolve.

    Attributes
    ----------
    image : (H, W) or (H, W, 3) ndarray of float64
        Values in [0, 1]; alpha dropped.
    original_shape : tuple of int
        ``(height, width)`` of the file as uploaded.
    downscaled : bool
        True when the file was larger than ``max_side`` and was shrunk.
    """

    image: np.ndarray
    original_shape: tuple[int, int]
    downscaled: bool


def load_image(data: bytes, *, max_side: int = MAX_SIDE) -> LoadedImage:
    """Decode an uploaded PNG or JPEG into a float image in [0, 1].

    Parameters
    ----------
    data : bytes
        The file's content.
    max_side : int, optional
        The longest side kept; larger images are shrunk to it (aspect ratio kept).

    Returns
    -------
    LoadedImage
        The image, its original size, and whether it was downscaled, so the caller can
        say so.

    Raises
    ------
    InvalidInput
        If ``data`` is not a PNG or JPEG image (the message names what was received), or
        its header declares more pixels than ``CNNLAB_MAX_IMAGE_PIXELS`` (code
        ``image_too_large``, from :func:`lazy_image`, before decoding).

    Notes
    -----
    Grayscale (with or without alpha, 8 or 16 bit) stays (H, W); everything else
    becomes RGB (H, W, 3), alpha dropped. The camera's EXIF orientation is applied.

    Examples
    --------
    >>> import io
    >>> from PIL import Image
    >>> buffer = io.BytesIO()
    >>> Image.new("RGB", (2000, 1000)).save(buffer, format="PNG")
    >>> loaded = load_image(buffer.getvalue())
    >>> loaded.image.shape, loaded.downscaled
    ((512, 1024, 3), True)
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InvalidInput("upload_not_bytes",
                           f"data must be the bytes of a file. Received: {type(data).__name__}",
                           type=type(data).__name__)
    max_side = int(max_side)
    data = bytes(data)
    try:
        picture = lazy_image(data)
        kind = picture.format
        if kind not in UPLOAD_FORMATS:
            raise InvalidInput("upload_kind",
                               f"upload must be a PNG or JPEG image. Received: a {kind} image", kind=kind)
        original = (picture.height, picture.width)
        if picture.getexif().get(_EXIF_ORIENTATION, 1) in _EXIF_QUARTER_TURNS:
            original = original[::-1]
        picture.draft("RGB", (max_side, max_side))   # JPEG: decode at reduced size when it can
        picture = ImageOps.exif_transpose(picture)
        picture.load()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise InvalidInput(
            "upload_unreadable",
            "upload must be a PNG or JPEG image. "
            f"Received: {len(data)} bytes starting {data[:16]!r}",
            size=len(data),
        ) from None
    picture = _to_l_or_rgb(picture)
    if max(picture.size) > max_side:
        scale = max_side / max(picture.size)
        size = tuple(max(1, round(side * scale)) for side in picture.size)
        picture = picture.resize(size, Image.Resampling.LANCZOS)
    array = np.asarray(picture, dtype=np.float64)
    array /= 65535.0 if picture.mode == "I" else 255.0
    return LoadedImage(np.clip(array, 0.0, 1.0), original, max(original) > max_side)


def lazy_image(data: bytes):
    """``data`` as a PIL image whose header is read and checked, its pixels not yet decoded.

    Parameters
    ----------
    data : bytes
        An image file's content (any format Pillow reads).

    Returns
    -------
    PIL.Image.Image
        Decoded when its pixels are first used (``load()``, ``convert()``…).

    Raises
    ------
    InvalidInput
        Code ``image_too_large`` when the header declares more pixels than
        ``CNNLAB_MAX_IMAGE_PIXELS`` (:func:`check_pixels`).
    PIL.UnidentifiedImageError
        If Pillow cannot read the header.

    Notes
    -----
    Pillow's own guard, ``Image.MAX_IMAGE_PIXELS`` (process-wide), is set to the same cap
    as a backstop for any other decoding in the process. ``Image.open`` applies it before
    :func:`check_pixels` can, to a header of over twice the cap, refused here the same way.

    Examples
    --------
    >>> import io
    >>> from PIL import Image
    >>> buffer = io.BytesIO()
    >>> Image.new("L", (300, 200)).save(buffer, format="PNG")
    >>> lazy_image(buffer.getvalue()).size
    (300, 200)
    """
    from PIL import Image

    cap = settings.limit("image_pixels")
    Image.MAX_IMAGE_PIXELS = cap
    try:
        picture = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise _too_large(cap, f"more than {2 * cap:,}") from None
    check_pixels(picture.width * picture.height)
    return picture


def check_pixels(pixels: int) -> None:
    """Refuse an image of ``pixels`` pixels over ``CNNLAB_MAX_IMAGE_PIXELS``.

    Called with the size an image's header declares, before any pixel is decoded: a
    decompression bomb is a small file whose header declares billions of pixels.

    Raises
    ------
    InvalidInput
        Code ``image_too_large``, with values ``cap`` and ``pixels``.

    Examples
    --------
    >>> check_pixels(28 * 28)
    >>> check_pixels(13_000 * 13_000)
    Traceback (most recent call last):
    ...
    cnncore.errors.InvalidInput: images may have at most 16,777,216 pixels (CNNLAB_MAX_IMAGE_PIXELS). Received: 169,000,000 pixels per image
    """
    cap = settings.limit("image_pixels")
    if pixels > cap:
        raise _too_large(cap, f"{pixels:,}", pixels=pixels)


def _too_large(cap: int, received: str, **values) -> InvalidInput:
    return InvalidInput("image_too_large",
                        f"images may have at most {cap:,} pixels (CNNLAB_MAX_IMAGE_PIXELS). "
                        f"Received: {received} pixels per image", cap=cap, **values)


def to_gray(image) -> np.ndarray:
    """Luminance of an RGB image (an (H, W) image is returned as float64 unchanged).

    Parameters
    ----------
    image : (H, W) or (H, W, 3) array_like

    Returns
    -------
    gray : (H, W) ndarray of float64
        ``image @ LUMA`` for colour. Linear, so ``to_gray(conv2d(rgb, k))`` equals
        ``conv2d(to_gray(rgb), k)``.

    Examples
    --------
    >>> to_gray(np.ones((2, 2, 3))).round(6).tolist()
    [[1.0, 1.0], [1.0, 1.0]]
    """
    array = np.asarray(image, dtype=np.float64)
    if array.ndim == 2:
        return array
    if array.ndim == 3 and array.shape[2] == 3:
        return array @ LUMA
    raise InvalidInput("image_bad_shape",
                       f"image must be (H, W) or (H, W, 3). Received: image with shape {array.shape}",
                       shape=array.shape)


def _to_l_or_rgb(picture):
    """Grayscale files stay one channel (16-bit as mode "I"); the rest become RGB."""
    if picture.mode in ("1", "L", "LA"):
        return picture.convert("L")
    if picture.mode.startswith("I"):
        return picture.convert("I")
    if picture.mode == "P" and "transparency" in picture.info:
        picture = picture.convert("RGBA")
    return picture.convert("RGB")
