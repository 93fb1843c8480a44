"""Sweep parameter paths: short, readable names for the fields of a run's config.

A :class:`SweepConfig` is a base :class:`~cnncore.nn.training.RunConfig` and the
parameters to vary (:class:`Param`), addressed by short, readable paths:

=====================  ===============================================================
path                   what it sets
=====================  ===============================================================
``kernel_size``,       that field of every convolution block (``filters``, ``stride``,
``stride``, …          ``padding``, ``activation``, ``batch_norm``, ``dropout``,
                       ``pooling``, ``pool_size``, ``pool_stride``, ``pool_padding``);
                       the same as ``conv.<field>``
``conv.<field>``       that field of every convolution block
``conv<i>.<field>``    block ``i`` only, counted from 1 as the layer names (``conv1``)
``units``              ``units`` of every hidden dense layer (= ``dense.units``)
``dense.<field>``      ``units``, ``activation`` or ``dropout`` of every dense layer
``dense<i>.<field>``   dense layer ``i`` only (``dense1.dropout``)
``train.<field>``      a :class:`~cnncore.nn.training.TrainConfig` field; the short form
                       (``learning_rate``, ``batch_size``, ``optimizer``…) works too
``model``              a preset (``dense-baseline``, ``dli-cnn``) replacing the model
``limit``              how many images the run uses
``augment``            true: the course's augmentation for the data set (rotation, zoom,
                       shift, and the flip where a mirror keeps the class); false: none
=====================  ===============================================================

Bare ``dropout`` and ``activation`` mean the convolution blocks' (the deck's dropout
sits after a convolution); say ``dense.dropout`` for the dense layers'. ``epochs`` is
the sweep's own setting, not a parameter.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from typing import Any

from cnncore.checks import shown
from cnncore.errors import InvalidInput
from cnncore.nn.models import PRESETS, ConvBlock, DenseLayer
from cnncore.nn.training import COURSE_AUGMENTATION, RunConfig, TrainConfig, course_augmentation

_CONV = {f.name: f for f in fields(ConvBlock)}
_DENSE = {f.name: f for f in fields(DenseLayer)}
_TRAIN = {f.name: f for f in fields(TrainConfig)}
_LAYER = re.compile(r"^(conv|dense)(\d*)\.(\w+)$")


def apply(run_config: RunConfig, values: dict[str, Any]) -> RunConfig:
    """``run_config`` with each ``{path: value}`` set (``model`` first, then the rest).

    Raises ``ValueError`` naming the path for an unknown path, a layer the model does
    not have, or a value its field refuses.
    """
    items = sorted(values.items(), key=lambda kv: kv[0] != "model")
    for path, value in items:
        run_config = _apply_one(run_config, path, value)
    return run_config


def _apply_one(config: RunConfig, path: str, value) -> RunConfig:
    target, name = resolve(path)
    value = coerce(path, value)
    if target == "model":
        return replace(config, model=PRESETS[value])
    if target == "limit":
        return replace(config, limit=value)
    if target == "augment":
        chosen = course_augmentation(config.dataset) if value else dict.fromkeys(COURSE_AUGMENTATION, 0)
        return replace(config, train=replace(config.train, **{k: type(v)(chosen[k]) for k, v in
                                                              COURSE_AUGMENTATION.items()}))
    if target == "train":
        try:
            return replace(config, train=replace(config.train, **{name: value}))
        except InvalidInput as exc:
            raise exc.within(path) from None
    kind, index = target
    model = config.model
    layers = model.conv_blocks if kind == "conv" else model.dense_layers
    what = "convolution blocks" if kind == "conv" else "hidden dense layers"
    part = "conv_blocks" if kind == "conv" else "dense_layers"
    if not layers:
        raise InvalidInput("path_no_layers", f"the model {model.name!r} has no {what}. "
                           f"Received: {path}={value!r}", model=model.name, part=part).within(path)
    if index is not None and index > len(layers):
        raise InvalidInput("path_layer_missing", f"the model {model.name!r} has only {len(layers)} of them. "
                           f"Received: {path}={value!r}", model=model.name, part=part,
                           count=len(layers)).within(path)
    layers = tuple(replace(layer, **{name: value}) if index in (None, i) else layer
                   for i, layer in enumerate(layers, start=1))
    field_name = "conv_blocks" if kind == "conv" else "dense_layers"
    return replace(config, model=replace(model, **{field_name: layers}))


def resolve(path: str):
    """``path`` → ``("model"|"limit"|"train"|(kind, index), field)``; ValueError if unknown."""
    if not isinstance(path, str):
        raise InvalidInput("param_path_bad", f"a parameter path must be a string. Received: {path!r}",
                           value=shown(path))
    if path in ("model", "limit", "augment"):
        return path, path
    if path in ("epochs", "train.epochs"):
        raise InvalidInput("path_epochs", "epochs is the sweep's own setting (and ASHA's maximum), not a "
                           f"parameter. Received: path={path!r}", path=path)
    if path.startswith("train."):
        name = path[len("train."):]
        if name in _TRAIN:
            return "train", name
    elif path in _CONV:
        return ("conv", None), path
    elif path == "units":
        return ("dense", None), path
    elif path in _TRAIN:
        return "train", path
    elif m := _LAYER.match(path):
        kind, number, name = m.groups()
        known = _CONV if kind == "conv" else _DENSE
        if name in known and number != "0":
            return (kind, int(number) if number else None), name
    train_fields = ", ".join(f for f in _TRAIN if f != "epochs")
    raise InvalidInput(
        "path_unknown",
        f"unknown parameter path. Use a convolution field ({', '.join(_CONV)}; or conv.<field>, "
        f"conv1.<field>…), dense.units / dense.dropout / dense1.<field>, a training field "
        f"({train_fields}), model, limit or augment. Received: path={path!r}",
        path=shown(path), conv_fields=", ".join(_CONV), train_fields=train_fields)


def kind_of(path: str) -> str:
    """The type of the field ``path`` sets, as written in its dataclass: ``"int"``,
    ``"float"``, ``"float | None"``, ``"str"``, ``"bool"``."""
    target, name = resolve(path)
    if target == "limit":
        return "int"
    if target == "augment":
        return "bool"
    if target == "model":
        return "str"
    known = _TRAIN if target == "train" else _CONV if target[0] == "conv" else _DENSE
    return str(known[name].type)


def coerce(path: str, value):
    """``value`` (often a string from the CLI or a text box) as the type ``path`` takes."""
    if resolve(path)[0] == "model":
        value = value.strip() if isinstance(value, str) else value
        if value not in PRESETS:
            raise InvalidInput("model_not_preset", f"model must be a preset ({', '.join(PRESETS)}). "
                               f"Received: model={value!r}", value=shown(value), presets=", ".join(PRESETS))
        return value
    kind = kind_of(path)
    text = value.strip() if isinstance(value, str) else None
    try:
        if "None" in kind and (value is None or (text is not None and text.lower() in ("none", ""))):
            return None
        if kind.startswith("bool"):
            if isinstance(value, bool):
                return value
            if text is not None and text.lower() in ("true", "false", "1", "0", "yes", "no"):
                return text.lower() in ("true", "1", "yes")
            raise ValueError  # internal: caught below
        if kind.startswith("int"):
            number = float(text) if text is not None else value
            if isinstance(number, bool) or not float(number).is_integer():
                raise ValueError  # internal: caught below
            return int(number)
        if kind.startswith("float"):
            if isinstance(value, bool):
                raise ValueError  # internal: caught below
            return float(text) if text is not None else float(value)
        return text if text is not None else str(value)
    except (TypeError, ValueError):
        expected = {"int": "an integer", "flo": "a number", "boo": "true or false"}.get(kind[:3], "a value")
        raise InvalidInput("path_value_bad", f"{path} takes {expected}. Received: {path}={value!r}",
                           path=path, expected=expected.replace(" ", "_"), value=shown(value)) from None
