"""A ``.keras`` file someone uploaded, checked from its bytes before anything of it is loaded.

A ``.keras`` file is a ZIP of ``config.json`` (the architecture), ``metadata.json`` and
``model.weights.h5``. Loading one builds every layer its config names, so a file is read
here as data first: the ZIP's own directory (whole, a handful of entries, each declaring a
bounded size), then ``config.json`` as JSON, walked for every ``class_name`` in it. Only the
built-in Keras layers of :data:`LAYERS` pass: a ``Lambda`` layer (whose Python code Keras
would unpickle, ``model_lambda_layer``), an object from outside ``keras``
(``model_custom_object``) and any other layer (``model_layer_unsupported``) are refused, as
is a model whose weights, counted from the config, exceed ``CNNLAB_MAX_RUN_PARAMS``
(``model_params_over_cap``). Nothing here imports Keras; :mod:`cnncore.nn.model_upload` loads
what passes, in a memory-capped child, with ``safe_mode=True``.
"""

from __future__ import annotations

import io
import json
import math
import struct
import zipfile
import zlib
from dataclasses import dataclass

from cnncore import settings
from cnncore.checks import is_positive_int, nbytes_text, shown
from cnncore.errors import InvalidInput

MEMBERS = ("config.json", "metadata.json", "model.weights.h5")   # what Keras 3 writes
CONFIG_BYTES = 2 * 2**20      # a 200-layer model's config is ~400 kB
METADATA_BYTES = 64 * 2**10   # Keras writes ~64 bytes
MAX_LAYERS = 256              # the course CNN has 15 layers; ResNet-50 has 177
MAX_DEPTH = 64                # JSON nesting: a config is ~8 deep

# The built-in layers the lab can show, by Keras class name. Each computes from its config
# alone: none runs code the file supplies.
WEIGHTED = {"Conv2D", "Dense", "BatchNormalization", "LayerNormalization"}
LAYERS = frozenset(WEIGHTED | {
    "InputLayer", "Dropout", "SpatialDropout2D", "GaussianNoise", "GaussianDropout",
    "MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D", "GlobalMaxPooling2D",
    "Flatten", "Reshape", "Activation", "ReLU", "LeakyReLU", "ELU", "Softmax", "Rescaling",
    "ZeroPadding2D", "Cropping2D", "UpSampling2D", "Add", "Concatenate", "Average", "Maximum",
    "Multiply", "RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation",
    "RandomContrast", "RandomBrightness", "RandomCrop",
})
MODELS = ("Sequential", "Functional")
PLUMBING = {"__keras_tensor__", "__tuple__"}   # how Keras writes a tensor's link, a tuple


@dataclass(frozen=True)
class ArchiveFacts:
    """What :func:`check_archive` read from a ``.keras`` file's config, without Keras."""

    name: str                               # the model's name in its config
    kind: str                               # "Sequential" or "Functional"
    layers: tuple[tuple[str, str], ...]     # (layer name, Keras class), in order
    params: int                             # weights counted from the config
    input_shape: tuple | None               # (H, W, C) of its one image input, else None
    config: dict                            # config.json, parsed


def check_archive(data: bytes) -> ArchiveFacts:
    """Check an uploaded ``.keras`` file from its bytes, reading no weights and running nothing.

    Parameters
    ----------
    data : bytes
        The file as uploaded.

    Returns
    -------
    facts : ArchiveFacts

    Raises
    ------
    InvalidInput
        ``model_file_too_large`` (the file over ``CNNLAB_MAX_UPLOAD_BYTES``, or an entry
        declaring more once unpacked), ``model_file_bad`` (not a whole ZIP, or entries that
        are not a Keras 3 model's), ``model_lambda_layer``, ``model_custom_object``,
        ``model_layer_unsupported``, ``too_many_layers``, ``model_not_built`` (a layer with
        no input shape, so no weights to count) and ``model_params_over_cap``.

    Notes
    -----
    The ZIP's end record is read by hand before :mod:`zipfile` parses its directory, so a
    directory of a million entries costs nothing. Declared sizes are trusted only as upper
    bounds: every entry is read with a limit of its declared size.
    """
    cap = settings.limit("upload_bytes")
    _check_size("file", len(data), cap, "CNNLAB_MAX_UPLOAD_BYTES")
    archive = _open_zip(data)
    for info in archive.infolist():
        _check_size(info.filename[:100], info.file_size, cap, "CNNLAB_MAX_UPLOAD_BYTES")
    config = _read_json(archive, "config.json", CONFIG_BYTES)
    if "metadata.json" in archive.namelist():
        _read_json(archive, "metadata.json", METADATA_BYTES)
    return facts(config)


