"""cnncore.tracking: what a run carries, the read helpers, and their speed with 50 runs."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from cnncore import tracking, training
from cnncore.models import PRESETS


def _config(**train) -> training.RunConfig:
    return training.RunConfig(dataset="digits", limit=300, model=PRESETS["dli-cnn"],
                              train=training.TrainConfig(**({"epochs": 3} | train)))


def _fake_training(run_id: str, accuracies: list[float], *, status: str = "finished") -> None:
    """What a training job writes, without Keras: start, epochs, finish."""
    tracker = tracking.RunTracker(run_id, heartbeat_s=0.05)
    tracker.start(device="CPU", batch_size=32)
    for epoch, acc in enumerate(accuracies, start=1):
        tracker.log_epoch(epoch, {"loss": 1 - acc, "accuracy": acc, "val_loss": 1.1 - acc,
                                  "val_accuracy": acc - 0.1})
    tracker.finish(status)


def test_importing_the_engine_imports_no_keras_mlflow_or_streamlit():
    code = ("import sys, cnncore.datasets, cnncore.training, cnncore.tracking, cnncore.jobs, "
            "cnncore.__main__; heavy = [m for m in ('keras', 'tensorflow', 'streamlit', 'mlflow', 'ray') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_new_run_is_queued_with_its_whole_config(store):
    config = _config(learning_rate=0.01)
    run_id = tracking.create_run(config, sweep="lr-sweep")
    record = tracking.get_run(run_id)
    assert record.status == "queued" and record.config == config and record.sweep == "lr-sweep"
    params = tracking.client().get_run(run_id).data.params
    assert params["train.learning_rate"] == "0.01"
    assert params["model.conv_blocks.1.dropout"] == "0.2"
    assert params["dataset"] == "digits" and params["limit"] == "300"
    assert record.tags["dataset"] == "digits" and record.tags["model"] == "dli-cnn"


def test_flatten():
    assert tracking.flatten({"a": {"b": [1, {"c": None}]}, "d": "x"}) == {"a.b.0": "1", "a.b.1.c": "None", "d": "x"}


def test_runs_table_one_row_per_run(store):
    done = tracking.create_run(_config())
    _fake_training(done, [0.5, 0.9, 0.8])
    queued = tracking.create_run(_config(), sweep="s1")
    failed = tracking.create_run(_config())
    tracking.set_status(failed, "failed", "the loss became nan at epoch 1, batch 3")
    table = tracking.runs_table().set_index("run_id")
    assert list(tracking.runs_table().columns) == tracking.TABLE_COLUMNS
    assert table.loc[done, "status"] == "finished" and table.loc[queued, "status"] == "queued"
    row = table.loc[done]
    assert (row.epochs, row.epochs_done, row.device) == (3, 3, "CPU")
    assert row.accuracy == pytest.approx(0.8) and row.best_accuracy == pytest.approx(0.9)
    assert row.val_accuracy == pytest.approx(0.7) and row.best_val_accuracy == pytest.approx(0.8)
    assert row.gap == pytest.approx(0.1) and row.duration >= 0
    assert table.loc[failed, "error"].startswith("the loss became nan")
    assert table.loc[queued, "sweep"] == "s1" and table.loc[queued, "epochs_done"] == 0
    wide = tracking.runs_table(params=True)
    assert "param.train.learning_rate" in wide.columns


def test_histories_long_format_and_since(store):
    a, b = tracking.create_run(_config()), tracking.create_run(_config())
    _fake_training(a, [0.1, 0.2, 0.3])
    _fake_training(b, [0.4, 0.5])
    h = tracking.histories([b, a])
    assert list(h.columns) == tracking.HISTORY_COLUMNS
    assert h[["run_id", "epoch"]].values.tolist() == [[b, 1], [b, 2], [a, 1], [a, 2], [a, 3]]
    assert h.loc[h.run_id == a, "accuracy"].tolist() == pytest.approx([0.1, 0.2, 0.3])
    newer = tracking.histories([a, b], since={a: 2, b: 2})
    assert newer[["run_id", "epoch"]].values.tolist() == [[a, 3]]
    assert tracking.histories([]).empty


def test_statuses_errors_and_delete(store):
    run_id = tracking.create_run(_config())
    with pytest.raises(ValueError, match="Received: status='done'"):
        tracking.set_status(run_id, "done")
    with pytest.raises(ValueError, match="no such run. Received: run_id='nope'"):
        tracking.get_run("nope")
    with pytest.raises(ValueError, match="has no model/model.keras"):
        tracking.load_model(run_id)
    tracking.set_status(run_id, "stopped")
    assert tracking.get_run(run_id).status == "stopped"
    tracking.delete_runs([run_id])
    assert tracking.runs_table().empty
    with pytest.raises(ValueError, match="deleted"):
        tracking.get_run(run_id)


def test_tracker_heartbeats_reports_progress_and_sees_stop_requests(store):
    run_id = tracking.create_run(_config())
    tracker = tracking.RunTracker(run_id, heartbeat_s=0.05)
    tracker.start(device="CPU", batch_size=32)
    tracker.progress = {"epoch": 1, "epochs": 3, "batch": 4, "batches": 8, "samples_per_s": 900.0}
    time.sleep(0.5)
    record = tracking.get_run(run_id)
    assert record.status == "running" and record.heartbeat_age < 5 and record.progress["batch"] == 4
    assert not tracker.stop_requested
    tracking.request_stop(run_id)
    assert tracker.stop_requested                   # the file: seen at the very next batch
    tracker.finish("stopped")
    assert tracking.get_run(run_id).status == "stopped"


def test_reads_stay_fast_with_50_runs(store):
    ids = []
    for i in range(50):
        ids.append(tracking.create_run(_config(seed=i)))
    for run_id in ids[:10]:
        _fake_training(run_id, [0.5, 0.6, 0.7])
    start = time.perf_counter()
    table = tracking.runs_table(params=True)
    table_s = time.perf_counter() - start
    start = time.perf_counter()
    history = tracking.histories(ids)
    history_s = time.perf_counter() - start
    start = time.perf_counter()
    tracking.histories(ids[:3], since={r: 3 for r in ids[:3]})
    poll_s = time.perf_counter() - start
    print(f"runs_table {table_s:.3f} s, histories of 50 {history_s:.3f} s, poll {poll_s:.3f} s")
    assert len(table) == 50 and len(history) == 30
    assert table_s < 1.0 and history_s < 1.0 and poll_s < 0.5   # pages need < 0.5 s; slack for a busy box
