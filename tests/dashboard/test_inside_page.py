"""The Inside-the-model page: learned kernels, feature maps, a filter's favourite images."""

from __future__ import annotations

import os

import pytest

from tests.dashboard.training_runs import figures, no_exception, open_page, shared_runs

PAGE = "pages/inside.py"


@pytest.fixture(scope="module")
def runs():
    return shared_runs(os.environ["CNNLAB_HOME"])


def test_with_no_finished_run_the_page_points_to_train(empty_home):
    at = open_page(PAGE)
    no_exception(at)
    assert any("No finished run yet" in i.value for i in at.info)
    assert at.get("page_link")


@pytest.mark.slow
def test_a_finished_cnn_shows_kernels_feature_maps_and_top_images(runs):
    at = open_page(PAGE, query={"run": runs["cnn"]})
    no_exception(at)
    assert at.selectbox(key="inside_run").value == runs["cnn"]
    charts = figures(at)
    kernel_grid = charts[0]
    assert [a["text"] for a in kernel_grid["layout"]["annotations"]] == [f"#{i}" for i in range(1, 9)]
    [tiles] = kernel_grid["data"]                                         # conv1's 8 kernels, 3×3 each
    weights = [row[3] for line in tiles["customdata"] for row in line if row[0]]
    assert len(weights) == 8 * 9 and "weight" in tiles["hovertemplate"]
    resemblance = at.dataframe[0].value
    assert len(resemblance) == 8 and resemblance.iloc[:, 1].str.len().min() > 0
    stages = [m.value for m in at.markdown if "after activation" in m.value or "after pooling" in m.value]
    assert [s.split("**")[1] for s in stages] == ["conv1", "conv1_pool", "conv2", "conv2_pool"][:len(stages)]
    assert any("after pooling" in s for s in stages)
    top = at.get("image")[-1]
    assert len(top.captions) == 9


@pytest.mark.slow
def test_changing_image_and_filter_redraws(runs):
    at = open_page(PAGE, query={"run": runs["cnn"]})
    at.selectbox(key="inside_class").set_value("3").run()
    at.number_input(key="inside_top_filter").set_value(4).run()
    no_exception(at)
    assert any("validation image" in c and ": 3" in c for c in at.get("image")[0].captions)


@pytest.mark.slow
def test_a_dense_run_says_it_has_no_kernels(runs):
    at = open_page(PAGE, query={"run": runs["dense"]})
    no_exception(at)
    assert any("no convolution layers" in i.value for i in at.info)
