"""cnncore.jobs: runs on a local Ray, warm workers, stop, killed workers, NaN, a burst.

One local Ray instance (one CPU, no dashboard) serves the whole module. Every test here
but the reconcile test starts Ray and trains Keras models: those are ``slow``. Timeouts are deadlock guards,
generous on purpose; how fast a submit, stop or kill is seen is measured by bench/train.py.
"""

from __future__ import annotations

import os
import signal

import pytest

from cnncore import jobs, store

from cnncore.nn import training
from cnncore.nn.models import ConvBlock, DenseLayer, ModelConfig
from tests.polling import wait_for

TINY_CNN = ModelConfig(name="tiny-cnn", conv_blocks=(ConvBlock(filters=8),), dense_layers=(DenseLayer(16),))


def tiny(**train) -> training.RunConfig:
    return training.RunConfig(dataset="digits", limit=300, model=TINY_CNN,
                              train=training.TrainConfig(**({"epochs": 2} | train)))


LONG_EPOCHS = 5000


def long_run() -> training.RunConfig:
    """A run that only a stop or a kill ends, on any machine and backend (hours of small
    batches; under the per-run cap of epochs × images)."""
    return tiny(epochs=LONG_EPOCHS, batch_size=8)


@pytest.fixture(scope="module", autouse=True)
def ray_for_this_module():
    os.environ["CNNLAB_JOB_SLOTS"] = "1"
    yield
    jobs.shutdown()
    os.environ.pop("CNNLAB_JOB_SLOTS", None)


def _running_with_epochs(run_id):
    record = store.get_run(run_id)
    return record if record.status == "running" and record.tags.get(store.TAG_EPOCHS_DONE) else None


@pytest.mark.slow
def test_submit_returns_at_once_and_the_run_finishes_on_a_warm_worker(run_store):
    first = jobs.submit(tiny())
    # Returned at once: before the run could finish (no wall-clock limit, a state).
    assert store.get_run(first).status in ("queued", "running")
    second = jobs.submit(tiny(seed=1))
    assert jobs.wait([first, second], timeout=240) == {first: "finished", second: "finished"}
    a, b = store.get_run(first), store.get_run(second)
    assert a.tags[store.TAG_WORKER] == b.tags[store.TAG_WORKER]     # one process: warm
    assert a.tags[store.TAG_WORKER].split(":")[1] != str(os.getpid())  # not the caller's
    assert store.histories([first]).epoch.tolist() == [1, 2]
    assert store.confusion_matrix(second).to_numpy().sum() == 60
    from cnncore.jobs import dispatch

    worker = int(a.tags[store.TAG_WORKER].split(":")[1])
    assert dispatch.call("ready") == [worker]                       # the one warm worker
    # It trains at the caller's priority, as a bare fit would (Ray's default would nice it to 15).
    assert os.getpriority(os.PRIO_PROCESS, worker) == os.getpriority(os.PRIO_PROCESS, 0)


@pytest.mark.slow
def test_stop_a_running_and_a_queued_run(run_store):
    running = jobs.submit(long_run())
    queued = jobs.submit(tiny())
    wait_for(lambda: _running_with_epochs(running), 300, "the long run's first epoch")
    assert jobs.stop(queued) == "stopped"
    jobs.stop(running)
    assert jobs.wait(running, timeout=300) == {running: "stopped"}
    assert store.runs_table().set_index("run_id").loc[running, "epochs_done"] < LONG_EPOCHS
    assert store.get_run(queued).status == "stopped"


@pytest.mark.slow
def test_a_killed_worker_resumes_its_run_from_the_last_epoch_on_a_new_worker(run_store):
    victim = jobs.submit(long_run())
    record = wait_for(lambda: _resumable(victim, 2), 300, "the victim's second checkpoint")
    pid = int(record.tags[store.TAG_WORKER].rsplit(":", 1)[1])
    os.kill(pid, signal.SIGKILL)
    # Ray reports the actor's death at once: the run goes back to the head of its line and
    # a fresh worker goes on from the checkpoint (the 20 s heartbeat check is the fallback,
    # tests/cnncore/test_scheduler.py).
    resumed = wait_for(lambda: _resumed(victim, pid), 300, "the victim, resumed on another worker")
    done_before = int(resumed.tags[store.TAG_RESUMED].split(",")[-1])
    assert done_before >= 2
    wait_for(lambda: int(store.get_run(victim).tags.get(store.TAG_EPOCHS_DONE, 0)) > done_before, 300,
             "an epoch after the resume")
    jobs.stop(victim)
    assert jobs.wait(victim, timeout=300) == {victim: "stopped"}
    epochs = store.histories([victim]).epoch.tolist()
    assert epochs == list(range(1, len(epochs) + 1))          # each epoch logged once, none lost
    after = jobs.submit(tiny())
    assert jobs.wait(after, timeout=240) == {after: "finished"}


def _resumable(run_id, epochs):
    from cnncore.store import checkpoints

    record = _running_with_epochs(run_id)
    found = record and checkpoints.latest(run_id)
    return record if found and found.epoch >= epochs else None


def _resumed(run_id, old_pid):
    record = store.get_run(run_id)
    worker = record.tags.get(store.TAG_WORKER, ":")
    return record if record.status == "running" and store.TAG_RESUMED in record.tags and \
        worker.rsplit(":", 1)[1] != str(old_pid) else None


@pytest.mark.slow
def test_nan_fails_with_a_message_and_nothing_else_is_affected(run_store):
    # 1e8 reaches NaN on TensorFlow but only a clipped loss of ~14 on JAX; 1e30 overflows
    # the weights on every backend, so the loss is NaN by the second batch.
    bad = jobs.submit(tiny(optimizer="sgd", learning_rate=1e30))
    good = jobs.submit(tiny())
    assert jobs.wait([bad, good], timeout=240) == {bad: "failed", good: "finished"}
    assert "training diverged" in store.get_run(bad).error


@pytest.mark.slow
def test_five_jobs_submitted_at_once_all_finish(run_store):
    ids = [jobs.submit(tiny(epochs=1, seed=i)) for i in range(5)]
    assert set(jobs.wait(ids, timeout=300).values()) == {"finished"}
    table = store.runs_table()
    assert sorted(table.run_id) == sorted(ids) and set(table.epochs_done) == {1}
