"""One catalogue for every user-facing string, in English and Korean.

Pages call :func:`t` with a key; the sidebar switch in ``dashboard/app.py`` sets the
language in session state (and in the URL, so a shared link keeps it).
"""

from __future__ import annotations

import importlib
import pkgutil

import streamlit as st

from dashboard import catalogue

LANGUAGES = {"en": "English", "ko": "한국어"}
DEFAULT_LANGUAGE = "en"
LANG_KEY = "app_lang"


def _load_catalogue() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for info in pkgutil.iter_modules(catalogue.__path__):
        module = importlib.import_module(f"{catalogue.__name__}.{info.name}")
        for key, pair in module.TEXT.items():
            if key in merged:
                raise KeyError(f"catalogue key {key!r} is defined twice (again in {info.name})")
            merged[key] = pair
    return merged


CATALOGUE = _load_catalogue()


def current_language() -> str:
    lang = st.session_state.get(LANG_KEY, DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **values) -> str:
    """The text for ``key`` in the current language, with ``{name}`` fields filled in."""
    english, korean = CATALOGUE[key]
    text = korean if current_language() == "ko" else english
    return text.format(**values) if values else text
