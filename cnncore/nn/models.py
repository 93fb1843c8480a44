"""Model configurations, the course's presets, and the Keras model they build.

A :class:`ModelConfig` is a frozen, JSON-able description of a CNN: convolution blocks,
then dense layers. One config flows from the Architecture page to a training job, into
MLflow params, and back when a run is reopened. Keras is imported only inside
:func:`build_model`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from cnncore.checks import check_choice, checked_fields, is_positive_int, shown
from cnncore.errors import InvalidInput
from cnncore.ops.convolution import PADDINGS, conv_output_size
from cnncore.ops.dropout import check_rate


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
        return cls(**checked_fields(cls, data))


@dataclass(frozen=True)
class DenseLayer:
    """A hidden Dense layer and the dropout after it."""

    units: int = 512
    activation: str = "relu"
    dropout: float = 0.0

    @classmethod
    def from_dict(cls, data: dict) -> "DenseLayer":
        return cls(**checked_fields(cls, data))


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
        default = cls()   # a missing key means the default, as in ModelConfig()
        blocks = data.get("conv_blocks")
        dense = data.get("dense_layers")
        return cls(
            name=data.get("name", default.name),
            conv_blocks=default.conv_blocks if blocks is None
            else tuple(ConvBlock.from_dict(b) for b in blocks),
            dense_layers=default.dense_layers if dense is None
            else tuple(DenseLayer.from_dict(d) for d in dense),
        )




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


MODEL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")   # a Keras model name
POOLINGS = ("max", "average", "none")
# Keras activation names a block or dense layer may use; others are refused up front so
# a typo fails with a message here, not deep inside Keras.
ACTIVATIONS = ("relu", "relu6", "leaky_relu", "elu", "selu", "gelu", "silu", "swish",
               "mish", "softplus", "sigmoid", "hard_sigmoid", "tanh", "linear")


@dataclass(frozen=True)
class LayerInfo:
    """One row of :func:`describe`: a Keras layer of :func:`build_model`'s model."""

    name: str                       # the Keras layer name, e.g. "conv2_pool"
    kind: str                       # the Keras class, e.g. "MaxPooling2D"
    output_shape: tuple[int, ...]   # without the batch axis: (H, W, C) or (units,)
    params: int                     # trainable and non-trainable, as Keras counts them


def validate(config: ModelConfig) -> None:
    """Check every value of ``config``; raise ``ValueError`` naming the layer at fault.

    Parameters
    ----------
    config : ModelConfig

    Raises
    ------
    ValueError
        A field out of range or of the wrong type, e.g.
        ``"conv2: dropout must be a number in [0, 1). Received: dropout=1.0"``.

    Notes
    -----
    Sizes that depend on the input (a kernel larger than its feature map) are checked
    by :func:`describe`, which calls this first.

    Examples
    --------
    >>> validate(PRESETS["dli-cnn"])
    >>> validate(ModelConfig(conv_blocks=(ConvBlock(filters=0),)))
    Traceback (most recent call last):
    ...
    cnncore.errors.InvalidInput: conv1: filters must be a positive integer. Received: filters=0
    """
    if not isinstance(config, ModelConfig):
        raise ValueError(f"config must be a ModelConfig. Received: config={config!r}")  # internal
    check_model_size(config)
    if not isinstance(config.name, str) or not MODEL_NAME.fullmatch(config.name):
        raise InvalidInput("model_name_bad", "model name must be 1–64 letters, digits, '.', '_' or '-', "
                           "starting with a letter or digit (Keras's rule for names). "
                           f"Received: name={config.name!r}", value=shown(config.name))
    for i, block in enumerate(config.conv_blocks, start=1):
        layer = f"conv{i}"
        if not isinstance(block, ConvBlock):
            raise ValueError(f"{layer}: must be a ConvBlock. Received: {block!r}")  # internal
        for name in ("filters", "kernel_size", "stride", "pool_size", "pool_stride"):
            _check_positive_int(layer, name, getattr(block, name))
        check_choice("padding", block.padding, PADDINGS, where=layer)
        check_choice("pool_padding", block.pool_padding, PADDINGS, where=layer)
        check_choice("pooling", block.pooling, POOLINGS, where=layer)
        check_choice("activation", block.activation, ACTIVATIONS, where=layer)
        _check_rate(layer, block.dropout)
        if not isinstance(block.batch_norm, bool):
            raise InvalidInput("layer_batch_norm", f"{layer}: batch_norm must be True or False. "
                               f"Received: batch_norm={block.batch_norm!r}", layer=layer,
                               value=block.batch_norm)
    for i, dense in enumerate(config.dense_layers, start=1):
        layer = f"dense{i}"
        if not isinstance(dense, DenseLayer):
            raise ValueError(f"{layer}: must be a DenseLayer. Received: {dense!r}")  # internal
        _check_positive_int(layer, "units", dense.units)
        check_choice("activation", dense.activation, ACTIVATIONS, where=layer)
        _check_rate(layer, dense.dropout)