def facts(config: dict) -> ArchiveFacts:
    """:class:`ArchiveFacts` of a parsed ``config.json``, refusing what :func:`check_archive` refuses."""
    _walk(config, 0)
    if not isinstance(config, dict) or config.get("class_name") not in MODELS:
        kind = config.get("class_name") if isinstance(config, dict) else type(config).__name__
        raise InvalidInput("model_layer_unsupported", f"the file must hold a Sequential or functional "
                           f"model. Received: {shown(kind)}", layer="model", kind=str(kind)[:100])
    body = config.get("config") or {}
    layers = body.get("layers") if isinstance(body, dict) else None
    if not isinstance(layers, list) or not layers:
        raise _bad("config.json has no layers")
    if len(layers) > MAX_LAYERS:
        raise InvalidInput("too_many_layers", f"a model may have at most {MAX_LAYERS} layers. "
                           f"Received: {len(layers)} layers", name="layers", cap=MAX_LAYERS, count=len(layers))
    rows, params = [], 0
    for i, layer in enumerate(layers):
        if not isinstance(layer, dict) or not isinstance(layer.get("config") or {}, dict):
            raise _bad(f"layer {i} of config.json is not a layer's description")
        kind, conf = layer.get("class_name"), layer.get("config") or {}
        name = str(layer.get("name") or conf.get("name") or f"layer{i}")[:100]
        if kind not in LAYERS:
            raise InvalidInput("model_layer_unsupported", f"layer {name!r} is a {kind}, which the lab "
                               f"does not open; it opens {', '.join(sorted(LAYERS))}. Received: "
                               f"{shown(kind)}", layer=name, kind=str(kind)[:100])
        if conf.get("data_format") == "channels_first":     # the lab's images are (H, W, C)
            raise InvalidInput("model_layer_unsupported", f"layer {name!r} takes channels first, (C, H, W); "
                               f"the lab's images are (H, W, C). Received: data_format='channels_first'",
                               layer=name, kind=f"{kind} (channels_first)")
        rows.append((name, kind))
        params += layer_params(kind, conf, _input_shape(layer), name)
    cap = settings.limit("run_params")
    if params > cap:
        raise InvalidInput("model_params_over_cap", f"the model has {params:,} parameters; the limit is "
                           f"{cap:,} (CNNLAB_MAX_RUN_PARAMS). Received: {len(rows)} layers",
                           params=params, cap=cap)
    return ArchiveFacts(str(body.get("name") or "model")[:64], config["class_name"], tuple(rows),
                        params, _image_input(config, layers), config)


