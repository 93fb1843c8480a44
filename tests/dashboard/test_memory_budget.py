"""What one user can make the dashboard process hold: caches bounded in bytes, and images
refused from their header before they are decoded."""

from __future__ import annotations

import gc
import resource
import struct
import zlib

import numpy as np
import pytest
from PIL import Image, ImageFile
from streamlit.testing.v1 import AppTest

from cnncore import store
from cnncore.errors import InvalidInput
from cnncore.ops import images
from dashboard import caches, i18n, nav, ui

PAGE = str(nav.ROOT / "pages" / "convolution.py")
MiB = 2**20
BOMB_SIDE = 13_000                 # 169 M pixels: 169 MB decoded as bytes, 1.35 GB as float64


@pytest.fixture(scope="module")
def png_bomb() -> bytes:
    """A real, decodable 13,000×13,000 black grayscale PNG of ~160 KB, made row by row
    (nothing of its decoded size is allocated here)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packer, row = zlib.compressobj(9), bytes(BOMB_SIDE + 1)      # filter byte, then the pixels
    idat = b"".join(packer.compress(row) for _ in range(BOMB_SIDE)) + packer.flush()
    ihdr = struct.pack(">IIBBBBB", BOMB_SIDE, BOMB_SIDE, 8, 0, 0, 0, 0)    # 8-bit grayscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.fixture
def decoded(monkeypatch) -> list:
    """The sizes of the images Pillow decodes during the test (and Pillow's guard restored)."""
    sizes, load = [], ImageFile.ImageFile.load

    def recording(self):
        sizes.append(self.size)
        return load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", recording)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", Image.MAX_IMAGE_PIXELS)
    return sizes


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(("cap", "received"), [
    (None, "Received: more than 33,554,432 pixels"),     # the default cap: Pillow's guard (over 2×)
    (100_000_000, "Received: 169,000,000 pixels"),        # a cap near the bomb: our header check
])
def test_a_png_bomb_on_the_convolution_page_is_refused_from_its_header(
        png_bomb, decoded, monkeypatch, cap, received):
    if cap:
        monkeypatch.setenv("CNNLAB_MAX_IMAGE_PIXELS", str(cap))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["image"] = "upload"
    at.run()
    at.file_uploader(key="conv_upload").upload("bomb.png", png_bomb, "image/png").run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) == 1
    assert "CNNLAB_MAX_IMAGE_PIXELS" in at.error[0].value and received in at.error[0].value
    assert (BOMB_SIDE, BOMB_SIDE) not in decoded
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before < 100 * MiB


def test_the_refusal_reads_in_korean(png_bomb, decoded, monkeypatch):
    for module in (i18n, ui):          # the language a session chose (AppTest's widgets read English)
        monkeypatch.setattr(module, "current_language", lambda: "ko")
    with pytest.raises(InvalidInput) as refused:
        images.load_image(png_bomb)
    assert ui.error_text(refused.value) == "이미지가 너무 큽니다. 픽셀 수(가로 × 세로)는 최대 16,777,216개입니다."


@pytest.mark.parametrize(("code", "values"), [
    ("image_too_large", {"cap": 16_777_216, "pixels": 169_000_000}),
    ("parse_busy", {"running": 2, "cap": 2}),
    ("parse_busy_user", {"running": 1, "cap": 1}),
])
def test_the_new_refusals_are_worded_in_both_languages(code, values):
    english, korean = i18n.CATALOGUE[f"err_{code}"]
    for text in (english, korean):
        assert text.format(**values)
    assert ui._HANGUL.search(korean) and not ui._HANGUL.search(english)
    assert isinstance(InvalidInput(code, "x", **values), ValueError)


# --------------------------------------------------------------------------- the caches

def rss() -> int:
    """This process's resident memory now, in bytes."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) * 1024


def saved_model(path) -> str:
    """A 4.1 M-weight model (16 MB of weights) saved with Adam's state, as a finished run's is."""
    import keras

    model = keras.Sequential([keras.Input((64, 64, 1)), keras.layers.Flatten(),
                              keras.layers.Dense(1000), keras.layers.Dense(10)])
    model.compile("adam", "sparse_categorical_crossentropy")
    model.fit(np.zeros((4, 64, 64, 1)), np.zeros(4), verbose=0)      # Adam's moments now exist
    model.save(path)
    return str(path)


@pytest.fixture
def empty_caches():
    caches.DATASETS.clear()
    caches.MODELS.clear()
    yield
    caches.DATASETS.clear()
    caches.MODELS.clear()


DATASET_BYTES = 48 * MiB           # the largest data set allowed (CNNLAB_MAX_DATASET_BYTES)
DATASET_CACHE = 128 * MiB          # two of them
MODEL_CACHE = 128 * MiB            # two of the 47 MiB models
MARGIN = 100 * MiB                 # allocator slack, Keras's objects per load, page temporaries


@pytest.mark.slow
def test_ten_seeds_and_ten_models_stay_within_the_caches_budgets(
        tmp_path, monkeypatch, empty_caches, capsys):
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CNNLAB_MAX_DATASET_BYTES", str(DATASET_BYTES))
    monkeypatch.setenv("CNNLAB_DATASET_CACHE_BYTES", str(DATASET_CACHE))
    monkeypatch.setenv("CNNLAB_MODEL_CACHE_BYTES", str(MODEL_CACHE))
    n = DATASET_BYTES // (4 * 64 * 64)                  # 64×64 float32 images: the cap's worth
    options = {"n": n, "image_size": 64}
    path = saved_model(tmp_path / "model.keras")
    import keras

    monkeypatch.setattr(store, "load_model", lambda run_id: keras.saving.load_model(path))

    # One of each first, dropped: imports and Keras's one-time state belong to the baseline.
    data_bytes = caches._dataset_bytes(caches.dataset("shapes", options=options, seed=99))
    model_bytes = caches._model_bytes(caches.model("warm-up"))
    caches.DATASETS.clear()
    caches.MODELS.clear()
    gc.collect()
    baseline = rss()
    # What a request may leave behind: both budgets, plus the one item a page holds.
    bound = baseline + DATASET_CACHE + MODEL_CACHE + data_bytes + model_bytes + MARGIN
    after = []
    for seed in range(10):
        data = caches.dataset("shapes", options=options, seed=seed)
        assert not data.x_train.flags.writeable
        after.append(rss())
    del data
    for i in range(10):
        caches.model(f"run-{i}")
        after.append(rss())
    unbounded = 10 * data_bytes + 10 * model_bytes

    with capsys.disabled():
        print(f"\nRSS baseline {baseline / MiB:.0f} MiB; after each request (MiB over the baseline): "
              f"{[round((r - baseline) / MiB) for r in after]}; bound {(bound - baseline) / MiB:.0f} "
              f"MiB over it; unbounded caches would hold {unbounded / MiB:.0f} MiB")
    assert caches.DATASETS.nbytes <= DATASET_CACHE and len(caches.DATASETS.keys()) == 2
    assert caches.MODELS.nbytes <= MODEL_CACHE and len(caches.MODELS.keys()) == 2
    assert max(after) < bound
