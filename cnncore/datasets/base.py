"""The shapes every data set comes in: :class:`Dataset`, :class:`DatasetCard` and its
:class:`Note`\ s, the errors."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from cnncore.errors import CodedError

UPLOAD_PREFIX = "upload:"
DATA_PREFIX = "data:"            # a file of the admin's CNNLAB_DATA folder, by name
CLASS_NAMES: dict[str, tuple[str, ...]] = {
    "mnist-5k": tuple("0123456789"),
    "mnist-scattered": tuple("0123456789"),
    "digits": tuple("0123456789"),
    "mnist": tuple("0123456789"),
    "fashion-mnist": ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
    "cifar10": ("airplane", "automobile", "bird", "cat", "deer",
                "dog", "frog", "horse", "ship", "truck"),
    # Kaggle's labels 0–24 are letters A–Y; 9 (J) needs motion and never occurs.
    "sign-language-mnist": tuple("ABCDEFGHIKLMNOPQRSTUVWXY"),
    "shapes": ("circle", "square", "triangle"),
}
# Data sets whose images change class when mirrored: a mirrored hand is the other hand's
# sign, a mirrored shoe is a shoe, but a mirrored 2, 3, 4, 5, 7 or 9 is no digit at all.
MIRROR_CHANGES_CLASS = frozenset({"mnist-5k", "mnist-scattered", "digits", "mnist"})


class DatasetUnavailable(CodedError, RuntimeError):
    """A data set that needs a download could not be fetched (no network, no cache);
    ``DatasetUnavailable(code, message, **values)`` like :class:`~cnncore.errors.InvalidInput`."""


NOTES_EN = {
    "subset": "subset of {limit} of {total} images",
    "sign_labels": "labels 0–24 (no 9) mapped to 24 letters A–Y",
    "resized_all": "resized all images to {a}×{b}",
    "resized_some": "resized {off} of {total} images to {a}×{b} (sizes found: {found})",
    "validation_from": "validation from {file}",
    "scattered": "digits resized to {low:g}–{high:g} of their size and placed anywhere on the "
                 "{a}×{b} canvas; each training digit {copies} times",
}
"""Each note's English; the dashboard's catalogue words it as ``note_<code>`` (its English
taken from here) in the reader's language."""


@dataclass(frozen=True)
class Note:
    """A caveat a data set's card carries (a subset, a resize, a label remap): a code of
    :data:`NOTES_EN` and the values its wording needs; ``str()`` is the English.

    >>> str(Note("subset", {"limit": 500, "total": 5000}))
    'subset of 500 of 5000 images'
    """

    code: str
    values: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return NOTES_EN[self.code].format(**self.values)


@dataclass(frozen=True)
class DatasetCard:
    """What the pages show about a data set: size, classes, counts, caveats."""

    name: str
    image_shape: tuple[int, int, int]     # (H, W, C)
    class_names: tuple[str, ...]
    train_counts: dict[str, int]          # class name → images in the training split
    val_counts: dict[str, int]
    source: str = ""
    notes: tuple[Note, ...] = ()          # resizes, label remaps, subsets

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    def to_dict(self) -> dict:
        return asdict(self) | {"num_classes": self.num_classes}


@dataclass(frozen=True)
class Dataset:
    """Training and validation arrays; ``x_*`` are ``(N, H, W, C)`` float32 in [0, 1]."""

    x_train: np.ndarray
    y_train: np.ndarray                   # (N,) int32 class indices
    x_val: np.ndarray
    y_val: np.ndarray
    class_names: tuple[str, ...]
    card: DatasetCard = field(repr=False)

    @property
    def image_shape(self) -> tuple[int, int, int]:
        return tuple(self.x_train.shape[1:])

    @property
    def num_classes(self) -> int:
        return len(self.class_names)