def check_model_size(config: ModelConfig, *, max_layers: int = 64, max_window: int = 256,
                     max_width: int = 65_536, max_params: int = 200_000_000) -> None:
    """Refuse a model too large to describe or build, before anything is sized by it.

    Caps: ``max_layers`` conv blocks and dense layers each; kernels, strides and pools
    of at most ``max_window`` (a 10,000×10,000 kernel fits no image); ``max_width``
    filters or units per layer; and ``max_params`` weights counted from the layers alone
    (a lower bound whatever the input: 800 MB of float32). Values of the wrong type are
    left to :func:`validate`.
    """
    blocks, dense = config.conv_blocks, config.dense_layers
    for name, layers in (("conv_blocks", blocks), ("dense_layers", dense)):
        if isinstance(layers, (list, tuple)) and len(layers) > max_layers:
            raise InvalidInput("too_many_layers", f"a model may have at most {max_layers} {name}. "
                               f"Received: {len(layers)} {name}", name=name, cap=max_layers, count=len(layers))
    params, width = 0, 1
    for i, block in enumerate(blocks if isinstance(blocks, (list, tuple)) else (), start=1):
        for name, cap in (("kernel_size", max_window), ("stride", max_window), ("pool_size", max_window),
                          ("pool_stride", max_window), ("filters", max_width)):
            value = getattr(block, name, None)
            if is_positive_int(value) and value > cap:
                raise _too_big(f"conv{i}", name, value, cap)
        k, f = getattr(block, "kernel_size", 1), getattr(block, "filters", 1)
        if is_positive_int(k) and is_positive_int(f):
            params, width = params + k * k * width * f + f, f
    for i, layer in enumerate(dense if isinstance(dense, (list, tuple)) else (), start=1):
        units = getattr(layer, "units", None)
        if is_positive_int(units):
            if units > max_width:
                raise _too_big(f"dense{i}", "units", units, max_width)
            params, width = params + width * units + units, units
    if params > max_params:
        raise InvalidInput("model_params_over_cap", f"the model would have at least {params:,} parameters; "
                           f"the limit is {max_params:,}. Received: {config.name!r}"[:300],
                           params=params, cap=max_params)


def _too_big(layer: str, name: str, value: int, cap: int) -> InvalidInput:
    return InvalidInput("layer_value_too_big", f"{name} must be at most {cap:,}. Received: {name}={value!r}",
                        name=name, value=int(value), cap=cap).within(layer)


