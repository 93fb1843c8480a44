"""The fair queue: runs are handed out round-robin across users, not first come first served."""

from __future__ import annotations

from cnncore.jobs import dispatch
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
    queue.put("a0", "a", front=True)                    # a resumed run goes first in its line
    assert queue.order() == ["a0", "a1", "a2"]


def test_the_wait_estimate_comes_from_recent_runs():
    assert wait_estimate(1, 1, []) is None
    assert wait_estimate(2, 1, [60.0, 300.0, 120.0]) == 240.0     # two median runs ahead
    assert wait_estimate(4, 2, [100.0]) == 200.0


def test_slots_follow_the_clusters_gpus_and_cpus():
    assert dispatch.slots_for({"CPU": 2.0}, cluster=False) == 1
    assert dispatch.slots_for({"CPU": 64.0, "GPU": 4.0}, cluster=True) == 4
    assert dispatch.slots_for({"CPU": 32.0}, cluster=True) == 32 // dispatch.CPUS_PER_SLOT
    assert dispatch.slots_for({"CPU": 2.0}, cluster=True) == 1
