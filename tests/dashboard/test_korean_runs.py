"""Korean mode with runs in the store: every text the run pages show is Korean.

The store is filled without training or Ray (``training_runs.recorded_run``): finished,
failed (with a code and without), stopped, running and queued runs, a run with a
remedy (a story), and sweeps with trials. Each page is opened in Korean in the states
that show runs, and every text it shows is read — prose, labels, options, metrics,
table headers and cells, image captions, and the plotly figures' titles, axes, legend
names, hover templates and categories (``korean_text.shown_texts``). A word of Latin
letters must be a name (``korean_text.ALLOWED``) or code; a failure lists each text with
English in it, where it was shown and its English words.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from cnncore import store
from cnncore.nn import models, space, training
from cnncore.store import stories
from cnncore.store import sweeps as sweep_store
from dashboard import i18n, nav
from tests.dashboard.korean_text import ENGLISH_MARK, english
from tests.dashboard.training_runs import OVERFITTING, figures, no_exception, open_page, recorded_run

pytestmark = pytest.mark.slow       # a page that shows a trained model imports Keras (~5 s each)

SHAPES = dict(dataset="shapes", dataset_options={"n": 90, "image_size": 12})
CNN = models.ModelConfig(name="tiny-cnn", conv_blocks=(models.ConvBlock(filters=4),),
                         dense_layers=(models.DenseLayer(8),))
DENSE = models.ModelConfig(name="tiny-dense", dense_layers=(models.DenseLayer(8),))
GENERALISING = tuple({"accuracy": a, "val_accuracy": a - 0.01, "loss": 1 - a, "val_loss": 1.01 - a}
                     for a in (0.5, 0.7, 0.8, 0.85))


def config(model=CNN, **train) -> training.RunConfig:
    return training.RunConfig(**SHAPES, model=model,
                              train=training.TrainConfig(**({"epochs": 4, "batch_size": 16} | train)))


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """A store with every kind of run and two sweeps; yields its home, ``{name: id}`` and
    the sweeps' ids and names."""
    home = tmp_path_factory.mktemp("korean-runs")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CNNLAB_HOME", str(home))
        mp.delenv("MLFLOW_TRACKING_URI", raising=False)
        mp.delenv("CNNLAB_EXPERIMENT", raising=False)
        ids = {}
        ids["dense"] = recorded_run(config(DENSE), history=GENERALISING, model=True,
                                    confusion=[[10, 1, 0], [2, 8, 1], [0, 0, 8]])
        ids["cnn"] = recorded_run(config(), model=True, confusion=[[9, 1, 1], [3, 6, 2], [1, 1, 6]])
        ids["remedy"] = recorded_run(config(learning_rate=0.01), tags=stories.remedy_tags(ids["cnn"], "dropout"),
                                     history=GENERALISING, model=True, confusion=[[9, 1, 0], [1, 9, 1], [0, 1, 8]])
        ids["failed_coded"] = recorded_run(
            config(learning_rate=5.0), status="failed", history=OVERFITTING[:1],
            error="the loss became nan at epoch 2, batch 3: training diverged (the learning rate is "
                  "probably too high)", code="loss_not_finite", values={"loss": "nan", "epoch": 2, "batch": 3})
        ids["failed_plain"] = recorded_run(config(), status="failed", history=(),
                                           error="the data set could not be fetched: OSError: disk full")
        ids["stopped"] = recorded_run(config(), status="stopped", history=OVERFITTING[:2])
        ids["running"] = recorded_run(config(seed=1), status="running", history=OVERFITTING[:2])
        ids["queued"] = store.create_run(config(seed=2))

        grid = space.SweepConfig(base=config(epochs=2), name="드롭아웃과 풀링 비교", asha=True,
                                 params=(space.parse("dropout", "0, 0.2"), space.parse("pooling", "max, average")))
        ids["sweep"] = sweep_store.create(grid)
        for number, values in enumerate(grid.grid(), start=1):   # 1, 2 finished; 3 stopped by ASHA; 4 failed
            trial = sweep_store.create_trial(ids["sweep"], grid, values, number)
            if number < 4:
                recorded_run(grid.trial_config(values), run_id=trial, history=OVERFITTING[:2 if number < 3 else 1],
                             model=True, confusion=[[3, 0, 0], [0, 3, 0], [0, 0, 3]])
                if number == 3:
                    store.client().set_tag(trial, sweep_store.TAG_EARLY, "asha")
            else:
                recorded_run(grid.trial_config(values), run_id=trial, status="failed", history=(),
                             error="the loss exploded", code="loss_exploded",
                             values={"loss": 1e9, "first_loss": 1.1, "epoch": 1, "batch": 2})
        sweep_store.finish(sweep_store.sweep_run(ids["sweep"]).info.run_id, "finished")
        lost = space.SweepConfig(base=config(epochs=2), trials=2,
                                 params=(space.parse("learning_rate", "0.0001:0.1:log", random=True),))
        ids["lost_sweep"] = sweep_store.create(lost)                # its driver died before any trial
        sweep_store.finish(sweep_store.sweep_run(ids["lost_sweep"]).info.run_id, "failed",
                           "the process running the sweep ended before it did")
        listing = sweep_store.sweeps_table()
        names = [*listing["sweep_id"], *listing["name"]]      # names a user gave, or made from the paths
        yield home, ids, sorted(names, key=len, reverse=True)


