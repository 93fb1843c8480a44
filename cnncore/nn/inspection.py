"""Reading a training run: what changed between two runs, and what a trained network
learned (its kernels, its feature maps, its mistakes). The verdict on its curves is
:mod:`cnncore.nn.verdict`.

Everything that needs the model takes a loaded Keras model (``store.load_model``)
and NumPy images; Keras is imported only inside the functions that build a probe, so
importing this module stays instant.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cnncore.checks import shown
from cnncore.errors import InvalidInput
from cnncore.ops import kernels as hand_made

# --------------------------------------------------------------------------- config diff

def flatten(config: dict, prefix: str = "") -> dict[str, object]:
    """``{"model": {"conv_blocks": [{"filters": 75}]}}`` → ``{"model.conv_blocks.0.filters": 75}``."""
    flat: dict[str, object] = {}
    items = config.items() if isinstance(config, dict) else enumerate(config)
    for key, value in items:
        name = f"{prefix}{key}"
        if isinstance(value, dict) or (isinstance(value, (list, tuple)) and value
                                       and all(isinstance(v, (dict, list, tuple)) for v in value)):
            flat.update(flatten(value, name + "."))
        else:
            flat[name] = list(value) if isinstance(value, tuple) else value
    return flat


def config_diff(a: dict, b: dict) -> pd.DataFrame:
    """The settings that differ between two run configurations.

    Parameters
    ----------
    a, b : dict
        Configurations as ``RunConfig.to_dict()`` returns them (nested dicts and lists).

    Returns
    -------
    diff : DataFrame
        Columns ``setting`` (a dotted path such as ``model.conv_blocks.1.filters``),
        ``a`` and ``b``; a setting one side lacks shows ``None`` there. Empty when the
        two are the same.

    Examples
    --------
    >>> config_diff({"train": {"epochs": 5}}, {"train": {"epochs": 20}}).to_dict("records")
    [{'setting': 'train.epochs', 'a': 5, 'b': 20}]
    """
    fa, fb = flatten(a), flatten(b)
    keys = list(fa) + [k for k in fb if k not in fa]
    rows = [(k, fa.get(k), fb.get(k)) for k in keys if fa.get(k) != fb.get(k)]
    return pd.DataFrame(rows, columns=["setting", "a", "b"], dtype=object)


# --------------------------------------------------------------------------- kernels

@dataclass(frozen=True)
class KernelMatch:
    """Which hand-made kernel one learned filter most resembles."""

    filter: int
    kernel: str | None       # a key of cnncore.ops.kernels.PRESETS; None when none compares
    similarity: float        # cosine similarity in [−1, 1]
    inverted: bool           # the best match is the negative of the preset (similarity < 0)


def first_layer_kernels(model) -> np.ndarray:
    """The first convolution's weights as ``(F, kh, kw)``, averaged over input channels.

    Raises
    ------
    ValueError
        If the model has no convolution layer (a dense network).
    """
    conv = _conv_layers(model)
    if not conv:
        raise InvalidInput("model_has_no_conv", f"model {model.name!r} has no convolution layer, so it "
                           "learned no kernels", model=model.name)
    weights = np.asarray(conv[0].get_weights()[0], dtype=np.float64)   # (kh, kw, C_in, F)
    return np.moveaxis(weights.mean(axis=2), -1, 0)                     # (F, kh, kw)


def kernel_matches(kernels, presets: dict[str, np.ndarray] | None = None) -> list[KernelMatch]:
    """For each learned kernel, the hand-made kernel it most resembles.

    Parameters
    ----------
    kernels : (F, kh, kw) array_like
        Learned kernels (e.g. :func:`first_layer_kernels`).
    presets : dict of str to (ph, pw) ndarray, optional
        Candidates; default :data:`cnncore.ops.kernels.PRESETS`.

    Returns
    -------
    matches : list of KernelMatch, one per kernel

    Notes
    -----
    The score is the cosine similarity ``<w, p> / (|w| |p|)`` of the flattened weights,
    without removing the mean: a kernel's sum is what tells a blur (all positive) from
    an edge detector (sums to 0). The best match maximises ``|cos|``; a negative cosine
    means the inverted kernel (a Sobel of the opposite polarity). Kernels that differ
    only in scale (identity, brighten, darken) tie on the cosine; the one closest in
    norm wins. A preset of another size is compared after zero-padding it to the
    learned size when it is smaller by an even amount (the same operation), and after
    resampling it (bilinear) otherwise.

    Examples
    --------
    >>> [m.kernel for m in kernel_matches([hand_made.SOBEL_HORIZONTAL * -2])]
    ['sobel_horizontal']
    """
    w = np.asarray(kernels, dtype=np.float64)
    if w.ndim != 3 or 0 in w.shape:
        raise ValueError(f"kernels must be (F, kh, kw). Received: shape {w.shape}")  # internal
    presets = hand_made.PRESETS if presets is None else presets
    size = w.shape[1:]
    names = list(presets)
    candidates = np.stack([fit_kernel(presets[n], size).ravel() for n in names])   # (P, kh*kw)
    flat = w.reshape(len(w), -1)                                               # (F, kh*kw)
    norms_w = np.linalg.norm(flat, axis=1)
    norms_p = np.linalg.norm(candidates, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = flat @ candidates.T / np.outer(norms_w, norms_p)                 # (F, P)
    matches = []
    for f in range(len(w)):
        row = cos[f]
        if norms_w[f] == 0 or not np.isfinite(row).any():
            matches.append(KernelMatch(f, None, 0.0, False))
            continue
        score = np.where(np.isfinite(row), np.abs(row), -1.0)
        tied = np.flatnonzero(score >= score.max() - 1e-9)
        best = min(tied, key=lambda p: abs(np.log(norms_w[f] / norms_p[p])))
        matches.append(KernelMatch(f, names[best], float(row[best]), bool(row[best] < 0)))
    return matches


def fit_kernel(preset, size: tuple[int, int]) -> np.ndarray:
    """A ``(ph, pw)`` kernel brought to ``size``: zero-padded when that keeps it centred
    (the same operation), else resampled (bilinear)."""
    preset = np.asarray(preset, dtype=np.float64)
    if preset.shape == size:
        return preset
    dh, dw = size[0] - preset.shape[0], size[1] - preset.shape[1]
    if dh >= 0 and dw >= 0 and dh % 2 == 0 and dw % 2 == 0:
        return hand_made.centred(preset, size)
    from skimage.transform import resize

    return resize(preset, size, order=1, mode="edge", anti_aliasing=False)


# --------------------------------------------------------------------------- feature maps

@dataclass(frozen=True)
class ProbeLayer:
    """One feature map the probe returns: a convolution's output or the pooling after it."""

    name: str        # the Keras layer name, e.g. "conv2" or "conv2_pool"
    block: int       # 1 for the first convolution block
    stage: str       # "activation" (the convolution with its activation) or "pooling"


