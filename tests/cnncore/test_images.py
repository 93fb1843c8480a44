"""The deck's example, the offline samples, and uploads decoded into float images."""

from __future__ import annotations

import io

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from PIL import Image

from cnncore.ops.images import DECK_EXAMPLE, MAX_SIDE, SAMPLES, load_image, sample_image, to_gray


def encode(array: np.ndarray, fmt: str = "PNG", **save) -> bytes:
    """The file bytes of ``array``; Pillow infers L, I;16, RGB or RGBA from its dtype and shape."""
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def test_deck_example():
    rows = ["101101", "010010", "011110", "011110", "101101", "110011"]
    assert_array_equal(DECK_EXAMPLE, [[int(c) for c in row] for row in rows])
    assert DECK_EXAMPLE.dtype == np.float64 and not DECK_EXAMPLE.flags.writeable


@pytest.mark.parametrize("name", SAMPLES)
def test_samples_are_float_images_in_unit_range(name):
    image = sample_image(name)
    assert image.dtype == np.float64
    from skimage import data

    assert image.shape == getattr(data, name)().shape       # the reference: scikit-image's own
    assert image.shape[2:] in ((), (3,))                    # grayscale, or RGB without alpha
    assert 0.0 <= image.min() and image.max() <= 1.0 and image.max() > image.min()


def test_samples_cover_the_issue_list():
    assert {"camera", "coins", "astronaut", "text", "checkerboard", "moon", "chelsea"} <= set(SAMPLES)


def test_unknown_sample_names_what_was_received():
    with pytest.raises(ValueError, match="Received: name='lena'"):
        sample_image("lena")


def test_grayscale_png():
    pixels = np.array([[0, 128, 255]], dtype=np.uint8)
    loaded = load_image(encode(pixels))
    assert_allclose(loaded.image, pixels / 255)
    assert loaded.image.dtype == np.float64 and not loaded.downscaled
    assert loaded.original_shape == (1, 3)


def test_sixteen_bit_grayscale_png():
    pixels = np.array([[0, 32768, 65535]], dtype=np.uint16)
    loaded = load_image(encode(pixels))
    assert loaded.image.shape == (1, 3)
    assert_allclose(loaded.image, pixels / 65535)


def test_rgb_jpeg():
    pixels = np.full((8, 10, 3), (200, 100, 50), dtype=np.uint8)
    loaded = load_image(encode(pixels, "JPEG", quality=95))
    assert loaded.image.shape == (8, 10, 3)
    assert_allclose(loaded.image, pixels / 255, atol=3 / 255)


def test_rgba_becomes_rgb():
    pixels = np.zeros((4, 5, 4), dtype=np.uint8)
    pixels[..., 0] = 255
    pixels[..., 3] = 128
    loaded = load_image(encode(pixels))
    assert loaded.image.shape == (4, 5, 3)
    assert_allclose(loaded.image[0, 0], [1.0, 0.0, 0.0])


@pytest.mark.parametrize(("fmt", "size"), [("PNG", (3000, 1500)), ("JPEG", (1500, 3000))])
def test_large_uploads_are_downscaled_and_say_so(fmt, size):
    width, height = size
    data = encode(np.full((height, width, 3), 90, dtype=np.uint8), fmt)
    loaded = load_image(data)
    assert loaded.downscaled
    assert loaded.original_shape == (height, width)
    assert max(loaded.image.shape[:2]) == MAX_SIDE
    assert loaded.image.shape[:2] == (round(height * MAX_SIDE / max(size)), round(width * MAX_SIDE / max(size)))
    assert load_image(data, max_side=4000).downscaled is False


@pytest.mark.parametrize(
    ("data", "received"),
    [
        (b"hello, this is not an image", "27 bytes starting b'hello, this is n'"),
        (b"", "0 bytes"),
        (b"\x89PNG\r\n\x1a\n broken", "bytes starting b'\\x89PNG"),
        (encode(np.zeros((4, 4), dtype=np.uint8), "GIF"), "a GIF image"),
        ("a string", "Received: str"),
    ],
)
def test_non_images_raise_value_error_naming_what_was_received(data, received):
    with pytest.raises(ValueError, match="Received") as info:
        load_image(data)
    assert received in str(info.value)


def test_to_gray():
    rgb = np.random.default_rng(0).random((4, 5, 3))
    gray = to_gray(rgb)
    assert gray.shape == (4, 5)
    assert_allclose(gray, rgb @ [0.2125, 0.7154, 0.0721])
    assert_array_equal(to_gray(DECK_EXAMPLE), DECK_EXAMPLE)
    with pytest.raises(ValueError, match=r"shape \(4, 5, 4\)"):
        to_gray(np.zeros((4, 5, 4)))
