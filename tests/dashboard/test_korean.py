"""Korean mode shows Korean: every page, and a learner's typical mistake on each Learn page.

The only English words allowed are names: libraries and models, Keras layer classes
shown as code, data-set ids, option values Keras spells (valid/same), units
(``korean_text.ALLOWED``). The same pages with runs in the store: test_korean_runs.py.
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
from tests.dashboard.korean_text import ENGLISH_MARK, WORD, english, figure_texts, plain

APP = str(nav.ROOT / "dashboard" / "app.py")
TIMEOUT = 120

def english_words(at: AppTest) -> set[str]:
    """The English words of every text the page shows (``korean_text.english``)."""
    return {word for fragment in english(at) for word in fragment.words}


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
    """Every code raised anywhere in cnncore (read with ``ast`` by tests/test_messages.py)."""
    from tests.test_messages import raised_codes

    codes = raised_codes()
    assert len(codes) > 100 and {c for c in codes if f"err_{c}" not in i18n.CATALOGUE} == set()


def test_an_unknown_error_is_marked_as_english(monkeypatch):
    monkeypatch.setattr(ui, "current_language", lambda: "ko")
    monkeypatch.setattr(i18n, "current_language", lambda: "ko")
    assert ui.error_text(ValueError("boom")) == f"{i18n.CATALOGUE['err_in_english'][1]}: boom"


def test_invalid_input_pickles_with_its_code():
    exc = _raised(LEARNER_MISTAKES["pool_too_big"])
    again = pickle.loads(pickle.dumps(exc))
    assert (again.code, again.values, str(again)) == (exc.code, exc.values, str(exc))


def test_dataset_notes_and_class_names_are_translated(monkeypatch):
    from cnncore.datasets import Note

    note = Note("subset", {"limit": 500, "total": 5000})
    monkeypatch.setattr(i18n, "current_language", lambda: "ko")
    assert i18n.note_text(note).startswith("전체 이미지 5000개 중 500개만 사용")
    assert i18n.class_name("circle") == "원" and i18n.class_name("7") == "7"
    monkeypatch.setattr(i18n, "current_language", lambda: "en")
    assert i18n.note_text(note) == str(note) == "subset of 500 of 5000 images"


def test_the_helper_finds_english_in_a_figure_and_says_where():
    figure = {"data": [{"type": "heatmap", "x": ["circle", "원"], "hovertemplate": "row %{y}: %{z}",
                        "name": "실행 · training"}],
              "layout": {"xaxis": {"title": {"text": "Predicted class"}}}}
    found = set(figure_texts(figure, "figure 0"))
    assert {("figure 0 heatmap x category", "circle"), ("figure 0 xaxis title", "Predicted class"),
            ("figure 0 heatmap hover", "row  :  ")} <= found
    assert {"circle", "row", "Predicted", "training"} <= {w for _, t in found for w in WORD.findall(t)}
    assert plain(f"실패: {ENGLISH_MARK}: disk full") == "실패: "                      # marked English
    assert WORD.findall(plain("`model.keras` 3f2a1b 끝", names=["tiny-cnn"])) == []    # code, an id
