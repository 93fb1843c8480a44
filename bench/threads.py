"""Why a training beside a watching dashboard runs slower than bare: TensorFlow's intra-op
threads against bursty load on the same cores.

Trains 2 epochs of the course CNN (the course data set, warm) in a fresh process for each
case: TensorFlow's default threads and one thread, each alone and beside a neighbour
process that burns ``--burst`` seconds of a core every ``--period`` seconds (a dashboard
polling and redrawing is such a neighbour). Prints each time and the ratios to the default
alone, in this run.

    .venv/bin/python bench/threads.py [--burst 0.07] [--period 0.2]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def train(threads: int) -> float:
    """Seconds of 2 warm epochs of the course CNN with ``threads`` intra-op threads (0: default)."""
    import tensorflow as tf

    if threads:
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(threads)
    from cnncore.nn import course, training

    config = course.course_runs(seed=0)[1]
    epochs = lambda n: training.RunConfig.from_dict(config.to_dict() | {"train": config.train.to_dict() | {"epochs": n}})  # noqa: E731
    data = config.load_dataset()
    training.fit(epochs(1), dataset=data)            # TensorFlow's first-fit cost, not measured
    start = time.perf_counter()
    training.fit(epochs(2), dataset=data)
    return time.perf_counter() - start


def neighbour(burst: float, period: float) -> None:
    while True:
        start = time.perf_counter()
        while time.perf_counter() - start < burst:
            pass
        time.sleep(period - burst)


def measure(threads: int, burst: float | None, period: float) -> float:
    hog = None
    if burst:
        hog = multiprocessing.Process(target=neighbour, args=(burst, period), daemon=True)
        hog.start()
    try:
        out = subprocess.run([sys.executable, __file__, "--child", str(threads)], capture_output=True, text=True,
                             env=os.environ | {"TF_CPP_MIN_LOG_LEVEL": "3"}, check=True, cwd=ROOT)
        return float(out.stdout.strip().splitlines()[-1])
    finally:
        if hog is not None:
            hog.terminate()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--burst", type=float, default=0.07)
    parser.add_argument("--period", type=float, default=0.2)
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        sys.path.insert(0, str(ROOT))
        print(train(args.child))
        return
    share = args.burst / args.period
    reference = measure(0, None, args.period)
    print(f"{os.cpu_count()} cores; 2 epochs of the course CNN; neighbour: {share:.0%} of a core in "
          f"{args.burst * 1000:.0f} ms bursts")
    for threads, label in ((0, "default threads"), (1, "1 thread")):
        for burst in (None, args.burst):
            seconds = reference if (threads, burst) == (0, None) else measure(threads, burst, args.period)
            print(f"  {label:16s} {'beside the neighbour' if burst else 'alone':21s} {seconds:6.1f} s  "
                  f"{seconds / reference:.2f}× the default alone")


if __name__ == "__main__":
    main()
