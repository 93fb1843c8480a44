"""The course's comparison from the click: both runs of "Reproduce the course", cold start
included, against the same two trainings done bare in this process.

1. ``jobs.submit`` of :func:`cnncore.nn.course.course_runs` in a process that has not
   started Ray nor imported TensorFlow (what the first click on a fresh dashboard does),
   until both runs have finished: the wall time a learner waits (target ≤ 180 s);
2. the same two configs trained by ``cnncore.nn.training.fit`` in this process, one after
   the other, after the first part (TensorFlow already imported): the reference;
3. the ratio of the two, and each run's train/val accuracy, gap and verdict.

    python bench/course.py [--seed 0]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CNNLAB_HOME", tempfile.mkdtemp(prefix="cnnlab-bench-"))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

TARGET_S = 180.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    assert "tensorflow" not in sys.modules and "ray" not in sys.modules

    from cnncore import jobs, store
    from cnncore.nn import course, training, verdict

    configs = course.course_runs(seed=args.seed)
    t0 = time.perf_counter()
    ids = [jobs.submit(config) for config in configs]
    final = jobs.wait(ids, timeout=1800, poll=0.25)
    click = time.perf_counter() - t0
    jobs.shutdown()
    print(f"from the click (cold: Ray start, TensorFlow import, data, both runs): {click:.1f} s "
          f"({'within' if click <= TARGET_S else 'OVER'} the {TARGET_S:.0f} s target)")
    for rid, config in zip(ids, configs):
        v = verdict.verdict(store.histories([rid]))
        print(f"  {config.model.name:15s} {final[rid]:8s} train {v.train_accuracy:.3f} val {v.val_accuracy:.3f} "
              f"gap {v.gap_points:5.1f} pts  {v.message}")

    t1 = time.perf_counter()
    for config in configs:
        training.fit(config)
    bare = time.perf_counter() - t1
    print(f"reference: the same two trainings in this process, warm: {bare:.1f} s")
    print(f"ratio click / bare training: {click / bare:.2f}×")
    return 0 if click <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