def layer_params(kind: str, config: dict, input_shape: tuple | None, name: str = "layer") -> int:
    """The weights a built-in layer of class ``kind`` holds for ``input_shape`` (batch axis included).

    Examples
    --------
    >>> layer_params("Conv2D", {"filters": 75, "kernel_size": [3, 3]}, (None, 28, 28, 1))
    750
    >>> layer_params("Dense", {"units": 24}, (None, 512))
    12312
    """
    if kind not in WEIGHTED:
        return 0
    if not input_shape or not is_positive_int(input_shape[-1]):
        raise InvalidInput("model_not_built", f"layer {name!r} has no input shape in the file, so its "
                           f"weights cannot be counted; save the model after building it. Received: "
                           f"input_shape={shown(input_shape)}", layer=name)
    channels = _count(input_shape[-1], name, "input channels")
    bias = bool(config.get("use_bias", True))
    if kind == "Dense":
        units = _count(config.get("units"), name, "units")
        return channels * units + units * bias
    if kind == "Conv2D":
        kernel = config.get("kernel_size")
        kernel = kernel if isinstance(kernel, list) else [kernel, kernel]
        size = math.prod(_count(k, name, "kernel_size") for k in kernel[:2])
        filters = _count(config.get("filters"), name, "filters")
        groups = _count(config.get("groups", 1), name, "groups")
        return size * (channels // groups) * filters + filters * bias
    axis = config.get("axis", -1)
    axis = axis[0] if isinstance(axis, list) and axis else axis
    width = input_shape[axis] if isinstance(axis, int) and -len(input_shape) <= axis < len(input_shape) else None
    width = _count(width, name, "features")
    scaled = int(bool(config.get("scale", True))) + int(bool(config.get("center", True)))
    return width * (scaled + 2 * (kind == "BatchNormalization"))   # γ, β; BN's moving mean and variance


# --------------------------------------------------------------------------- the archive

def _open_zip(data: bytes) -> zipfile.ZipFile:
    """The ZIP, once its end record says it is whole and holds a few entries."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or len(data) - end < 22:
        raise _bad("not a whole ZIP file (no end record: truncated, or not a .keras file)")
    entries, directory_size, directory_at = struct.unpack("<HII", data[end + 10:end + 20])
    if entries > len(MEMBERS) + 2 or directory_at + directory_size > end:
        raise _bad(f"a .keras file holds {len(MEMBERS)} entries; this ZIP declares {entries}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise _bad(f"not a readable ZIP file: {exc}") from None
    names = archive.namelist()
    if {"config.json", "model.weights.h5"} - set(names) or set(names) - set(MEMBERS):
        raise _bad(f"a .keras file holds {', '.join(MEMBERS)}; this one holds {', '.join(names)[:200]}")
    return archive


def read_member(archive: zipfile.ZipFile, name: str, cap: int) -> bytes:
    """Entry ``name``, read no further than its declared size or ``cap``, whichever is less."""
    info = archive.getinfo(name)
    _check_size(name, info.file_size, cap, "a .keras file's own limit")
    try:
        with archive.open(info) as entry:
            raw = entry.read(info.file_size + 1)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError,
            zlib.error) as exc:                       # corrupt, encrypted, an unknown compression
        raise _bad(f"{name} cannot be unpacked: {str(exc)[:100]}") from None
    if len(raw) != info.file_size:
        raise _bad(f"{name} unpacks to another size than its header declares")
    return raw


def _read_json(archive: zipfile.ZipFile, name: str, cap: int):
    try:
        return json.loads(read_member(archive, name, cap))
    except (ValueError, RecursionError) as exc:        # JSONDecodeError, bad UTF-8, a nesting bomb
        raise _bad(f"{name} is not JSON: {str(exc)[:100]}") from None


def _check_size(what: str, size: int, cap: int, setting: str) -> None:
    """``what``: ``"file"``, ``"weights_arrays"`` (words the catalogue translates) or an entry's name."""
    if size > cap:
        said = {"file": "the file", "weights_arrays": "model.weights.h5's arrays"}.get(what, repr(what))
        raise InvalidInput("model_file_too_large", f"{said} is {nbytes_text(size)}; the limit is "
                           f"{nbytes_text(cap)} ({setting}). Received: {nbytes_text(size)}",
                           what=what, size=nbytes_text(size), cap=nbytes_text(cap))


def _bad(why: str) -> InvalidInput:
    return InvalidInput("model_file_bad", f"not a Keras 3 model file: {why}. Received: a .keras upload",
                        why=why[:200])


# --------------------------------------------------------------------------- the config

def _walk(node, depth: int) -> None:
    """Refuse a Lambda or an object from outside Keras anywhere in the config."""
    if depth > MAX_DEPTH:
        raise _bad(f"config.json nests deeper than {MAX_DEPTH} levels")
    if isinstance(node, list):
        for item in node:
            _walk(item, depth + 1)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("class_name")
    if kind is not None and not isinstance(kind, str):
        raise _bad(f"a class_name is not a name: {shown(kind)}")
    if kind is not None:
        name = str((node.get("config") or {}).get("name", "") if isinstance(node.get("config"), dict)
                   else "")[:100] or str(kind)[:100]
        if kind in ("Lambda", "__lambda__") or "function_type" in node:
            raise InvalidInput("model_lambda_layer", f"layer {name!r} is a Lambda layer, whose Python "
                               f"code would run when the file loads; it is never loaded. Received: "
                               f"{shown(kind)}", layer=name)
        module, registered = node.get("module"), node.get("registered_name")
        keras_made = isinstance(module, str) and (module == "keras" or module.startswith("keras."))
        if kind not in PLUMBING and (not keras_made or (registered is not None and registered != kind)):
            raise InvalidInput("model_custom_object", f"{name!r} is a custom object "
                               f"({shown(registered or kind)} from module {shown(module)}), whose code is "
                               f"not in Keras; the lab opens built-in Keras objects only. Received: "
                               f"{shown(kind)}", name=name, kind=str(registered or kind)[:100])
    for value in node.values():
        _walk(value, depth + 1)


def _input_shape(layer: dict) -> tuple | None:
    built = layer.get("build_config")
    shape = built.get("input_shape") if isinstance(built, dict) else None
    if isinstance(shape, list) and shape and isinstance(shape[0], list):   # a merge: its first input
        shape = shape[0]
    return tuple(shape) if isinstance(shape, list) else None


def _image_input(config: dict, layers: list) -> tuple | None:
    """``(H, W, C)`` when the model takes one image batch ``(N, H, W, C)``, else None."""
    inputs = [layer for layer in layers if layer.get("class_name") == "InputLayer"]
    declared = config["config"].get("input_layers")
    if len(inputs) != 1 or (isinstance(declared, list) and declared and isinstance(declared[0], list)
                            and len(declared) > 1):
        return None
    shape = inputs[0]["config"].get("batch_shape") if inputs[0].get("config") else None
    if isinstance(shape, list) and len(shape) == 4 and all(is_positive_int(n) for n in shape[1:]):
        return tuple(int(n) for n in shape[1:])
    return None


def _count(value, layer: str, what: str) -> int:
    if not is_positive_int(value) or value > 2**31:
        raise InvalidInput("model_file_bad", f"layer {layer!r}: {what} must be a positive integer. "
                           f"Received: {what}={shown(value)}", why=f"{layer}: {what}={shown(value)}")
    return value


# --------------------------------------------------------------------------- the weights

def check_weights(raw: bytes, *, max_objects: int = 10_000) -> int:
    """The bytes ``model.weights.h5`` declares for all its arrays, refused over
    ``CNNLAB_MAX_UPLOAD_BYTES``; read from the HDF5 headers only, nothing allocated by them.

    An HDF5 dataset may declare any shape in a few bytes (chunks never written read as
    zeros), so a small file can ask a loader for 10 GB; this counts before Keras reads it.
    Imports ``h5py``: the loader's child calls it, not the dashboard.
    """
    import h5py

    cap, declared, objects = settings.limit("upload_bytes"), [0], [0]

    def count(name: str, item) -> None:
        objects[0] += 1
        if objects[0] > max_objects:
            raise _bad(f"model.weights.h5 holds more than {max_objects:,} objects")
        if isinstance(item, h5py.Dataset):
            declared[0] += math.prod(item.shape or ()) * item.dtype.itemsize
            _check_size("weights_arrays", declared[0], cap, "CNNLAB_MAX_UPLOAD_BYTES")

    try:
        with h5py.File(io.BytesIO(raw), "r") as weights:
            weights.visititems(count)
    except InvalidInput:
        raise
    except (OSError, ValueError, KeyError, RuntimeError, TypeError) as exc:
        raise _bad(f"model.weights.h5 is not a readable HDF5 file: {str(exc)[:100]}") from None
    return declared[0]
