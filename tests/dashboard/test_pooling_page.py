"""The Pooling & Dropout page: renders, and its widgets change what it shows."""

from __future__ import annotations

import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import i18n, nav

PAGE = str(nav.ROOT / "pages" / "pooling.py")


def open_page(**session) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in session.items():
        at.session_state[key] = value
    return at.run()


def charts(at: AppTest) -> dict[str, dict]:
    """Every Plotly figure on the page by its title (untitled ones by position)."""
    specs = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    return {(s["layout"].get("title") or {}).get("text") or f"#{i}": s for i, s in enumerate(specs)}


def neuron_rows(at: AppTest) -> set[str]:
    """The row labels of the dropout figure (rows of neurons, one per rate)."""
    return {trace["y"][0] for spec in charts(at).values() for trace in spec["data"]
            if trace.get("type") == "scatter" and trace["y"]}


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def test_page_renders_the_decks_example():
    at = open_page()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Pooling & Dropout"
    output = charts(at)["Output 2×2"]
    assert output["data"][0]["text"] == [["256", "153"], ["23", "55"]]


def test_average_mode_changes_the_output():
    at = open_page()
    at.radio(key="pool_mode").set_value("average").run()
    assert not at.exception
    assert charts(at)["Output 2×2"]["data"][0]["text"] == [["116.75", "87.75"], ["14.25", "44.25"]]
    assert "keeps the mean" in captions(at)


def test_size_and_stride_change_the_output_shape():
    at = open_page()
    at.selectbox(key="pool_size").set_value(3)
    at.selectbox(key="pool_stride").set_value(1).run()
    assert not at.exception
    assert "Output 2×2" in charts(at)   # 4×4, 3×3 windows at stride 1
    assert "126×126 → 124×124" in captions(at)
    at.radio(key="pool_padding").set_value("same").run()
    assert "Output 4×4" in charts(at)
    assert "126×126 → 126×126" in captions(at)


def test_default_feature_map_is_the_camera_through_vertical_sobel():
    at = open_page()
    assert any("vertical Sobel" in m.value for m in at.markdown)
    assert "126×126 → 63×63" in captions(at)


def test_feature_map_from_the_convolution_page_carries_over():
    made = {"image_name": "coins", "kernel_name": "blur", "kernel": np.full((3, 3), 1 / 9),
            "stride": 1, "padding": "valid", "feature_map": np.random.default_rng(0).random((40, 30))}
    at = open_page(conv_feature_map=made)
    assert not at.exception
    assert any("**coins**" in m.value and "**Blur**" in m.value for m in at.markdown)   # the kernel's label
    assert "40×30 → 20×15" in captions(at)


def test_dropout_rate_changes_the_scaling_and_the_neuron_rows():
    at = open_page()
    assert "1/(1−0.20) = 1.25" in at.info[0].value
    at.slider(key="pool_drop_rate").set_value(0.5).run()
    assert not at.exception
    assert "1/(1−0.50) = 2.00" in at.info[0].value
    assert neuron_rows(at) == {"rate = 0", "rate = 0.2", "rate = 0.4", "rate = 0.5"}


@pytest.mark.parametrize("rate", [0.0, 0.4])
def test_deck_rates_are_not_repeated(rate):
    at = open_page(pool_drop_rate=rate)
    assert neuron_rows(at) == {"rate = 0", "rate = 0.2", "rate = 0.4"}


def test_resample_draws_a_new_mask():
    at = open_page()
    before = captions(at).splitlines()[-1]
    at.button(key="pool_drop_resample").click().run()
    assert not at.exception
    assert at.session_state["pool_drop_seed"] == 1
    assert captions(at).splitlines()[-1] != before


def test_korean_uses_the_decks_terms():
    at = open_page(app_lang="ko")
    assert not at.exception
    assert at.title[0].value == "풀링과 드롭아웃"
    assert at.radio(key="pool_mode").options[0] == "맥스 풀링"
    assert "드롭아웃 비율" in at.slider(key="pool_drop_rate").label


def test_feature_map_made_on_the_convolution_page_reaches_this_page_through_the_app():
    at = AppTest.from_file(str(nav.ROOT / "dashboard" / "app.py"), default_timeout=60).run()
    at.switch_page("../pages/convolution.py").run()
    made = at.session_state["conv_feature_map"]
    at.switch_page("../pages/pooling.py").run()
    assert not at.exception
    image, kernel = (i18n.CATALOGUE.get(f"conv_{what}_{made[what + '_name']}", (made[what + "_name"],))[0]
                     for what in ("image", "kernel"))   # English labels, as the Convolution page shows them
    assert any(f"**{image}**" in m.value and f"**{kernel}**" in m.value for m in at.markdown)
    h, w = made["feature_map"].shape
    assert f"{h}×{w} → " in captions(at)
