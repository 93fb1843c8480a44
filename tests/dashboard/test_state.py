"""Page settings survive a visit to another page."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import nav

APP = str(nav.ROOT / "dashboard" / "app.py")

# page, (widget kind, key, value) edits, the page visited in between
ROUND_TRIPS = {
    "convolution": ("convolution", [("slider", "conv_stride", 2), ("selectbox", "conv_kernel", "sharpen")], "home"),
    "training": ("train", [("number_input", "train_epochs", 7), ("selectbox", "train_optimizer", "sgd")],
                 "convolution"),
    "architecture": ("architecture", [("number_input", "arch_b1_filters", 12)], "home"),
}


@pytest.mark.parametrize("page, edits, elsewhere", ROUND_TRIPS.values(), ids=ROUND_TRIPS)
def test_settings_survive_a_visit_to_another_page(page, edits, elsewhere):
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page(f"../pages/{page}.py").run()
    for kind, key, value in edits:
        getattr(at, kind)(key=key).set_value(value).run()
    at.switch_page(f"../pages/{elsewhere}.py").run()
    at.switch_page(f"../pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    for kind, key, value in edits:
        assert getattr(at, kind)(key=key).value == value


# --------------------------------------------------------------------------- declared keys

import re  # noqa: E402

from dashboard import state  # noqa: E402

# st.session_state["key"], st.session_state.get("key") / .pop("key") / .setdefault("key"),
# "key" in st.session_state, and widgets' key="..." that a page also reads as state.
SESSION_KEY = re.compile(r"""st\.session_state(?:\[|\.(?:get|pop|setdefault)\()\s*["']([^"']+)["']"""
                         r"""|["']([^"']+)["']\s+(?:not\s+)?in\s+st\.session_state""")
HANDOFF_NAMES = {"ARCH_MODEL_CONFIG", "CONV_FEATURE_MAP", "EXP_OPEN_RUN"}


def session_keys_in_pages() -> dict[str, list[str]]:
    """Every string key a page reads or writes in ``st.session_state``: key → where."""
    found: dict[str, list[str]] = {}
    for page in sorted((nav.ROOT / "pages").glob("*.py")):
        for number, line in enumerate(page.read_text().splitlines(), start=1):
            if "``" in line:                          # prose in a docstring, not code
                continue
            for match in SESSION_KEY.finditer(line):
                found.setdefault(match[1] or match[2], []).append(f"{page.name}:{number}")
    return found


def test_the_key_scanner_finds_each_form():
    line = ('st.session_state["a"] = st.session_state.get("b") or st.session_state.pop("c", None); '
            'if "d" not in st.session_state: pass')
    assert [m[1] or m[2] for m in SESSION_KEY.finditer(line)] == ["a", "b", "c", "d"]


def test_every_session_key_a_page_uses_is_declared():
    undeclared = {key: where for key, where in session_keys_in_pages().items()
                  if key not in state.DEFAULTS and key not in state.HANDOFF}
    assert not undeclared, ("session keys used by pages but neither in state.DEFAULTS nor in "
                            f"state.HANDOFF: {undeclared}")


def test_hand_off_keys_are_declared_documented_and_used_by_name():
    assert {getattr(state, name) for name in HANDOFF_NAMES} == set(state.HANDOFF)
    assert not set(state.HANDOFF) & set(state.DEFAULTS)         # absent until a page writes it
    assert all(meaning.strip() for meaning in state.HANDOFF.values())
    bare = session_keys_in_pages()
    assert not {key: bare[key] for key in state.HANDOFF if key in bare}, \
        "pages read and write hand-off keys through state's names, not bare strings"
    pages = {p.name: p.read_text() for p in (nav.ROOT / "pages").glob("*.py")}
    pages["widgets.py"] = (nav.ROOT / "dashboard" / "widgets.py").read_text()   # Train's and Sweeps' model radio
    writers_readers = {"ARCH_MODEL_CONFIG": {"architecture.py", "widgets.py"},
                       "CONV_FEATURE_MAP": {"convolution.py", "pooling.py"},
                       "EXP_OPEN_RUN": {"sweeps.py", "experiments.py"}}
    for name, expected in writers_readers.items():
        assert {page for page, text in pages.items() if f"state.{name}" in text} == expected, name
