"""Sweeps in the store: one MLflow run per sweep in the experiment ``<experiment>-sweeps``
(name, config, status, heartbeat), so it never shows up among the runs; its trials are
ordinary runs tagged ``sweep=<sweep id>``.
"""

from __future__ import annotations

import json
import re
import secrets
import time

from cnncore import settings
from cnncore.errors import InvalidInput
from cnncore.nn.space import SweepConfig
from cnncore.store import owners, runs
from cnncore.store.connection import client, experiment_id
from cnncore.store.schema import (
    ACTIVE, TAG_ERROR, TAG_HEARTBEAT, TAG_STOP, as_float, as_floats, here, quoted, run_row, status_of)

STATUSES = ("running", "finished", "failed", "stopped")
METRIC = "val_accuracy"                 # what ASHA and "best" go by (last epoch, maximised)
HEARTBEAT_S = 2.0                       # the driver proves it is alive this often
STALE_S = 30.0                          # a running sweep silent this long lost its driver
TAG_ID = "cnnlab.sweep_id"
TAG_CONFIG = "cnnlab.sweep_config"
TAG_PARAMS = "cnnlab.trial_params"      # on a trial: the values it was given, JSON
TAG_TRIAL = "cnnlab.trial"              # on a trial: its number in the sweep, 1-based
TAG_TUNE_ID = "cnnlab.tune_trial_id"
TAG_EARLY = "cnnlab.early_stopped"      # on a trial: why it ended before its last epoch
TAG_DRIVER = "cnnlab.driver"
SWEEPS_COLUMNS = ["sweep_id", "name", "status", "owner", "dataset", "model", "space", "trials",
                  "finished", "failed", "stopped", "active", "best_val_accuracy", "best_run_id",
                  "start", "duration", "error"]
TRIAL_COLUMNS = ["run_id", "trial", "status", "early_stopped", "epochs_done", "epochs",
                 "accuracy", "val_accuracy", "best_val_accuracy", "gap", "duration", "start",
                 "error", "error_code", "error_values"]


def sweeps_table():
    """All sweeps, newest first, one row each: :data:`SWEEPS_COLUMNS`."""
    import pandas as pd

    records = sweep_runs()
    trials_by_sweep = trial_frame(None).groupby("sweep") if records else {}
    now = time.time()
    rows = []
    for record in records:
        tags = record.data.tags
        sweep_id = tags.get(TAG_ID, "")
        config = _config(tags.get(TAG_CONFIG))
        trials = (trials_by_sweep.get_group(sweep_id)
                  if sweep_id in getattr(trials_by_sweep, "groups", {}) else _empty_trials())
        best = _best_row(trials)
        start, end = record.info.start_time / 1000, (record.info.end_time or 0) / 1000 or None
        counts = trials["status"].value_counts()
        rows.append({
            "sweep_id": sweep_id, "name": record.info.run_name or sweep_id,
            "status": status_of(record), "owner": owners.owner_of(tags),
            "dataset": config.base.dataset if config else "", "model": config.base.model.name if config else "",
            "space": " × ".join(p.describe() for p in config.params) if config else "",
            "trials": config.size if config else len(trials),
            "finished": int(counts.get("finished", 0)), "failed": int(counts.get("failed", 0)),
            "stopped": int(counts.get("stopped", 0)),
            "active": int(counts.get("running", 0) + counts.get("queued", 0)),
            "best_val_accuracy": best["val_accuracy"] if best is not None else None,
            "best_run_id": best["run_id"] if best is not None else None,
            "start": pd.Timestamp(start, unit="s"), "duration": (end or now) - start,
            "error": tags.get(TAG_ERROR, ""),
        })
    table = pd.DataFrame(rows, columns=SWEEPS_COLUMNS)
    table["best_val_accuracy"] = table["best_val_accuracy"].astype("float64")
    return table


def status(sweep_id: str) -> str:
    """The sweep's status: running, finished, failed or stopped (one store query)."""
    return status_of(sweep_run(sweep_id))


