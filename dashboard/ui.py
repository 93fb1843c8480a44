"""Small helpers every page uses: cnncore's errors without a traceback, and links to pages."""

from __future__ import annotations

import re
from contextlib import contextmanager

import streamlit as st

from cnncore.errors import InvalidInput
from dashboard import nav
from dashboard.i18n import CATALOGUE, current_language, t

_HANGUL = re.compile("[\uac00-\ud7a3]")


def error_text(exc: BaseException) -> str:
    """``exc`` in the reader's language.

    A coded error (:class:`~cnncore.errors.InvalidInput`, ``NotAllowed``,
    ``DatasetUnavailable``, ``TrainingDiverged``) is told from the catalogue
    (``err_<code>``, filled with its values, after the ``where`` it happened, if any). In
    English, or for any other error, cnncore's own English message is shown; in Korean it
    is marked as English so nobody takes it for a bug.
    """
    if current_language() == "en" or _HANGUL.search(str(exc)):
        return str(exc)   # English already, or a message the dashboard wrote from the catalogue
    code, values = getattr(exc, "code", None), getattr(exc, "values", None)
    if isinstance(code, str) and isinstance(values, dict) and f"err_{code}" in CATALOGUE:
        try:
            text = t(f"err_{code}", **{name: _word(value) for name, value in values.items()})
            return f"{values['where']}: {text}" if values.get("where") else text
        except (KeyError, IndexError, ValueError):
            pass   # a code whose values changed: the English message is still right
    return f"{t('err_in_english')}: {exc}"


def run_error_text(error: str, code: str = "", values: dict | None = None) -> str:
    """A run's stored failure (English text, optional code and values) in the reader's language."""
    return error_text(InvalidInput(code, error, **(values or {})) if code else RuntimeError(error))


def _word(value):
    """A value that is a word cnncore uses ("height", "kernel", "filters") in the reader's language."""
    if isinstance(value, str) and f"err_value_{value}" in CATALOGUE:
        return t(f"err_value_{value}")
    return value


def show_error(exc: Exception) -> None:
    """Show a ``ValueError`` (or similar) from cnncore as a red box, in the reader's language."""
    st.error(f"**{t('error_prefix')}:** {error_text(exc)}", icon=":material/error:")


@contextmanager
def reporting_errors(*kinds: type[Exception]):
    """``with reporting_errors(): ...``: a ValueError inside becomes ``st.error`` on the page.

    The block is abandoned at the error; the rest of the page still renders.
    """
    try:
        yield
    except (kinds or (ValueError,)) as exc:
        show_error(exc)


def link(path: str, label: str, icon: str, **query) -> None:
    """``st.page_link`` to a registered page (``"pages/train.py"``), with ``?key=value``."""
    st.page_link(nav.ROOT / path, label=label, icon=icon, query_params=query or None)


def guide_to_train(message_key: str) -> None:
    """An empty store: say so and point at the Train page."""
    st.info(t(message_key), icon=":material/info:")
    link("pages/train.py", t("train_go"), ":material/model_training:")
