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
        for key, pair in getattr(module, "TEXT", {}).items():   # glossary.py holds rules only
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


def t_or(key: str, fallback: str, **values) -> str:
    """:func:`t` for ``key`` if the catalogue has it, else ``fallback`` (a name, an id)."""
    return t(key, **values) if key in CATALOGUE else fallback


def class_name(name) -> str:
    """A built-in data set's class name in the reader's language ("circle" → "원")."""
    return t_or(f"class_{name}", str(name))


def note_text(note) -> str:
    """A data set's note (:class:`cnncore.datasets.Note`: a subset, a resize, a label remap)
    in the reader's language, worded by its code (``note_<code>``)."""
    return t(f"note_{note.code}", **note.values)


def verdict_text(v) -> str:
    """A verdict (:class:`cnncore.nn.verdict.Verdict`) and its one-line reason, with its
    numbers, in the reader's language (``verdict_kind_<kind>``, ``verdict_reason_<reason>``)."""
    return f"**{t(f'verdict_kind_{v.kind}')}**: {t(f'verdict_reason_{v.reason}', **v.values)}"
