"""cnncore.nn.inspection: config diffs, kernel resemblance, feature maps, mistakes."""

from __future__ import annotations

import numpy as np
import pytest

from cnncore.nn import inspection, models
from cnncore.ops import kernels


# --------------------------------------------------------------------------- config diff

def test_config_diff_lists_only_differences_with_dotted_paths():
    a = {"dataset": "digits", "model": {"conv_blocks": [{"filters": 75}, {"filters": 50}]},
         "train": {"epochs": 5, "learning_rate": 0.001}}
    b = {"dataset": "digits", "model": {"conv_blocks": [{"filters": 75}, {"filters": 25}]},
         "train": {"epochs": 5, "learning_rate": 0.01}}
    diff = inspection.config_diff(a, b)
    assert diff.to_dict("records") == [
        {"setting": "model.conv_blocks.1.filters", "a": 50, "b": 25},
        {"setting": "train.learning_rate", "a": 0.001, "b": 0.01},
    ]
    assert inspection.config_diff(a, a).empty


def test_config_diff_shows_a_missing_side_as_none():
    diff = inspection.config_diff({"model": {"conv_blocks": []}},
                                  {"model": {"conv_blocks": [{"filters": 8}]}})
    assert diff.to_dict("records") == [
        {"setting": "model.conv_blocks", "a": [], "b": None},
        {"setting": "model.conv_blocks.0.filters", "a": None, "b": 8},
    ]


# --------------------------------------------------------------------------- kernels

@pytest.mark.parametrize("name", ["identity", "blur", "sharpen", "brighten", "darken",
                                  "sobel_vertical", "sobel_horizontal", "laplacian", "emboss"])
def test_every_deck_kernel_is_recognised_as_itself(name):
    [match] = inspection.kernel_matches(kernels.PRESETS[name][None])
    assert (match.kernel, match.inverted) == (name, False)
    assert match.similarity == pytest.approx(1.0)


def test_a_negated_sobel_is_the_inverted_sobel():
    [match] = inspection.kernel_matches(-3 * kernels.SOBEL_VERTICAL[None] + 0.01)
    assert (match.kernel, match.inverted) == ("sobel_vertical", True)
    assert match.similarity < -0.99


def test_noise_added_to_a_kernel_keeps_its_match():
    rng = np.random.default_rng(0)
    noisy = kernels.SOBEL_HORIZONTAL + rng.normal(0, 0.2, (3, 3))
    assert inspection.kernel_matches(noisy[None])[0].kernel == "sobel_horizontal"


def test_other_kernel_sizes_compare_after_padding_or_resampling():
    five = np.pad(kernels.SOBEL_VERTICAL, 1)                   # a 5x5 learned edge detector
    two = np.array([[1.0, -1.0], [1.0, -1.0]])                 # 2x2: presets are resampled
    assert inspection.kernel_matches(five[None])[0].kernel == "sobel_vertical"
    [match] = inspection.kernel_matches(two[None])
    # Independent reference, by hand: bilinear 3 → 2 samples rows and columns at 0.25 and
    # 1.75, so Sobel's columns (1, 0, -1) become (0.75, -0.75) and its rows (1, 2, 1) become
    # (1.25, 1.25): the resampled Sobel is 0.9375 · [[1, -1], [1, -1]], the 2x2 kernel itself.
    at = np.array([0.25, 1.75])
    resampled = np.array([[np.interp(c, range(3), row) for c in at] for row in kernels.SOBEL_VERTICAL])
    resampled = np.array([np.interp(at, range(3), col) for col in resampled.T]).T
    np.testing.assert_allclose(resampled, 0.9375 * two)
    assert (match.kernel, match.inverted) == ("sobel_vertical", False)
    assert match.similarity == pytest.approx(1.0)
    [flipped] = inspection.kernel_matches(-two[None])
    assert (flipped.kernel, flipped.inverted, flipped.similarity) == ("sobel_vertical", True, pytest.approx(-1.0))
    assert inspection.fit_kernel(kernels.IDENTITY, (5, 5))[2, 2] == 1
    assert inspection.fit_kernel(kernels.IDENTITY, (4, 4)).shape == (4, 4)


def test_an_all_zero_kernel_resembles_nothing_and_bad_shapes_are_refused():
    assert inspection.kernel_matches(np.zeros((1, 3, 3)))[0].kernel is None
    with pytest.raises(ValueError, match="F, kh, kw"):
        inspection.kernel_matches(np.zeros((3, 3)))


# --------------------------------------------------------------------------- activations, mistakes

def test_top_activating_orders_best_first():
    scores = np.array([[0.1, 5], [0.9, 1], [0.5, 3], [0.7, 0]])
    assert inspection.top_activating(scores, 0, 3).tolist() == [1, 3, 2]
    assert inspection.top_activating(scores, 1, 10).tolist() == [0, 2, 1, 3]
    with pytest.raises(ValueError, match="filter"):
        inspection.top_activating(scores, 2)


def test_misclassified_most_confident_first():
    p = np.array([[.9, .1], [.2, .8], [.4, .6], [.7, .3]])
    wrong = inspection.misclassified(p, np.array([0, 0, 0, 1]))
    assert wrong["index"].tolist() == [1, 3, 2]
    assert wrong["predicted"].tolist() == [1, 0, 1]
    assert wrong["confidence"].tolist() == pytest.approx([.8, .7, .6])


@pytest.fixture(scope="module")
def tiny_model():
    config = models.ModelConfig(name="probe-test", conv_blocks=(
        models.ConvBlock(filters=4), models.ConvBlock(filters=3, pooling="none"),
        models.ConvBlock(filters=2, pooling="average")))
    return models.build_model(config, (8, 8, 1), 3)


@pytest.mark.slow
def test_probe_returns_each_convolution_after_activation_and_pooling(tiny_model):
    probe = inspection.FeatureProbe(tiny_model)
    assert [(p.name, p.block, p.stage) for p in probe.layers] == [
        ("conv1", 1, "activation"), ("conv1_pool", 1, "pooling"),
        ("conv2", 2, "activation"), ("conv3", 3, "activation"), ("conv3_pool", 3, "pooling")]
    images = np.random.default_rng(0).random((5, 8, 8, 1), dtype=np.float32)
    maps = probe.maps(images, batch_size=2)
    assert {k: v.shape for k, v in maps.items()} == {
        "conv1": (5, 8, 8, 4), "conv1_pool": (5, 4, 4, 4), "conv2": (5, 4, 4, 3),
        "conv3": (5, 4, 4, 2), "conv3_pool": (5, 2, 2, 2)}
    assert (maps["conv1"] >= 0).all()                                  # after ReLU
    scores = probe.filter_scores(images, "conv2", batch_size=2)
    np.testing.assert_allclose(scores, maps["conv2"].mean(axis=(1, 2)), rtol=1e-5)
    assert inspection.predict(tiny_model, images).shape == (5, 3)
    kernels_ = inspection.first_layer_kernels(tiny_model)
    assert kernels_.shape == (4, 3, 3)
    assert len(inspection.kernel_matches(kernels_)) == 4


@pytest.mark.slow
def test_a_dense_network_has_no_kernels_or_feature_maps():
    dense = models.build_model(models.PRESETS["dense-baseline"], (8, 8, 1), 3)
    with pytest.raises(ValueError, match="no convolution"):
        inspection.FeatureProbe(dense)
    with pytest.raises(ValueError, match="no convolution"):
        inspection.first_layer_kernels(dense)
