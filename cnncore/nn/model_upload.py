"""Your own ``.keras`` model, opened inside the lab without running anything of it.

:func:`check_upload` takes the uploaded bytes through three gates: the archive and its
config, read as data (:func:`cnncore.nn.keras_files.check_archive`, here: a bad file never
costs a process); then, in a memory-capped child (:func:`cnncore.datasets.isolated.run`:
the upload parser's slots, with ``CNNLAB_MODEL_MEMORY_BYTES``), the same checks again, the
weights' HDF5 headers, and ``keras.saving.load_model(..., safe_mode=True, compile=False)``.
What comes back is an :class:`OwnModel`: the layer table, as Keras built it.

The dashboard then needs the model itself (kernels, feature maps). :func:`load_checked`
loads it in the calling process, with ``safe_mode=True`` again: the child has shown these
very bytes to be built-in layers only, of at most ``CNNLAB_MAX_RUN_PARAMS`` weights, that
load within the cap. Shipping arrays back instead would mean a second model format; a
loaded model is what :mod:`cnncore.nn.inspection` takes.

What feeds it: :func:`datasets_for` (the lab's data sets of its input shape) and
:func:`fit_image` (a picture resized to it). And back into the lab:
:func:`model_config_from_keras`, the architecture as a :class:`~cnncore.nn.models.ModelConfig`
to train from scratch, when every layer maps onto one.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import math
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cnncore import settings
from cnncore.checks import is_positive_int, shown
from cnncore.datasets import isolated
from cnncore.errors import InvalidInput
from cnncore.nn import keras_files, models

SUFFIX = ".keras"
# One thread per pool: a model's layer table needs no parallel kernels, and each thread's
# stack is address space the cap counts.
CHILD_ENV = {"TF_NUM_INTEROP_THREADS": "1", "TF_NUM_INTRAOP_THREADS": "1", "TF_CPP_MIN_LOG_LEVEL": "3"}


# Values one image makes across all layers, which the dashboard holds while it draws feature
# maps (batches of SCORE_BATCH): the course CNN makes 0.2 M at 28×28, VGG-16 15 M at 224×224.
MAX_ACTIVATIONS = 4_000_000
SCORE_BATCH = 32           # images per batch when the dashboard scores filters: 0.5 GB at the cap


@dataclass(frozen=True)
class LayerRow:
    """One layer of an uploaded model, as Keras built it."""

    name: str
    kind: str                      # the Keras class, e.g. "Conv2D"
    output_shape: tuple            # without the batch axis, e.g. (26, 26, 8)
    params: int


@dataclass(frozen=True)
class OwnModel:
    """What :func:`check_upload` found in a ``.keras`` file that passed."""

    name: str
    digest: str                    # SHA-256 of the file: its identity for caches
    params: int
    input_shape: tuple | None      # (H, W, C) of its one image input, else None
    outputs: int | None            # units of its one output, else None
    layers: tuple[LayerRow, ...]


def check_upload(filename: str, data: bytes, *, user: str | None = None) -> OwnModel:
    """Check an uploaded ``.keras`` file and load it once in a memory-capped child.

    Parameters
    ----------
    filename : str
        The upload's name; it must end in ``.keras``.
    data : bytes
        The file.
    user : str, optional
        Who uploaded it, for the per-user limit on children at once.

    Returns
    -------
    own : OwnModel

    Raises
    ------
    InvalidInput
        ``model_suffix_bad``; the refusals of :func:`~cnncore.nn.keras_files.check_archive`
        and :func:`~cnncore.nn.keras_files.check_weights`; ``model_load_failed`` when Keras
        refuses the file; and the child's ``parse_memory``, ``parse_timeout``,
        ``parse_busy`` and ``parse_busy_user``.
    """
    if not str(filename).lower().endswith(SUFFIX):
        raise InvalidInput("model_suffix_bad", f"a model file must end in {SUFFIX}. Received: "
                           f"{shown(filename)}", name=str(filename)[:100])
    keras_files.check_archive(data)
    answer = isolated.run(__name__, {"data": data}, name=filename, user=user,
                          memory="model_memory_bytes", env=CHILD_ENV)
    return OwnModel(answer["name"], hashlib.sha256(data).hexdigest(), answer["params"],
                    tuple(answer["input_shape"]) if answer["input_shape"] else None, answer["outputs"],
                    tuple(LayerRow(name, kind, tuple(shape), params) for name, kind, shape, params in answer["layers"]))


def load_checked(data: bytes, own: OwnModel):
    """The Keras model of a file :func:`check_upload` passed (``own``), loaded here (imports Keras).

    ``data`` must be the very bytes ``own`` was made from (its SHA-256); the archive is checked
    again (cheap, and no file skips it), and Keras loads it with ``safe_mode=True`` and no
    training state.
    """
    if hashlib.sha256(data).hexdigest() != own.digest:
        raise ValueError(f"these bytes are not the file that was checked. Received: {own.name!r}")  # internal
    keras_files.check_archive(data)
    with tempfile.TemporaryDirectory(prefix="cnnlab-model-") as tmp:
        return _load(data, Path(tmp))


def _load(data: bytes, folder: Path):
    import keras

    path = folder / "model.keras"
    path.write_bytes(data)
    try:
        return keras.saving.load_model(path, safe_mode=True, compile=False)
    except (ValueError, TypeError, KeyError, OSError, AttributeError) as exc:
        raise InvalidInput("model_load_failed", f"Keras could not load the model: {str(exc)[:300]}. "
                           "Received: a .keras upload", why=str(exc)[:300]) from None


# --------------------------------------------------------------------------- the child's job

def prepare(request: dict) -> None:
    """Keras and h5py, imported before the memory cap (their size is not the file's)."""
    for name in ("h5py", "keras"):
        importlib.import_module(name)


def work(request: dict, folder: str) -> dict:
    """Check the file again, then its weights' headers, then load it: the layer table."""
    data = request["data"]
    facts = keras_files.check_archive(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        raw = keras_files.read_member(archive, "model.weights.h5", settings.limit("upload_bytes"))
    keras_files.check_weights(raw)
    del raw
    model = _load(data, Path(folder))
    params, cap = int(model.count_params()), settings.limit("run_params")
    if params > cap:                 # the config's count is a bound Keras should meet exactly
        raise InvalidInput("model_params_over_cap", f"the model has {params:,} parameters; the limit is "
                           f"{cap:,} (CNNLAB_MAX_RUN_PARAMS). Received: {len(model.layers)} layers",
                           params=params, cap=cap)
    shapes = [_output_shape(layer) for layer in model.layers]
    values = sum(math.prod(n or 1 for n in shape) for shape in shapes)
    if values > MAX_ACTIVATIONS:     # the dashboard runs images through it: memory per image
        raise InvalidInput("model_activations_over_cap", f"one image makes {values:,} values across the "
                           f"model's layers; the limit is {MAX_ACTIVATIONS:,}. Received: input "
                           f"{facts.input_shape}", values=values, cap=MAX_ACTIVATIONS)
    outputs = model.outputs if len(model.outputs) == 1 else []
    units = outputs[0].shape[-1] if outputs and len(outputs[0].shape) == 2 else None
    return {"name": model.name, "params": params, "input_shape": facts.input_shape,
            "outputs": int(units) if units else None,
            "layers": [(layer.name, type(layer).__name__, shape, int(layer.count_params()))
                       for layer, shape in zip(model.layers, shapes)]}


def _output_shape(layer) -> list:
    try:
        shape = layer.output.shape
    except (AttributeError, ValueError):   # a layer used twice has no one output
        return []
    return [int(n) if n is not None else None for n in tuple(shape)[1:]]


# --------------------------------------------------------------------------- what feeds it

def datasets_for(input_shape: tuple | None) -> list[tuple[str, dict]]:
    """The lab's data sets whose images fit ``input_shape`` ``(H, W, C)``: ``(name, options)``.

    ``shapes`` fits any square grayscale input from 8 to 256 pixels, made at that size.
    Sets that need a file (sign-language MNIST) are left out.

    Examples
    --------
    >>> datasets_for((8, 8, 1))
    [('digits', {}), ('shapes', {'image_size': 8})]
    """
    if input_shape is None:
        return []
    found = [(name, {}) for name in FIXED_SETS if _shape_of(name) == tuple(input_shape)]
    h, w, c = input_shape
    if h == w and c == 1 and 8 <= h <= 256:
        found.append(("shapes", {"image_size": h}))
    return found


FIXED_SETS = ("mnist-scattered", "mnist-5k", "digits", "mnist", "fashion-mnist", "cifar10")


def _shape_of(name: str) -> tuple:
    from cnncore.datasets import size_of

    return tuple(size_of(name).image_shape)


def fit_image(image, input_shape: tuple) -> np.ndarray:
    """An image in [0, 1] (``(H, W)`` or ``(H, W, 3)``) resized and converted to ``input_shape``.

    Returns
    -------
    batch : (1, H, W, C) ndarray of float32
        Gray to colour repeats the channel; colour to gray takes the luminance.
    """
    from skimage.transform import resize

    from cnncore.ops.images import to_gray

    image = np.asarray(image, dtype=np.float64)
    h, w, c = input_shape
    if c == 1:
        image = to_gray(image)[..., None]
    elif c == 3:
        image = np.repeat(image[..., None], 3, axis=-1) if image.ndim == 2 else image
    else:
        raise InvalidInput("model_input_unfed", f"an image has 1 or 3 channels; the model takes {c}. "
                           f"Received: input_shape={input_shape}", shape=str(tuple(input_shape)))
    resized = resize(image, (h, w, c), order=1, anti_aliasing=True, preserve_range=True)
    return resized[None].astype(np.float32)                       # (1, H, W, C)


# --------------------------------------------------------------------------- into the lab

def model_config_from_keras(config: dict) -> models.ModelConfig:
    """The lab's :class:`~cnncore.nn.models.ModelConfig` of a checked ``config.json``, to train
    the same architecture from scratch on a lab data set (the weights are dropped).

    The layers must read as the lab builds them: Conv2D (with its activation), then an
    optional Dropout, BatchNormalization and pooling per block; Flatten; Dense layers each
    with an optional Dropout; a last Dense (the softmax output, sized by the data set).

    Raises
    ------
    InvalidInput
        ``model_layer_unmapped``, naming the first layer that does not fit that pattern.
    """
    checked = keras_files.facts(config)
    layers = [(layer.get("class_name"), layer.get("config") or {},
               str(layer.get("name") or (layer.get("config") or {}).get("name") or "?")[:100])
              for layer in config["config"]["layers"] if layer.get("class_name") != "InputLayer"]
    layers.append(("end", {}, "end"))                      # a sentinel: every look-ahead has a layer
    blocks, dense, i = [], [], 0

    def take(*kinds: str):
        nonlocal i
        if layers[i][0] in kinds:
            i += 1
            return layers[i - 1]
        return None

    while layers[i][0] == "Conv2D":
        conv = take("Conv2D")
        if conv[1].get("groups", 1) != 1 or _square(conv, "dilation_rate", 1) != 1:
            raise _unmapped(conv, "grouped or dilated convolutions are not among the lab's options")
        drop, norm, pool = take("Dropout"), take("BatchNormalization"), take("MaxPooling2D", "AveragePooling2D")
        c = conv[1]
        blocks.append(models.ConvBlock(
            filters=c.get("filters"), kernel_size=_square(conv, "kernel_size"), stride=_square(conv, "strides", 1),
            padding=c.get("padding", "valid"), activation=str(c.get("activation", "linear")),
            batch_norm=norm is not None, dropout=float(drop[1].get("rate", 0.0)) if drop else 0.0,
            pooling="none" if pool is None else "max" if pool[0] == "MaxPooling2D" else "average",
            pool_size=_square(pool, "pool_size", 2) if pool else 2,
            pool_stride=_square(pool, "strides", None) or _square(pool, "pool_size", 2) if pool else 2,
            pool_padding=pool[1].get("padding", "valid") if pool else "same"))
    if take("Flatten") is None:
        raise _unmapped(layers[i], "the lab's model is convolution blocks, then Flatten, then Dense layers")
    while layers[i][0] == "Dense" and layers[i + 1][0] != "end":
        units, drop = take("Dense"), take("Dropout")
        dense.append(models.DenseLayer(units[1].get("units"), str(units[1].get("activation", "linear")),
                                       float(drop[1].get("rate", 0.0)) if drop else 0.0))
    if layers[i][0] != "Dense" or layers[i + 1][0] != "end":
        raise _unmapped(layers[i], "the lab's model ends with one Dense output layer")
    name = checked.name if models.MODEL_NAME.fullmatch(checked.name) else "uploaded"
    mapped = models.ModelConfig(name=name, conv_blocks=tuple(blocks), dense_layers=tuple(dense))
    models.validate(mapped)
    return mapped


def _unmapped(layer: tuple, why: str) -> InvalidInput:
    kind, _, name = layer
    return InvalidInput("model_layer_unmapped", f"layer {name!r} ({kind}) has no place in the lab's "
                        f"model: {why}. Received: {kind}", layer=name, kind=str(kind), why=why)


def _square(layer: tuple, what: str, default=None):
    """A layer's square window or stride (``[3, 3]`` → 3); None when absent and no default."""
    value = layer[1].get(what, default)
    if value is None:
        return None
    value = value if isinstance(value, list) else [value, value]
    if len(set(value)) != 1 or not is_positive_int(value[0]):
        raise _unmapped(layer, f"{what} must be square")
    return value[0]
