"""The course's fixes for overfitting, each one change to a run's config.

A remedy run is a sibling of the run it fixes: the same data, split, seed and settings,
with exactly one thing changed, so the curves drawn over each other show what that one
change did (:func:`change`).

=================  ===============================================================
remedy             what changes
=================  ===============================================================
``use_cnn``        the dense network becomes the course's CNN (``dli-cnn``)
``dropout``        dropout after every hidden dense layer (0.3, the course's) and
                   convolution block (0.2) that has none
``augmentation``   the course's augmentation (4부 데이터 증강): rotation, zoom, shift, and
                   flips where a mirrored image keeps its class (not on digits)
``early_stopping`` stop 3 epochs after the best validation loss, best weights restored
``more_data``      twice the images (the whole data set when a subset was used)
=================  ===============================================================

Examples
--------
>>> from cnncore.nn.models import PRESETS
>>> from cnncore.nn.training import RunConfig
>>> dense = RunConfig(model=PRESETS["dense-baseline"], limit=1000)
>>> applicable(dense)
('use_cnn', 'dropout', 'augmentation', 'early_stopping', 'more_data')
>>> remedy(dense, "more_data").limit
2000
>>> remedy(dense, "use_cnn").model.name
'dli-cnn'
"""

from __future__ import annotations

from dataclasses import replace

from cnncore.checks import shown
from cnncore.errors import InvalidInput
from cnncore.nn.models import PRESETS, ModelConfig
from cnncore.nn.training import RunConfig, course_augmentation

REMEDIES = ("use_cnn", "dropout", "augmentation", "early_stopping", "more_data")
DENSE_DROPOUT = 0.3       # the course CNN's dropout before its classifier
CONV_DROPOUT = 0.2        # the course CNN's dropout in its second block
PATIENCE = 3              # epochs without a better validation loss before stopping


def applicable(config: RunConfig) -> tuple[str, ...]:
    """The remedies that would change ``config`` (in the course's order)."""
    return tuple(name for name in REMEDIES if remedy(config, name, strict=False) != config)


def remedy(config: RunConfig, name: str, *, strict: bool = True) -> RunConfig:
    """``config`` with remedy ``name`` applied; everything else stays the same.

    Raises ``ValueError`` for an unknown remedy, or (``strict``) one that changes nothing,
    such as ``use_cnn`` on a network that already convolves.
    """
    if name not in REMEDIES:
        raise InvalidInput("choice_bad", f"remedy must be one of {', '.join(REMEDIES)}. Received: remedy={name!r}",
                           name="remedy", value=shown(name), options=", ".join(REMEDIES))
    changed = _apply(config, name)
    if strict and changed == config:
        raise InvalidInput("remedy_no_change", f"{name} would not change this run. Received: remedy={name!r}",
                           remedy=name)
    return changed


def _apply(config: RunConfig, name: str) -> RunConfig:
    train, model = config.train, config.model
    if name == "use_cnn":
        return config if model.conv_blocks else replace(config, model=PRESETS["dli-cnn"])
    if name == "dropout":
        return replace(config, model=_with_dropout(model))
    if name == "augmentation":
        return config if train.augments else replace(config, train=replace(train, **course_augmentation(config.dataset)))
    if name == "early_stopping":
        return config if train.early_stopping else replace(config, train=replace(train, early_stopping=PATIENCE))
    if config.limit is None:           # more_data: the whole set is already in use
        return config
    return replace(config, limit=config.limit * 2)


def _with_dropout(model: ModelConfig) -> ModelConfig:
    blocks = tuple(replace(b, dropout=CONV_DROPOUT) if not b.dropout else b for b in model.conv_blocks)
    dense = tuple(replace(d, dropout=DENSE_DROPOUT) if not d.dropout else d for d in model.dense_layers)
    if blocks == model.conv_blocks and dense == model.dense_layers:
        return model
    return replace(model, name=f"{model.name}-dropout", conv_blocks=blocks, dense_layers=dense)
