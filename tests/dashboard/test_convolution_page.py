"""The Convolution page: set widgets by key, check what it shows."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from cnncore.ops.images import DECK_EXAMPLE as DECK_PIXELS
from dashboard import nav

PAGE = str(nav.ROOT / "pages" / "convolution.py")
DECK_OUTPUT = [[".56", ".57", ".57", ".56"], [".7", ".82", ".82", ".7"],
               [".69", ".95", ".95", ".69"], [".64", ".69", ".69", ".64"]]


def open_page(**query) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def heatmaps(at: AppTest) -> dict[str, list[list[str]]]:
    """Each number heatmap's printed text, by title."""
    shown = {}
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        shown[spec["layout"]["title"]["text"]] = spec["data"][0].get("text")
    return shown


def link(at: AppTest) -> dict[str, str]:
    """The page's URL query, one string per key."""
    return {k: v if isinstance(v, str) else v[0] for k, v in at.query_params.items()}


def sum_line(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Sum:**"))


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_default_view_is_the_decks_worked_example():
    at = open_page()
    assert_clean(at)
    shown = heatmaps(at)
    assert shown["Output (feature map)"] == DECK_OUTPUT
    assert shown["Kernel"] == [[".06", ".13", ".06"], [".13", ".25", ".13"], [".06", ".13", ".06"]]
    assert shown["Multiply"] == [[".06", "0", ".06"], ["0", ".25", "0"], ["0", ".13", ".06"]]
    assert sum_line(at).endswith("= **.56**")
    assert any("⌊(6 + 2·0 − 3) / 1⌋ + 1 = **4**" in m.value for m in at.markdown)
    assert any("output **4×4**" in m.value for m in at.markdown)


def test_stepper_walks_the_output_cells():
    at = open_page()
    for cell, total in [(2, ".57"), (5, ".7"), (11, ".95"), (16, ".64")]:
        at.number_input(key="conv_cell").set_value(cell).run()
        assert sum_line(at).endswith(f"= **{total}**")
    assert "row 4, column 4" in at.caption[-1].value


@pytest.mark.parametrize(("stride", "first_row"), [(2, [".56", ".57"]), (3, [".56", ".56"])])
def test_deck_strides(stride, first_row):
    at = open_page()
    at.slider(key="conv_stride").set_value(stride).run()
    assert_clean(at)
    assert heatmaps(at)["Output (feature map)"][0] == first_row


def test_zero_padding_shows_the_decks_8x8_ring():
    at = open_page()
    at.radio(key="conv_padding").set_value("zeros").run()
    assert_clean(at)
    padded = heatmaps(at)["Input with its padding ring"]
    assert len(padded) == 8 and all(len(row) == 8 for row in padded)
    assert padded[0] == ["0"] * 8 and padded[1] == list("01011010")
    assert any("output **6×6**" in m.value for m in at.markdown)


def test_same_padding_formula_has_the_numbers_filled_in():
    at = open_page(padding="same", stride="2")
    assert_clean(at)
    formula = next(m.value for m in at.markdown if "⌈" in m.value)
    assert "⌈6 / 2⌉ = **3**" in formula and "max((3 − 1)·2 + 3 − 6, 0) = 1: 0 before, 1 after" in formula


def test_feature_map_is_handed_to_the_pooling_page():
    at = open_page()
    handed = at.session_state["conv_feature_map"]
    assert handed["image_name"] == "deck" and handed["kernel_name"] == "blur"
    assert handed["stride"] == 1 and handed["padding"] == "valid"
    assert handed["feature_map"].dtype == np.float64
    np.testing.assert_array_equal(handed["feature_map"].round(2), [[float(v) for v in row] for row in DECK_OUTPUT])


def test_custom_kernel_starts_from_the_preset_and_can_be_resized():
    at = open_page()
    at.selectbox(key="conv_kernel").set_value("custom").run()
    assert_clean(at)
    assert heatmaps(at)["Output (feature map)"] == DECK_OUTPUT
    at.number_input(key="conv_kernel_rows").set_value(1).run()
    assert_clean(at)
    assert heatmaps(at)["Kernel"] == [[".13", ".25", ".13"]]
    assert link(at)["k"] == "0.13,0.25,0.13"


def test_invalid_custom_kernel_shows_an_error_not_a_traceback():
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["conv_kernel"] = "custom"
    at.session_state["conv_custom_base"] = ((1.0, float("nan")), (0.0, 1.0))
    at.session_state["conv_kernel_rows"] = at.session_state["conv_kernel_cols"] = 2
    at.run()
    assert not at.exception
    assert "kernel[0, 1]=nan" in at.error[0].value


def test_kernel_larger_than_the_padded_image_shows_an_error():
    at = open_page(kernel="custom", k=";".join([",".join(["1"] * 9)] * 9))
    assert not at.exception
    assert "must not exceed the padded image" in at.error[0].value
    at.radio(key="conv_padding").set_value("same").run()
    assert_clean(at)


def test_query_params_reopen_the_same_view():
    at = open_page()
    at.slider(key="conv_stride").set_value(2)
    at.radio(key="conv_padding").set_value("zeros")
    at.selectbox(key="conv_kernel").set_value("sobel_vertical")
    at.run()
    at.number_input(key="conv_cell").set_value(3).run()
    query = link(at)
    assert query["stride"] == "2" and query["padding"] == "zeros" and query["cell"] == "3"
    reopened = open_page(**query)
    assert_clean(reopened)
    for widget, key in [("slider", "conv_stride"), ("radio", "conv_padding"),
                        ("selectbox", "conv_kernel"), ("number_input", "conv_cell")]:
        assert getattr(reopened, widget)(key=key).value == getattr(at, widget)(key=key).value
    assert heatmaps(reopened) == heatmaps(at)
    assert sum_line(reopened) == sum_line(at)


def test_bad_query_params_are_ignored():
    at = open_page(stride="0", padding="full", kernel="nope", k="1,x")
    assert_clean(at)
    assert at.slider(key="conv_stride").value == 1
    assert heatmaps(at)["Output (feature map)"] == DECK_OUTPUT


def test_photo_shows_original_result_and_the_gallery():
    at = open_page(image="camera", kernel="sobel_vertical")
    assert_clean(at)
    captions = [image.proto.imgs[0].caption for image in at.get("image")]
    assert captions[:2] == ["Original", "Convolved"]
    assert len(captions) == 8 and "Horizontal edges (Sobel)" in captions
    assert list(heatmaps(at)) == ["Kernel"]   # no per-pixel numbers on a photo
    at.radio(key="conv_display").set_value("rescale").run()
    assert_clean(at)
    assert at.session_state["conv_feature_map"]["feature_map"].shape == (510, 510)


def test_korean():
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["app_lang"] = "ko"
    at.run()
    assert_clean(at)
    assert at.title[0].value == "커널과 합성곱"
    assert sum_line_ko(at).endswith("= **.56**")


def sum_line_ko(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**합:**"))


def png(array: np.ndarray) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG")
    return buffer.getvalue()


def test_upload_that_is_not_an_image_shows_an_error():
    at = open_page(image="upload")
    assert at.info and not at.error
    at.file_uploader(key="conv_upload").upload("cat.png", b"definitely not a PNG", "image/png").run()
    assert not at.exception
    assert "20 bytes starting b'definitely not " in at.error[0].value


def test_small_grayscale_upload_gets_every_number():
    at = open_page(image="upload")
    pixels = (DECK_PIXELS * 255).astype(np.uint8)
    at.file_uploader(key="conv_upload").upload("deck.png", png(pixels), "image/png").run()
    assert_clean(at)
    assert heatmaps(at)["Output (feature map)"] == DECK_OUTPUT


def test_large_upload_is_downscaled_and_the_page_says_so():
    at = open_page(image="upload")
    pixels = np.zeros((300, 2048, 3), dtype=np.uint8)
    at.file_uploader(key="conv_upload").upload("wide.png", png(pixels), "image/png").run()
    assert_clean(at)
    assert "300×2048" in at.info[0].value and "150×1024" in at.info[0].value
    assert at.session_state["conv_feature_map"]["feature_map"].shape == (148, 1022)


def test_custom_kernel_from_a_link_without_weights_can_be_resized():
    at = open_page(kernel="custom")
    assert_clean(at)
    at.number_input(key="conv_kernel_cols").set_value(2).run()
    assert_clean(at)
    assert heatmaps(at)["Kernel"] == [[".06", ".13"], [".13", ".25"], [".06", ".13"]]
