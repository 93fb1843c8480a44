"""cnncore sweeps (nn.space, store.sweeps, jobs.sweeps): parameter paths and configs (no Ray), then real sweeps on a local Ray.

The Ray tests (marked ``slow``) share one Ray instance and one store for the module and use 8×8 digits
(160 training images) with a one-block, 4-filter CNN: a trial takes about a second once
its worker has imported TensorFlow.
"""

from __future__ import annotations

import os

import pytest

from cnncore import store

from cnncore.jobs import sweeps as sweep_jobs

from cnncore.nn import models, paths, space, training

from cnncore.store import sweeps as sweep_store
from tests.polling import wait_for

TINY_MODEL = models.ModelConfig(name="tiny", conv_blocks=(models.ConvBlock(filters=4),),
                                dense_layers=(models.DenseLayer(16),))
BASE = training.RunConfig(dataset="digits", limit=200, model=TINY_MODEL,
                          train=training.TrainConfig(epochs=2, batch_size=32))


def sweep(*params, **options) -> space.SweepConfig:
    return space.SweepConfig(base=BASE, params=params, **options)


# --------------------------------------------------------------------------- paths, configs

@pytest.mark.parametrize("path, value, where", [
    ("dropout", 0.3, lambda c: [b.dropout for b in c.model.conv_blocks] == [0.3, 0.3]),
    ("conv.kernel_size", 5, lambda c: [b.kernel_size for b in c.model.conv_blocks] == [5, 5]),
    ("conv2.filters", 7, lambda c: [b.filters for b in c.model.conv_blocks] == [4, 7]),
    ("pooling", "average", lambda c: {b.pooling for b in c.model.conv_blocks} == {"average"}),
    ("padding", "valid", lambda c: {b.padding for b in c.model.conv_blocks} == {"valid"}),
    ("stride", 2, lambda c: {b.stride for b in c.model.conv_blocks} == {2}),
    ("dense.units", 8, lambda c: c.model.dense_layers[0].units == 8),
    ("dense1.dropout", 0.5, lambda c: c.model.dense_layers[0].dropout == 0.5),
    ("units", 32, lambda c: c.model.dense_layers[0].units == 32),
    ("learning_rate", 0.01, lambda c: c.train.learning_rate == 0.01),
    ("train.batch_size", 16, lambda c: c.train.batch_size == 16),
    ("optimizer", "sgd", lambda c: c.train.optimizer == "sgd"),
    ("limit", 100, lambda c: c.limit == 100),
    ("model", "dense-baseline", lambda c: c.model.name == "dense-baseline"),
])
def test_a_path_sets_its_field(path, value, where):
    two_blocks = training.RunConfig(model=models.ModelConfig(
        conv_blocks=(models.ConvBlock(filters=4), models.ConvBlock(filters=4))))
    assert where(paths.apply(two_blocks, {path: value}))


@pytest.mark.parametrize("path, text, message", [
    ("colour", "red", "unknown parameter path"),
    ("epochs", "1,2", "epochs is the sweep's own setting"),
    ("conv3.filters", "4", "conv3.filters: the model 'tiny' has only 1"),
    ("dropout", "0,1.5", "dropout=1.5: conv1: dropout must be a number in [0, 1)"),
    ("kernel_size", "3,2.5", "kernel_size takes an integer. Received: kernel_size='2.5'"),
    ("padding", "same,sometimes", "padding must be one of 'valid', 'same'. Received: padding='sometimes'"),
    ("learning_rate", "-1", "learning_rate must be a positive number"),
    ("model", "resnet", "model must be a preset"),
    ("pooling", "max,max", "a value is listed twice"),
])
def test_a_bad_path_or_value_is_refused_naming_it(path, text, message):
    with pytest.raises(ValueError, match=f"^{_escaped(message)}|{_escaped(message)}"):
        sweep(space.parse(path, text))