class FeatureProbe:
    """A model that returns every convolution block's feature maps for some images.

    Built once per trained model (the dashboard caches it and never changes it).
    ``layers`` lists, in order, each convolution layer (its output is after the
    activation, which Keras fuses into ``Conv2D``) and the pooling layer that follows it.
    """

    def __init__(self, model):
        import keras

        self.layers: tuple[ProbeLayer, ...] = tuple(_probe_layers(model))
        if not self.layers:
            raise InvalidInput("model_has_no_conv", f"model {model.name!r} has no convolution layer, so "
                               "it has no feature maps", model=model.name)
        outputs = [model.get_layer(layer.name).output for layer in self.layers]
        self._model = keras.Model(model.inputs, outputs, name=f"{model.name}_probe")

    def maps(self, images: np.ndarray, *, batch_size: int = 256) -> dict[str, np.ndarray]:
        """``{layer name: (N, h, w, F) array}`` for ``images`` of shape ``(N, H, W, C)``."""
        images = _check_images(images)
        parts = [self._predict(images[i:i + batch_size]) for i in range(0, len(images), batch_size)]
        return {layer.name: np.concatenate([p[j] for p in parts])
                for j, layer in enumerate(self.layers)}

    def filter_scores(self, images: np.ndarray, layer: str, *, batch_size: int = 256) -> np.ndarray:
        """``(N, F)``: each image's mean activation of each filter of ``layer``."""
        names = [p.name for p in self.layers]
        if layer not in names:
            raise InvalidInput("choice_bad", f"layer must be one of {names}. Received: layer={layer!r}",
                               name="layer", value=shown(layer), options=", ".join(names))
        j = names.index(layer)
        images = _check_images(images)
        return np.concatenate([self._predict(images[i:i + batch_size])[j].mean(axis=(1, 2))
                               for i in range(0, len(images), batch_size)])

    def _predict(self, batch: np.ndarray) -> list[np.ndarray]:
        out = _call(self._model, batch)
        out = out if isinstance(out, (list, tuple)) else [out]
        return [np.asarray(o) for o in out]


def top_activating(scores: np.ndarray, filter: int, k: int = 9) -> np.ndarray:
    """Indices of the ``k`` images whose ``scores[:, filter]`` are highest, best first."""
    scores = np.asarray(scores)
    if scores.ndim != 2 or not 0 <= filter < scores.shape[1]:
        count = scores.shape[1] if scores.ndim == 2 else 0
        raise InvalidInput("number_out_of_range", f"filter must be in [0, {count}). Received: filter={filter!r}",
                           name="filter", value=shown(filter), bounds=f"[0, {count})")
    column = scores[:, filter]
    k = min(k, len(column))
    top = np.argpartition(-column, k - 1)[:k] if k else np.array([], dtype=int)
    return top[np.argsort(-column[top], kind="stable")]


