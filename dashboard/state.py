"""Session-state defaults for every page, set in one place.

Keys are prefixed with their page (``conv_stride``) so pages never collide. Values that
must survive a page switch are plain keys, not widget keys: Streamlit forgets the value
of a widget that is not drawn on the current page.
"""

from __future__ import annotations

import streamlit as st

DEFAULTS: dict[str, object] = {
    "app_lang": "en",
}


def init_defaults() -> None:
    """Set every default that the session does not have yet."""
    for key, value in DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = value
