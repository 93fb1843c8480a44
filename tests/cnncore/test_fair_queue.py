"""The fair queue: runs are handed out round-robin across users, not first come first served."""

from __future__ import annotations

from cnncore.jobs import dispatch, dispatcher
from cnncore.jobs.queue import FairQueue, wait_estimate


def drain(queue: FairQueue) -> list[tuple[str, str]]:
    out = []
    while (item := queue.pop()) is not None:
        out.append(item)
    return out


def test_three_users_with_five_runs_each_take_turns():
    queue = FairQueue()
    for user in ("alice", "bob", "carol"):             # each submits all five before the next
        for i in range(5):
            queue.put(f"{user}-{i}", user)
    order = drain(queue)
    assert [user for _, user in order] == ["alice", "bob", "carol"] * 5
    for user in ("alice", "bob", "carol"):             # each user's own runs stay in order
        assert [r for r, u in order if u == user] == [f"{user}-{i}" for i in range(5)]
    assert len(queue) == 0 and queue.pop() is None


def test_order_and_position_predict_what_pop_does():
    queue = FairQueue()
    for run_id, user in [("a1", "a"), ("a2", "a"), ("a3", "a"), ("b1", "b"), ("c1", "c"), ("b2", "b")]:
        queue.put(run_id, user)
    predicted = queue.order()
    assert predicted == ["a1", "b1", "c1", "a2", "b2", "a3"]
    assert [queue.position(r) for r in ("a1", "a3", "b2")] == [1, 6, 5]
    assert [r for r, _ in drain(queue)] == predicted


def test_a_user_who_arrives_late_waits_for_one_turn_not_for_the_whole_backlog():
    queue = FairQueue()
    for i in range(10):
        queue.put(f"a{i}", "alice")
    assert queue.pop() == ("a0", "alice")              # a slot took alice's first run
    queue.put("b0", "bob")
    assert queue.position("b0") == 2                    # behind alice's current turn only
    assert [queue.pop()[0] for _ in range(3)] == ["a1", "b0", "a2"]


def test_a_cancelled_run_leaves_the_line():
    queue = FairQueue()
    for run_id, user in [("a1", "a"), ("b1", "b"), ("a2", "a")]:
        queue.put(run_id, user)
    assert queue.remove("b1") and not queue.remove("b1")
    assert "b1" not in queue and queue.position("b1") is None and queue.count("b") == 0
    assert queue.order() == ["a1", "a2"]
    queue.put("a1", "a")                                # queued twice: kept once
    assert len(queue) == 2


def test_the_wait_estimate_comes_from_recent_runs():
    assert wait_estimate(1, 1, []) is None
    assert wait_estimate(2, 1, [60.0, 300.0, 120.0]) == 240.0     # two median runs ahead
    assert wait_estimate(4, 2, [100.0]) == 200.0


def test_the_dispatcher_fills_free_slots_in_turn(monkeypatch):
    """The dispatcher's own queue and fill step, with the Ray side replaced by a list."""
    started = []
    d = dispatcher.Dispatcher(workers=[object(), object()])

    def start(run_id, user):                            # a free worker takes it, as _dispatch does
        free = next(i for i in range(len(d.workers)) if i not in {j.worker for j in d.jobs.values()})
        d.jobs[run_id] = dispatcher._Job(run_id, free, None, user)
        started.append((run_id, user))

    monkeypatch.setattr(d, "_dispatch", start)
    for user in ("alice", "bob"):
        for i in range(3):
            d.put(f"{user}-{i}", user)
    with d.lock:                                        # what the loop does with the inbox
        for item in d.inbox:
            d.queue.put(*item)
        d.inbox = []
    assert d.position("bob-0") == 2 and d.pending_ids() >= {"alice-0", "bob-2"}
    d._fill()
    assert started == [("alice-0", "alice"), ("bob-0", "bob")]    # two slots, two users
    assert d.cancel("alice-1") and d.cancel("alice-2") and not d.cancel("alice-2")
    assert d.position("bob-1") == 1                     # alice has nothing left in line
    d.jobs.pop("alice-0")                               # a slot frees up
    d._fill()
    assert started[-1] == ("bob-1", "bob") and len(started) == 3 and d.position("bob-2") == 1


def test_slots_follow_the_clusters_gpus_and_cpus():
    assert dispatch.slots_for({"CPU": 2.0}, cluster=False) == 1
    assert dispatch.slots_for({"CPU": 64.0, "GPU": 4.0}, cluster=True) == 4
    assert dispatch.slots_for({"CPU": 32.0}, cluster=True) == 32 // dispatch.CPUS_PER_SLOT
    assert dispatch.slots_for({"CPU": 2.0}, cluster=True) == 1
