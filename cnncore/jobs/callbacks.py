"""The Keras callbacks a job adds to training, defined once: progress to the store, and
each epoch to Ray Tune in a sweep. Imports Keras: import this module lazily."""

from __future__ import annotations

import time

import keras

from cnncore import store
from cnncore.store import sweeps as sweep_store
from cnncore.store.tracker import RunTracker


class TrackingCallback(keras.callbacks.Callback):
    """Progress to a :class:`RunTracker`; stops the model when a stop is requested (or
    when the run was handed to another worker). With ``checkpoint``, each completed epoch
    leaves the weights and the optimizer's state to resume from."""

    def __init__(self, tracker: RunTracker, *, checkpoint: bool = False):
        super().__init__()
        self.tracker = tracker
        self.checkpoint = checkpoint
        self.stopped = False

    def on_train_begin(self, logs=None):
        self.epochs = self.params.get("epochs")
        self.batches = self.params.get("steps")

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch + 1
        self.t0 = time.perf_counter()

    def on_train_batch_end(self, batch, logs=None):
        if self.tracker.stop_requested:
            self.stopped = True
            self.model.stop_training = True
        size = self.tracker.batch_size
        elapsed = time.perf_counter() - self.t0
        self.tracker.progress = {
            "epoch": self.epoch, "epochs": self.epochs, "batch": batch + 1,
            "batches": self.batches,
            "samples_per_s": round((batch + 1) * (size or 0) / elapsed, 1) if size and elapsed else None,
            "loss": (logs or {}).get("loss"), "accuracy": (logs or {}).get("accuracy"),
        }

    def on_epoch_end(self, epoch, logs=None):
        if self.stopped:              # a stopped epoch is partial: not a point on the curve
            return
        state = {}
        if self.checkpoint:           # copies, taken between epochs: the writer thread saves them
            state = {"weights": self.model.get_weights(),
                     "optimizer": [keras.ops.convert_to_numpy(v) for v in self.model.optimizer.variables]}
        self.tracker.log_epoch(epoch + 1, logs or {}, **state)


class TuneReport(keras.callbacks.Callback):
    """Each epoch's metrics to Tune but the last. When Tune stops the trial (ASHA, or
    the whole sweep), its report raises ``SystemExit``: ask the run to stop, so the
    tracking callback ends it at the next batch and the run is marked stopped."""

    def __init__(self, run_id: str, sweep_id: str, epochs: int):
        super().__init__()
        self.run_id, self.sweep_id, self.epochs = run_id, sweep_id, epochs
        self.halted = False
        self.last: dict = {}

    def on_epoch_end(self, epoch, logs=None):
        if self.halted:
            return
        from ray import tune

        self.last = {k: float(v) for k, v in (logs or {}).items() if k in store.METRICS}
        self.last["epoch"] = epoch + 1
        if epoch + 1 >= self.epochs:
            return                      # reported by the trial once the run is complete
        try:
            tune.report(self.last | {"run_id": self.run_id})
        except SystemExit:
            self.halted = True
            why = "sweep stopped" if sweep_store.stop_requested(self.sweep_id) else "asha"
            store.client().set_tag(self.run_id, sweep_store.TAG_EARLY, why)
            store.request_stop(self.run_id)   # the tracking callback ends it next batch
