"""Team mode: runs tracked in a shared PostgreSQL database, seen from another process.

Needs ``CNNLAB_TEST_POSTGRES`` (a PostgreSQL URL), which ``.ci/run`` sets after starting
the server; skipped without it, except under CI, where a missing database is a failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest

from cnncore import store
from cnncore.nn.models import ConvBlock, DenseLayer, ModelConfig
from cnncore.nn.training import RunConfig, TrainConfig

URL = os.environ.get("CNNLAB_TEST_POSTGRES")

pytestmark = pytest.mark.slow


@pytest.fixture
def team_store(tmp_path, monkeypatch):
    if not URL:
        if os.environ.get("CI"):
            pytest.fail("CNNLAB_TEST_POSTGRES is not set: .ci/run should start PostgreSQL")
        pytest.skip("no PostgreSQL for team-mode tests (set CNNLAB_TEST_POSTGRES)")
    experiment = f"cnnlab-test-{uuid.uuid4().hex[:8]}"   # one fresh experiment per test
    monkeypatch.setenv("MLFLOW_TRACKING_URI", URL)
    monkeypatch.setenv("CNNLAB_EXPERIMENT", experiment)
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path / "home"))
    return {"MLFLOW_TRACKING_URI": URL, "CNNLAB_EXPERIMENT": experiment,
            "CNNLAB_HOME": str(tmp_path / "home")}


TINY = ModelConfig(name="tiny", conv_blocks=(ConvBlock(filters=4),), dense_layers=(DenseLayer(16),))


def test_runs_and_epochs_round_trip_through_postgres(team_store):
    config = RunConfig(dataset="digits", limit=200, model=TINY, train=TrainConfig(epochs=2))
    run_id = store.create_run(config, sweep="team-sweep")
    tracker = store.RunTracker(run_id)
    tracker.start(device="CPU", batch_size=32)
    tracker.log_epoch(1, {"loss": 1.5, "accuracy": 0.5, "val_loss": 1.6, "val_accuracy": 0.4})
    tracker.log_epoch(2, {"loss": 1.0, "accuracy": 0.7, "val_loss": 1.2, "val_accuracy": 0.6})
    tracker.finish("finished")

    table = store.runs_table()
    row = table.set_index("run_id").loc[run_id]
    assert (row["status"], row["dataset"], row["sweep"]) == ("finished", "digits", "team-sweep")
    history = store.histories([run_id])
    assert list(history["epoch"]) == [1, 2]
    assert list(history["val_accuracy"]) == pytest.approx([0.4, 0.6])
    assert store.get_run(run_id).config == config


def test_a_run_trained_by_another_process_is_seen_here(team_store, repo_root):
    out = subprocess.run(
        [sys.executable, "-m", "cnncore", "train", "--dataset", "digits", "--limit", "300",
         "--epochs", "1", "--quiet"],
        cwd=repo_root, env={**os.environ, **team_store}, capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 0, out.stderr
    table = store.runs_table()
    assert len(table) == 1 and table["status"].iloc[0] == "finished"
    assert table["run_id"].iloc[0] in out.stdout
    assert len(store.histories(table["run_id"])) == 1
    model = store.load_model(table["run_id"].iloc[0])
    assert model.output_shape == (None, 10) and model.count_params() > 0    # digits: 10 classes


def test_an_unreachable_store_fails_fast_with_one_clear_error(repo_root, tmp_path):
    env = {**os.environ, "MLFLOW_TRACKING_URI": "postgresql://cnnlab:secret@127.0.0.1:9/none",
           "CNNLAB_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "cnncore", "runs"], cwd=repo_root, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert out.stderr.startswith("cnnlab: error: cannot open the run store at postgresql://cnnlab:***@")
    assert "secret" not in out.stderr and "Traceback" not in out.stderr
