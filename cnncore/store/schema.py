"""What a run looks like in MLflow: states, metrics, tags, table columns, and one row per run.

States map onto MLflow's: queued = SCHEDULED, running = RUNNING, finished = FINISHED,
failed = FAILED, stopped = KILLED. Pure data and parsing: no MLflow import.
"""

from __future__ import annotations

import os
import socket

from cnncore.store.owners import owner_of

STATUSES = ("queued", "running", "finished", "failed", "stopped")
ACTIVE = ("queued", "running")               # may still train: stop it before deleting; counts against the cap
ENDED = ("finished", "failed", "stopped")    # will not change again
TO_MLFLOW = {"queued": "SCHEDULED", "running": "RUNNING", "finished": "FINISHED",
             "failed": "FAILED", "stopped": "KILLED"}
FROM_MLFLOW = {v: k for k, v in TO_MLFLOW.items()}
METRICS = ("loss", "accuracy", "val_loss", "val_accuracy")
HEARTBEAT_S = 2.0            # how often a running job proves it is alive
PARAM_BATCH = 100            # MLflow accepts at most 100 params per log_batch call
TAG_CONFIG = "cnnlab.config"
TAG_ERROR = "cnnlab.error"
TAG_ERROR_CODE = "cnnlab.error_code"      # what went wrong, for a translated message
TAG_ERROR_VALUES = "cnnlab.error_values"  # the numbers in it, JSON
TAG_HEARTBEAT = "cnnlab.heartbeat"
TAG_PROGRESS = "cnnlab.progress"
TAG_STARTED = "cnnlab.started"
TAG_STOP = "cnnlab.stop_requested"
TAG_WORKER = "cnnlab.worker"          # host:pid of the training process
TAG_SUBMITTER = "cnnlab.submitter"    # host:pid of the process that queued the run
TAG_EPOCHS_DONE = "cnnlab.epochs_done"
TAG_ATTEMPT = "cnnlab.attempt"        # "<n> <token>": the scheduler's n-th hand-over; only that token may train
TAG_TRAINS_IN = "cnnlab.trains_in"    # who trains it: "scheduler", "sweep", or unset: its creator
TAG_PACE = "cnnlab.paced_by"         # on a sweep's ASHA trial: the next epoch waits for its trial's word
TAG_PACED = "cnnlab.paced_epoch"      # the last epoch the trial has told Tune about
TAG_RESUMED = "cnnlab.resumed_from"   # epochs a resumed run found done (comma-separated, one per resume)
TAG_BEST = {"accuracy": "cnnlab.best_accuracy", "val_accuracy": "cnnlab.best_val_accuracy"}
TABLE_COLUMNS = [
    "run_id", "status", "owner", "dataset", "model", "device", "sweep", "start", "duration",
    "epochs", "epochs_done", "accuracy", "val_accuracy", "best_accuracy",
    "best_val_accuracy", "gap", "error", "error_code", "error_values",
]
HISTORY_COLUMNS = ["run_id", "epoch", *METRICS]
FLOAT_COLUMNS = ("duration", "accuracy", "val_accuracy", "best_accuracy", "best_val_accuracy", "gap")


def flatten(data: dict, prefix: str = "") -> dict[str, str]:
    """``{"train": {"epochs": 5}}`` → ``{"train.epochs": "5"}``; list items by index."""
    out: dict[str, str] = {}
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        name = f"{prefix}{key}"
        if isinstance(value, (dict, list, tuple)):
            out.update(flatten(value, name + "."))
        else:
            out[name] = str(value)
    return out


def here() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def as_float(text) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def as_int(text) -> int | None:
    value = as_float(text)
    return int(value) if value is not None else None


def status_of(run) -> str:
    """An MLflow run's state in CNN Lab's words (one of :data:`STATUSES`)."""
    return FROM_MLFLOW.get(run.info.status, "failed")


def run_row(run, now: float) -> dict:
    """One MLflow run as a row of :data:`TABLE_COLUMNS` (the runs table, a sweep's trials)."""
    import pandas as pd

    tags, metrics, params = run.data.tags, run.data.metrics, run.data.params
    start = as_float(tags.get(TAG_STARTED))
    end = run.info.end_time / 1000 if run.info.end_time else None
    acc, val = metrics.get("accuracy"), metrics.get("val_accuracy")
    return {
        "run_id": run.info.run_id, "status": status_of(run), "owner": owner_of(tags),
        "dataset": tags.get("dataset", ""), "model": tags.get("model", ""),
        "device": tags.get("device", ""), "sweep": tags.get("sweep", ""),
        "start": pd.Timestamp(start or run.info.start_time / 1000, unit="s"),
        "duration": ((end or now) - start) if start else None,
        "epochs": as_int(params.get("train.epochs")), "epochs_done": as_int(tags.get(TAG_EPOCHS_DONE)) or 0,
        "accuracy": acc, "val_accuracy": val,
        "best_accuracy": as_float(tags.get(TAG_BEST["accuracy"])),
        "best_val_accuracy": as_float(tags.get(TAG_BEST["val_accuracy"])),
        "gap": acc - val if acc is not None and val is not None else None,
        "error": tags.get(TAG_ERROR, ""), "error_code": tags.get(TAG_ERROR_CODE, ""),
        "error_values": json_dict(tags.get(TAG_ERROR_VALUES)),
    }


def json_dict(text: str | None) -> dict:
    """A stored JSON object, or ``{}`` for none or anything else.

    >>> json_dict('{"loss": 1.5}'), json_dict(None), json_dict("[1]")
    ({'loss': 1.5}, {}, {})
    """
    import json

    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def as_floats(table, columns=FLOAT_COLUMNS):
    """``table`` with ``columns`` as float64 (None → NaN), in place; returns it."""
    for column in columns:
        if column in table:
            table[column] = table[column].astype("float64")
    return table


def quoted(text: str) -> str:
    """``text`` for a single-quoted MLflow search filter value."""
    return str(text).replace("'", "''")
