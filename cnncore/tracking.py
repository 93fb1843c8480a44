"""The run store: MLflow tracking, written by training jobs, read by the pages.

Where: ``settings.tracking_uri()`` (SQLite in ``$CNNLAB_HOME`` by default, or a shared
MLflow server), artifacts under ``settings.artifact_root()`` for the embedded store,
all in one experiment (``CNNLAB_EXPERIMENT``, default ``cnnlab``).

A run carries:

- params: the whole :class:`~cnncore.training.RunConfig`, flattened
  (``train.learning_rate``, ``model.conv_blocks.0.filters``…), and as JSON in the tag
  ``cnnlab.config`` so that :func:`get_run` gives the config back exactly;
- metrics ``loss``, ``accuracy``, ``val_loss``, ``val_accuracy`` once per epoch, with
  step = the epoch number (1, 2, …);
- tags ``dataset``, ``model``, ``device``, ``sweep`` and ``cnnlab.*`` bookkeeping:
  heartbeat, progress, best accuracies, error, stop request;
- artifacts ``model/model.keras`` and ``confusion_matrix.json`` (validation set).

States map onto MLflow's: queued = SCHEDULED, running = RUNNING, finished = FINISHED,
failed = FAILED, stopped = KILLED.

Writing (in the training process): :class:`RunTracker` owns a background thread that
heartbeats every ``HEARTBEAT_S`` seconds and writes epoch metrics, so the training
loop never waits on the store; its :meth:`RunTracker.keras_callback` is the Keras side.
Reading (in the dashboard): :func:`runs_table`, :func:`histories`, :func:`get_run`,
:func:`confusion_matrix`, :func:`load_model` — one query for the table, one per metric
for any number of histories. Importing this module imports neither Keras nor MLflow.
"""

from __future__ import annotations

import json
import math
import os
import queue
import re
import shutil
import socket
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from cnncore import settings

STATUSES = ("queued", "running", "finished", "failed", "stopped")
TO_MLFLOW = {"queued": "SCHEDULED", "running": "RUNNING", "finished": "FINISHED",
             "failed": "FAILED", "stopped": "KILLED"}
FROM_MLFLOW = {v: k for k, v in TO_MLFLOW.items()}
METRICS = ("loss", "accuracy", "val_loss", "val_accuracy")
HEARTBEAT_S = 2.0            # how often a running job proves it is alive
PARAM_BATCH = 100            # MLflow accepts at most 100 params per log_batch call
TAG_CONFIG = "cnnlab.config"
TAG_ERROR = "cnnlab.error"
TAG_HEARTBEAT = "cnnlab.heartbeat"
TAG_PROGRESS = "cnnlab.progress"
TAG_STARTED = "cnnlab.started"
TAG_STOP = "cnnlab.stop_requested"
TAG_WORKER = "cnnlab.worker"          # host:pid of the training process
TAG_SUBMITTER = "cnnlab.submitter"    # host:pid of the process that queued the run
TAG_EPOCHS_DONE = "cnnlab.epochs_done"
TAG_BEST = {"accuracy": "cnnlab.best_accuracy", "val_accuracy": "cnnlab.best_val_accuracy"}
TABLE_COLUMNS = [
    "run_id", "status", "dataset", "model", "device", "sweep", "start", "duration",
    "epochs", "epochs_done", "accuracy", "val_accuracy", "best_accuracy",
    "best_val_accuracy", "gap", "error",
]
HISTORY_COLUMNS = ["run_id", "epoch", *METRICS]

_clients: dict[str, Any] = {}
_experiments: dict[tuple[str, str], str] = {}
_lock = threading.Lock()


# --------------------------------------------------------------------------- the store

class StoreUnavailable(RuntimeError):
    """The tracking store (``MLFLOW_TRACKING_URI``) cannot be opened."""


def _probe_database(uri: str, timeout_s: int = 5) -> None:
    """Connect once to a database store, so that a wrong URI fails fast and says why."""
    import sqlalchemy

    args = {"connect_timeout": timeout_s} if uri.startswith("postgresql") else {}
    engine = sqlalchemy.create_engine(uri, connect_args=args)
    try:
        with engine.connect():
            pass
    finally:
        engine.dispose()


