"""The seeded, stratified split into training and validation, and the card."""

from __future__ import annotations

import numpy as np

from cnncore.checks import out_of_range, shown
from cnncore.datasets.base import Dataset, DatasetCard, Note
from cnncore.errors import InvalidInput

def check_split(val_fraction, limit) -> None:
    if (not isinstance(val_fraction, (int, float)) or isinstance(val_fraction, bool)
            or not 0 < val_fraction < 1):
        raise out_of_range("val_fraction", val_fraction, "(0, 1)")
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 4):
        raise InvalidInput("limit_bad", f"limit must be an integer ≥ 4 or None. Received: limit={limit!r}",
                           value=shown(limit))


def assemble(name, x, y, class_names, *, notes, source, val_fraction, seed, limit,
              x_val=None, y_val=None) -> Dataset:
    y = np.asarray(y).astype(np.int32)
    present = np.unique(y)
    if len(present) < 2:
        only = class_names[present[0]] if len(present) else "none"
        raise InvalidInput("one_class", f"a data set needs at least 2 classes. Received: 1 class ({only!r})",
                           name=str(only)[:100])
    rng = np.random.default_rng(seed)
    notes = tuple(notes)
    if limit is not None and limit < len(y):
        keep = _stratified_take(y, limit, rng)
        notes += (Note("subset", {"limit": limit, "total": len(y)}),)
        x, y = x[keep], y[keep]
        if len(np.unique(y)) < 2:
            raise InvalidInput("limit_one_class", f"limit={limit} keeps only 1 class of {len(present)}; raise "
                               f"it. Received: limit={limit}", limit=limit, classes=len(present))
    if x_val is None:
        val = _stratified_take(y, max(1, round(len(y) * val_fraction)), rng)
        train = np.setdiff1d(np.arange(len(y)), val)
        _check_every_class_trains(y, y[train], class_names, val_fraction)
        train = rng.permutation(train)
        x_train, y_train, x_val, y_val = x[train], y[train], x[val], y[val]
    else:
        x_train, y_train, y_val = x, y, np.asarray(y_val).astype(np.int32)
    counts = lambda labels: {class_names[k]: int(n) for k, n in enumerate(np.bincount(labels, minlength=len(class_names)))}
    card = DatasetCard(name=name, image_shape=tuple(int(d) for d in x_train.shape[1:]),
                       class_names=tuple(class_names), train_counts=counts(y_train),
                       val_counts=counts(y_val), source=source, notes=notes)
    f32 = lambda a: np.ascontiguousarray(a, dtype=np.float32)
    return Dataset(f32(x_train), y_train, f32(x_val), y_val, tuple(class_names), card)


def _check_every_class_trains(y, y_train, class_names, val_fraction) -> None:
    """Every class keeps at least one training image, and at least 2 classes train."""
    classes, counts = np.unique(y, return_counts=True)
    left = np.bincount(y_train, minlength=int(classes.max()) + 1)[classes]
    if (left == 0).any():
        k = int(classes[np.argmax(left == 0)])
        name = class_names[k] if k < len(class_names) else str(k)
        raise InvalidInput("val_fraction_starves_class", f"val_fraction={val_fraction} leaves no training "
                           f"image of class {name!r} ({int(counts[left == 0][0])} image(s) in all); lower it "
                           f"or add images. Received: val_fraction={val_fraction!r}", val_fraction=val_fraction,
                           name=str(name)[:100], count=int(counts[left == 0][0]))


def _stratified_take(y: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """Indices of ``n`` items drawn so that every class keeps its share (largest remainder)."""
    classes, counts = np.unique(y, return_counts=True)
    exact = n * counts / len(y)
    quota = np.floor(exact).astype(int)
    for k in np.argsort(-(exact - quota))[: n - quota.sum()]:
        quota[k] += 1
    picks = [rng.permutation(np.flatnonzero(y == c))[:q] for c, q in zip(classes, quota)]
    return np.sort(np.concatenate(picks))
