"""Korean mode shows Korean: every page, and a learner's typical mistake on each Learn page.

The only English words allowed are names: libraries and models, Keras layer classes
shown as code, data-set ids, option values Keras spells (valid/same), units.
"""

from __future__ import annotations

import pickle
import re
from dataclasses import replace

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from cnncore.errors import InvalidInput
from cnncore.nn import models
from cnncore.nn.models import PRESETS, ConvBlock
from cnncore.ops import convolution, kernels, pooling
from dashboard import i18n, nav, ui

APP = str(nav.ROOT / "dashboard" / "app.py")
TIMEOUT = 120

ALLOWED = {
    # names of things: the app, libraries, services, hardware
    "English", "CNN", "Lab", "Keras", "TensorFlow", "JAX", "PyTorch", "MLflow", "Ray", "Tune", "ASHA",
    "GPU", "CPU", "ML", "MNIST", "ASL", "CSV", "PNG", "JPEG", "ZIP", "JSON", "npz", "URL",
    "MLFLOW_TRACKING_URI", "CNNLAB_HOME", "auto", "label", "pixel", "sign_mnist_train", "csv",
    # Keras layers and options, shown as code
    "Conv2D", "Dense", "Dropout", "BatchNormalization", "Flatten", "MaxPooling2D",
    "AveragePooling2D", "InputLayer", "ReLU", "relu", "softmax", "valid", "same", "max",
    "average", "none", "adam", "sgd", "rmsprop", "adamw", "nadam", "adagrad", "float32", "mixed_float16", "bfloat16", "mixed_bfloat16", "float16",
    # data-set ids and sample images
    "mnist", "k", "scattered", "digits", "fashion", "cifar10", "shapes", "sign", "language", "camera",
    "astronaut", "coins", "coffee", "moon", "text", "chelsea", "checkerboard", "deck",
    "brick", "clock", "horse", "page", "rocket", "grass", "gravel", "cat",
    # layer names describe() gives (conv1, conv1_pool, dense1, flatten, output, image)
    "conv", "dense", "pool", "bn", "dropout", "flatten", "output", "image",
    # maths and units
    "n", "p", "s", "x", "px", "pts", "p", "W", "log", "low", "high", "e", "max",
}
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def _strip(text: str) -> str:
    text = re.sub(r":material/[a-z_]+:", " ", str(text))
    text = re.sub(r"`[^`]*`", " ", text)             # code spans are code
    text = re.sub(r"https?://\S+", " ", text)
    return text


def visible_text(at: AppTest) -> list[str]:
    """Text of everything a reader sees: prose, labels, options, table columns, errors."""
    texts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "error", "info",
                 "warning", "success", "exception"):
        texts += [e.value for e in at.get(kind)]
    for kind in ("selectbox", "radio", "multiselect"):
        for widget in at.get(kind):
            texts.append(widget.label)
            texts += [str(o) for o in widget.options]
    for kind in ("button", "number_input", "slider", "select_slider", "text_input", "checkbox",
                 "toggle", "text_area", "expander", "tab"):
        texts += [getattr(w, "label", "") or "" for w in at.get(kind)]
    for metric in at.get("metric"):
        texts.append(metric.label)
    for frame in at.get("dataframe"):
        texts += [str(c) for c in frame.value.columns]
    return [_strip(t) for t in texts if t]


LAYER_NAME = re.compile(r"(conv|dense)\d+(_[a-z]+)?")   # Keras layer names, as in the layer table


def english_words(at: AppTest) -> set[str]:
    words = {word for text in visible_text(at) for word in WORD.findall(text)} - ALLOWED
    return {word for word in words if not LAYER_NAME.fullmatch(word)}


def open_page(url_path: str, **session) -> AppTest:
    spec = next(s for s in nav.PAGES if s.url_path == url_path)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state[i18n.LANG_KEY] = "ko"
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(f"../{spec.path}")
    return at.run()


@pytest.mark.parametrize("spec", nav.PAGES, ids=lambda s: s.url_path)
def test_every_page_is_korean(spec, empty_home):
    """On an empty store (runs in a store carry names and, when a run failed with no code,
    its English reason, marked as English)."""
    at = open_page(spec.url_path)
    assert not at.exception, [e.value for e in at.exception]
    assert english_words(at) == set()


def test_convolution_empty_kernel_cell_is_a_korean_error():
    at = open_page("convolution", conv_kernel="custom",
                   conv_custom_base=((1.0, float("nan")), (0.0, 1.0)),
                   conv_kernel_rows=2, conv_kernel_cols=2)
    assert not at.exception
    assert "1행 2열" in at.error[0].value
    assert english_words(at) == set()


