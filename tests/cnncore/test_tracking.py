"""cnncore.store: what a run carries, the read helpers, the heartbeat (read speed: bench/pages.py)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from cnncore import store

from cnncore.nn import training
from cnncore.nn.models import PRESETS
from tests.polling import wait_for


def _config(**train) -> training.RunConfig:
    return training.RunConfig(dataset="digits", limit=300, model=PRESETS["dli-cnn"],
                              train=training.TrainConfig(**({"epochs": 3} | train)))


def _fake_training(run_id: str, accuracies: list[float], *, status: str = "finished") -> None:
    """What a training job writes, without Keras: start, epochs, finish."""
    tracker = store.RunTracker(run_id, heartbeat_s=0.05)
    tracker.start(device="CPU", batch_size=32)
    for epoch, acc in enumerate(accuracies, start=1):
        tracker.log_epoch(epoch, {"loss": 1 - acc, "accuracy": acc, "val_loss": 1.1 - acc,
                                  "val_accuracy": acc - 0.1})
    tracker.finish(status)


def test_importing_the_engine_imports_no_keras_mlflow_or_streamlit():
    code = ("import sys, cnncore.datasets, cnncore.nn.training, cnncore.store, cnncore.jobs, "
            "cnncore.jobs.sweeps, cnncore.cli; heavy = [m for m in ('keras', 'tensorflow', 'streamlit', 'mlflow', 'ray') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_new_run_is_queued_with_its_whole_config(run_store):
    config = _config(learning_rate=0.01)
    run_id = store.create_run(config, sweep="lr-sweep")
    record = store.get_run(run_id)
    assert record.status == "queued" and record.config == config and record.sweep == "lr-sweep"
    params = store.client().get_run(run_id).data.params
    assert params["train.learning_rate"] == "0.01"
    assert params["model.conv_blocks.1.dropout"] == "0.2"
    assert params["dataset"] == "digits" and params["limit"] == "300"
    assert record.tags["dataset"] == "digits" and record.tags["model"] == "dli-cnn"


def test_flatten():
    assert store.flatten({"a": {"b": [1, {"c": None}]}, "d": "x"}) == {"a.b.0": "1", "a.b.1.c": "None", "d": "x"}


def test_runs_table_one_row_per_run(run_store):
    done = store.create_run(_config())
    _fake_training(done, [0.5, 0.9, 0.8])
    queued = store.create_run(_config(), sweep="s1")
    failed = store.create_run(_config())
    store.set_status(failed, "failed", "the loss became nan at epoch 1, batch 3")
    table = store.runs_table().set_index("run_id")
    assert list(store.runs_table().columns) == store.TABLE_COLUMNS
    assert table.loc[done, "status"] == "finished" and table.loc[queued, "status"] == "queued"
    row = table.loc[done]
    assert (row.epochs, row.epochs_done, row.device) == (3, 3, "CPU")
    assert row.accuracy == pytest.approx(0.8) and row.best_accuracy == pytest.approx(0.9)
    assert row.val_accuracy == pytest.approx(0.7) and row.best_val_accuracy == pytest.approx(0.8)
    assert row.gap == pytest.approx(0.1) and row.duration >= 0
    assert table.loc[failed, "error"].startswith("the loss became nan")
    assert table.loc[queued, "sweep"] == "s1" and table.loc[queued, "epochs_done"] == 0
    wide = store.runs_table(params=True)
    assert "param.train.learning_rate" in wide.columns


def test_histories_long_format_and_since(run_store):
    a, b = store.create_run(_config()), store.create_run(_config())
    _fake_training(a, [0.1, 0.2, 0.3])
    _fake_training(b, [0.4, 0.5])
    h = store.histories([b, a])
    assert list(h.columns) == store.HISTORY_COLUMNS
    assert h[["run_id", "epoch"]].values.tolist() == [[b, 1], [b, 2], [a, 1], [a, 2], [a, 3]]
    assert h.loc[h.run_id == a, "accuracy"].tolist() == pytest.approx([0.1, 0.2, 0.3])
    newer = store.histories([a, b], since={a: 2, b: 2})
    assert newer[["run_id", "epoch"]].values.tolist() == [[a, 3]]
    assert store.histories([]).empty


def test_statuses_errors_and_delete(run_store):
    run_id = store.create_run(_config())
    with pytest.raises(ValueError, match="Received: status='done'"):
        store.set_status(run_id, "done")
    with pytest.raises(ValueError, match="no such run. Received: run_id='nope'"):
        store.get_run("nope")
    with pytest.raises(ValueError, match="has no model/model.keras"):
        store.load_model(run_id)
    store.set_status(run_id, "stopped")
    assert store.get_run(run_id).status == "stopped"
    store.delete_runs([run_id])
    assert store.runs_table().empty
    with pytest.raises(ValueError, match="deleted"):
        store.get_run(run_id)


def test_tracker_heartbeats_reports_progress_and_sees_stop_requests(run_store):
    run_id = store.create_run(_config())
    tracker = store.RunTracker(run_id, heartbeat_s=0.05)
    tracker.start(device="CPU", batch_size=32)
    progress_set = time.time()
    tracker.progress = {"epoch": 1, "epochs": 3, "batch": 4, "batches": 8, "samples_per_s": 900.0}
    # The writer thread stores the progress with its next heartbeat: wait for it, not a guess.
    record = wait_for(lambda: (r := store.get_run(run_id)).progress.get("batch") == 4 and r,
                      what="the heartbeat carrying the progress")
    assert record.status == "running" and record.progress == tracker.progress
    # A fresh heartbeat: written after the progress was set (within one beat), no wall-clock limit.
    assert float(record.tags[store.TAG_HEARTBEAT]) >= progress_set - tracker.heartbeat_s
    assert record.heartbeat_age >= 0
    assert not tracker.stop_requested
    store.request_stop(run_id)
    assert tracker.stop_requested                   # the file: seen at the very next batch
    tracker.finish("stopped")
    assert store.get_run(run_id).status == "stopped"


def test_reads_are_complete_with_many_runs(run_store):
    # Their speed (pages need < 0.5 s) is measured by bench/pages.py, not asserted here:
    # a wall-clock limit passes or fails with the machine's load.
    ids = []
    for i in range(20):
        ids.append(store.create_run(_config(seed=i)))
    for run_id in ids[:10]:
        _fake_training(run_id, [0.5, 0.6, 0.7])
    table = store.runs_table(params=True)
    history = store.histories(ids)
    assert len(table) == 20 and set(table.run_id) == set(ids)
    assert sorted(table.loc[table.run_id.isin(ids[:10]), "status"].unique()) == ["finished"]
    assert len(history) == 30 and set(history.run_id) == set(ids[:10])
    assert store.histories(ids[:3], since={r: 3 for r in ids[:3]}).empty      # a poll: nothing new
    newer = store.histories(ids[:3], since={r: 2 for r in ids[:3]})
    assert newer[["run_id", "epoch"]].values.tolist() == [[r, 3] for r in ids[:3]]


def test_deleting_a_running_run_stops_it_and_its_tracker_writes_nothing_more(run_store):
    run_id = store.create_run(_config())
    tracker = store.RunTracker(run_id, heartbeat_s=0.05)
    tracker.start(device="CPU", batch_size=32)
    store.delete_runs([run_id])
    assert tracker.stop_requested                   # asked to stop before it was deleted
    tracker.log_epoch(1, {"loss": 1.0, "accuracy": 0.5})
    tracker.finish("stopped")                       # quietly: no error for a deleted run
    assert tracker.deleted and not store.stop_file(run_id).exists()
    with pytest.raises(ValueError, match="deleted"):
        store.get_run(run_id)


def test_an_epoch_that_fails_to_write_is_retried_not_lost(run_store, monkeypatch):
    from cnncore.store import tracker as tracker_module

    real = tracker_module.client()
    failures = {"left": 3}

    class Flaky:
        def __getattr__(self, name):
            return getattr(real, name)

        def log_batch(self, run_id, metrics=(), **kwargs):
            if metrics and failures["left"]:
                failures["left"] -= 1
                raise ConnectionError("the store is down for a moment")
            return real.log_batch(run_id, metrics=metrics, **kwargs)

    monkeypatch.setattr(tracker_module, "client", lambda: Flaky())
    run_id = store.create_run(_config())
    tracker = store.RunTracker(run_id, heartbeat_s=0.05)
    tracker.start(device="CPU")
    for epoch in (1, 2, 3):
        tracker.log_epoch(epoch, {"loss": 1.0 / epoch, "accuracy": 0.3 * epoch})
    tracker.finish("finished")
    assert store.histories([run_id])["epoch"].tolist() == [1, 2, 3]
    assert store.get_run(run_id).status == "finished"


def test_epochs_that_cannot_be_written_are_named_on_the_run(run_store, monkeypatch):
    from cnncore.store import tracker as tracker_module

    real = tracker_module.client()

    class Broken:
        def __getattr__(self, name):
            return getattr(real, name)

        def log_batch(self, run_id, metrics=(), **kwargs):
            if metrics:
                raise ConnectionError("metrics table is locked")
            return real.log_batch(run_id, metrics=metrics, **kwargs)

    monkeypatch.setattr(tracker_module, "client", lambda: Broken())
    monkeypatch.setattr(tracker_module, "FINISH_TRIES", 2)
    run_id = store.create_run(_config())
    tracker = store.RunTracker(run_id, heartbeat_s=0.05)
    tracker.start(device="CPU")
    tracker.log_epoch(1, {"loss": 1.0})
    tracker.finish("failed", "it broke")
    record = store.get_run(run_id)
    assert "epoch(s) 1 could not be written: ConnectionError: metrics table is locked" in record.tags[
        tracker_module.TAG_UNWRITTEN]
    assert record.error.startswith("it broke; metrics of epoch(s) 1")


def test_a_runs_recorded_error_never_shows_a_store_password(run_store):
    run_id = store.create_run(_config())
    store.set_status(run_id, "failed", "MlflowException: http://ann:hunter2pw@mlflow:5000/api?token=abc failed")
    error = store.get_run(run_id).error
    assert "hunter2pw" not in error and "token=abc" not in error and "ann:***@mlflow" in error


def test_the_sqlite_store_lets_pages_read_while_workers_write(run_store):
    import contextlib
    import sqlite3

    store.create_run(_config())
    with contextlib.closing(sqlite3.connect(run_store / "mlflow.db", isolation_level=None)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        db.execute("BEGIN EXCLUSIVE")             # a worker in the middle of a write (which,
        db.execute("UPDATE runs SET name = name")   # in the default journal, locks readers out)…
        assert len(store.runs_table()) == 1       # …and a page reads without waiting for it
        db.execute("ROLLBACK")


def test_processes_setting_one_new_tag_at_once_all_succeed(run_store):
    # Two processes (two schedulers, or a scheduler and a sweep) mark one dead run failed at the same
    # moment: each inserts the same new tag, and one insert loses the race.
    import threading

    runs = [store.create_run(_config()) for _ in range(6)]
    errors, start = [], threading.Barrier(4)

    def mark():
        start.wait()
        for run_id in runs:
            try:
                store.set_status(run_id, "failed", "orphaned: test")
            except Exception as exc:  # noqa: BLE001  (any error is the failure asserted)
                errors.append(exc)

    threads = [threading.Thread(target=mark) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert {store.get_run(r).error for r in runs} == {"orphaned: test"}


def test_a_tag_insert_that_lost_a_race_is_written_by_a_second_try(run_store, monkeypatch):
    from mlflow.exceptions import MlflowException

    run_id = store.create_run(_config())
    inner = store.client()._inner
    real, calls = inner.set_tag, []

    def raced(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            real(*args, **kwargs)                 # the other process's insert lands first…
            raise MlflowException("(sqlite3.IntegrityError) UNIQUE constraint failed: tags.key, tags.run_uuid")
        return real(*args, **kwargs)

    monkeypatch.setattr(inner, "set_tag", raced)
    store.set_status(run_id, "failed", "the worker died")
    assert len(calls) == 2 and store.get_run(run_id).error == "the worker died"
    monkeypatch.setattr(inner, "set_tag", lambda *a, **k: (_ for _ in ()).throw(MlflowException("no such run")))
    with pytest.raises(MlflowException, match="no such run"):   # any other error is raised
        store.set_status(run_id, "failed", "again")


def test_a_busy_store_is_not_reported_as_a_missing_run(run_store, monkeypatch):
    from mlflow.exceptions import MlflowException
    from mlflow.protos.databricks_pb2 import TEMPORARILY_UNAVAILABLE

    run_id = store.create_run(_config())
    with pytest.raises(ValueError, match="no such run"):
        store.get_run("0" * 32)

    def locked(*args, **kwargs):
        raise MlflowException("(sqlite3.OperationalError) database is locked", error_code=TEMPORARILY_UNAVAILABLE)

    monkeypatch.setattr(store.client()._inner, "get_run", locked)
    with pytest.raises(MlflowException, match="database is locked"):
        store.get_run(run_id)



OPEN_WHEN_TOLD = """
import os, pathlib, sys, time
from mlflow.tracking import MlflowClient  # noqa: F401  (imported first: only the opening races)
from cnncore.store import connection
folder = pathlib.Path(sys.argv[1])
(folder / f"ready-{os.getpid()}").touch()
while not (folder / "go").exists():
    time.sleep(0.002)
connection.client().search_experiments()
"""


@pytest.mark.slow
def test_processes_opening_a_new_sqlite_store_at_once_all_succeed(tmp_path):
    # A dashboard and a command line started together on a new CNNLAB_HOME: MLflow creates and
    # migrates the tables on first open, and two at once failed ("duplicate column name: step").
    import os

    env = {k: v for k, v in os.environ.items() if k != "MLFLOW_TRACKING_URI"} | {"CNNLAB_HOME": str(tmp_path / "home")}
    procs = [subprocess.Popen([sys.executable, "-c", OPEN_WHEN_TOLD, str(tmp_path)], env=env,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    wait_for(lambda: len(list(tmp_path.glob("ready-*"))) == 4 or any(p.poll() is not None for p in procs),
             timeout=180)
    (tmp_path / "go").touch()
    errors = [p.communicate(timeout=180)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, "\n".join(e[-800:] for e in errors)
    assert (tmp_path / "home" / "mlflow.db.lock").exists()