def assert_korean(at: AppTest, names, page: str) -> None:
    no_exception(at)
    found = english(at, names)
    assert not found, f"{page}: {len(found)} text(s) with English\n" + "\n".join(map(str, found))


# --------------------------------------------------------------------------- pages

def korean(filled, monkeypatch, path, **kwargs) -> tuple[AppTest, list[str]]:
    """The page ``path`` opened in Korean on the filled store, and the names to let pass."""
    home, _, names = filled
    monkeypatch.setenv("CNNLAB_HOME", str(home))
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    # AppTest calls a widget's format_func in the test's thread, where the session's language
    # is unknown: without this, a rerun would look for the English option among Korean ones.
    monkeypatch.setattr(i18n, "current_language", lambda: "ko")
    return open_page(path, lang="ko", **kwargs), names


@pytest.mark.parametrize("spec", nav.PAGES, ids=lambda s: s.url_path)
def test_every_page_with_runs_in_the_store(filled, monkeypatch, spec):
    at, names = korean(filled, monkeypatch, spec.path)
    assert_korean(at, names, spec.url_path)


def test_experiments_two_runs_compared_and_one_opened_with_its_mistakes(filled, monkeypatch):
    _, named, _ = filled
    at, names = korean(filled, monkeypatch, "pages/experiments.py",
                     session={"exp_show_mistakes": True})
    rows = list(at.dataframe(key="exp_table").value["run_id"])
    at.session_state["exp_table"] = {"selection": {"rows": [rows.index(named["cnn"]), rows.index(named["dense"])],
                                                   "columns": [], "cells": []}}
    at.run()
    assert len(at.dataframe) >= 2 and figures(at)          # the diff and the overlay, the confusion matrix
    assert_korean(at, names, "experiments: compare and open")


@pytest.mark.parametrize("run", ["failed_coded", "failed_plain", "running", "stopped", "remedy", "queued"])
def test_experiments_opens_each_kind_of_run(filled, monkeypatch, run):
    _, named, _ = filled
    at, names = korean(filled, monkeypatch, "pages/experiments.py", query={"run": named[run]})
    assert at.selectbox(key="exp_open_run").value == named[run]
    assert_korean(at, names, f"experiments: {run}")


@pytest.mark.parametrize("runs", [("cnn",), ("remedy",), ("failed_coded", "failed_plain"), ()])
def test_train_watches_runs(filled, monkeypatch, runs):
    _, named, _ = filled
    at, names = korean(filled, monkeypatch, "pages/train.py", session={"train_dataset": "shapes"},
                     query={"run": ",".join(named[r] for r in runs)} if runs else None)
    assert_korean(at, names, f"train: {runs or 'active runs'}")


@pytest.mark.parametrize("run", ["cnn", "dense"])
def test_inside_the_model(filled, monkeypatch, run):
    _, named, _ = filled
    at, names = korean(filled, monkeypatch, "pages/inside.py", query={"run": named[run]},
                     session={"inside_show_presets": True})
    assert_korean(at, names, f"inside: {run}")


@pytest.mark.parametrize("sweep", ["sweep", "lost_sweep"])
def test_sweeps(filled, monkeypatch, sweep):
    _, named, _ = filled
    at, names = korean(filled, monkeypatch, "pages/sweeps.py", query={"sweep": named[sweep]})
    assert_korean(at, names, f"sweeps: {sweep}")


def test_a_coded_failure_is_worded_in_the_tables(filled, monkeypatch):
    _, named, _ = filled
    at, _ = korean(filled, monkeypatch, "pages/experiments.py")
    cell = at.dataframe(key="exp_table").value.set_index("run_id").loc[named["failed_coded"], "error"]
    assert cell == i18n.CATALOGUE["err_loss_not_finite"][1].format(loss="nan", epoch=2, batch=3)
    at, _ = korean(filled, monkeypatch, "pages/sweeps.py", query={"sweep": named["sweep"]})
    assert ENGLISH_MARK not in "".join(at.dataframe(key="sweep_trials_table").value["error"])
