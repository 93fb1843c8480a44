"""Runs for the training pages' tests: trained in this process (no Ray), or written.

``jobs.execute`` is the job body the Ray workers run: a run created as queued and
executed here ends up in the store exactly as a submitted one does, in a few seconds.
:func:`recorded_run` writes a run's metrics, tags, model and confusion matrix straight
to the store, in any status, without training.
"""

from __future__ import annotations

import base64
import functools
import json
import tempfile
import time
from pathlib import Path

import numpy as np

from streamlit.testing.v1 import AppTest

from cnncore import datasets, jobs, store

from cnncore.nn import models, training
from dashboard import i18n, nav

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
    run_id = store.create_run(config or tiny_config())
    status = jobs.execute(run_id)
    assert status == "finished", store.get_run(run_id).error
    return run_id


def failed_run(message: str = "the loss became nan at epoch 1, batch 1") -> str:
    """A run that failed with ``message``, without training."""
    run_id = store.create_run(tiny_config(), status="running")
    store.set_status(run_id, "failed", message)
    return run_id


# A history that overfits: training accuracy climbs, validation stalls and its loss turns.
OVERFITTING = (
    {"accuracy": 0.55, "val_accuracy": 0.50, "loss": 1.10, "val_loss": 1.15},
    {"accuracy": 0.80, "val_accuracy": 0.62, "loss": 0.60, "val_loss": 0.95},
    {"accuracy": 0.93, "val_accuracy": 0.64, "loss": 0.25, "val_loss": 1.05},
    {"accuracy": 0.99, "val_accuracy": 0.63, "loss": 0.05, "val_loss": 1.30},
)


def recorded_run(config: training.RunConfig | None = None, *, status: str = "finished",
                 history=OVERFITTING, device: str = "CPU", tags: dict | None = None,
                 sweep: str | None = None, model: bool = False, confusion: list | None = None,
                 error: str | None = None, code: str | None = None, values: dict | None = None,
                 run_id: str | None = None) -> str:
    """A run written straight to the store, as a job would leave it, without training.

    ``history``: one dict of :data:`store.METRICS` per epoch. ``model``: save the untrained
    Keras model of ``config`` as the run's ``model/model.keras`` (imports Keras).
    ``confusion``: the validation matrix (rows true, columns predicted) over the data set's
    class names. ``run_id``: a run made already (a sweep's trial) instead of a new one.
    """
    from mlflow.entities import Metric, RunTag

    config = config or tiny_config()
    run_id = run_id or store.create_run(config, status="running", sweep=sweep, tags=tags)
    now = time.time()
    epochs = list(history)
    metrics = [Metric(key, float(row[key]), int(now * 1000), epoch)
               for epoch, row in enumerate(epochs, start=1) for key in store.METRICS if key in row]
    run_tags = {"device": device, store.TAG_STARTED: str(now - 5 * len(epochs) - 1),
                store.TAG_HEARTBEAT: str(now), store.TAG_EPOCHS_DONE: str(len(epochs)),
                store.TAG_PROGRESS: json.dumps({"epoch": len(epochs) + (status == "running"),
                                                "epochs": config.train.epochs, "batch": 2,
                                                "batches": 5, "samples_per_s": 1234.0})}
    if epochs:
        run_tags |= {tag: str(max(row[key] for row in epochs)) for key, tag in store.TAG_BEST.items()}
    client = store.client()
    client.log_batch(run_id, metrics=metrics, tags=[RunTag(k, v) for k, v in run_tags.items()])
    if model:
        _save_model(run_id, config)
    if confusion is not None:
        names = datasets.CLASS_NAMES.get(config.dataset) or [str(i) for i in range(len(confusion))]
        client.log_dict(run_id, {"class_names": list(names), "matrix": confusion}, "confusion_matrix.json")
    store.set_status(run_id, status, error, code=code, values=values)
    return run_id


def _save_model(run_id: str, config: training.RunConfig) -> None:
    data = datasets.load(config.dataset, limit=config.limit, **config.dataset_options)
    keras_model = models.build_model(config.model, data.image_shape, data.num_classes)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.keras"
        keras_model.save(path)
        store.client().log_artifact(run_id, str(path), "model")


# --------------------------------------------------------------------------- page tests

APP = str(nav.ROOT / "dashboard" / "app.py")
TIMEOUT = 120   # a page that imports TensorFlow pays ~5 s, more on a busy machine


def open_page(path: str, *, query: dict | None = None, session: dict | None = None,
              lang: str = "en") -> AppTest:
    """The app shell switched to ``path`` (``"pages/train.py"``) and run once."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state[i18n.LANG_KEY] = lang
    for key, value in (session or {}).items():
        at.session_state[key] = value
    at.run()
    at.switch_page(f"../{path}")
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def figures(at: AppTest) -> list[dict]:
    """The plotly figures on the page, as dicts (``data``, ``layout``), arrays as lists."""
    return [_decode(json.loads(chart.proto.spec)) for chart in at.get("plotly_chart")]


def _decode(value):
    """Plotly's typed arrays (``{"dtype": "i1", "bdata": …}``) back to lists."""
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value:
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
            shape = [int(n) for n in str(value.get("shape", len(array))).split(",")]
            return array.reshape(shape).tolist()
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@functools.cache
def shared_runs(home: str) -> dict[str, str]:
    """Runs for the read-only page tests, trained once per store: two tiny CNNs that
    differ in learning rate, a dense network and a failed run."""
    return {
        "cnn": finished_run(tiny_config()),
        "cnn_fast": finished_run(tiny_config(learning_rate=0.01)),
        "dense": finished_run(tiny_config(models.ModelConfig(name="tiny-dense",
                                                             dense_layers=(models.DenseLayer(16),)))),
        "failed": failed_run(),
    }


def fake_submit(run_config, **_) -> str:
    """``jobs.submit`` without Ray: the run trains to the end before this returns."""
    run_id = store.create_run(run_config)
    jobs.execute(run_id)
    return run_id
