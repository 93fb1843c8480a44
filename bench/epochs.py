"""Epochs that stall: the course CNN trained by Keras's own batching of the arrays against
cnncore's (the same batches in a ``tf.data`` pipeline without autotuning,
:func:`cnncore.nn.training.fit_data`), in this one process, alternately.

On TensorFlow 2.21, dropping an epoch's ``tf.data`` iterator waits for its autotuning
thread, which wakes only at the end of its current period: now and then an epoch starts
after 20–40 s in which the process does nothing. For each epoch the bench prints the
wall time and the cores the process used (a stalled epoch uses about half of what the
others use), then each way's total, its slowest epoch against its median, and the ratio
of the totals. The two ways must reach the same accuracies: the bench fails if they don't.

    python bench/epochs.py [--epochs 6] [--rounds 1]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CNNLAB_HOME", tempfile.mkdtemp(prefix="cnnlab-bench-"))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def timed_fit(config, data, way) -> tuple[list[tuple[float, float]], list[float]]:
    """``training.fit`` with ``way`` as its data arguments: [(seconds, cores)] per epoch,
    and the validation accuracies."""
    import keras

    from cnncore.nn import training

    class Clock(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.epochs = []

        def on_epoch_begin(self, epoch, logs=None):
            self.t0, self.cpu0 = time.perf_counter(), _cpu()

        def on_epoch_end(self, epoch, logs=None):
            seconds = time.perf_counter() - self.t0
            self.epochs.append((seconds, (_cpu() - self.cpu0) / seconds))

    clock, chosen = Clock(), training.fit_data
    training.fit_data = way
    try:
        result = training.fit(config, callbacks=[clock], dataset=data)
    finally:
        training.fit_data = chosen
    return clock.epochs, result.history["val_accuracy"]


def _cpu() -> float:
    t = os.times()
    return t.user + t.system


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=1, help="each way trained this many times, alternately")
    args = parser.parse_args()

    from cnncore.nn import course, training

    base = course.course_runs(seed=0)[1]
    config = training.RunConfig.from_dict(base.to_dict() | {"train": base.train.to_dict() | {"epochs": args.epochs}})
    data = config.load_dataset()
    training.warm_up()                    # TensorFlow's first-fit cost, in neither way
    ways = {"Keras's own batching": training.array_data, "cnncore (no autotuning)": training.fit_data}
    epochs = {name: [] for name in ways}
    accuracies = {}
    for _ in range(args.rounds):
        for name, way in ways.items():
            times, accuracies[name] = timed_fit(config, data, way)
            epochs[name] += times
            print(f"{name:24s} " + "  ".join(f"{s:5.1f}s/{c:.1f}" for s, c in times), flush=True)
    totals = {}
    for name, times in epochs.items():
        seconds = [s for s, _ in times]
        totals[name] = sum(seconds)
        print(f"{name:24s} total {totals[name]:6.1f} s over {len(seconds)} epochs; slowest / median epoch "
              f"{max(seconds) / statistics.median(seconds):.2f}×")
    (a, ta), (b, tb) = totals.items()
    print(f"ratio {b} / {a}: {tb / ta:.2f}× (seconds/cores per epoch above)")
    same = len(set(tuple(v) for v in accuracies.values())) == 1
    print("validation accuracies " + ("identical" if same else f"DIFFER: {accuracies}"))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
