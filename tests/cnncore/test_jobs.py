"""cnncore.jobs: runs on a local Ray, warm workers, stop, killed workers, NaN, a burst.

One local Ray instance (one CPU, no dashboard) serves the whole module.
"""

from __future__ import annotations

import os
import signal
import socket
import time

import pytest

from cnncore import jobs, tracking, training
from cnncore.models import ConvBlock, DenseLayer, ModelConfig

TINY_CNN = ModelConfig(name="tiny-cnn", conv_blocks=(ConvBlock(filters=8),), dense_layers=(DenseLayer(16),))


def tiny(**train) -> training.RunConfig:
    return training.RunConfig(dataset="digits", limit=300, model=TINY_CNN,
                              train=training.TrainConfig(**({"epochs": 2} | train)))


def long_run() -> training.RunConfig:
    """Many small batches, so that a stop or a kill lands mid-run."""
    return tiny(epochs=200, batch_size=8)


@pytest.fixture(scope="module", autouse=True)
def ray_for_this_module():
    os.environ["CNNLAB_JOB_SLOTS"] = "1"
    yield
    jobs.shutdown()
    os.environ.pop("CNNLAB_JOB_SLOTS", None)


def _wait_until(predicate, timeout=120.0, poll=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(poll)
    raise TimeoutError("condition not met in time")


def _running_with_epochs(run_id):
    record = tracking.get_run(run_id)
    return record if record.status == "running" and record.tags.get(tracking.TAG_EPOCHS_DONE) else None


def test_submit_returns_at_once_and_the_run_finishes_on_a_warm_worker(store):
    start = time.perf_counter()
    first = jobs.submit(tiny())
    assert time.perf_counter() - start < 2.0
    assert tracking.get_run(first).status in ("queued", "running")
    second = jobs.submit(tiny(seed=1))
    assert jobs.wait([first, second], timeout=240) == {first: "finished", second: "finished"}
    a, b = tracking.get_run(first), tracking.get_run(second)
    assert a.tags[tracking.TAG_WORKER] == b.tags[tracking.TAG_WORKER]     # one process: warm
    assert a.tags[tracking.TAG_WORKER].split(":")[1] != str(os.getpid())  # not the caller's
    assert tracking.histories([first]).epoch.tolist() == [1, 2]
    assert tracking.confusion_matrix(second).to_numpy().sum() == 60


def test_stop_a_running_and_a_queued_run(store):
    running = jobs.submit(long_run())
    queued = jobs.submit(tiny())
    _wait_until(lambda: _running_with_epochs(running))
    assert jobs.stop(queued) == "stopped"
    jobs.stop(running)
    start = time.monotonic()
    assert jobs.wait(running, timeout=30) == {running: "stopped"}
    assert time.monotonic() - start < 10
    assert tracking.runs_table().set_index("run_id").loc[running, "epochs_done"] < 200
    assert tracking.get_run(queued).status == "stopped"


def test_a_killed_worker_marks_the_run_failed_and_the_next_run_still_trains(store):
    victim = jobs.submit(long_run())
    record = _wait_until(lambda: _running_with_epochs(victim))
    pid = int(record.tags[tracking.TAG_WORKER].rsplit(":", 1)[1])
    os.kill(pid, signal.SIGKILL)
    start = time.monotonic()
    assert jobs.wait(victim, timeout=30) == {victim: "failed"}
    print(f"killed worker marked failed in {time.monotonic() - start:.1f} s")
    assert "died" in tracking.get_run(victim).error or "heartbeat" in tracking.get_run(victim).error
    after = jobs.submit(tiny())
    assert jobs.wait(after, timeout=240) == {after: "finished"}


def test_nan_fails_with_a_message_and_nothing_else_is_affected(store):
    bad = jobs.submit(tiny(optimizer="sgd", learning_rate=1e8))
    good = jobs.submit(tiny())
    assert jobs.wait([bad, good], timeout=240) == {bad: "failed", good: "finished"}
    assert "loss became nan" in tracking.get_run(bad).error


def test_five_jobs_submitted_at_once_all_finish(store):
    ids = [jobs.submit(tiny(epochs=1, seed=i)) for i in range(5)]
    assert set(jobs.wait(ids, timeout=300).values()) == {"finished"}
    table = tracking.runs_table()
    assert sorted(table.run_id) == sorted(ids) and set(table.epochs_done) == {1}


def test_reconcile_fails_stale_and_orphaned_runs(store):
    # Heartbeats are written with the run: a dispatcher left by an earlier test reconciles
    # every 2 s and must never see a running run without one.
    stale = tracking.create_run(tiny(), status="running",
                                tags={tracking.TAG_HEARTBEAT: str(time.time() - 60)})
    orphan = tracking.create_run(tiny(), tags={tracking.TAG_SUBMITTER: f"{socket.gethostname()}:999999999"})
    fresh = tracking.create_run(tiny(), status="running", tags={tracking.TAG_HEARTBEAT: str(time.time())})
    jobs.reconcile()                      # the dispatcher may have reconciled first: same outcome
    assert tracking.get_run(stale).status == tracking.get_run(orphan).status == "failed"
    assert "no heartbeat for 60 s" in tracking.get_run(stale).error
    assert tracking.get_run(orphan).error.startswith("orphaned")
    assert tracking.get_run(fresh).status == "running"
