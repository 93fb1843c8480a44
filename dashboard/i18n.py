"""One catalogue for every user-facing string, in English and Korean.

Pages call :func:`t` with a key; the sidebar switch in ``dashboard/app.py`` sets the
language in session state (and in the URL, so a shared link keeps it).
"""

from __future__ import annotations

import importlib
import pkgutil
import re

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


# cnncore.datasets writes these notes in English; the dashboard shows them translated.
_NOTES = (
    (re.compile(r"subset of (?P<limit>\d+) of (?P<total>\d+) images"), "note_subset"),
    (re.compile(r"labels 0–24 \(no 9\) mapped to 24 letters A–Y"), "note_sign_labels"),
    (re.compile(r"resized all images to (?P<a>\d+)×(?P<b>\d+)"), "note_resized_all"),
    (re.compile(r"resized (?P<off>\d+) of (?P<total>\d+) images to (?P<a>\d+)×(?P<b>\d+) "
                r"\(sizes found: (?P<found>.*)\)"), "note_resized_some"),
    (re.compile(r"validation from (?P<file>.+)"), "note_validation_from"),
    (re.compile(r"digits resized to (?P<low>[\d.]+)–(?P<high>[\d.]+) of their size and placed anywhere "
                r"on the (?P<a>\d+)×(?P<b>\d+) canvas; each training digit (?P<copies>\d+) times"),
     "note_scattered"),
)


def dataset_note(note: str) -> str:
    """A note of ``cnncore.datasets`` (a subset, a resize, a label remap) in the reader's language."""
    if current_language() == "en":
        return note
    for pattern, key in _NOTES:
        match = pattern.fullmatch(note)
        if match:
            return t(key, **match.groupdict())
    return f"{t('note_in_english')}: {note}"