ACTIVATION_LAYERS = ("Activation", "ReLU", "LeakyReLU", "ELU", "PReLU", "Softmax")
# Layers that may sit between a linear convolution and its activation (Conv2D → BN → ReLU).
BETWEEN = ("BatchNormalization", "Dropout", "SpatialDropout2D", "GaussianNoise", "GaussianDropout")


def _probe_layers(model) -> list[ProbeLayer]:
    """Convolutions and the pooling that ends each one's block, by Keras layer class.

    A convolution with its activation fused (every model the lab builds) is probed at its
    own output; a linear one followed by an activation layer (a model of your own:
    Conv2D → BatchNormalization → ReLU) at that activation's.
    """
    rows: list[ProbeLayer] = []
    block = 0
    layers = list(model.layers)
    for i, layer in enumerate(layers):
        kind = type(layer).__name__
        if kind == "Conv2D":
            block += 1
            rows.append(ProbeLayer(_activated(layers, i), block, "activation"))
        elif block and kind in ("MaxPooling2D", "AveragePooling2D") \
                and rows[-1].block == block and rows[-1].stage == "activation":
            rows.append(ProbeLayer(layer.name, block, "pooling"))
    return rows


def _activated(layers: list, i: int) -> str:
    """The name of the layer whose output is convolution ``layers[i]`` after its activation."""
    conv = layers[i]
    if getattr(getattr(conv, "activation", None), "__name__", "linear") != "linear":
        return conv.name
    previous = conv
    for layer in layers[i + 1:]:
        kind = type(layer).__name__
        if kind not in ACTIVATION_LAYERS + BETWEEN or not _follows(layer, previous):
            break
        if kind in ACTIVATION_LAYERS:
            return layer.name
        previous = layer
    return conv.name


def _follows(layer, previous) -> bool:
    """Whether ``layer`` takes ``previous``'s output, and only it."""
    try:                                       # every call of it (a Sequential records several)
        nodes = layer._inbound_nodes
        return bool(nodes) and all(len(node.input_tensors) == 1
                                   and node.input_tensors[0]._keras_history.operation is previous
                                   for node in nodes)
    except AttributeError:                     # Keras changed its graph's private names
        return False


def _call(model, batch: np.ndarray):
    """``model(batch)`` in inference mode, with ``batch`` in the model's input structure
    (a built model takes a tensor, a reloaded one a one-item list)."""
    import keras

    return model(keras.tree.pack_sequence_as(model.input, [batch]), training=False)


def _conv_layers(model) -> list:
    return [layer for layer in model.layers if type(layer).__name__ == "Conv2D"]


def _check_images(images) -> np.ndarray:
    images = np.asarray(images, dtype=np.float32)
    if images.ndim != 4:
        raise ValueError(f"images must be (N, H, W, C). Received: shape {images.shape}")  # internal
    return images


# --------------------------------------------------------------------------- mistakes

def predict(model, images: np.ndarray, *, batch_size: int = 256) -> np.ndarray:
    """``(N, K)`` class probabilities of ``images`` ``(N, H, W, C)``, in batches."""
    images = _check_images(images)
    parts = [np.asarray(_call(model, images[i:i + batch_size]))
             for i in range(0, len(images), batch_size)]
    return np.concatenate(parts) if parts else np.zeros((0, model.output_shape[-1]))


def misclassified(probabilities: np.ndarray, labels: np.ndarray) -> pd.DataFrame:
    """The wrongly predicted images, most confident mistakes first.

    Returns
    -------
    mistakes : DataFrame
        Columns ``index`` (into the images), ``true``, ``predicted`` (class indices) and
        ``confidence`` (the probability given to the wrong class).
    """
    probabilities = np.asarray(probabilities)
    labels = np.asarray(labels)
    if probabilities.ndim != 2 or len(probabilities) != len(labels):
        raise ValueError(f"probabilities must be (N, K) with N = len(labels). Received: "  # internal
                         f"{probabilities.shape} and {labels.shape}")
    predicted = probabilities.argmax(axis=1)
    wrong = np.flatnonzero(predicted != labels)
    frame = pd.DataFrame({
        "index": wrong,
        "true": labels[wrong].astype(int),
        "predicted": predicted[wrong],
        "confidence": probabilities[wrong, predicted[wrong]].astype(float),
    })
    return frame.sort_values("confidence", ascending=False, kind="stable").reset_index(drop=True)
