"""The course's lesson on its own data set: the dense baseline overfits, the CNN does not.

``cnncore.nn.course`` is what "Reproduce the course" and ``python -m cnncore course``
train; ``mnist-scattered`` is built from the bundled digits (``cnncore.datasets.scattered``).
"""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from cnncore import datasets
from cnncore.cli import main
from cnncore.datasets import scattered
from cnncore.nn import course, training, verdict


def test_the_course_data_set_keeps_real_labels_and_splits_by_source_digit():
    source = datasets.load("mnist-5k", seed=3)
    data = datasets.load(course.COURSE_DATASET, seed=3)
    assert data.image_shape == (28, 28, 1) and data.class_names == source.class_names
    # Each training digit placed COPIES times, each validation digit once, labels unchanged.
    assert len(data.y_train) == scattered.COPIES * len(source.y_train)
    assert sorted(data.y_train.tolist()) == sorted(np.tile(source.y_train, scattered.COPIES).tolist())
    assert np.array_equal(data.y_val, source.y_val)
    # No noise: every placed digit keeps (nearly) all its ink, and the background stays 0.
    ink_before = source.x_val.sum(axis=(1, 2, 3))
    ink_after = data.x_val.sum(axis=(1, 2, 3)) / (np.mean(scattered.SCALE_RANGE) ** 2)
    assert np.median(ink_after / ink_before) == pytest.approx(1.0, abs=0.1)
    assert (data.x_val == 0).mean() > 0.7
    # Positions vary: the digits' centres of mass spread over the canvas, unlike MNIST's.
    def centres(x):
        ys = np.arange(28)[None, :, None]
        return ((x[..., 0] * ys).sum(axis=(1, 2)) / x[..., 0].sum(axis=(1, 2)))
    assert centres(data.x_val).std() > 3 * centres(source.x_val).std()


def test_the_same_seed_gives_the_same_data_and_another_seed_other_placements():
    a, b = (datasets.load(course.COURSE_DATASET, seed=1, limit=200) for _ in range(2))
    c = datasets.load(course.COURSE_DATASET, seed=2, limit=200)
    assert np.array_equal(a.x_train, b.x_train)
    assert not np.array_equal(a.x_val, c.x_val)


@pytest.mark.slow
def test_the_course_pair_shows_the_lesson_with_seed_0(cnnlab_home):
    """The targets the README's table holds for seeds 0–4, checked on seed 0."""
    results = {}
    for config in course.course_runs(seed=0):
        history = training.fit(config).history
        frame = {"epoch": list(range(1, len(history["loss"]) + 1)), **history}
        results[config.model.name] = verdict.verdict(pd.DataFrame(frame))
        print(config.model.name, results[config.model.name].message)
    dense, cnn = results["dense-baseline"], results["dli-cnn"]
    assert dense.kind == "overfitting" and dense.gap_points >= 12
    assert cnn.gap_points <= 6 and cnn.gap_points <= dense.gap_points / 3
    assert cnn.val_accuracy >= dense.val_accuracy + 0.10


@pytest.mark.slow
def test_the_course_command_prints_one_json_line_per_run(run_store, capsys, monkeypatch):
    tiny = [replace(c, dataset="digits", limit=200, train=replace(c.train, epochs=2))
            for c in course.course_runs(augment=True)]
    monkeypatch.setattr(course, "course_runs", lambda **_: tiny)
    assert main(["course", "--json", "--augment"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["model"], r["augmented"]) for r in lines] == [
        ("dense-baseline", False), ("dli-cnn", False), ("dli-cnn", True)]
    for r in lines:
        assert set(r) == {"model", "augmented", "train_accuracy", "val_accuracy", "gap", "verdict", "run_id"}
        assert r["gap"] == pytest.approx(r["train_accuracy"] - r["val_accuracy"])
        assert r["verdict"] in ("overfitting", "generalising", "underfitting", "still-learning")