def get_sweep(sweep_id: str) -> SweepConfig:
    """The config a sweep was started with (``ValueError`` if there is no such sweep)."""
    config = _config(sweep_run(sweep_id).data.tags.get(TAG_CONFIG))
    if config is None:
        raise InvalidInput("sweep_config_unreadable", f"the sweep's config cannot be read. "
                           f"Received: sweep_id={sweep_id!r}", sweep_id=sweep_id)
    return config


def trials(sweep_id: str):
    """The sweep's trials in trial order: :data:`TRIAL_COLUMNS` plus one column per path.

    ``status`` is the run's (queued, running, finished, failed, stopped);
    ``early_stopped`` says why a trial ended before its last epoch (``"asha"`` or
    ``"sweep stopped"``, else ``""``). The path columns hold the values the trial got.
    """
    sweep_run(sweep_id)
    return trial_frame(sweep_id).drop(columns="sweep").reset_index(drop=True)


def best_trial(sweep_id: str) -> dict | None:
    """The trial with the highest final ``val_accuracy`` (a row of :func:`trials`), or None."""
    row = _best_row(trials(sweep_id))
    return None if row is None else row.to_dict()


def _best_row(table):
    done = table[table[METRIC].notna()] if len(table) else table
    if not len(done):
        return None
    return done.loc[done[METRIC].idxmax()]


def _empty_trials():
    import pandas as pd

    return pd.DataFrame(columns=["sweep", *TRIAL_COLUMNS])


def trial_frame(sweep_id: str | None):
    """Trial runs of one sweep (or of every sweep) as a DataFrame, trial order."""
    import pandas as pd

    query = f"tags.sweep = '{quoted(sweep_id)}'" if sweep_id else "tags.sweep != ''"
    found = client().search_runs([experiment_id()], filter_string=query, max_results=50_000)
    now = time.time()
    rows = [{key: row[key] for key in ("sweep", *TRIAL_COLUMNS) if key in row}
            | {"trial": int(as_float(run.data.tags.get(TAG_TRIAL)) or 0),
               "early_stopped": run.data.tags.get(TAG_EARLY, ""), "epochs": row["epochs"] or 0}
            | json.loads(run.data.tags.get(TAG_PARAMS) or "{}")
            for run in found for row in [run_row(run, now)]]
    if not rows:
        return _empty_trials()
    return as_floats(pd.DataFrame(rows).sort_values(["sweep", "trial"], kind="stable"))


def create(config: SweepConfig, *, owner: str = owners.LOCAL) -> str:
    """Record a new sweep (status running) owned by ``owner``; return its id, e.g.
    ``dropout-pooling-3f2a1b``. Its trials will be ``owner``'s runs."""
    if not isinstance(config, SweepConfig):
        raise ValueError(f"a sweep needs a SweepConfig. Received: {type(config).__name__}")  # internal
    from mlflow.entities import Param as MlflowParam

    slug = re.sub(r"[^a-z0-9]+", "-", config.title.lower()).strip("-")[:40] or "sweep"
    sweep_id = f"{slug}-{secrets.token_hex(3)}"
    c = client()
    run = c.create_run(experiment_id("-sweeps"), run_name=config.title, tags={
        TAG_ID: sweep_id, TAG_CONFIG: json.dumps(config.to_dict()), TAG_DRIVER: here(),
        TAG_HEARTBEAT: str(time.time()), "dataset": config.base.dataset,
        owners.TAG_USER: owners.check_user(owner),
    })
    params = [MlflowParam(f"space.{p.path}", p.describe()[:6000]) for p in config.params]
    params += [MlflowParam(k, str(getattr(config, k))) for k in
               ("trials", "asha", "max_concurrent", "cpus_per_trial", "gpus_per_trial", "seed")]
    params.append(MlflowParam("epochs", str(config.total_epochs)))
    c.log_batch(run.info.run_id, params=params)
    return sweep_id


