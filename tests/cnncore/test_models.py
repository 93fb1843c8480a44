"""ModelConfig round trips, validate(), and describe() against the Keras model it describes."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from cnncore.nn.models import (
    PRESETS,
    ConvBlock,
    DenseLayer,
    LayerInfo,
    ModelConfig,
    build_model,
    describe,
    validate,
)

ASL = (28, 28, 1)   # the course's sign-language MNIST: 28×28 grayscale, 24 classes
ASL_CLASSES = 24


def total(rows: list[LayerInfo]) -> int:
    return sum(row.params for row in rows)


# --- configs -------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(PRESETS))
def test_preset_round_trips_through_json(name):
    config = PRESETS[name]
    assert ModelConfig.from_dict(json.loads(json.dumps(config.to_dict()))) == config


def test_from_dict_fills_missing_keys_with_the_defaults():
    assert ModelConfig.from_dict({}) == ModelConfig()


def test_from_dict_refuses_unknown_block_fields():
    with pytest.raises(ValueError, match="unknown ConvBlock field"):
        ModelConfig.from_dict({"conv_blocks": [{"filterz": 3}]})


def test_importing_models_does_not_import_keras():
    code = "import sys, cnncore.nn.models; print(sorted(m for m in sys.modules if m.split('.')[0] in ('keras', 'tensorflow')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- describe without Keras ----------------------------------------------------------

def test_dense_baseline_has_the_decks_parameter_count():
    rows = describe(PRESETS["dense-baseline"], ASL, ASL_CLASSES)
    assert total(rows) == 676_888
    assert [r.name for r in rows] == ["image", "flatten", "dense1", "dense2", "output"]


def test_dli_cnn_has_the_decks_parameter_count_and_shapes():
    rows = {r.name: r for r in describe(PRESETS["dli-cnn"], ASL, ASL_CLASSES)}
    assert total(rows.values()) == 264_049
    assert rows["conv1_pool"].output_shape == (14, 14, 75)
    assert rows["conv3_pool"].output_shape == (4, 4, 25)   # "same" pooling: 7 → 4, not 3
    assert rows["flatten"].output_shape == (400,)
    assert rows["output"].output_shape == (24,)
    assert "conv2_dropout" in rows and "conv1_dropout" not in rows


def test_valid_padding_and_stride_shrink_the_map():
    config = ModelConfig(conv_blocks=(ConvBlock(filters=4, kernel_size=5, stride=2, padding="valid",
                                                pooling="none", batch_norm=False),))
    rows = describe(config, (28, 28, 1), 10)
    assert rows[1] == LayerInfo("conv1", "Conv2D", (12, 12, 4), 5 * 5 * 1 * 4 + 4)


@pytest.mark.parametrize(
    "config, input_shape, message",
    [
        (ModelConfig(conv_blocks=(ConvBlock(kernel_size=7, padding="valid", pooling="none"),)),
         (5, 5, 1), "conv1: the feature map shrinks to nothing: a 7×7 kernel"),
        (ModelConfig(conv_blocks=(ConvBlock(),) * 2 + (ConvBlock(pool_padding="valid", pool_size=3),)),
         (8, 8, 1), "conv3_pool: the feature map shrinks to nothing: a 3×3 pool .* a 2×2 map"),
        (ModelConfig(conv_blocks=(ConvBlock(padding="valid"),) * 3),
         (8, 8, 1), "conv3: the feature map shrinks to nothing"),
    ],
)
def test_map_that_shrinks_to_nothing_names_the_layer_and_sizes(config, input_shape, message):
    with pytest.raises(ValueError, match=message):
        describe(config, input_shape, 10)
    with pytest.raises(ValueError, match=message):
        build_model(config, input_shape, 10)   # fails before Keras is imported


@pytest.mark.parametrize(
    "config, message",
    [
        (ModelConfig(conv_blocks=(ConvBlock(filters=0),)),
         "conv1: filters must be a positive integer. Received: filters=0"),
        (ModelConfig(conv_blocks=(ConvBlock(), ConvBlock(kernel_size=2.5))),
         "conv2: kernel_size must be a positive integer. Received: kernel_size=2.5"),
        (ModelConfig(conv_blocks=(ConvBlock(stride=True),)), "conv1: stride must be a positive integer"),
        (ModelConfig(conv_blocks=(ConvBlock(pool_size=-1),)), "conv1: pool_size must be a positive"),
        (ModelConfig(conv_blocks=(ConvBlock(pool_stride=0),)), "conv1: pool_stride must be a positive"),
        (ModelConfig(conv_blocks=(ConvBlock(padding="full"),)),
         "conv1: padding must be one of 'valid', 'same'. Received: padding='full'"),
        (ModelConfig(conv_blocks=(ConvBlock(pool_padding="SAME"),)), "conv1: pool_padding must be one of"),
        (ModelConfig(conv_blocks=(ConvBlock(pooling="min"),)),
         "conv1: pooling must be one of 'max', 'average', 'none'. Received: pooling='min'"),
        (ModelConfig(conv_blocks=(ConvBlock(activation="relux"),)), "conv1: activation must be one of"),
        (ModelConfig(conv_blocks=(ConvBlock(dropout=1.0),)),
         r"conv1: dropout must be a number in \[0, 1\). Received: dropout=1.0"),
        (ModelConfig(conv_blocks=(ConvBlock(batch_norm="yes"),)), "conv1: batch_norm must be True or False"),
        (ModelConfig(dense_layers=(DenseLayer(512), DenseLayer(0))),
         "dense2: units must be a positive integer. Received: units=0"),
        (ModelConfig(dense_layers=(DenseLayer(dropout=-0.1),)), "dense1: dropout must be a number"),
        (ModelConfig(name="a/b"), "model name must be 1–64 letters, digits"),
        (ModelConfig(name="dense+dropout"), r"Received: name='dense\+dropout'"),   # Keras refuses '+'
        (ModelConfig(name=""), "model name must be 1–64 letters, digits"),
    ],
)
def test_invalid_values_name_the_layer(config, message):
    with pytest.raises(ValueError, match=message):
        validate(config)
    with pytest.raises(ValueError, match=message):
        describe(config, ASL, ASL_CLASSES)


@pytest.mark.parametrize(
    "input_shape, num_classes, message",
    [
        ((28, 28), 24, r"input_shape must be three positive integers \(H, W, C\). Received: input_shape=\(28, 28\)"),
        ((28, 0, 1), 24, "input_shape must be three positive integers"),
        (ASL, 0, "output: num_classes must be a positive integer. Received: num_classes=0"),
    ],
)
def test_invalid_input_shape_or_classes(input_shape, num_classes, message):
    with pytest.raises(ValueError, match=message):
        describe(PRESETS["dli-cnn"], input_shape, num_classes)


# --- describe against Keras ----------------------------------------------------------

def random_config(rng: np.random.Generator) -> ModelConfig:
    """A small random config: any padding, stride, pooling; tiny filter counts keep Keras fast."""
    blocks = tuple(
        ConvBlock(
            filters=int(rng.integers(1, 9)),
            kernel_size=int(rng.integers(1, 6)),
            stride=int(rng.integers(1, 3)),
            padding=str(rng.choice(["valid", "same"])),
            activation=str(rng.choice(["relu", "tanh", "linear"])),
            batch_norm=bool(rng.integers(2)),
            dropout=float(rng.choice([0.0, 0.25])),
            pooling=str(rng.choice(["max", "average", "none"])),
            pool_size=int(rng.integers(1, 4)),
            pool_stride=int(rng.integers(1, 4)),
            pool_padding=str(rng.choice(["valid", "same"])),
        )
        for _ in range(rng.integers(0, 4))
    )
    dense = tuple(DenseLayer(int(rng.integers(1, 17)), dropout=float(rng.choice([0.0, 0.5])))
                  for _ in range(rng.integers(0, 3)))
    return ModelConfig(name="random", conv_blocks=blocks, dense_layers=dense)


@functools.cache
def random_valid_cases(count: int, seed: int = 0) -> tuple:
    rng = np.random.default_rng(seed)
    cases = []
    while len(cases) < count:
        config = random_config(rng)
        input_shape = tuple(int(n) for n in rng.choice([(28, 28, 1), (32, 32, 3), (17, 23, 2)]))
        num_classes = int(rng.integers(2, 30))
        try:
            describe(config, input_shape, num_classes)
        except ValueError:
            continue   # shrinks to nothing: covered by the tests above
        cases.append((config, input_shape, num_classes))
    return tuple(cases)


def assert_describe_matches_keras(config, input_shape, num_classes):
    model = build_model(config, input_shape, num_classes)
    rows = describe(config, input_shape, num_classes)
    keras_rows = [
        LayerInfo(layer.name, type(layer).__name__, tuple(layer.output.shape[1:]), layer.count_params())
        for layer in model.layers
    ]
    assert rows == keras_rows
    assert total(rows) == model.count_params()


@pytest.fixture(scope="module")
def keras():
    return pytest.importorskip("keras")


@pytest.mark.parametrize("name, expected", [("dense-baseline", 676_888), ("dli-cnn", 264_049)])
def test_presets_match_keras(keras, name, expected):
    assert_describe_matches_keras(PRESETS[name], ASL, ASL_CLASSES)
    assert build_model(PRESETS[name], ASL, ASL_CLASSES).count_params() == expected


@pytest.mark.parametrize("case", range(20))
def test_random_valid_configs_match_keras(keras, case):
    config, input_shape, num_classes = random_valid_cases(20)[case]
    assert_describe_matches_keras(config, input_shape, num_classes)


def test_random_cases_cover_every_option():
    configs = [c for c, _, _ in random_valid_cases(20)]
    blocks = [b for c in configs for b in c.conv_blocks]
    assert {b.padding for b in blocks} == {"valid", "same"}
    assert {b.pooling for b in blocks} == {"max", "average", "none"}
    assert {b.pool_padding for b in blocks} == {"valid", "same"}
    assert {b.stride for b in blocks} == {1, 2}
    assert any(not c.conv_blocks for c in configs) and any(len(c.conv_blocks) == 3 for c in configs)


def test_dense_size_changes_only_the_dense_parameters():
    narrower = replace(PRESETS["dli-cnn"], dense_layers=(DenseLayer(256, dropout=0.3),))
    # dense1 400·512+512 → 400·256+256; output 512·24+24 → 256·24+24
    assert total(describe(narrower, ASL, ASL_CLASSES)) == 264_049 - (205_312 + 12_312) + (102_656 + 6_168)
