"""The Architecture page: presets, per-block edits, errors on the page, the URL, Train."""

from __future__ import annotations

from dataclasses import replace

import pytest
from streamlit.testing.v1 import AppTest

from cnncore.nn.models import PRESETS, ConvBlock, ModelConfig
from dashboard import nav, share

PAGE = str(nav.ROOT / "pages" / "architecture.py")


def open_page(*, query: dict | None = None, **session) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in session.items():
        at.session_state[key] = value
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def total(at: AppTest) -> str:
    return at.metric[0].value


def layer_names(at: AppTest) -> list[str]:
    return list(at.dataframe[0].value.iloc[:, 0])


def test_page_renders_the_courses_cnn():
    at = open_page()
    assert not at.exception, [e.value for e in at.exception]
    assert total(at) == "264,049"
    assert layer_names(at)[:4] == ["image", "conv1", "conv1_bn", "conv1_pool"]
    assert at.get("plotly_chart")


def test_dense_baseline_preset():
    at = open_page()
    at.selectbox(key="arch_preset").set_value("dense-baseline").run()
    assert not at.exception
    assert total(at) == "676,888"
    assert layer_names(at) == ["image", "flatten", "dense1", "dense2", "output"]


def test_dense_size_changes_the_total():
    at = open_page()
    at.number_input(key="arch_d1_units").set_value(256).run()
    assert total(at) == "155,249"
    assert at.session_state["arch_config"]["dense_layers"][0]["units"] == 256
    assert at.session_state["arch_config"]["name"] == "custom"


def test_block_edits_change_shapes():
    at = open_page()
    at.number_input(key="arch_b1_stride").set_value(2).run()
    shapes = dict(zip(layer_names(at), at.dataframe[0].value.iloc[:, 2]))
    assert shapes["conv1"] == "14 × 14 × 75"
    at.selectbox(key="arch_b1_pooling").set_value("none").run()
    assert "conv1_pool" not in layer_names(at)
    assert at.number_input(key="arch_b1_pool_size").disabled


def test_add_and_remove_blocks():
    at = open_page()
    at.button(key="arch_b2_remove").click().run()
    assert [b["filters"] for b in at.session_state["arch_config"]["conv_blocks"]] == [75, 25]
    assert at.number_input(key="arch_b2_filters").value == 25   # widgets follow the config
    at.button(key="arch_add_block").click().run()
    assert [b["filters"] for b in at.session_state["arch_config"]["conv_blocks"]] == [75, 25, 25]
    assert "conv3_pool" in layer_names(at)
    at.button(key="arch_add_dense").click().run()
    assert "dense2" in layer_names(at)


def test_breaking_config_names_the_layer_on_the_page():
    broken = replace(PRESETS["dli-cnn"], conv_blocks=(ConvBlock(kernel_size=9, padding="valid"),) * 3)
    at = open_page(arch_config=broken.to_dict())
    assert not at.exception
    assert "conv3: the feature map shrinks to nothing" in at.error[0].value
    assert not at.metric and not at.dataframe


def test_breaking_by_widget_shows_an_error_and_recovers():
    at = open_page()
    for i in (1, 2, 3):
        at.selectbox(key=f"arch_b{i}_padding").set_value("valid")
        at.number_input(key=f"arch_b{i}_kernel").set_value(7)
    at.run()   # 28 → 22 → pool 11 → 5 → pool 3: a 7×7 kernel no longer fits
    assert not at.exception
    assert "conv3: the feature map shrinks to nothing" in at.error[0].value
    assert "3×3 map" in at.error[0].value
    at.number_input(key="arch_b3_kernel").set_value(3).run()
    assert not at.error and total(at)
    at.selectbox(key="arch_input").set_value("8x8x1").run()   # 8 → 2 → pool 1
    assert "conv2: the feature map shrinks to nothing" in at.error[0].value


def test_config_is_mirrored_in_the_url():
    at = open_page()
    at.number_input(key="arch_b1_filters").set_value(8).run()
    url = at.query_params["arch"]
    url = url[0] if isinstance(url, list) else url
    assert ModelConfig.from_dict(share.decode_config(url)).conv_blocks[0].filters == 8


def test_a_shared_link_opens_its_architecture():
    config = replace(PRESETS["dli-cnn"], conv_blocks=PRESETS["dli-cnn"].conv_blocks[:1], name="custom")
    at = open_page(query={"arch": share.encode_config(config.to_dict()), "arch_input": "32x32x3",
                          "arch_classes": "10"})
    assert not at.exception
    assert layer_names(at)[-1] == "output" and "conv2" not in layer_names(at)
    assert at.dataframe[0].value.iloc[-1, 2] == "10"
    assert at.dataframe[0].value.iloc[0, 2] == "32 × 32 × 3"


@pytest.mark.parametrize("bad", ["not-base64!", share.encode_config({"conv_blocks": [{"filters": 0}]})])
def test_a_broken_link_says_so_and_falls_back_to_the_preset(bad):
    at = open_page(query={"arch": bad})
    assert not at.exception
    assert "cannot be read" in at.error[0].value
    assert total(at) == "264,049"


def test_train_this_model_hands_the_config_to_the_train_page():
    at = AppTest.from_file(str(nav.ROOT / "dashboard" / "app.py"), default_timeout=120).run()
    at.switch_page("../pages/architecture.py").run()
    at.number_input(key="arch_d1_units").set_value(64).run()
    at.button(key="arch_train").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["arch_model_config"]["dense_layers"][0]["units"] == 64
    assert at.title[0].value == "Train"


def test_korean_title():
    at = open_page(app_lang="ko")
    assert not at.exception
    assert at.title[0].value == "전체 아키텍처"