def test_convolution_kernel_larger_than_the_padded_image_is_a_korean_error():
    big = tuple(tuple(1.0 for _ in range(9)) for _ in range(9))
    at = open_page("convolution", conv_kernel="custom", conv_custom_base=big,
                   conv_kernel_rows=9, conv_kernel_cols=9)
    assert not at.exception
    assert "패딩한 이미지보다 큽니다" in at.error[0].value
    assert english_words(at) == set()


def test_pooling_a_pool_larger_than_the_map_is_a_korean_error():
    made = {"image_name": "deck", "kernel_name": "sobel_vertical", "feature_map": np.ones((3, 3))}
    at = open_page("pooling", conv_feature_map=made, pool_size=4, pool_stride=4)
    assert not at.exception
    assert any("들어가지 않습니다" in e.value for e in at.error)
    assert english_words(at) == set()


def test_architecture_a_map_that_shrinks_to_nothing_is_a_korean_error():
    broken = replace(PRESETS["dli-cnn"], conv_blocks=(ConvBlock(kernel_size=9, padding="valid"),) * 3)
    at = open_page("architecture", arch_config=broken.to_dict())
    assert not at.exception
    assert "conv3: 특성 맵이 사라집니다" in at.error[0].value
    assert english_words(at) == set()


# --- the errors themselves ---------------------------------------------------------------

def _raised(call) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        call()
    return info.value


LEARNER_MISTAKES = {
    "kernel_exceeds_padded": lambda: convolution.conv2d(np.ones((3, 3)), np.ones((5, 5))),
    "kernel_not_finite": lambda: kernels.validate_kernel([[1, float("nan")]]),
    "pool_too_big": lambda: pooling.pool2d(np.ones((3, 3)), size=4),
    "map_shrinks": lambda: models.describe(
        replace_blocks(PRESETS["dli-cnn"], kernel_size=9, padding="valid"), (28, 28, 1), 24),
}


def replace_blocks(config, **changes):
    return replace(config, conv_blocks=tuple(replace(b, **changes) for b in config.conv_blocks))


@pytest.mark.parametrize("code", list(LEARNER_MISTAKES))
def test_learner_mistakes_carry_a_code_with_a_korean_text(code, monkeypatch):
    exc = _raised(LEARNER_MISTAKES[code])
    assert exc.code == code and isinstance(exc, ValueError)
    assert f"err_{code}" in i18n.CATALOGUE
    monkeypatch.setattr(ui, "current_language", lambda: "ko")
    monkeypatch.setattr(i18n, "current_language", lambda: "ko")
    text = ui.error_text(exc)
    assert re.search("[가-힣]", text) and "Received" not in text
    monkeypatch.setattr(ui, "current_language", lambda: "en")
    assert ui.error_text(exc) == str(exc)


def test_every_code_raised_has_a_catalogue_entry():
    root = nav.ROOT / "cnncore"
    codes = set()
    for path in [*root.glob("ops/*.py"), root / "nn" / "models.py"]:
        codes |= set(re.findall(r'InvalidInput\(\s*"([a-z0-9_]+)"', path.read_text()))
    assert codes and {c for c in codes if f"err_{c}" not in i18n.CATALOGUE} == set()


def test_an_unknown_error_is_marked_as_english(monkeypatch):
    monkeypatch.setattr(ui, "current_language", lambda: "ko")
    monkeypatch.setattr(i18n, "current_language", lambda: "ko")
    assert ui.error_text(ValueError("boom")) == f"{i18n.CATALOGUE['err_in_english'][1]}: boom"


def test_invalid_input_pickles_with_its_code():
    exc = _raised(LEARNER_MISTAKES["pool_too_big"])
    again = pickle.loads(pickle.dumps(exc))
    assert (again.code, again.values, str(again)) == (exc.code, exc.values, str(exc))


def test_dataset_notes_and_class_names_are_translated(monkeypatch):
    monkeypatch.setattr(i18n, "current_language", lambda: "ko")
    assert i18n.dataset_note("subset of 500 of 5000 images") == "전체 이미지 5000개 중 500개만 사용 (클래스 비율 유지)"
    assert i18n.dataset_note("something new").startswith(i18n.CATALOGUE["note_in_english"][1])
    assert i18n.class_name("circle") == "원" and i18n.class_name("7") == "7"