def test_a_range_needs_random_sampling_and_a_numeric_field():
    with pytest.raises(ValueError, match="needs random sampling"):
        space.parse("dropout", "0:0.5")
    with pytest.raises(ValueError, match="needs a numeric field"):
        sweep(space.Param("pooling", "range", low=0, high=1))
    with pytest.raises(ValueError, match="log range needs low > 0"):
        space.parse("learning_rate", "0:1:log", random=True)


def test_dense_baseline_has_no_convolution_to_sweep():
    with pytest.raises(ValueError, match="has no convolution blocks"):
        space.SweepConfig(base=training.RunConfig(model=models.PRESETS["dense-baseline"]),
                           params=(space.parse("dropout", "0,0.2"),))


def test_size_grid_and_round_trip():
    config = sweep(space.parse("dropout", "0, 0.2, 0.4"), space.parse("pooling", "max,average"),
                   space.parse("learning_rate", "1e-4:1e-2:log", random=True), trials=3, asha=True)
    assert config.size == 3 * 2 * 3
    assert config.grid()[:2] == [{"dropout": 0.0, "pooling": "max"}, {"dropout": 0.0, "pooling": "average"}]
    assert space.SweepConfig.from_dict(config.to_dict()) == config
    assert config.title == "dropout × pooling × learning_rate"
    assert config.params[2].describe() == "learning_rate ~ log[0.0001, 0.01]"
    with pytest.raises(ValueError, match="max_concurrent must be an integer"):
        sweep(space.parse("dropout", "0"), max_concurrent=0)
    with pytest.raises(ValueError, match="at least one parameter"):
        space.SweepConfig(base=BASE)


