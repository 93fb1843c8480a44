"""The scheduler without Ray: its memory is the store, its queue is fair, its cap atomic,
a lost run is resumed (never restarted) and a hand-over fences off the previous one.

Workers are fakes that record what they were handed; the Ray side (a real cluster, killed
dashboards, nodes and schedulers) is tests/cnncore/test_service.py.
"""

from __future__ import annotations

import threading

import pytest

from cnncore import store
from cnncore.errors import InvalidInput
from cnncore.jobs import scheduler
from cnncore.nn import training
from cnncore.nn.models import ConvBlock, DenseLayer, ModelConfig
from cnncore.store import schedule

TINY = ModelConfig(name="tiny-cnn", conv_blocks=(ConvBlock(filters=4),), dense_layers=(DenseLayer(8),))


def config(seed: int = 0) -> dict:
    return training.RunConfig(dataset="digits", limit=200, model=TINY,
                              train=training.TrainConfig(epochs=2, seed=seed)).to_dict()


class FakeWorker:
    """Stands in for a worker actor: ``run.remote`` records the hand-over."""

    def __init__(self, handed: list):
        self.run = self
        self.handed = handed

    def remote(self, run_id, env, token):
        self.handed.append((run_id, token))
        return None


def make(slots: int = 0, handed: list | None = None) -> scheduler.Scheduler:
    handed = [] if handed is None else handed
    s = scheduler.Scheduler(slots=lambda: slots, make_worker=lambda i: FakeWorker(handed), loop=False)
    s.calls = handed
    return s


def hand_out(s: scheduler.Scheduler, slots: int) -> list[str]:
    """Run ids in the order ``s`` hands them to ``slots`` slots (each job then ends)."""
    order = []
    s.workers = [None] * slots
    while True:
        s._fill()
        if not s.jobs:
            return order
        for run_id in list(s.jobs):
            order.append(run_id)
            store.set_status(run_id, "finished")
            s._release(s.jobs[run_id])


def test_the_store_is_the_queue_a_new_scheduler_rebuilds_every_line_in_order(run_store):
    first = make()
    ids = {}
    for user, n in (("alice@x", 3), ("bob@x", 2), ("carol@x", 1)):
        ids[user] = [first.admit(config(i), user) for i in range(n)]
    assert first.queue.order()[:3] == [ids["alice@x"][0], ids["bob@x"][0], ids["carol@x"][0]]
    # The first scheduler dies; a new one knows nothing but the store.
    second = make()
    second._sync()
    assert second.queue.order() == first.queue.order()
    assert hand_out(second, 1) == [ids["alice@x"][0], ids["bob@x"][0], ids["carol@x"][0],
                                   ids["alice@x"][1], ids["bob@x"][1], ids["alice@x"][2]]


def test_a_run_created_by_its_own_process_is_never_scheduled(run_store):
    s = make()
    here = store.create_run(training.RunConfig.from_dict(config()))     # the command line's
    s._sync()
    assert here not in s.queue and not s.queue.order()


def test_cancelled_runs_leave_the_line_at_the_next_look(run_store):
    s = make()
    a, b = s.admit(config(0), "alice@x"), s.admit(config(1), "alice@x")
    store.set_status(a, "stopped")                   # another dashboard cancelled it
    s._sync()
    assert s.queue.order() == [b]


def test_many_tabs_starting_at_once_cannot_pass_the_active_cap(run_store, monkeypatch):
    monkeypatch.setenv("CNNLAB_MAX_ACTIVE_RUNS", "3")
    s = make()
    admitted, refused = [], []
    barrier = threading.Barrier(8)

    def click(i):
        barrier.wait()
        try:
            admitted.append(s.admit(config(i), "alice@x"))
        except InvalidInput as exc:
            refused.append(exc.code)

    threads = [threading.Thread(target=click, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(admitted) == 3 and store.count_active("alice@x") == 3
    assert len(refused) == 5 and set(refused) == {"active_runs_over_cap"}


def test_a_hand_over_writes_a_fresh_token_and_a_sweeps_runs_skip_the_active_cap(run_store, monkeypatch):
    monkeypatch.setenv("CNNLAB_MAX_ACTIVE_RUNS", "1")
    s = make()
    run = s.admit(config(), "alice@x")
    trials = [s.admit(config(i), "alice@x", sweep="sw-1") for i in (1, 2)]   # the sweep's door bounds them
    with pytest.raises(InvalidInput):
        s.admit(config(3), "alice@x")
    s.workers = [None, None]
    s._fill()
    assert [r for r, _ in s.calls] == [run, trials[0]]
    assert schedule.attempt_of(store.get_run(run).tags) == (1, s.calls[0][1])


def test_a_lost_run_goes_back_to_the_head_of_its_line_and_fails_after_its_attempts(run_store):
    s = make()
    lost, other = s.admit(config(0), "alice@x"), s.admit(config(1), "alice@x")
    s.workers = [None]
    s._fill()
    store.set_status(lost, "running")
    s._release(s.jobs[lost])
    s._lost(lost, "alice@x", "the worker died")
    assert store.get_run(lost).status == "queued" and s.queue.order() == [lost, other]
    for attempt in range(2, scheduler.MAX_ATTEMPTS + 1):
        s._fill()
        assert schedule.attempt_of(store.get_run(lost).tags)[0] == attempt
        store.set_status(lost, "running")
        s._release(s.jobs[lost])
        s._lost(lost, "alice@x", "the worker died")
    record = store.get_run(lost)
    assert record.status == "failed" and f"tried {scheduler.MAX_ATTEMPTS} times" in record.error


def test_a_silent_scheduled_run_is_resumed_and_a_silent_command_line_run_fails(run_store, monkeypatch):
    import ray

    killed = []
    monkeypatch.setattr(ray, "kill", killed.append)   # a fake worker: no Ray to start for it
    s = make()
    s.stale_after = 0.0
    scheduled = s.admit(config(0), "alice@x")
    s.workers = [None]
    s._fill()
    hung = s.workers[0]
    store.set_status(scheduled, "running")
    mine = store.create_run(training.RunConfig.from_dict(config(1)), status="running")
    s._watch()                                        # the first sight of each heartbeat
    s._watch()
    assert store.get_run(scheduled).status == "queued" and scheduled in s.queue
    assert killed == [hung] and s.workers == [None]    # its hung worker is replaced
    assert store.get_run(mine).status == "failed"
    assert "no heartbeat" in store.get_run(mine).error


@pytest.mark.parametrize("resources, per_gpu, slots", [
    ({"CPU": 16.0, "GPU": 1.0}, 4, 4), ({"CPU": 16.0, "GPU": 2.0}, 1, 2), ({"CPU": 16.0}, 4, 4)])
def test_slots_share_a_gpu(resources, per_gpu, slots):
    from cnncore.jobs.dispatch import slots_for

    assert slots_for(resources, cluster=True, per_gpu=per_gpu) == slots


@pytest.mark.parametrize("waiting", [False, True])
def test_a_worker_skips_its_warm_up_fit_when_a_run_already_waits_for_it(run_store, monkeypatch, waiting):
    from cnncore.jobs import worker

    fits = []
    monkeypatch.setattr(training, "warm_up", lambda: fits.append(1))
    if waiting:                           # the click that started Ray, the scheduler and this worker
        scheduler.Scheduler(loop=False).admit(config(), "local")
    worker.Worker()
    assert fits == ([] if waiting else [1])
