"""The training loop's own Keras callbacks, defined once.

This module imports Keras at import time: :func:`cnncore.nn.training.fit` imports it
when it trains, so importing :mod:`cnncore.nn.training` stays instant.
"""

from __future__ import annotations

import math

import keras

from cnncore.nn.divergence import TrainingDiverged, diverged


class DivergenceGuard(keras.callbacks.Callback):
    """Raise :class:`TrainingDiverged` at the first batch whose loss :func:`diverged`."""

    def on_train_begin(self, logs=None):
        self.first_loss = None
        self.epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is None:
            return
        loss = float(loss)
        reason = diverged(loss, self.first_loss)
        if reason:
            code = "loss_not_finite" if not math.isfinite(loss) else "loss_exploded"
            raise TrainingDiverged(
                f"{reason} at epoch {self.epoch + 1}, batch {batch + 1}: training diverged (the "
                "learning rate is probably too high)", code, loss=loss, first_loss=self.first_loss,
                epoch=self.epoch + 1, batch=batch + 1)
        if self.first_loss is None:
            self.first_loss = loss
