"""cnncore.jobs: runs on a local Ray, warm workers, stop, killed workers, NaN, a burst.

One local Ray instance (one CPU, no dashboard) serves the whole module. Every test here
but the reconcile test starts Ray and trains Keras models: those are ``slow``. Timeouts are deadlock guards,
generous on purpose; how fast a submit, stop or kill is seen is measured by bench/train.py.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import time

import pytest

from cnncore import jobs, store
from cnncore.jobs import dispatcher

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
def test_a_killed_worker_marks_the_run_failed_and_the_next_run_still_trains(run_store):
    victim = jobs.submit(long_run())
    record = wait_for(lambda: _running_with_epochs(victim), 300, "the victim's first epoch")
    pid = int(record.tags[store.TAG_WORKER].rsplit(":", 1)[1])
    os.kill(pid, signal.SIGKILL)
    assert jobs.wait(victim, timeout=300) == {victim: "failed"}
    # Ray reports the actor's death at once; the 20 s heartbeat check is the fallback, tested
    # on its own by the reconcile test below.
    assert store.get_run(victim).error.startswith("the training worker process died")
    after = jobs.submit(tiny())
    assert jobs.wait(after, timeout=240) == {after: "finished"}


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


def test_reconcile_fails_stale_and_orphaned_runs(run_store):
    # Liveness is the run's heartbeat tag changing, timed on this process's clock: a run
    # whose (wall-clock) heartbeat is an hour off still lives while it beats.
    stale = store.create_run(tiny(), status="running", tags={store.TAG_HEARTBEAT: str(time.time())})
    skewed = store.create_run(tiny(), status="running", tags={store.TAG_HEARTBEAT: str(time.time() - 3600)})
    orphan = store.create_run(tiny(), tags={store.TAG_SUBMITTER: f"{socket.gethostname()}:999999999"})
    jobs.reconcile(stale_after=0.5)       # the first sight of a heartbeat: nobody is stale yet
    assert store.get_run(stale).status == store.get_run(skewed).status == "running"
    time.sleep(0.8)
    store.client().set_tag(skewed, store.TAG_HEARTBEAT, str(time.time() - 3599))   # it beats
    jobs.reconcile(stale_after=0.5)
    assert store.get_run(stale).status == store.get_run(orphan).status == "failed"
    assert re.search(r"no heartbeat for \d+ s", store.get_run(stale).error)
    assert store.get_run(orphan).error.startswith("orphaned")
    assert store.get_run(skewed).status == "running"
    store.set_status(skewed, "stopped")


class _FakeActor:
    class run:                            # noqa: N801  (ray's actor.method.remote spelling)
        @staticmethod
        def remote(run_id, env):
            return f"ref-{run_id}"


@pytest.fixture
def bare_dispatcher(monkeypatch):
    """A dispatcher whose Ray is faked: its decisions, without starting Ray."""
    monkeypatch.setattr(dispatcher, "ensure_ray", lambda: None)
    monkeypatch.setattr(dispatcher.Dispatcher, "_actor", lambda self, index: _FakeActor)
    monkeypatch.setattr(dispatcher, "STORE_TRIES", 2)
    return dispatcher.Dispatcher(reconcile=jobs.reconcile, slots=jobs.slots)


def test_a_ray_that_failed_to_start_is_tried_again_at_the_next_run(run_store, bare_dispatcher, monkeypatch):
    def no_ray():
        raise RuntimeError("no Ray today")

    monkeypatch.setattr(dispatcher, "ensure_ray", no_ray)
    first, second = store.create_run(tiny()), store.create_run(tiny())
    bare_dispatcher._dispatch(first)
    assert store.get_run(first).status == "failed"
    assert "could not start Ray: RuntimeError: no Ray today" in store.get_run(first).error
    monkeypatch.setattr(dispatcher, "ensure_ray", lambda: None)
    bare_dispatcher._dispatch(second)
    assert second in bare_dispatcher.jobs and store.get_run(second).status == "queued"


def test_a_run_deleted_while_training_fails_nothing_else(run_store, bare_dispatcher, monkeypatch):
    import ray

    deleted, broken = store.create_run(tiny(), status="running"), store.create_run(tiny(), status="running")
    for run_id in (deleted, broken):
        bare_dispatcher._dispatch(run_id)
    store.delete_runs([deleted])
    assert store.stop_file(deleted).exists()                 # asked to stop, not just removed

    def get(ref):
        raise RuntimeError(f"its finish raised: {ref}")

    monkeypatch.setattr(ray, "wait", lambda refs, **kwargs: (list(refs), []))
    monkeypatch.setattr(ray, "get", get)
    bare_dispatcher._collect()                               # raises nothing
    assert bare_dispatcher.jobs == {}
    assert store.get_run(broken).status == "failed" and "its finish raised" in store.get_run(broken).error
    later = store.create_run(tiny())
    bare_dispatcher._dispatch(later)                         # not failed with the earlier error
    assert later in bare_dispatcher.jobs and store.get_run(later).status == "queued"
    assert dispatcher._status(deleted) is None


def test_a_store_error_in_reconcile_is_retried_later_and_fails_no_run(run_store, bare_dispatcher, monkeypatch):
    import ray

    def store_down(**kwargs):
        raise ConnectionError("the store is restarting")

    monkeypatch.setattr(bare_dispatcher, "reconcile", store_down)
    monkeypatch.setattr(ray, "wait", lambda refs, **kwargs: ([], list(refs)))
    monkeypatch.setenv("CNNLAB_JOB_SLOTS", "2")    # a slot for each run: neither waits in line
    bare_dispatcher.start()
    try:
        run_id = store.create_run(tiny())
        bare_dispatcher.put(run_id)
        wait_for(lambda: run_id in bare_dispatcher.pending_ids() and bare_dispatcher.reconcile_backoff > jobs.MONITOR_S,
                 timeout=30)
        assert "the store is restarting" in bare_dispatcher.error
        later = store.create_run(tiny())
        bare_dispatcher.put(later)
        wait_for(lambda: later in bare_dispatcher.jobs, timeout=30)
        assert store.get_run(run_id).status == store.get_run(later).status == "queued"
    finally:
        bare_dispatcher.close()


RAY_FROM_A_THREAD = r"""
import threading
from cnncore.jobs.cluster import ensure_ray, stop_local_ray

