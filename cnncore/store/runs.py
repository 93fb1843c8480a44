"""Runs in the store: create, move between states, stop, delete, and read back."""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from cnncore import settings
from cnncore.errors import InvalidInput
from cnncore.store import owners
from cnncore.store.connection import client, experiment_id, redacted
from cnncore.store.schema import (
    ACTIVE, HISTORY_COLUMNS, METRICS, PARAM_BATCH, STATUSES, TABLE_COLUMNS, TAG_CONFIG, TAG_ERROR,
    TAG_ERROR_CODE, TAG_ERROR_VALUES, TAG_HEARTBEAT, TAG_PROGRESS, TAG_STARTED, TAG_STOP,
    TAG_SUBMITTER, TO_MLFLOW, as_float, as_floats, flatten, here, quoted, run_row, status_of)

def create_run(run_config, *, status: str = "queued", sweep: str | None = None,
               tags: dict[str, str] | None = None, owner: str = owners.LOCAL) -> str:
    """Record a new run of ``run_config`` (a ``RunConfig``) and return its id.

    The whole config goes in as params (flattened) and as JSON; ``sweep`` groups runs;
    ``owner`` (an e-mail, ``local`` or an OS user) goes in MLflow's user tag.
    """
    from mlflow.entities import Param

    if status not in ACTIVE:
        raise ValueError(f"a new run is queued or running. Received: status={status!r}")  # internal
    config = run_config.to_dict()
    base = {
        "dataset": run_config.dataset, "model": run_config.model.name,
        "sweep": sweep or "", "device": "", TAG_CONFIG: json.dumps(config),
        TAG_SUBMITTER: here(), owners.TAG_USER: owners.check_user(owner),
        "mlflow.runName": f"{run_config.model.name} · {run_config.dataset}",
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


def set_status(run_id: str, status: str, error: str | None = None, *, code: str | None = None,
               values: dict | None = None) -> None:
    """Move a run to ``status`` (one of :data:`STATUSES`); ``error`` says why it failed, in
    English, and ``code`` with ``values`` (an :class:`~cnncore.errors.InvalidInput`'s) let
    a page say it in the reader's language."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}. Received: status={status!r}")  # internal
    c = client()
    if error:
        c.set_tag(run_id, TAG_ERROR, redacted(error)[:4000])   # never a store password or token
    if code:
        c.set_tag(run_id, TAG_ERROR_CODE, code)
        c.set_tag(run_id, TAG_ERROR_VALUES, json.dumps(values or {}, default=str)[:4000])
    if status in ACTIVE:
        c.update_run(run_id, status=TO_MLFLOW[status])
    else:
        c.set_terminated(run_id, status=TO_MLFLOW[status])


def request_stop(run_id: str) -> None:
    """Ask the run's training to stop; its callback sees the request within one batch."""
    path = stop_file(run_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()                              # seen at the next batch by a local worker
    client().set_tag(run_id, TAG_STOP, "1")   # seen within HEARTBEAT_S by a remote one


def delete_runs(run_ids: Iterable[str], *, user: str = owners.LOCAL) -> None:
    """Delete runs from the store (and their local artifacts and stop requests), as ``user``.

    Raises ``PermissionError`` before deleting anything if ``user`` may not delete one of
    them (:func:`cnncore.store.owners.may_act`). A queued or running run is asked to stop
    first: its training ends within a batch and writes nothing more (its stop file stays
    until then, and its tracker removes it).
    """
    c = client()
    found = [c.get_run(run_id) for run_id in run_ids]
    for run in found:
        owners.check(user, "delete", f"run {run.info.run_id}", owners.owner_of(run.data.tags))
    for run in found:
        run_id = run.info.run_id
        active = run.info.lifecycle_stage != "deleted" and status_of(run) in ACTIVE
        if active:
            request_stop(run_id)
        c.delete_run(run_id)
        uri = run.info.artifact_uri or ""
        if uri.startswith("file://"):
            shutil.rmtree(Path(uri[len("file://"):]).parent, ignore_errors=True)
        if not active:
            stop_file(run_id).unlink(missing_ok=True)


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
    owner: str = owners.LOCAL         # mlflow.user: who may stop, delete or edit it


def check_may(run_id: str, user: str, action: str) -> RunRecord:
    """The run, once ``user`` may ``action`` it (``"stop"``, ``"delete"``, ``"edit"``);
    else ``PermissionError`` naming the run, the user and the owner."""
    record = get_run(run_id)
    owners.check(user, action, f"run {run_id}", record.owner)
    return record


def count_active(owner: str) -> int:
    """How many of ``owner``'s runs are queued or running (two store queries)."""
    c, exp, who = client(), experiment_id(), quoted(owners.check_user(owner))
    return sum(len(c.search_runs([exp], max_results=10_000, filter_string=(
        f"attributes.status = '{status}' and tags.`{owners.TAG_USER}` = '{who}'")))
        for status in (TO_MLFLOW["queued"], TO_MLFLOW["running"]))


def recent_durations(limit: int = 20) -> list[float]:
    """Training seconds of the ``limit`` most recently started finished runs (for estimates)."""
    found = client().search_runs([experiment_id()], max_results=limit,
                                 filter_string=f"attributes.status = '{TO_MLFLOW['finished']}'",
                                 order_by=["attributes.start_time DESC"])
    out = []
    for run in found:
        start = as_float(run.data.tags.get(TAG_STARTED))
        if start and run.info.end_time:
            out.append(max(0.0, run.info.end_time / 1000 - start))
    return out


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
    now = time.time()
    rows = [run_row(run, now) | ({f"param.{k}": v for k, v in run.data.params.items()} if params else {})
            for run in runs]
    return as_floats(pd.DataFrame(rows, columns=None if rows and params else TABLE_COLUMNS))


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


_NOT_FOUND = ("RESOURCE_DOES_NOT_EXIST", "INVALID_PARAMETER_VALUE")   # MLflow's codes for a bad id


def get_run(run_id: str) -> RunRecord:
    """One run's status, config, error, progress and device (raises ``ValueError`` if unknown)."""
    from mlflow.exceptions import MlflowException

    try:
        run = client().get_run(run_id)
    except MlflowException as exc:
        if getattr(exc, "error_code", "") not in _NOT_FOUND:
            raise                         # a busy or unreachable store is not a missing run
        raise InvalidInput("run_unknown", f"no such run. Received: run_id={run_id!r}",
                           run_id=str(run_id)[:100]) from exc
    if run.info.lifecycle_stage == "deleted":
        raise InvalidInput("run_deleted", f"the run was deleted. Received: run_id={run_id!r}", run_id=run_id)
    tags = run.data.tags
    beat = as_float(tags.get(TAG_HEARTBEAT))
    return RunRecord(
        run_id=run_id, status=status_of(run),
        config=_config(tags.get(TAG_CONFIG)), error=tags.get(TAG_ERROR, ""),
        device=tags.get("device", ""), sweep=tags.get("sweep", ""),
        start=as_float(tags.get(TAG_STARTED)),
        end=run.info.end_time / 1000 if run.info.end_time else None,
        heartbeat_age=time.time() - beat if beat else None,
        progress=json.loads(tags.get(TAG_PROGRESS) or "{}"),
        metrics=dict(run.data.metrics), tags=dict(tags), owner=owners.owner_of(tags),
    )


def still_active(run_ids: list[str], timeout: float = 15.0) -> list[str]:
    """The runs of ``run_ids`` still queued or running after up to ``timeout`` seconds
    (a trial that Tune just stopped takes a moment to write its last status)."""
    deadline = time.monotonic() + timeout
    while run_ids:
        run_ids = [r for r in run_ids if get_run(r).status in ACTIVE]
        if not run_ids or time.monotonic() > deadline:
            break
        time.sleep(0.25)
    return run_ids


def active_runs() -> list[RunRecord]:
    """Runs that are queued or running, as :class:`RunRecord` (for reconciling)."""
    c, exp = client(), experiment_id()
    out = []
    for status in (TO_MLFLOW[s] for s in ACTIVE):
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
        raise InvalidInput("run_artifact_missing", f"the run has no {name} (it may not have finished). "
                           f"Received: run_id={run_id!r}", name=name, run_id=run_id) from exc


def _config(text: str | None):
    from cnncore.nn.training import RunConfig   # NumPy-only import chain: no Keras

    try:
        return RunConfig.from_dict(json.loads(text)) if text else None
    except (ValueError, TypeError):
        return None


def stop_file(run_id: str) -> Path:
    return settings.cnnlab_home() / "stops" / run_id
