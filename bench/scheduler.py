"""The scheduler's cost and fairness: 200 queued runs from 20 users through the real
scheduler (its store reads, fair queue, hand-overs and Ray tasks) on a local Ray, with
workers whose "training" is a fixed ``WORK_S`` between the store writes a real job makes
at its start and end.

Prints:
- the overhead per run: from the moment a slot was free for it to its start (its hand-over,
  the Ray call, the worker reading the run), against one epoch of the course CNN measured
  in the same process (target < 2 %);
- submit → hand-over for the first run of each user (admission, store round trips);
- fairness: at which hand-over each user's first run started (ideal: all 20 users within
  the first 20 hand-overs; a first-come queue would reach the last user at hand-over 191).

    .venv/bin/python bench/scheduler.py [--runs 200] [--users 20] [--slots 2]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("CNNLAB_HOME", tempfile.mkdtemp(prefix="cnnlab-bench-scheduler-"))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CNNLAB_MAX_ACTIVE_RUNS", "1000")     # each user queues all of theirs at once

WORK_S = 0.2


class InstantWorker:
    """A worker that writes what a job writes (running, heartbeat, finished) around WORK_S."""

    def run(self, run_id, env, token):
        os.environ.update(env)
        from cnncore import store

        tracker = store.RunTracker(run_id, token=token)
        tracker.start(device="CPU")
        time.sleep(WORK_S)
        tracker.finish("finished")
        return "finished"


def course_epoch_s() -> float:
    """Seconds of one epoch of the course CNN on the course data set, in this process."""
    from cnncore.nn import course, training

    config = course.course_runs(seed=0)[1] if hasattr(course, "course_runs") else None
    if config is None:
        config = training.RunConfig(dataset="mnist-scattered", model=training.PRESETS["dli-cnn"],
                                    train=training.TrainConfig(epochs=1, batch_size=64))
    config = training.RunConfig.from_dict(config.to_dict() | {"train": config.train.to_dict() | {"epochs": 1}})
    data = config.load_dataset()
    training.fit(config, dataset=data)           # pays the first fit's one-time cost
    t0 = time.perf_counter()
    training.fit(config, dataset=data)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--slots", type=int, default=2)
    args = parser.parse_args()

    import ray

    from cnncore import store
    from cnncore.jobs import cluster, scheduler
    from cnncore.nn import training
    from cnncore.nn.models import ConvBlock, DenseLayer, ModelConfig

    epoch = course_epoch_s()
    cluster.ensure_ray()
    tiny = training.RunConfig(dataset="digits", limit=200, train=training.TrainConfig(epochs=1),
                              model=ModelConfig(name="tiny", conv_blocks=(ConvBlock(4),), dense_layers=(DenseLayer(8),)))
    remote = ray.remote(InstantWorker).options(num_cpus=0, max_concurrency=1)
    s = scheduler.Scheduler(slots=lambda: args.slots, make_worker=lambda i: remote.remote(), loop=False)
    s.warm()
    per_user = args.runs // args.users
    users = [f"user{u:02d}@x" for u in range(args.users)]
    submitted = {}
    t0 = time.perf_counter()
    for user in users:                            # each user queues all of theirs, then the next
        for _ in range(per_user):
            run_id = s.admit(tiny.to_dict(), user)
            submitted[run_id] = (user, time.perf_counter())
    admit_s = (time.perf_counter() - t0) / len(submitted)
    import threading

    threading.Thread(target=s._loop, daemon=True).start()
    start = time.perf_counter()
    while any(store.get_run(r).status != "finished" for r in list(submitted)[-args.slots:]) or \
            len(s.handed) < len(submitted) or s.jobs:
        time.sleep(0.2)
    makespan = time.perf_counter() - start
    s.closed = True
    # Each start against the moment a slot was free for it (list scheduling over the
    # store's own times: a run's start tag, its end): what the scheduler adds per run.
    import heapq

    runs = sorted((float(r.tags[store.TAG_STARTED]), r.end) for r in map(store.get_run, submitted))
    free = [runs[0][0]] * args.slots
    gaps = []
    for started, ended in runs:
        gaps.append(max(0.0, started - heapq.heappop(free)))
        heapq.heappush(free, ended)
    overhead = sum(gaps) / len(gaps)
    work = sum(e - b for b, e in runs) / len(runs)
    order = s.handed
    first = {}
    for i, run_id in enumerate(order, 1):
        first.setdefault(submitted[run_id][0], i)
    spread = sorted(first.values())
    print(f"runs {len(submitted)} from {args.users} users on {args.slots} slots; work per run {WORK_S} s")
    print(f"admission (active-cap count + record) per run: {admit_s * 1000:.1f} ms")
    print(f"makespan {makespan:.1f} s; each run {work * 1000:.0f} ms from its start to its end "
          f"(WORK_S and the store writes a job makes)")
    print(f"scheduler overhead per run: {overhead * 1000:.0f} ms = {100 * overhead / epoch:.2f} % of a course "
          f"CNN epoch ({epoch:.1f} s here; target < 2 %)")
    print(f"each user's first start, by hand-over: {spread[0]}..{spread[-1]} "
          f"(ideal 1..{args.users}; first come, first served: 1..{(args.users - 1) * per_user + 1})")
    ray.shutdown()


if __name__ == "__main__":
    main()