launcher = threading.Thread(target=ensure_ray)     # as a sweep's launcher starts it
launcher.start()
launcher.join()                                    # ...and ends
import ray

@ray.remote
def one():
    return 1

print(ray.get(one.remote(), timeout=300))
stop_local_ray()
"""


@pytest.mark.slow
def test_a_ray_started_by_a_thread_that_ends_keeps_running(tmp_path):
    # Ray's local processes get the parent-death signal, which Linux sends when the
    # starting *thread* ends: started from a short-lived thread, Ray died with it.
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"} | {"CNNLAB_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", RAY_FROM_A_THREAD], env=env, capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0 and out.stdout.strip().endswith("1"), out.stderr[-3000:]


def test_a_failure_after_the_sweep_driver_stopped_the_trial_does_not_overwrite_it(run_store, monkeypatch):
    # Tune stopped an ASHA trial: its driver marked the run stopped, then Tune ended the
    # actor, and the trial's last write failed there ("cannot schedule new futures after
    # shutdown"). The run stays stopped, as its driver said.
    from cnncore.jobs import worker

    run_id = store.create_run(tiny())

    def stopped_then_torn_down(config, **kwargs):
        store.set_status(run_id, "stopped")
        raise RuntimeError("cannot schedule new futures after shutdown")

    monkeypatch.setattr(training, "fit", stopped_then_torn_down)
    assert worker.execute(run_id) == "stopped"
    record = store.get_run(run_id)
    assert record.status == "stopped" and not record.error

    other = store.create_run(tiny())                  # a failure of a run nobody ended is still one
    monkeypatch.setattr(training, "fit", lambda config, **kwargs: (_ for _ in ()).throw(RuntimeError("boom")))
    assert worker.execute(other) == "failed"
    assert store.get_run(other).error == "RuntimeError: boom"
