"""What the tracking costs while a run trains: the course CNN trained by
``cnncore.nn.training.fit`` with and without the tracking a job adds (the callback that
writes progress, a checkpoint each epoch, the store's writer thread and its heartbeat),
alternately, in this one process, both warm.

Only the training loop is timed (Keras's ``on_train_begin`` to ``on_train_end``): what a
run adds before and after it (the store's records, the model file, the confusion matrix)
is ``bench/train.py``'s whole-run figure. This machine is shared and drifts by 10 % and
more between two runs of the same training, so each pair is run back to back, in
alternating order, and the median of the pairs' ratios is printed.

    python bench/tracking.py [--pairs 5] [--epochs 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CNNLAB_HOME", tempfile.mkdtemp(prefix="cnnlab-bench-tracking-"))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()

    from cnncore import store
    from cnncore.nn import course, training

    training.warm_up()                    # TensorFlow imported and one fit done, as in a worker
    import keras

    from cnncore.jobs.callbacks import TrackingCallback

    config = course.course_runs(epochs=args.epochs)[1]

    class LoopClock(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.t0 = time.perf_counter()

        def on_train_end(self, logs=None):
            self.seconds = time.perf_counter() - self.t0

    def loop_seconds(tracked: bool) -> float:
        clock, tracker, extra = LoopClock(), None, []
        if tracked:
            tracker = store.RunTracker(store.create_run(config, status="running"))
            tracker.start(device="cpu", batch_size=config.train.batch_size)
            extra = [TrackingCallback(tracker, checkpoint=True)]
        training.fit(config, callbacks=[clock, *extra])
        if tracker is not None:
            tracker.finish("finished")
        return clock.seconds

    print(f"{config.model.name} on {config.dataset}, {args.epochs} epochs, batch {config.train.batch_size}, "
          f"{os.cpu_count()} CPUs; training loop only")
    ratios = []
    for i in range(args.pairs):
        order = (False, True) if i % 2 == 0 else (True, False)
        seconds = {tracked: loop_seconds(tracked) for tracked in order}
        ratios.append(seconds[True] / seconds[False])
        print(f"  pair {i + 1}: tracked {seconds[True]:.2f} s, untracked {seconds[False]:.2f} s: {ratios[-1]:.2f}×",
              flush=True)
    print(f"tracked / untracked training loop: median {statistics.median(ratios):.2f}× "
          f"(pairs {min(ratios):.2f}–{max(ratios):.2f}×)")


if __name__ == "__main__":
    main()