def test_importing_sweeps_is_light():
    import subprocess
    import sys

    code = ("import sys, cnncore.nn.space, cnncore.store.sweeps, cnncore.jobs.sweeps; print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'ray', 'keras', 'tensorflow', 'mlflow', 'streamlit'}))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "[]"


def _escaped(text: str) -> str:
    import re

    return re.escape(text)


# --------------------------------------------------------------------------- on Ray

@pytest.fixture(scope="module")
def ray_store(tmp_path_factory):
    """One private store and one local Ray for the module's sweeps."""
    from cnncore import jobs

    home = tmp_path_factory.mktemp("sweeps-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CNNLAB_HOME", str(home))
        mp.delenv("MLFLOW_TRACKING_URI", raising=False)
        mp.delenv("RAY_ADDRESS", raising=False)
        jobs.ensure_ray()
        try:
            yield home
        finally:
            jobs.shutdown()


@pytest.mark.slow
def test_a_four_trial_grid_runs_every_trial_into_the_store(ray_store):
    events = []
    config = sweep(space.parse("dropout", "0,0.2"), space.parse("pooling", "max,average"))
    sweep_id = sweep_jobs.run(config, progress=events.append)

    table = sweep_store.trials(sweep_id)
    assert list(table["trial"]) == [1, 2, 3, 4]
    assert set(table["status"]) == {"finished"}, table["error"].tolist()
    assert sorted(zip(table["dropout"], table["pooling"])) == sorted(
        (d, p) for d in (0.0, 0.2) for p in ("max", "average"))
    assert (table["epochs_done"] == 2).all()
    for row in table.itertuples():
        record = store.get_run(row.run_id)
        assert record.sweep == sweep_id
        block = record.config.model.conv_blocks[0]
        assert (block.dropout, block.pooling) == (row.dropout, row.pooling)
        assert record.config.train.epochs == 2
        assert len(store.histories([row.run_id])) == 2          # the tracking callback logged
    # One worker trained every trial: TensorFlow was imported once.
    workers = {store.get_run(r).tags[store.TAG_WORKER] for r in table["run_id"]}
    assert len(workers) == 1

    listed = sweep_store.sweeps_table().set_index("sweep_id").loc[sweep_id]
    assert (listed["status"], listed["trials"], listed["finished"]) == ("finished", 4, 4)
    best = sweep_store.best_trial(sweep_id)
    assert best["val_accuracy"] == table["val_accuracy"].max() == listed["best_val_accuracy"]
    assert [e["trial"] for e in events if e["event"] == "end"] == [1, 2, 3, 4]
    assert all(e["status"] == "finished" for e in events if e["event"] == "end")


@pytest.mark.slow
def test_asha_stops_a_hopeless_trial_early(ray_store):
    # Two sensible learning rates reach the first rung before a useless one (1e-7): its
    # validation accuracy is below their median, and ASHA stops it after one epoch.
    config = sweep(space.parse("learning_rate", "0.01, 0.02, 1e-7"),
                   epochs=3, asha=True)
    sweep_id = sweep_jobs.run(config)
    table = sweep_store.trials(sweep_id).set_index("learning_rate")
    hopeless = table.loc[1e-7]
    assert hopeless["status"] == "stopped" and hopeless["early_stopped"] == "asha", hopeless.to_dict()
    assert hopeless["epochs_done"] < 3
    assert (table["status"] != "running").all()
    assert sweep_store.sweeps_table().set_index("sweep_id").loc[sweep_id, "status"] == "finished"


@pytest.mark.slow
def test_a_crashing_trial_fails_and_the_others_finish(ray_store):
    # A 9×9 kernel without padding does not fit an 8×8 image: that trial's model cannot
    # be built. The sweep goes on.
    config = sweep(space.parse("kernel_size", "3, 9, 2"), space.parse("padding", "valid"))
    sweep_id = sweep_jobs.run(config)
    table = sweep_store.trials(sweep_id).set_index("kernel_size")
    assert table.loc[9, "status"] == "failed"
    assert "shrinks to nothing" in table.loc[9, "error"]
    assert list(table.loc[[3, 2], "status"]) == ["finished", "finished"]
    listed = sweep_store.sweeps_table().set_index("sweep_id").loc[sweep_id]
    assert (listed["status"], listed["failed"], listed["finished"]) == ("finished", 1, 2)


@pytest.mark.slow
def test_a_whole_sweep_can_be_stopped(ray_store):
    # Trials that only the stop ends, on any machine and backend (JAX's tiny epochs on a
    # fast CPU finished 30 of them before the stop landed).
    config = sweep(space.parse("dropout", "0, 0.1, 0.2, 0.3"), epochs=5000)
    sweep_id = sweep_jobs.start(config)               # in a background thread, as the page does
    wait_for(lambda: len(table := sweep_store.trials(sweep_id)) and (table["epochs_done"] >= 1).any(),
             300, "the first trial's first epoch", poll=0.5)
    assert sweep_jobs.stop(sweep_id) == "running"
    wait_for(lambda: sweep_store.sweeps_table().set_index("sweep_id").loc[sweep_id, "status"] != "running",
             300, "the stopped sweep leaving 'running'", poll=0.5)
    table = sweep_store.trials(sweep_id)
    assert sweep_store.sweeps_table().set_index("sweep_id").loc[sweep_id, "status"] == "stopped"
    assert set(table["status"]) == {"stopped"} and len(table) < 4
    assert (table["epochs_done"] < 5000).all()


@pytest.mark.slow
def test_the_cli_runs_a_sweep_and_prints_the_best_trial(ray_store, capsys):
    from cnncore.cli import main

    status = main(["sweep", "--dataset", "digits", "--limit", "200", "--model", str(_model_file(ray_store)),
                   "--epochs", "1", "--grid", "pooling=max,average"])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "[2/2] pooling=average: finished val_accuracy" in err
    assert out.startswith("best: trial ") and "val_accuracy=" in out
    import ray

    assert not ray.is_initialized()                           # the CLI shuts Ray down
    from cnncore import jobs

    jobs.ensure_ray()                                        # for the tests after this one


def _model_file(folder) -> os.PathLike:
    import json

    path = folder / "tiny.json"
    path.write_text(json.dumps(TINY_MODEL.to_dict()))
    return path
