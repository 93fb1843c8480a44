"""Smoke tests: every page in the registry renders through the app shell, in both languages."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import i18n, nav

APP = str(nav.ROOT / "dashboard" / "app.py")
TIMEOUT = 120   # a page that imports TensorFlow pays ~5 s, more on a busy machine
# The catalogue key of the title each page draws first (its own page prefix).
PAGE_TITLES = {"home": "home_title", "convolution": "conv_title", "pooling": "pool_title",
               "architecture": "arch_title", "train": "train_title", "experiments": "exp_title",
               "inside": "inside_title", "sweeps": "sweep_title", "class": "class_title"}


def open_page(spec: nav.PageSpec, *, lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state[i18n.LANG_KEY] = lang
    at.run()
    at.switch_page(f"../{spec.path}")
    return at.run()


@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
@pytest.mark.parametrize("spec", nav.PAGES, ids=lambda s: s.url_path)
def test_page_renders(spec, lang):
    at = open_page(spec, lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    english, korean = i18n.CATALOGUE[PAGE_TITLES[spec.url_path]]
    assert [title.value for title in at.title][:1] == [korean if lang == "ko" else english], spec.path


def test_registry_lists_only_existing_pages():
    missing = [spec.path for spec in nav.PAGES if not spec.file.is_file()]
    assert missing == []
    assert len({spec.url_path for spec in nav.PAGES}) == len(nav.PAGES)


def test_catalogue_has_both_languages_for_every_key():
    for key, pair in i18n.CATALOGUE.items():
        assert len(pair) == 2 and all(isinstance(s, str) and s.strip() for s in pair), key


def test_every_page_title_is_in_the_catalogue():
    for spec in nav.PAGES:
        assert spec.title_key in i18n.CATALOGUE
        assert spec.section is None or spec.section in i18n.CATALOGUE


def test_home_switches_to_korean():
    home = next(s for s in nav.PAGES if s.url_path == "home")
    at = open_page(home, lang="ko")
    assert any("CNN" in t.value for t in at.title)
    assert any("실행 환경" in h.value for h in at.subheader)


def test_language_switch_widget_changes_the_text():
    home = next(s for s in nav.PAGES if s.url_path == "home")
    at = open_page(home)
    assert any(h.value == "Environment" for h in at.subheader)
    at.sidebar.radio(key=i18n.LANG_KEY).set_value("ko").run()
    assert any(h.value == "실행 환경" for h in at.subheader)
    lang = at.query_params["lang"]
    assert (lang if isinstance(lang, str) else lang[-1]) == "ko"     # AppTest may give a list


@pytest.mark.parametrize("url_path", ["train", "experiments"])
def test_an_unreachable_run_store_is_an_error_on_the_page(url_path, monkeypatch):
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "postgresql://cnnlab:secret@127.0.0.1:9/none")
    at = open_page(next(s for s in nav.PAGES if s.url_path == url_path))
    assert not at.exception, [e.value for e in at.exception]
    assert "cannot open the run store" in at.error[0].value
    assert "secret" not in at.error[0].value
