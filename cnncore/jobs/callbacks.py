"""The Keras callback a job adds to training: progress (and a checkpoint per epoch) to the
store. Imports Keras: import this module lazily."""

from __future__ import annotations

import time

import keras

from cnncore.store.tracker import RunTracker


class TrackingCallback(keras.callbacks.Callback):
    """Progress to a :class:`RunTracker`; stops the model when a stop is requested (or
    when the run was handed to another worker). With ``checkpoint``, each completed epoch
    leaves the weights and the optimizer's state to resume from."""

    def __init__(self, tracker: RunTracker, *, checkpoint: bool = False, paced: bool = False):
        super().__init__()
        self.tracker = tracker
        self.checkpoint = checkpoint
        self.paced = paced            # an ASHA trial's run: each epoch waits for Tune's word
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
        if self.paced and epoch + 1 < (self.params.get("epochs") or 0):
            self.tracker.wait_paced(epoch + 1)
            if self.tracker.stop_requested:   # Tune stopped the trial at this rung
                self.stopped = self.model.stop_training = True