def _redacted(uri: str) -> str:
    """``uri`` without its password: ``postgresql://user:***@host/db``."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", uri)


def client():
    """The ``MlflowClient`` for ``settings.tracking_uri()`` (one per URI per process)."""
    uri = settings.tracking_uri()
    with _lock:
        if uri not in _clients:
            from mlflow.tracking import MlflowClient

            if uri.startswith("sqlite:///"):
                Path(uri[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
            # An unreachable store must fail in seconds, not after MLflow's minutes of retries.
            os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "2")
            os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", "20")
            try:
                if "://" in uri and not uri.startswith(("sqlite:", "http:", "https:", "file:")):
                    _probe_database(uri)
                _clients[uri] = MlflowClient(uri)
            except Exception as exc:   # a missing driver, a refused connection, bad credentials
                raise StoreUnavailable(
                    f"cannot open the run store at {_redacted(uri)}: {type(exc).__name__}: {exc}"
                ) from exc
        return _clients[uri]


def experiment_id() -> str:
    """The id of CNN Lab's experiment, created on first use."""
    uri, name = settings.tracking_uri(), os.environ.get("CNNLAB_EXPERIMENT") or "cnnlab"
    if (uri, name) in _experiments:
        return _experiments[uri, name]
    from mlflow.exceptions import MlflowException

    c = client()
    found = c.get_experiment_by_name(name)
    if found is None:
        # An MLflow server decides where artifacts go; with a database URI (the embedded
        # SQLite or a team's PostgreSQL) they go under CNNLAB_HOME, not the working folder.
        location = None if uri.startswith(("http://", "https://")) else settings.artifact_root().as_uri()
        try:
            c.create_experiment(name, artifact_location=location)
        except MlflowException:          # another process created it first
            pass
        found = c.get_experiment_by_name(name)
    _experiments[uri, name] = found.experiment_id
    return found.experiment_id


def create_run(run_config, *, status: str = "queued", sweep: str | None = None,
               tags: dict[str, str] | None = None) -> str:
    """Record a new run of ``run_config`` (a ``RunConfig``) and return its id.

    The whole config goes in as params (flattened) and as JSON; ``sweep`` groups runs.
    """
    from mlflow.entities import Param, RunTag

    if status not in ("queued", "running"):
        raise ValueError(f"a new run is queued or running. Received: status={status!r}")
    config = run_config.to_dict()
    base = {
        "dataset": run_config.dataset, "model": run_config.model.name,
        "sweep": sweep or "", "device": "", TAG_CONFIG: json.dumps(config),
        TAG_SUBMITTER: _here(), "mlflow.runName": f"{run_config.model.name} · {run_config.dataset}",
    }
    c = client()
    run = c.create_run(experiment_id(), tags=base | dict(tags or {}))
    run_id = run.info.run_id
    params = [Param(k, v) for k, v in flatten(config).items()]
    for i in range(0, len(params), PARAM_BATCH):
        c.log_batch(run_id, params=params[i:i + PARAM_BATCH])
    if status == "queued":
        c.update_run(run_id, status=TO_MLFLOW["queued"])
    return run_id