def create_trial(sweep_id: str, config: SweepConfig, values: dict, number: int, *,
                 tune_id: str = "") -> str:
    """Record trial ``number`` of a sweep (given ``values``) as a queued run that its
    creator trains; return its id."""
    return runs.create_run(config.trial_config(values), sweep=sweep_id, owner=owner(sweep_id),
                           tags=trial_tags(config, values, number, tune_id=tune_id))


def trial_tags(config: SweepConfig, values: dict, number: int, *, tune_id: str = "") -> dict[str, str]:
    """The tags that make a run trial ``number`` of its sweep."""
    label = " ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}" for k, v in values.items())
    return {TAG_TRIAL: str(number), TAG_TUNE_ID: tune_id, TAG_PARAMS: json.dumps(values),
            "mlflow.runName": f"{config.title} #{number} · {label}"}


def owner(sweep_id: str) -> str:
    """Who started the sweep (``ValueError`` if there is no such sweep)."""
    return owners.owner_of(sweep_run(sweep_id).data.tags)


def sweep_runs() -> list:
    """Every sweep's record (an MLflow run), newest first."""
    return client().search_runs([experiment_id("-sweeps")], max_results=10_000,
                                order_by=["attributes.start_time DESC"])


def sweep_run(sweep_id: str):
    """The sweep's record (``ValueError`` if there is no such sweep)."""
    found = client().search_runs(
        [experiment_id("-sweeps")], filter_string=f"tags.`{TAG_ID}` = '{quoted(sweep_id)}'", max_results=1)
    if not found:
        raise InvalidInput("sweep_unknown", f"no such sweep. Received: sweep_id={sweep_id!r}",
                           sweep_id=str(sweep_id)[:100])
    return found[0]


def trial_runs(sweep_id: str, *, active_only: bool = False) -> list[str]:
    """Run ids of the sweep's trials (only the queued or running ones with ``active_only``)."""
    table = trial_frame(sweep_id)
    if active_only:
        table = table[table["status"].isin(ACTIVE)]
    return list(table["run_id"])


def finish(record_id: str, status: str, error: str | None = None) -> None:
    """End a sweep's record with ``status`` unless it has already ended."""
    if status_of(client().get_run(record_id)) in ("running", "queued"):
        runs.set_status(record_id, status, error)


def driver_gone(record) -> bool:
    """Whether a sweep's driver has not heartbeat for ``STALE_S`` seconds."""
    beat = as_float(record.data.tags.get(TAG_HEARTBEAT))
    return beat is None or time.time() - beat > STALE_S


def stop_requested(sweep_id: str, record_id: str | None = None) -> bool:
    """Whether someone asked the sweep to stop (the local file, else the record's tag)."""
    if stop_file(sweep_id).exists():
        return True
    if record_id is None:
        return False
    return bool(client().get_run(record_id).data.tags.get(TAG_STOP))


def stop_file(sweep_id: str):
    """The local file whose presence asks a sweep's driver on this machine to stop."""
    return settings.cnnlab_home() / "stops" / f"sweep-{sweep_id}"


def request_stop(sweep_id: str, record_id: str | None = None) -> None:
    """Ask the sweep's driver to stop: a local file now, and a tag a remote driver polls."""
    path = stop_file(sweep_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    if record_id is not None:
        client().set_tag(record_id, TAG_STOP, "1")


def _config(text: str | None) -> SweepConfig | None:
    try:
        return SweepConfig.from_dict(json.loads(text)) if text else None
    except (ValueError, TypeError):
        return None


def run_of(sweep_id: str, tune_id: str) -> str | None:
    """The run id of the sweep's trial that Tune calls ``tune_id``, if it exists yet."""
    found = client().search_runs(
        [experiment_id()],
        filter_string=f"tags.sweep = '{quoted(sweep_id)}' and tags.`{TAG_TUNE_ID}` = '{quoted(tune_id)}'",
        max_results=1)
    return found[0].info.run_id if found else None


def trial_number(tune_id: str) -> int:
    """Tune's ``"3f2a1_00004"`` → trial 5."""
    tail = str(tune_id).rsplit("_", 1)[-1]
    return int(tail) + 1 if tail.isdigit() else 0
