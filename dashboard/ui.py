"""Small helpers every page uses to show cnncore's errors without a traceback."""

from __future__ import annotations

from contextlib import contextmanager

import streamlit as st

from dashboard.i18n import t


def show_error(exc: Exception) -> None:
    """Show a ``ValueError`` (or similar) from cnncore as a red box with its message."""
    st.error(f"**{t('error_prefix')}:** {exc}", icon=":material/error:")


@contextmanager
def reporting_errors(*kinds: type[Exception]):
    """``with reporting_errors(): ...``: a ValueError inside becomes ``st.error`` on the page.

    The block is abandoned at the error; the rest of the page still renders.
    """
    try:
        yield
    except (kinds or (ValueError,)) as exc:
        show_error(exc)