def set_status(run_id: str, status: str, error: str | None = None) -> None:
    """Move a run to ``status`` (one of :data:`STATUSES`); ``error`` says why it failed."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}. Received: status={status!r}")
    c = client()
    if error:
        c.set_tag(run_id, TAG_ERROR, error[:4000])
    if status in ("queued", "running"):
        c.update_run(run_id, status=TO_MLFLOW[status])
    else:
        c.set_terminated(run_id, status=TO_MLFLOW[status])


def request_stop(run_id: str) -> None:
    """Ask the run's training to stop; its callback sees the request within one batch."""
    path = _stop_file(run_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()                              # seen at the next batch by a local worker
    client().set_tag(run_id, TAG_STOP, "1")   # seen within HEARTBEAT_S by a remote one


def delete_runs(run_ids: Iterable[str]) -> None:
    """Delete runs from the store (and their local artifacts and stop requests)."""
    c = client()
    for run_id in run_ids:
        run = c.get_run(run_id)
        c.delete_run(run_id)
        uri = run.info.artifact_uri or ""
        if uri.startswith("file://"):
            shutil.rmtree(Path(uri[len("file://"):]).parent, ignore_errors=True)
        _stop_file(run_id).unlink(missing_ok=True)


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


# --------------------------------------------------------------------------- writing

class RunTracker:
    """The training process's side of one run: status, heartbeat, metrics, artifacts.

    A daemon thread does every write: a heartbeat (with the latest progress) every
    ``heartbeat_s`` seconds, and epoch metrics as soon as they are queued, so the
    training loop never waits on the store. It also polls the stop-request tag.
    """

    def __init__(self, run_id: str, *, heartbeat_s: float = HEARTBEAT_S):
        self.run_id = run_id
        self.heartbeat_s = heartbeat_s
        self.progress: dict[str, Any] = {}
        self.best: dict[str, float] = {}
        self.epochs_done = 0
        self._stop_seen = False
        self._stop_file = _stop_file(run_id)
        self._queue: queue.Queue = queue.Queue()
        self._done = threading.Event()
        self._wake = threading.Event()
        self.batch_size: int | None = None
        self._thread: threading.Thread | None = None
        self.write_error: BaseException | None = None   # the last failed write, for debugging

    def start(self, *, device: str, batch_size: int | None = None) -> None:
        """Mark the run running on ``device`` and start heartbeating."""
        from mlflow.entities import RunTag

        self.batch_size = batch_size

        now = str(time.time())
        client().log_batch(self.run_id, tags=[
            RunTag("device", device), RunTag(TAG_STARTED, now), RunTag(TAG_HEARTBEAT, now),
            RunTag(TAG_WORKER, _here()),
        ])
        set_status(self.run_id, "running")
        self._thread = threading.Thread(target=self._loop, name=f"cnnlab-tracker-{self.run_id[:8]}",
                                        daemon=True)
        self._thread.start()

    @property
    def stop_requested(self) -> bool:
        """Whether someone asked this run to stop (a file check: microseconds)."""
        if not self._stop_seen and self._stop_file.exists():
            self._stop_seen = True
        return self._stop_seen

    def log_epoch(self, epoch: int, logs: dict) -> None:
        """Queue epoch ``epoch``'s (1, 2, …) metrics for writing."""
        metrics = {k: float(logs[k]) for k in METRICS if k in logs}
        for k in TAG_BEST:
            if k in metrics and math.isfinite(metrics[k]):
                self.best[k] = max(self.best.get(k, -math.inf), metrics[k])
        self.epochs_done = epoch
        self._queue.put((epoch, metrics, dict(self.best)))
        self._wake.set()

    def finish(self, status: str, error: str | None = None) -> None:
        """Write what is queued, stop the heartbeat, and record the final status."""
        self._done.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
        self._flush()
        set_status(self.run_id, status, error)
        self._stop_file.unlink(missing_ok=True)

    def log_model(self, model) -> None:
        """Save the Keras ``model`` as the artifact ``model/model.keras``."""
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "model.keras"
            model.save(path)
            client().log_artifact(self.run_id, str(path), "model")

    def log_confusion_matrix(self, class_names, matrix) -> None:
        """Store the validation confusion matrix (rows true, columns predicted)."""
        client().log_dict(self.run_id, {"class_names": list(class_names),
                                        "matrix": [[int(v) for v in row] for row in matrix]},
                          "confusion_matrix.json")

    def keras_callback(self):
        """A ``keras.callbacks.Callback`` that reports progress and honours stop requests."""
        return _keras_callback_class()(self)

    # the writer thread ---------------------------------------------------------------
    def _loop(self) -> None:
        next_beat = 0.0
        while not self._done.is_set():
            try:
                self._flush()
                if time.monotonic() >= next_beat:
                    self._beat()
                    next_beat = time.monotonic() + self.heartbeat_s
            except Exception as exc:      # a flaky store must not kill the training
                self.write_error = exc
            self._wake.wait(timeout=0.2)  # log_epoch wakes it at once
            self._wake.clear()

    def _flush(self) -> None:
        from mlflow.entities import Metric, RunTag

        while True:
            try:
                epoch, metrics, best = self._queue.get_nowait()
            except queue.Empty:
                return
            ms = int(time.time() * 1000)
            tags = [RunTag(TAG_BEST[k], repr(v)) for k, v in best.items()]
            tags += [RunTag(TAG_EPOCHS_DONE, str(epoch)), RunTag(TAG_HEARTBEAT, str(time.time()))]
            client().log_batch(self.run_id, metrics=[Metric(k, v, ms, epoch) for k, v in metrics.items()],
                               tags=tags)

    def _beat(self) -> None:
        from mlflow.entities import RunTag

        c = client()
        c.log_batch(self.run_id, tags=[RunTag(TAG_HEARTBEAT, str(time.time())),
                                       RunTag(TAG_PROGRESS, json.dumps(self.progress))])
        if not self._stop_seen and c.get_run(self.run_id).data.tags.get(TAG_STOP):
            self._stop_seen = True


def _keras_callback_class():
    import keras

    class TrackingCallback(keras.callbacks.Callback):
        """Progress to a :class:`RunTracker`; stops the model when a stop is requested."""

        def __init__(self, tracker: RunTracker):
            super().__init__()
            self.tracker = tracker
            self.stopped = False

        def on_train_begin(self, logs=None):
            self.epochs = self.params.get("epochs")
            self.batches = self.params.get("steps")

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch + 1
            self.t0 = time.perf_counter()
            self.seen = 0

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
            if not self.stopped:          # a stopped epoch is partial: not a point on the curve
                self.tracker.log_epoch(epoch + 1, logs or {})

    return TrackingCallback


# --------------------------------------------------------------------------- reading

@dataclass(frozen=True)
class RunRecord:
    """One run as the pages see it (:func:`get_run`)."""

    run_id: str
    status: str                       # one of STATUSES
    config: Any                       # RunConfig, or None if the stored config is unreadable
    error: str
    device: str
    sweep: str
    start: float | None               # training start, Unix seconds (None while queued)
    end: float | None
    heartbeat_age: float | None       # seconds since the last heartbeat
    progress: dict = field(default_factory=dict)   # epoch, epochs, batch, batches, samples_per_s
    metrics: dict = field(default_factory=dict)    # latest value of each metric
    tags: dict = field(default_factory=dict)


def runs_table(*, max_results: int = 1000, params: bool = False):
    """All runs, newest first, one row each (one store query).

    Columns: :data:`TABLE_COLUMNS` — ``status`` is one of :data:`STATUSES`, ``start``
    a ``Timestamp`` (training start, else queueing time), ``duration`` seconds,
    ``epochs`` planned, ``epochs_done``, final and best ``accuracy``/``val_accuracy``,
    ``gap`` = final accuracy − final val_accuracy. ``params=True`` adds every flattened
    config value as a ``param.<name>`` column (for sweeps).
    """
    import pandas as pd

    runs = client().search_runs([experiment_id()], max_results=max_results,
                                order_by=["attributes.start_time DESC"])
    rows = []
    now = time.time()
    for run in runs:
        tags, metrics, p = run.data.tags, run.data.metrics, run.data.params
        start = _float(tags.get(TAG_STARTED))
        end = run.info.end_time / 1000 if run.info.end_time else None
        acc, val = metrics.get("accuracy"), metrics.get("val_accuracy")
        row = {
            "run_id": run.info.run_id, "status": FROM_MLFLOW.get(run.info.status, "failed"),
            "dataset": tags.get("dataset", ""), "model": tags.get("model", ""),
            "device": tags.get("device", ""), "sweep": tags.get("sweep", ""),
            "start": pd.Timestamp(start or run.info.start_time / 1000, unit="s"),
            "duration": ((end or now) - start) if start else None,
            "epochs": _int(p.get("train.epochs")), "epochs_done": _int(tags.get(TAG_EPOCHS_DONE)) or 0,
            "accuracy": acc, "val_accuracy": val,
            "best_accuracy": _float(tags.get(TAG_BEST["accuracy"])),
            "best_val_accuracy": _float(tags.get(TAG_BEST["val_accuracy"])),
            "gap": acc - val if acc is not None and val is not None else None,
            "error": tags.get(TAG_ERROR, ""),
        }
        if params:
            row |= {f"param.{k}": v for k, v in p.items()}
        rows.append(row)
    table = pd.DataFrame(rows, columns=None if rows and params else TABLE_COLUMNS)
    for column in ("duration", "accuracy", "val_accuracy", "best_accuracy", "best_val_accuracy", "gap"):
        table[column] = table[column].astype("float64")
    return table


def histories(run_ids: Iterable[str], since: dict[str, int] | None = None):
    """Per-epoch metrics of ``run_ids`` in long format (one query per metric).

    Columns :data:`HISTORY_COLUMNS`, one row per run and epoch (1, 2, …), sorted.
    ``since={run_id: last_epoch_seen}`` keeps only later epochs of those runs, so a
    page that polls appends what is new.
    """
    import pandas as pd

    run_ids = list(dict.fromkeys(run_ids))
    if not run_ids:
        return pd.DataFrame(columns=HISTORY_COLUMNS)
    c = client()
    store = c._tracking_client.store
    records = []
    for key in METRICS:
        if hasattr(store, "get_metric_history_bulk"):     # SQL stores: all runs at once
            points = [(m.run_id, m) for m in store.get_metric_history_bulk(run_ids, key, 10**9)]
        else:
            points = [(r, m) for r in run_ids for m in c.get_metric_history(r, key)]
        records += [(rid, m.step, key, m.value) for rid, m in points]
    long = pd.DataFrame(records, columns=["run_id", "epoch", "key", "value"])
    if since:
        floor = long["run_id"].map(since).fillna(-1)
        long = long[long["epoch"] > floor]
    wide = (long.drop_duplicates(["run_id", "epoch", "key"], keep="last")
            .pivot(index=["run_id", "epoch"], columns="key", values="value")
            .reset_index())
    wide = wide.reindex(columns=HISTORY_COLUMNS)
    wide["epoch"] = wide["epoch"].astype("int64")
    order = {r: i for i, r in enumerate(run_ids)}
    return (wide.sort_values(["run_id", "epoch"], key=lambda s: s.map(order) if s.name == "run_id" else s)
            .reset_index(drop=True))


def get_run(run_id: str) -> RunRecord:
    """One run's status, config, error, progress and device (raises ``ValueError`` if unknown)."""
    from mlflow.exceptions import MlflowException

    try:
        run = client().get_run(run_id)
    except MlflowException as exc:
        raise ValueError(f"no such run. Received: run_id={run_id!r}") from exc
    if run.info.lifecycle_stage == "deleted":
        raise ValueError(f"the run was deleted. Received: run_id={run_id!r}")
    tags = run.data.tags
    beat = _float(tags.get(TAG_HEARTBEAT))
    return RunRecord(
        run_id=run_id, status=FROM_MLFLOW.get(run.info.status, "failed"),
        config=_config(tags.get(TAG_CONFIG)), error=tags.get(TAG_ERROR, ""),
        device=tags.get("device", ""), sweep=tags.get("sweep", ""),
        start=_float(tags.get(TAG_STARTED)),
        end=run.info.end_time / 1000 if run.info.end_time else None,
        heartbeat_age=time.time() - beat if beat else None,
        progress=json.loads(tags.get(TAG_PROGRESS) or "{}"),
        metrics=dict(run.data.metrics), tags=dict(tags),
    )


def active_runs() -> list[RunRecord]:
    """Runs that are queued or running, as :class:`RunRecord` (for reconciling)."""
    c, exp = client(), experiment_id()
    out = []
    for status in ("SCHEDULED", "RUNNING"):
        for run in c.search_runs([exp], filter_string=f"attributes.status = '{status}'", max_results=10_000):
            out.append(get_run(run.info.run_id))
    return out


def confusion_matrix(run_id: str):
    """The run's validation confusion matrix: rows true class, columns predicted class."""
    import pandas as pd

    data = json.loads(_artifact_text(run_id, "confusion_matrix.json"))
    names = data["class_names"]
    return pd.DataFrame(data["matrix"], index=pd.Index(names, name="true"),
                        columns=pd.Index(names, name="predicted"))


def load_model(run_id: str):
    """The trained Keras model of a finished run (imports Keras)."""
    import keras

    with tempfile.TemporaryDirectory() as tmp:
        path = _download(run_id, "model/model.keras", tmp)
        return keras.saving.load_model(path)


def _artifact_text(run_id: str, name: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        return Path(_download(run_id, name, tmp)).read_text()


def _download(run_id: str, name: str, folder: str) -> str:
    from mlflow.exceptions import MlflowException

    try:
        return client().download_artifacts(run_id, name, folder)
    except (MlflowException, OSError) as exc:
        raise ValueError(f"the run has no {name} (it may not have finished). "
                         f"Received: run_id={run_id!r}") from exc


def _config(text: str | None):
    from cnncore.training import RunConfig   # NumPy-only import chain: no Keras

    try:
        return RunConfig.from_dict(json.loads(text)) if text else None
    except (ValueError, TypeError):
        return None


def _stop_file(run_id: str) -> Path:
    return settings.cnnlab_home() / "stops" / run_id


def _here() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _float(text) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def _int(text) -> int | None:
    value = _float(text)
    return int(value) if value is not None else None