def describe(config: ModelConfig, input_shape: tuple[int, int, int],
             num_classes: int) -> list[LayerInfo]:
    """Every layer of ``build_model(config, input_shape, num_classes)``, without Keras.

    Parameters
    ----------
    config : ModelConfig
    input_shape : (H, W, C) tuple of int
    num_classes : int
        Size of the softmax output.

    Returns
    -------
    layers : list of LayerInfo
        One row per Keras layer, in order, starting with the ``"image"`` input; the
        names, output shapes and parameter counts are those of the Keras model.

    Raises
    ------
    ValueError
        An invalid value (see :func:`validate`), or a feature map that shrinks to
        nothing, naming the layer and the sizes.

    Notes
    -----
    Spatial sizes come from :func:`cnncore.ops.convolution.conv_output_size` (the same rule
    for convolution and pooling). Parameters: Conv2D ``k·k·C_in·F + F``;
    BatchNormalization ``4·C`` (γ, β and the two moving statistics); Dense
    ``n_in·units + units``; Dropout, pooling and Flatten none.

    Examples
    --------
    >>> rows = describe(PRESETS["dli-cnn"], (28, 28, 1), 24)
    >>> rows[1]
    LayerInfo(name='conv1', kind='Conv2D', output_shape=(28, 28, 75), params=750)
    >>> sum(row.params for row in rows)
    264049
    """
    validate(config)
    h, w, c = _check_input_shape(input_shape)
    _check_positive_int("output", "num_classes", num_classes)

    rows = [LayerInfo("image", "InputLayer", (h, w, c), 0)]
    for i, block in enumerate(config.conv_blocks, start=1):
        name = f"conv{i}"
        h, w = _shrink(name, "kernel", (h, w), block.kernel_size, block.stride, block.padding)
        params = block.kernel_size ** 2 * c * block.filters + block.filters
        c = block.filters
        rows.append(LayerInfo(name, "Conv2D", (h, w, c), params))
        if block.dropout > 0:
            rows.append(LayerInfo(f"{name}_dropout", "Dropout", (h, w, c), 0))
        if block.batch_norm:
            rows.append(LayerInfo(f"{name}_bn", "BatchNormalization", (h, w, c), 4 * c))
        if block.pooling != "none":
            h, w = _shrink(f"{name}_pool", "pool", (h, w), block.pool_size,
                           block.pool_stride, block.pool_padding)
            kind = "MaxPooling2D" if block.pooling == "max" else "AveragePooling2D"
            rows.append(LayerInfo(f"{name}_pool", kind, (h, w, c), 0))
    units = h * w * c
    rows.append(LayerInfo("flatten", "Flatten", (units,), 0))
    for i, dense in enumerate(config.dense_layers, start=1):
        rows.append(LayerInfo(f"dense{i}", "Dense", (dense.units,), units * dense.units + dense.units))
        units = dense.units
        if dense.dropout > 0:
            rows.append(LayerInfo(f"dense{i}_dropout", "Dropout", (units,), 0))
    rows.append(LayerInfo("output", "Dense", (num_classes,), units * num_classes + num_classes))
    return rows


def _shrink(layer: str, what: str, size: tuple[int, int], k: int, stride: int,
            padding: str) -> tuple[int, int]:
    """The (H, W) after a k×k window at ``stride``; a ValueError naming ``layer`` if empty."""
    try:
        out = tuple(conv_output_size(n, k, stride=stride, padding=padding) for n in size)
    except ValueError:
        out = (0, 0)
    if min(out) < 1:
        raise InvalidInput(
            "map_shrinks",
            f"{layer}: the feature map shrinks to nothing: a {k}×{k} {what} with stride "
            f"{stride} and {padding!r} padding does not fit a {size[0]}×{size[1]} map. "
            f"Received: input {size[0]}×{size[1]}, {what}_size={k}, stride={stride}, "
            f"padding={padding!r}",
            layer=layer, what=what, k=k, stride=stride, padding=padding, h=size[0], w=size[1],
        )
    return out


def _check_input_shape(input_shape) -> tuple[int, int, int]:
    shape = tuple(input_shape) if isinstance(input_shape, (tuple, list)) else ()
    if len(shape) != 3 or not all(is_positive_int(n) for n in shape):
        raise InvalidInput("input_shape_bad", "input_shape must be three positive integers (H, W, C). "
                           f"Received: input_shape={input_shape!r}", value=input_shape)
    return shape



def _check_positive_int(layer: str, name: str, value) -> None:
    if not is_positive_int(value):
        raise InvalidInput("layer_positive_int",
                           f"{layer}: {name} must be a positive integer. Received: {name}={value!r}",
                           layer=layer, name=name, value=value)




def _check_rate(layer: str, rate) -> None:
    try:
        check_rate(rate, name="dropout")
    except ValueError as exc:
        raise InvalidInput("layer_rate", f"{layer}: {exc}", layer=layer, value=rate) from None


def build_model(config: ModelConfig, input_shape: tuple[int, int, int], num_classes: int):
    """The Keras model for ``config`` (Keras 3 API only, so any backend trains it).

    Parameters
    ----------
    config : ModelConfig
    input_shape : (H, W, C) tuple
    num_classes : int
        Size of the softmax output.

    Raises
    ------
    ValueError
        As :func:`describe`: an invalid value or a map that shrinks to nothing.
    """
    describe(config, input_shape, num_classes)   # fails here, naming the layer, not in Keras
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
