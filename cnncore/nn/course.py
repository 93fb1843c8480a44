"""The course's comparison, as one recipe the dashboard's "Reproduce the course" and
``python -m cnncore course`` both train: the dense baseline and the course's CNN on the
course data set, with the same split, seed and schedule, and optionally the CNN again
with the course's augmentation (4부 데이터 증강; no flips on digits, see
:func:`cnncore.nn.training.course_augmentation`).

Examples
--------
>>> [(c.model.name, c.train.augments) for c in course_runs(seed=3, augment=True)]
[('dense-baseline', False), ('dli-cnn', False), ('dli-cnn', True)]
>>> course_runs()[0].dataset == COURSE_DATASET
True
"""

from __future__ import annotations

from dataclasses import replace

from cnncore.nn.models import PRESETS
from cnncore.nn.training import RunConfig, TrainConfig, course_augmentation

COURSE_DATASET = "mnist-scattered"   # digits placed like hands in photos: see cnncore.datasets.scattered
COURSE_EPOCHS = 8                    # the gap is open by then; both runs fit in 3 minutes on 2 cores
COURSE_BATCH = 64                    # 8,000 training placements: 125 steps an epoch
COURSE_MODELS = ("dense-baseline", "dli-cnn")


def course_runs(*, seed: int = 0, epochs: int = COURSE_EPOCHS, augment: bool = False,
                dataset: str = COURSE_DATASET) -> list[RunConfig]:
    """The runs of the course's comparison, dense baseline first."""
    train = TrainConfig(epochs=epochs, batch_size=COURSE_BATCH, seed=seed)
    runs = [RunConfig(dataset=dataset, model=PRESETS[name], train=train) for name in COURSE_MODELS]
    if augment:
        runs.append(replace(runs[-1], train=replace(train, **course_augmentation(dataset))))
    return runs
