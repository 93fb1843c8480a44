"""Page settings survive a visit to another page."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard import nav

APP = str(nav.ROOT / "dashboard" / "app.py")


def test_convolution_settings_survive_a_visit_to_home():
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("../pages/convolution.py").run()
    at.slider(key="conv_stride").set_value(2).run()
    at.selectbox(key="conv_kernel").set_value("sharpen").run()
    at.switch_page("../pages/home.py").run()
    at.switch_page("../pages/convolution.py").run()
    assert not at.exception
    assert at.slider(key="conv_stride").value == 2
    assert at.selectbox(key="conv_kernel").value == "sharpen"


def test_training_settings_survive_a_visit_to_another_page():
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("../pages/train.py").run()
    at.number_input(key="train_epochs").set_value(7).run()
    at.selectbox(key="train_optimizer").set_value("sgd").run()
    at.switch_page("../pages/convolution.py").run()
    at.switch_page("../pages/train.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.number_input(key="train_epochs").value == 7
    assert at.selectbox(key="train_optimizer").value == "sgd"


def test_an_edited_architecture_survives_a_visit_to_another_page():
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("../pages/architecture.py").run()
    at.number_input(key="arch_b1_filters").set_value(12).run()
    at.switch_page("../pages/home.py").run()
    at.switch_page("../pages/architecture.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.number_input(key="arch_b1_filters").value == 12
