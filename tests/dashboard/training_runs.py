"""Finished runs for the training pages' tests, trained in this process (no Ray).

``jobs.execute`` is the job body the Ray workers run: a run created as queued and
executed here ends up in the store exactly as a submitted one does, in a few seconds.
"""

from __future__ import annotations

from cnncore import jobs, models, tracking, training

TINY = dict(dataset="digits", limit=200)   # 8×8 digits: 160 training, 40 validation images
SMALL_CNN = models.ModelConfig(
    name="tiny-cnn",
    conv_blocks=(models.ConvBlock(filters=8), models.ConvBlock(filters=4)),
    dense_layers=(models.DenseLayer(16),),
)


def tiny_config(model: models.ModelConfig = SMALL_CNN, **train) -> training.RunConfig:
    return training.RunConfig(**TINY, model=model,
                              train=training.TrainConfig(**({"epochs": 2, "batch_size": 32} | train)))


def finished_run(config: training.RunConfig | None = None) -> str:
    """Train ``config`` (default: a tiny CNN, 2 epochs) in this process; return the run id."""
    run_id = tracking.create_run(config or tiny_config())
    status = jobs.execute(run_id)
    assert status == "finished", tracking.get_run(run_id).error
    return run_id


def failed_run(message: str = "the loss became nan at epoch 1, batch 1") -> str:
    """A run that failed with ``message``, without training."""
    run_id = tracking.create_run(tiny_config(), status="running")
    tracking.set_status(run_id, "failed", message)
    return run_id
