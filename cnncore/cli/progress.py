"""The CLI's progress bar, a Keras callback (imports Keras: import lazily)."""

from __future__ import annotations

import sys
import time

import keras


class ProgressBar(keras.callbacks.Callback):
    """One line per epoch on stderr: ``epoch 2/5 [####----] …`` (redrawn on a terminal)."""

    width = 24

    def __init__(self, epochs: int):
        super().__init__()
        self.epochs = epochs

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch, self.t0, self.last = epoch + 1, time.perf_counter(), 0.0

    def on_train_batch_end(self, batch, logs=None):
        if not sys.stderr.isatty():   # a log file gets one line per epoch, not redraws
            return
        now = time.perf_counter()
        steps = self.params.get("steps") or 1
        if now - self.last < 0.1 and batch + 1 < steps:
            return
        self.last = now
        done = int(self.width * (batch + 1) / steps)
        logs = logs or {}
        sys.stderr.write(f"\repoch {self.epoch}/{self.epochs} [{'#' * done}{'-' * (self.width - done)}] "
                         f"loss {logs.get('loss', float('nan')):.4f} "
                         f"accuracy {logs.get('accuracy', float('nan')):.4f}")
        sys.stderr.flush()

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        sys.stderr.write(f"\repoch {self.epoch}/{self.epochs} [{'#' * self.width}] "
                         + " ".join(f"{k} {logs[k]:.4f}" for k in ("loss", "accuracy", "val_loss", "val_accuracy")
                                    if k in logs)
                         + f" ({time.perf_counter() - self.t0:.1f} s)\n")
        sys.stderr.flush()
