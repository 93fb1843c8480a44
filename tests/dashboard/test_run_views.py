"""The dashboard's own logic, without a page: run words, the runs table, the onset labels,
the data-set cache's key, and the one data-set picker on the Sweeps page."""

from __future__ import annotations

import pandas as pd
import pytest

from cnncore import jobs, store
from cnncore.nn import models, training
from dashboard import caches, run_views, training_figures
from tests.dashboard.training_runs import no_exception, open_page

LABELS = {"accuracy": "Accuracy", "loss": "Loss", "epoch": "Epoch", "train": "training", "val": "validation",
          "gap": "Gap", "onset": "overfitting from epoch {epoch}"}


@pytest.mark.parametrize(("seconds", "text"), [(None, "–"), (float("nan"), "–"), (5, "0:05"), (125.9, "2:05"),
                                               (3725, "1:02:05")])
def test_elapsed(seconds, text):
    assert run_views.elapsed(seconds) == text


@pytest.mark.parametrize(("wait", "text"), [
    (jobs.Waiting("worker", 1, 30.0), "Starting the training worker (Ray and TensorFlow): about 30 s the first time."),
    (jobs.Waiting("line", 2, 180.0), "2nd in line, about 3 min"),
    (jobs.Waiting("start"), "Starting: the worker loads the data set and builds the model."),
])
def test_what_a_queued_run_waits_for_in_words(wait, text):
    assert run_views.waiting_text(wait) == text


def test_the_runs_table_says_all_images_and_sums_up_the_model():
    table = pd.DataFrame([{
        **dict.fromkeys(store.TABLE_COLUMNS), "run_id": "a1", "status": "finished", "owner": "local",
        "dataset": "digits", "model": "tiny", "gap": 0.05, "duration": 12.34,
        "param.model.conv_blocks.0.filters": "8", "param.model.conv_blocks.1.filters": "4",
        "param.model.dense_layers.0.units": "16", "param.limit": "None", "param.train.learning_rate": "0.001",
    }])
    view = run_views.table_view(table)
    assert list(view.columns) == list(run_views.TABLE_HEADERS)
    row = view.iloc[0]
    assert row["model"] == "tiny (conv 8-4, dense 16)"
    assert row["images"] == "all" and row["lr"] == "0.001"
    assert row["gap"] == pytest.approx(5.0) and row["duration"] == 12.3


def test_two_runs_overfitting_from_one_epoch_are_labelled_on_two_lines():
    history = pd.DataFrame([{"run_id": rid, "epoch": e, "loss": 1.0, "accuracy": 0.5, "val_loss": 1.0,
                             "val_accuracy": 0.5} for rid in ("a", "b") for e in (1, 2, 3)])
    fig = training_figures.training_curves(history, {"a": "A", "b": "B"}, LABELS, onsets={"a": 2, "b": 2})
    onsets = [a for a in fig.layout.annotations if a.text == "overfitting from epoch 2"]
    assert len(onsets) == 2
    assert len({(a.x, a.y, a.yshift) for a in onsets}) == 2            # not drawn over each other


def test_the_data_set_cache_is_keyed_on_what_changes_the_data(empty_home):
    caches.DATASETS.clear()
    config = training.RunConfig(dataset="digits", limit=100, model=models.PRESETS["dli-cnn"],
                                train=training.TrainConfig(epochs=2))
    first = caches.run_dataset(config)
    again = caches.run_dataset(training.RunConfig.from_dict(config.to_dict() | {"train": {"epochs": 9}}))
    assert again is first and len(caches.DATASETS.keys()) == 1           # the epochs change no data
    assert caches.dataset("digits", limit=100, seed=1) is not first       # the seed does
    assert not first.x_train.flags.writeable                              # shared: never changed
    caches.DATASETS.clear()


def test_the_sweeps_picker_offers_the_servers_files_by_name_never_a_path(empty_home, tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    (data / "sign_mnist_train.csv").write_text("label,pixel1\n")
    monkeypatch.setenv("CNNLAB_DATA", str(data))
    at = open_page("pages/sweeps.py")
    assert "sign_mnist_train.csv (server)" in at.selectbox(key="sweep_dataset").options   # data:<name>
    at.selectbox(key="sweep_dataset").set_value("sign-language-mnist").run()
    no_exception(at)
    assert at.selectbox(key="sweep_sl_file").options == ["sign_mnist_train.csv"]
    assert not [w for w in at.text_input if "path" in (w.key or "")]      # no free path to type
