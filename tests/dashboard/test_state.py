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
