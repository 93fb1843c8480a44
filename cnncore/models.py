"""Model configurations, the course's presets, and the Keras model they build.

A :class:`ModelConfig` is a frozen, JSON-able description of a CNN: convolution blocks,
then dense layers. One config flows from the Architecture page to a training job, into
MLflow params, and back when a run is reopened. Keras is imported only inside
:func:`build_model`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields


@dataclass(frozen=True)
class ConvBlock:
    """Conv2D → Dropout → BatchNorm → Pooling, the order of the course's architecture."""

    filters: int = 32               # feature maps this block learns
    kernel_size: int = 3            # 3×3: the deck's kernel size everywhere
    stride: int = 1
    padding: str = "same"           # "same" keeps the map size at stride 1; "valid" shrinks it
    activation: str = "relu"
    batch_norm: bool = True         # the deck normalises after every convolution
    dropout: float = 0.0            # rate in [0, 1); the deck drops .2 after its 2nd conv
    pooling: str = "max"            # "max", "average" or "none"
    pool_size: int = 2
    pool_stride: int = 2
    pool_padding: str = "same"      # the deck pools with "same": 7 → 4, not 3

    @classmethod
    def from_dict(cls, data: dict) -> "ConvBlock":
        return cls(**_known(cls, data))


@dataclass(frozen=True)
class DenseLayer:
    """A hidden Dense layer and the dropout after it."""

    units: int = 512
    activation: str = "relu"
    dropout: float = 0.0

    @classmethod
    def from_dict(cls, data: dict) -> "DenseLayer":
        return cls(**_known(cls, data))


@dataclass(frozen=True)
class ModelConfig:
    """A whole network: ``conv_blocks``, Flatten, ``dense_layers``, softmax output."""

    name: str = "custom"
    conv_blocks: tuple[ConvBlock, ...] = ()
    dense_layers: tuple[DenseLayer, ...] = field(default_factory=lambda: (DenseLayer(),))

    def to_dict(self) -> dict:
        return asdict(self) | {
            "conv_blocks": [asdict(b) for b in self.conv_blocks],
            "dense_layers": [asdict(d) for d in self.dense_layers],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "ModelConfig":
        return cls(
            name=data.get("name", "custom"),
            conv_blocks=tuple(ConvBlock.from_dict(b) for b in data.get("conv_blocks", ())),
            dense_layers=tuple(DenseLayer.from_dict(d) for d in data.get("dense_layers", ())),
        )


def _known(cls, data: dict) -> dict:
    names = {f.name for f in fields(cls)}
    unknown = set(data) - names
    if unknown:
        raise ValueError(f"unknown {cls.__name__} field(s): {sorted(unknown)}. Received: {data}")
    return dict(data)


PRESETS: dict[str, ModelConfig] = {
    # The course's dense network: high training accuracy, low validation accuracy.
    "dense-baseline": ModelConfig(
        name="dense-baseline",
        conv_blocks=(),
        dense_layers=(DenseLayer(512), DenseLayer(512)),
    ),
    # The course's ASL architecture: 264,049 parameters on 28×28×1 with 24 classes.
    "dli-cnn": ModelConfig(
        name="dli-cnn",
        conv_blocks=(
            ConvBlock(filters=75),
            ConvBlock(filters=50, dropout=0.2),
            ConvBlock(filters=25),
        ),
        dense_layers=(DenseLayer(512, dropout=0.3),),
    ),
}


def build_model(config: ModelConfig, input_shape: tuple[int, int, int], num_classes: int):
    """The Keras model for ``config`` (Keras 3 API only, so any backend trains it).

    Parameters
    ----------
    config : ModelConfig
    input_shape : (H, W, C) tuple
    num_classes : int
        Size of the softmax output.
    """
    import keras
    from keras import layers

    inputs = keras.Input(shape=tuple(input_shape), name="image")   # (N, H, W, C)
    x = inputs
    for i, block in enumerate(config.conv_blocks, start=1):
        x = layers.Conv2D(block.filters, block.kernel_size, strides=block.stride,
                          padding=block.padding, activation=block.activation, name=f"conv{i}")(x)
        if block.dropout > 0:
            x = layers.Dropout(block.dropout, name=f"conv{i}_dropout")(x)
        if block.batch_norm:
            x = layers.BatchNormalization(name=f"conv{i}_bn")(x)
        if block.pooling != "none":
            pool = layers.MaxPooling2D if block.pooling == "max" else layers.AveragePooling2D
            x = pool(block.pool_size, strides=block.pool_stride, padding=block.pool_padding,
                     name=f"conv{i}_pool")(x)
    x = layers.Flatten(name="flatten")(x)                           # (N, H*W*C)
    for i, dense in enumerate(config.dense_layers, start=1):
        x = layers.Dense(dense.units, activation=dense.activation, name=f"dense{i}")(x)
        if dense.dropout > 0:
            x = layers.Dropout(dense.dropout, name=f"dense{i}_dropout")(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="output")(x)
    return keras.Model(inputs, outputs, name=config.name)
