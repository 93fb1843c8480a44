"""Sweeps: many runs over a grid or a random sample of settings, on Ray Tune.

A :class:`SweepConfig` is a base :class:`~cnncore.training.RunConfig` and the
parameters to vary (:class:`Param`), addressed by short, readable paths:

=====================  ===============================================================
path                   what it sets
=====================  ===============================================================
``kernel_size``,       that field of every convolution block (``filters``, ``stride``,
``stride``, …          ``padding``, ``activation``, ``batch_norm``, ``dropout``,
                       ``pooling``, ``pool_size``, ``pool_stride``, ``pool_padding``);
                       the same as ``conv.<field>``
``conv.<field>``       that field of every convolution block
``conv<i>.<field>``    block ``i`` only, counted from 1 as the layer names (``conv1``)
``units``              ``units`` of every hidden dense layer (= ``dense.units``)
``dense.<field>``      ``units``, ``activation`` or ``dropout`` of every dense layer
``dense<i>.<field>``   dense layer ``i`` only (``dense1.dropout``)
``train.<field>``      a :class:`~cnncore.training.TrainConfig` field; the short form
                       (``learning_rate``, ``batch_size``, ``optimizer``…) works too
``model``              a preset (``dense-baseline``, ``dli-cnn``) replacing the model
``limit``              how many images the run uses
=====================  ===============================================================

Bare ``dropout`` and ``activation`` mean the convolution blocks' (the deck's dropout
sits after a convolution); say ``dense.dropout`` for the dense layers'. ``epochs`` is
the sweep's own setting, not a parameter.

Values: a grid tries every value of every grid parameter (all combinations); a random
parameter draws from its values (``choice``) or from a range, uniformly (or
log-uniformly), integers for integer fields. With random parameters the sweep has
``trials`` samples (each combining with the whole grid, if there is one too).

Every trial is a normal run in the store (:mod:`cnncore.tracking`), trained by
:func:`cnncore.jobs.execute` with the same tracking callback as a single run and tagged
``sweep=<sweep id>``. The sweep itself is recorded as one MLflow run in the experiment
``<experiment>-sweeps`` (name, config, status, heartbeat), so it never shows up among
the runs. Trials run on Ray Tune (a local Ray, or the cluster at ``RAY_ADDRESS``),
in long-lived trial actors that train one trial after another. ASHA (metric
``val_accuracy``, maximised, one report per epoch) stops poor trials early when asked.

Importing this module imports neither Ray, Keras nor MLflow.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import re
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field, fields, replace
from typing import Any, Callable

from cnncore import settings, tracking
from cnncore.models import PRESETS, ConvBlock, DenseLayer, checked_fields
from cnncore.training import RunConfig, TrainConfig

KINDS = ("grid", "choice", "range")
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
SWEEPS_COLUMNS = ["sweep_id", "name", "status", "dataset", "model", "space", "trials",
                  "finished", "failed", "stopped", "active", "best_val_accuracy", "best_run_id",
                  "start", "duration", "error"]
TRIAL_COLUMNS = ["run_id", "trial", "status", "early_stopped", "epochs_done", "epochs",
                 "accuracy", "val_accuracy", "best_val_accuracy", "gap", "duration", "start",
                 "error"]

_CONV = {f.name: f for f in fields(ConvBlock)}
_DENSE = {f.name: f for f in fields(DenseLayer)}
_TRAIN = {f.name: f for f in fields(TrainConfig)}
_LAYER = re.compile(r"^(conv|dense)(\d*)\.(\w+)$")


# --------------------------------------------------------------------------- configs

@dataclass(frozen=True)
class Param:
    """One swept parameter: a path (see the module notes) and what it takes.

    ``kind`` ``"grid"``: every one of ``values``; ``"choice"``: one of ``values`` at
    random per trial; ``"range"``: a number in [``low``, ``high``] at random, spread
    log-uniformly when ``log`` (learning rates), an integer for integer fields.
    """

    path: str
    kind: str = "grid"
    values: tuple = ()
    low: float | None = None
    high: float | None = None
    log: bool = False

    def __post_init__(self):
        object.__setattr__(self, "values", tuple(self.values))
        if self.kind not in KINDS:
            raise ValueError(f"{self.path}: kind must be one of {', '.join(KINDS)}. "
                             f"Received: kind={self.kind!r}")
        if self.kind == "range":
            if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
                       for v in (self.low, self.high)) or not self.low <= self.high:
                raise ValueError(f"{self.path}: a range needs two numbers low ≤ high. "
                                 f"Received: low={self.low!r}, high={self.high!r}")
            if self.log and self.low <= 0:
                raise ValueError(f"{self.path}: a log range needs low > 0. Received: low={self.low!r}")
        elif not self.values:
            raise ValueError(f"{self.path}: give at least one value. Received: values={self.values!r}")
        elif len(set(map(repr, self.values))) != len(self.values):
            raise ValueError(f"{self.path}: a value is listed twice. Received: values={list(self.values)!r}")

    @property
    def random(self) -> bool:
        return self.kind != "grid"

    def describe(self) -> str:
        """``"dropout ∈ {0.0, 0.2}"`` or ``"learning_rate ~ log[0.0001, 0.01]"``."""
        if self.kind == "range":
            return f"{self.path} ~ {'log' if self.log else ''}[{self.low:g}, {self.high:g}]"
        sign = "∈" if self.kind == "grid" else "~"
        return f"{self.path} {sign} {{{', '.join(map(str, self.values))}}}"

    def to_dict(self) -> dict:
        return {"path": self.path, "kind": self.kind, "values": list(self.values),
                "low": self.low, "high": self.high, "log": self.log}

    @classmethod
    def from_dict(cls, data: dict) -> "Param":
        return cls(**checked_fields(cls, data))


@dataclass(frozen=True)
class SweepConfig:
    """A whole sweep: the base run, what varies, how many trials and how they run."""

    base: RunConfig = field(default_factory=RunConfig)   # every trial starts from it
    params: tuple[Param, ...] = ()
    name: str = ""                   # shown in lists; "" → made from the paths
    trials: int = 1                  # random samples (each with the whole grid, if any)
    epochs: int | None = None        # None: base.train.epochs; ASHA's maximum
    asha: bool = False               # stop poor trials early (val_accuracy, max)
    grace_period: int = 1            # epochs every trial gets before ASHA may stop it
    reduction_factor: int = 2        # ASHA keeps the best 1/2 at each rung
    max_concurrent: int = 1          # trials training at once (2 cores: 1 or 2)
    cpus_per_trial: float = 1.0      # Ray CPUs a trial holds (and its TensorFlow threads)
    gpus_per_trial: float | None = None   # None: GPUs shared by the concurrent trials
    seed: int = 0                    # seeds the random sampling

    def __post_init__(self):
        object.__setattr__(self, "params", tuple(self.params))
        if not isinstance(self.base, RunConfig):
            raise ValueError(f"base must be a RunConfig. Received: base={type(self.base).__name__}")
        if not self.params or not all(isinstance(p, Param) for p in self.params):
            raise ValueError("a sweep varies at least one parameter (a Param). "
                             f"Received: params={self.params!r}")
        paths = [p.path for p in self.params]
        if len(set(paths)) != len(paths):
            raise ValueError(f"each parameter may appear once. Received: paths={paths}")
        for name, value, low, high in (("trials", self.trials, 1, 10_000),
                                       ("grace_period", self.grace_period, 1, 10_000),
                                       ("reduction_factor", self.reduction_factor, 2, 100),
                                       ("max_concurrent", self.max_concurrent, 1, 1024),
                                       ("seed", self.seed, 0, 2**31 - 1)):
            _check_int(name, value, low, high)
        if self.epochs is not None:
            _check_int("epochs", self.epochs, 1, 10_000)
        if not _is_number(self.cpus_per_trial) or not self.cpus_per_trial > 0:
            raise ValueError(f"cpus_per_trial must be a positive number. "
                             f"Received: cpus_per_trial={self.cpus_per_trial!r}")
        if self.gpus_per_trial is not None and (not _is_number(self.gpus_per_trial)
                                                or self.gpus_per_trial < 0):
            raise ValueError(f"gpus_per_trial must be a number ≥ 0 or None (auto). "
                             f"Received: gpus_per_trial={self.gpus_per_trial!r}")
        if not isinstance(self.name, str) or len(self.name) > 200:
            raise ValueError(f"name must be a string of at most 200 characters. Received: name={self.name!r}")
        for param in self.params:
            _check_param(self.base, param)

    @property
    def title(self) -> str:
        return self.name or " × ".join(p.path for p in self.params)

    @property
    def total_epochs(self) -> int:
        return self.epochs or self.base.train.epochs

    @property
    def size(self) -> int:
        """How many trials the sweep runs: the grid's size × ``trials`` (1 for a pure grid)."""
        grid = math.prod(len(p.values) for p in self.params if p.kind == "grid")
        return grid * (self.trials if any(p.random for p in self.params) else 1)

    def grid(self) -> list[dict[str, Any]]:
        """Every combination of the grid parameters, in the order the trials run."""
        grid = [p for p in self.params if p.kind == "grid"]
        return [dict(zip([p.path for p in grid], combo))
                for combo in itertools.product(*(p.values for p in grid))]

    def trial_config(self, values: dict[str, Any]) -> RunConfig:
        """The run of a trial given ``values`` ({path: value})."""
        config = replace(self.base, train=replace(self.base.train, epochs=self.total_epochs))
        return apply(config, values)

    def to_dict(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        return data | {"base": self.base.to_dict(), "params": [p.to_dict() for p in self.params]}

    @classmethod
    def from_dict(cls, data: dict) -> "SweepConfig":
        data = checked_fields(cls, data)
        if "base" in data:
            data["base"] = RunConfig.from_dict(data["base"])
        if "params" in data:
            data["params"] = tuple(Param.from_dict(p) for p in data["params"])
        return cls(**data)


# --------------------------------------------------------------------------- paths

def apply(run_config: RunConfig, values: dict[str, Any]) -> RunConfig:
    """``run_config`` with each ``{path: value}`` set (``model`` first, then the rest).

    Raises ``ValueError`` naming the path for an unknown path, a layer the model does
    not have, or a value its field refuses.
    """
    items = sorted(values.items(), key=lambda kv: kv[0] != "model")
    for path, value in items:
        run_config = _apply_one(run_config, path, value)
    return run_config


def _apply_one(config: RunConfig, path: str, value) -> RunConfig:
    target, name = _resolve(path)
    value = coerce(path, value)
    if target == "model":
        return replace(config, model=PRESETS[value])
    if target == "limit":
        return replace(config, limit=value)
    if target == "train":
        try:
            return replace(config, train=replace(config.train, **{name: value}))
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from None
    kind, index = target
    model = config.model
    layers = model.conv_blocks if kind == "conv" else model.dense_layers
    what = "convolution blocks" if kind == "conv" else "hidden dense layers"
    if not layers:
        raise ValueError(f"{path}: the model {model.name!r} has no {what}. Received: {path}={value!r}")
    if index is not None and index > len(layers):
        raise ValueError(f"{path}: the model {model.name!r} has only {len(layers)} of them. "
                         f"Received: {path}={value!r}")
    layers = tuple(replace(layer, **{name: value}) if index in (None, i) else layer
                   for i, layer in enumerate(layers, start=1))
    field_name = "conv_blocks" if kind == "conv" else "dense_layers"
    return replace(config, model=replace(model, **{field_name: layers}))


def _resolve(path: str):
    """``path`` → ``("model"|"limit"|"train"|(kind, index), field)``; ValueError if unknown."""
    if not isinstance(path, str):
        raise ValueError(f"a parameter path must be a string. Received: {path!r}")
    if path in ("model", "limit"):
        return path, path
    if path in ("epochs", "train.epochs"):
        raise ValueError("epochs is the sweep's own setting (and ASHA's maximum), not a parameter. "
                         f"Received: path={path!r}")
    if path.startswith("train."):
        name = path[len("train."):]
        if name in _TRAIN:
            return "train", name
    elif path in _CONV:
        return ("conv", None), path
    elif path == "units":
        return ("dense", None), path
    elif path in _TRAIN:
        return "train", path
    elif m := _LAYER.match(path):
        kind, number, name = m.groups()
        known = _CONV if kind == "conv" else _DENSE
        if name in known and number != "0":
            return (kind, int(number) if number else None), name
    raise ValueError(
        f"unknown parameter path. Use a convolution field ({', '.join(_CONV)}; or conv.<field>, "
        f"conv1.<field>…), dense.units / dense.dropout / dense1.<field>, a training field "
        f"({', '.join(f for f in _TRAIN if f != 'epochs')}), model or limit. Received: path={path!r}")


def _kind(path: str) -> str:
    """The type of the field ``path`` sets, as written in its dataclass: ``"int"``,
    ``"float"``, ``"float | None"``, ``"str"``, ``"bool"``."""
    target, name = _resolve(path)
    if target == "limit":
        return "int"
    if target == "model":
        return "str"
    known = _TRAIN if target == "train" else _CONV if target[0] == "conv" else _DENSE
    return str(known[name].type)


def coerce(path: str, value):
    """``value`` (often a string from the CLI or a text box) as the type ``path`` takes."""
    if _resolve(path)[0] == "model":
        value = value.strip() if isinstance(value, str) else value
        if value not in PRESETS:
            raise ValueError(f"model must be a preset ({', '.join(PRESETS)}). Received: model={value!r}")
        return value
    kind = _kind(path)
    text = value.strip() if isinstance(value, str) else None
    try:
        if "None" in kind and (value is None or (text is not None and text.lower() in ("none", ""))):
            return None
        if kind.startswith("bool"):
            if isinstance(value, bool):
                return value
            if text is not None and text.lower() in ("true", "false", "1", "0", "yes", "no"):
                return text.lower() in ("true", "1", "yes")
            raise ValueError
        if kind.startswith("int"):
            number = float(text) if text is not None else value
            if isinstance(number, bool) or not float(number).is_integer():
                raise ValueError
            return int(number)
        if kind.startswith("float"):
            if isinstance(value, bool):
                raise ValueError
            return float(text) if text is not None else float(value)
        return text if text is not None else str(value)
    except (TypeError, ValueError):
        expected = {"int": "an integer", "flo": "a number", "boo": "true or false"}.get(kind[:3], "a value")
        raise ValueError(f"{path} takes {expected}. Received: {path}={value!r}") from None


def parse(path: str, text: str, *, random: bool = False) -> Param:
    """A :class:`Param` from the CLI's and the page's spelling.

    ``"0, 0.2, 0.4"`` is a list: a grid, or a random choice when ``random``;
    ``"1e-4:1e-2"`` is a range (random only), ``"1e-4:1e-2:log"`` a log-uniform one.
    """
    path, text = str(path).strip(), str(text).strip()
    _resolve(path)
    if ":" in text and path != "model":
        if not random:
            raise ValueError(f"{path}: a range low:high needs random sampling; a grid takes a list "
                             f"of values. Received: {path}={text!r}")
        parts = [p.strip() for p in text.split(":")]
        log = len(parts) == 3 and parts[2].lower() == "log"
        if len(parts) not in (2, 3) or (len(parts) == 3 and not log):
            raise ValueError(f"{path}: a range is low:high or low:high:log. Received: {path}={text!r}")
        try:
            low, high = float(parts[0]), float(parts[1])
        except ValueError:
            raise ValueError(f"{path}: a range needs numbers. Received: {path}={text!r}") from None
        return Param(path, "range", low=low, high=high, log=log)
    values = tuple(coerce(path, v) for v in text.split(",") if v.strip())
    if not values:
        raise ValueError(f"{path}: give at least one value. Received: {path}={text!r}")
    return Param(path, "choice" if random else "grid", values=values)


def _check_param(base: RunConfig, param: Param) -> None:
    """Every value (both ends of a range) builds a valid config; else a ValueError."""
    if not isinstance(param.path, str):
        raise ValueError(f"a parameter path must be a string. Received: {param.path!r}")
    from cnncore import models

    candidates = [param.low, param.high] if param.kind == "range" else list(param.values)
    if param.kind == "range":
        kind = _kind(param.path)
        if not kind.startswith(("int", "float")):
            raise ValueError(f"{param.path}: a range needs a numeric field; list its values instead. "
                             f"Received: {param.describe()}")
        if kind.startswith("int"):
            candidates = [math.ceil(param.low), math.floor(param.high)]
            if candidates[0] > candidates[1]:
                raise ValueError(f"{param.path}: the range holds no integer. Received: {param.describe()}")
    for value in candidates:
        config = apply(base, {param.path: value})
        try:
            models.validate(config.model)
        except ValueError as exc:
            raise ValueError(f"{param.path}={value!r}: {exc}") from None


# --------------------------------------------------------------------------- the store

def start(sweep_config: SweepConfig) -> str:
    """Record the sweep and run it in a background thread; return its id at once.

    For the dashboard: the Tuner runs in a daemon thread of this process (never the
    script thread), its trials on Ray. Follow it with :func:`trials`.
    """
    sweep_id = _create(sweep_config)
    threading.Thread(target=_drive_safely, args=(sweep_id, sweep_config, None),
                     name=f"cnnlab-sweep-{sweep_id}", daemon=True).start()
    return sweep_id


def run(sweep_config: SweepConfig, *, progress: Callable[[dict], None] | None = None) -> str:
    """Run the sweep to its end in this process; return its id (for the CLI).

    ``progress`` is called from this thread with a dict per event: ``event``
    (``"start"``, ``"epoch"`` or ``"end"``), ``trial`` (1-based), ``total``, ``values``
    ({path: value}), ``run_id``, ``epoch``, ``epochs``, ``val_accuracy``, ``status``.
    """
    sweep_id = _create(sweep_config)
    _drive_safely(sweep_id, sweep_config, progress)
    return sweep_id


def stop(sweep_id: str) -> str:
    """Stop a sweep: no new trial starts, running ones end within a batch. Return its status."""
    record = _sweep_run(sweep_id)
    now = tracking.FROM_MLFLOW.get(record.info.status, "failed")
    from cnncore import jobs

    for run_id in _trial_runs(sweep_id, active_only=True):
        jobs.stop(run_id)
    if now not in ("running", "queued"):
        return now
    path = _stop_file(sweep_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    tracking.client().set_tag(record.info.run_id, tracking.TAG_STOP, "1")
    if _driver_gone(record):       # nobody is left to wind it down
        _finish(record.info.run_id, "stopped")
        return "stopped"
    return "running"


def reconcile() -> list[str]:
    """Mark sweeps failed whose driver stopped responding; return their ids."""
    lost = []
    for record in _sweep_runs():
        if tracking.FROM_MLFLOW.get(record.info.status) == "running" and _driver_gone(record):
            _finish(record.info.run_id, "failed", "the process running the sweep ended before it did")
            lost.append(record.data.tags.get(TAG_ID, ""))
    return lost


def sweeps_table():
    """All sweeps, newest first, one row each: :data:`SWEEPS_COLUMNS`."""
    import pandas as pd

    records = _sweep_runs()
    trials_by_sweep = _trial_frame(None).groupby("sweep") if records else {}
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
            "status": tracking.FROM_MLFLOW.get(record.info.status, "failed"),
            "dataset": config.base.dataset if config else "", "model": config.base.model.name if config else "",
            "space": " × ".join(p.describe() for p in config.params) if config else "",
            "trials": config.size if config else len(trials),
            "finished": int(counts.get("finished", 0)), "failed": int(counts.get("failed", 0)),
            "stopped": int(counts.get("stopped", 0)),
            "active": int(counts.get("running", 0) + counts.get("queued", 0)),
            "best_val_accuracy": best["val_accuracy"] if best is not None else None,
            "best_run_id": best["run_id"] if best is not None else None,
            "start": pd.Timestamp(start, unit="s"), "duration": (end or now) - start,
            "error": tags.get(tracking.TAG_ERROR, ""),
        })
    table = pd.DataFrame(rows, columns=SWEEPS_COLUMNS)
    table["best_val_accuracy"] = table["best_val_accuracy"].astype("float64")
    return table


def status(sweep_id: str) -> str:
    """The sweep's status: running, finished, failed or stopped (one store query)."""
    return tracking.FROM_MLFLOW.get(_sweep_run(sweep_id).info.status, "failed")


def get_sweep(sweep_id: str) -> SweepConfig:
    """The config a sweep was started with (``ValueError`` if there is no such sweep)."""
    config = _config(_sweep_run(sweep_id).data.tags.get(TAG_CONFIG))
    if config is None:
        raise ValueError(f"the sweep's config cannot be read. Received: sweep_id={sweep_id!r}")
    return config


def trials(sweep_id: str):
    """The sweep's trials in trial order: :data:`TRIAL_COLUMNS` plus one column per path.

    ``status`` is the run's (queued, running, finished, failed, stopped);
    ``early_stopped`` says why a trial ended before its last epoch (``"asha"`` or
    ``"sweep stopped"``, else ``""``). The path columns hold the values the trial got.
    """
    _sweep_run(sweep_id)
    return _trial_frame(sweep_id).drop(columns="sweep").reset_index(drop=True)


def best_trial(sweep_id: str) -> dict | None:
    """The trial with the highest final ``val_accuracy`` (a row of :func:`trials`), or None."""
    row = _best_row(trials(sweep_id))
    return None if row is None else row.to_dict()


def delete(sweep_id: str) -> None:
    """Delete a sweep and its trials' runs (a running sweep is stopped first)."""
    stop(sweep_id)
    tracking.delete_runs(_trial_runs(sweep_id))
    tracking.client().delete_run(_sweep_run(sweep_id).info.run_id)


def _best_row(table):
    done = table[table[METRIC].notna()] if len(table) else table
    if not len(done):
        return None
    return done.loc[done[METRIC].idxmax()]


def _empty_trials():
    import pandas as pd

    return pd.DataFrame(columns=["sweep", *TRIAL_COLUMNS])


def _trial_frame(sweep_id: str | None):
    """Trial runs of one sweep (or of every sweep) as a DataFrame, trial order."""
    import pandas as pd

    query = f"tags.sweep = '{_quoted(sweep_id)}'" if sweep_id else "tags.sweep != ''"
    runs = tracking.client().search_runs([tracking.experiment_id()], filter_string=query,
                                         max_results=50_000)
    now, rows = time.time(), []
    for run in runs:
        tags, metrics = run.data.tags, run.data.metrics
        started = _float(tags.get(tracking.TAG_STARTED))
        end = run.info.end_time / 1000 if run.info.end_time else None
        acc, val = metrics.get("accuracy"), metrics.get("val_accuracy")
        rows.append({
            "sweep": tags.get("sweep", ""), "run_id": run.info.run_id,
            "trial": int(_float(tags.get(TAG_TRIAL)) or 0),
            "status": tracking.FROM_MLFLOW.get(run.info.status, "failed"),
            "early_stopped": tags.get(TAG_EARLY, ""),
            "epochs_done": int(_float(tags.get(tracking.TAG_EPOCHS_DONE)) or 0),
            "epochs": int(_float(run.data.params.get("train.epochs")) or 0),
            "accuracy": acc, "val_accuracy": val,
            "best_val_accuracy": _float(tags.get(tracking.TAG_BEST["val_accuracy"])),
            "gap": acc - val if acc is not None and val is not None else None,
            "duration": ((end or now) - started) if started else None,
            "start": pd.Timestamp(started or run.info.start_time / 1000, unit="s"),
            "error": tags.get(tracking.TAG_ERROR, ""),
        } | json.loads(tags.get(TAG_PARAMS) or "{}"))
    if not rows:
        return _empty_trials()
    table = pd.DataFrame(rows).sort_values(["sweep", "trial"], kind="stable")
    for column in ("accuracy", "val_accuracy", "best_val_accuracy", "gap", "duration"):
        table[column] = table[column].astype("float64")
    return table


def _create(config: SweepConfig) -> str:
    """Record a new sweep (status running) and return its id, e.g. ``dropout-pooling-3f2a1b``."""
    if not isinstance(config, SweepConfig):
        raise ValueError(f"a sweep needs a SweepConfig. Received: {type(config).__name__}")
    from mlflow.entities import Param as MlflowParam

    slug = re.sub(r"[^a-z0-9]+", "-", config.title.lower()).strip("-")[:40] or "sweep"
    sweep_id = f"{slug}-{secrets.token_hex(3)}"
    c = tracking.client()
    run = c.create_run(_experiment(), run_name=config.title, tags={
        TAG_ID: sweep_id, TAG_CONFIG: json.dumps(config.to_dict()), TAG_DRIVER: _here(),
        tracking.TAG_HEARTBEAT: str(time.time()), "dataset": config.base.dataset,
    })
    params = [MlflowParam(f"space.{p.path}", p.describe()[:6000]) for p in config.params]
    params += [MlflowParam(k, str(getattr(config, k))) for k in
               ("trials", "asha", "max_concurrent", "cpus_per_trial", "gpus_per_trial", "seed")]
    params.append(MlflowParam("epochs", str(config.total_epochs)))
    c.log_batch(run.info.run_id, params=params)
    return sweep_id


def _experiment() -> str:
    """The experiment that holds one run per sweep (beside the runs' experiment)."""
    uri = settings.tracking_uri()
    if uri in _EXPERIMENTS:
        return _EXPERIMENTS[uri]
    from mlflow.exceptions import MlflowException

    c = tracking.client()
    name = f"{os.environ.get('CNNLAB_EXPERIMENT') or 'cnnlab'}-sweeps"
    found = c.get_experiment_by_name(name)
    if found is None:
        location = None if os.environ.get("MLFLOW_TRACKING_URI") else (settings.artifact_root() / "sweeps").as_uri()
        try:
            c.create_experiment(name, artifact_location=location)
        except MlflowException:      # another process created it first
            pass
        found = c.get_experiment_by_name(name)
    _EXPERIMENTS[uri] = found.experiment_id
    return found.experiment_id


_EXPERIMENTS: dict[str, str] = {}


def _sweep_runs() -> list:
    return tracking.client().search_runs([_experiment()], max_results=10_000,
                                         order_by=["attributes.start_time DESC"])


def _sweep_run(sweep_id: str):
    found = tracking.client().search_runs(
        [_experiment()], filter_string=f"tags.`{TAG_ID}` = '{_quoted(sweep_id)}'", max_results=1)
    if not found:
        raise ValueError(f"no such sweep. Received: sweep_id={sweep_id!r}")
    return found[0]


def _trial_runs(sweep_id: str, *, active_only: bool = False) -> list[str]:
    table = _trial_frame(sweep_id)
    if active_only:
        table = table[table["status"].isin(("queued", "running"))]
    return list(table["run_id"])


def _finish(record_id: str, status: str, error: str | None = None) -> None:
    if tracking.FROM_MLFLOW.get(tracking.client().get_run(record_id).info.status) in ("running", "queued"):
        tracking.set_status(record_id, status, error)


def _driver_gone(record) -> bool:
    beat = _float(record.data.tags.get(tracking.TAG_HEARTBEAT))
    return beat is None or time.time() - beat > STALE_S


def _stop_requested(sweep_id: str, record_id: str | None = None) -> bool:
    if _stop_file(sweep_id).exists():
        return True
    if record_id is None:
        return False
    return bool(tracking.client().get_run(record_id).data.tags.get(tracking.TAG_STOP))


def _stop_file(sweep_id: str):
    return settings.cnnlab_home() / "stops" / f"sweep-{sweep_id}"


def _config(text: str | None) -> SweepConfig | None:
    try:
        return SweepConfig.from_dict(json.loads(text)) if text else None
    except (ValueError, TypeError):
        return None


# --------------------------------------------------------------------------- the driver

def _drive_safely(sweep_id: str, config: SweepConfig, progress) -> None:
    """Run the Tuner; whatever happens, leave the sweep and its trials in a final state."""
    record_id = _sweep_run(sweep_id).info.run_id
    error = None
    done = threading.Event()
    threading.Thread(target=_heartbeat, args=(record_id, done), name=f"cnnlab-sweep-beat-{sweep_id}",
                     daemon=True).start()
    try:
        _drive(sweep_id, record_id, config, progress)
    except KeyboardInterrupt:
        _stop_file(sweep_id).parent.mkdir(parents=True, exist_ok=True)
        _stop_file(sweep_id).touch()
        raise
    except Exception as exc:                 # Ray or Tune failed: the sweep says why
        error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
    finally:
        stopped = _stop_requested(sweep_id, record_id)
        for run_id in _settle(_trial_runs(sweep_id, active_only=True)):
            halted = stopped or tracking.get_run(run_id).tags.get(tracking.TAG_STOP)
            tracking.set_status(run_id, "stopped" if halted else "failed",
                                None if halted else "the sweep ended before this trial did")
        table = _trial_frame(sweep_id)
        if stopped:
            status = "stopped"
        elif error or (len(table) and (table["status"] == "failed").all()):
            status = "failed"
            error = error or "every trial failed (see the trials' errors)"
        else:
            status = "finished"
        done.set()
        _finish(record_id, status, error)
        _stop_file(sweep_id).unlink(missing_ok=True)


def _heartbeat(record_id: str, done: threading.Event) -> None:
    """Prove the driver alive every ``HEARTBEAT_S`` (from Ray's start to the sweep's end)."""
    while not done.wait(HEARTBEAT_S):
        try:
            tracking.client().set_tag(record_id, tracking.TAG_HEARTBEAT, str(time.time()))
        except Exception:              # a flaky store must not end the sweep
            pass


def _settle(run_ids: list[str], timeout: float = 15.0) -> list[str]:
    """The runs of ``run_ids`` still queued or running after up to ``timeout`` seconds
    (a trial that Tune just stopped takes a moment to write its last status)."""
    deadline = time.monotonic() + timeout
    while run_ids:
        run_ids = [r for r in run_ids if tracking.get_run(r).status in ("queued", "running")]
        if not run_ids or time.monotonic() > deadline:
            break
        time.sleep(0.25)
    return run_ids


def _drive(sweep_id: str, record_id: str, config: SweepConfig, progress) -> None:
    from cnncore import jobs

    # Before Tune reads them: no per-trial result files or TensorBoard logs (the store has
    # everything), trials keep the working directory (relative data paths), quiet output,
    # and a trial that ends without a metric (it failed) is not an error.
    for key, value in {"TUNE_DISABLE_AUTO_CALLBACK_LOGGERS": "1", "RAY_CHDIR_TO_TRIAL_DIR": "0",
                       "RAY_AIR_NEW_OUTPUT": "0", "TUNE_DISABLE_STRICT_METRIC_CHECKING": "1",
                       "TUNE_WARN_EXCESSIVE_EXPERIMENT_CHECKPOINT_SYNC_THRESHOLD_S": "1000"}.items():
        os.environ.setdefault(key, value)
    ray = jobs.ensure_ray()
    from ray import tune
    from ray.tune.schedulers import ASHAScheduler, FIFOScheduler
    from ray.tune.search.basic_variant import BasicVariantGenerator

    gpus = config.gpus_per_trial
    if gpus is None:     # share the GPUs equally between the trials that run at once
        have = ray.cluster_resources().get("GPU", 0)
        gpus = min(1.0, have / config.max_concurrent) if have else 0
    env = {"CNNLAB_HOME": str(settings.cnnlab_home()), "MLFLOW_TRACKING_URI": settings.tracking_uri(),
           "KERAS_BACKEND": settings.keras_backend(), "TF_CPP_MIN_LOG_LEVEL": "2"}
    if os.environ.get("CNNLAB_EXPERIMENT"):
        env["CNNLAB_EXPERIMENT"] = os.environ["CNNLAB_EXPERIMENT"]
    trainable = tune.with_resources(
        tune.with_parameters(_trial, sweep_id=sweep_id, sweep=config.to_dict(), env=env),
        {"cpu": config.cpus_per_trial, "gpu": gpus})
    space = {p.path: _tune_space(tune, p) for p in config.params}
    scheduler = (ASHAScheduler(time_attr="training_iteration", metric=METRIC, mode="max",
                               max_t=config.total_epochs, grace_period=config.grace_period,
                               reduction_factor=config.reduction_factor)
                 if config.asha else FIFOScheduler())
    driver = _driver_callback(tune)(sweep_id, record_id, config, progress)
    tuner = tune.Tuner(
        trainable, param_space=space,
        tune_config=tune.TuneConfig(
            num_samples=config.trials if any(p.random for p in config.params) else 1,
            search_alg=BasicVariantGenerator(random_state=config.seed, max_concurrent=config.max_concurrent),
            scheduler=scheduler, reuse_actors=True),
        run_config=tune.RunConfig(
            name=sweep_id, storage_path=str(settings.cnnlab_home() / "tune"), verbose=0,
            stop=driver.stopper(), callbacks=[driver], log_to_file=False,
            failure_config=tune.FailureConfig(max_failures=0, fail_fast=False),
            checkpoint_config=tune.CheckpointConfig(num_to_keep=1)),
    )
    import logging

    logging.getLogger("ray.tune.analysis.experiment_analysis").setLevel(logging.ERROR)  # no result files: by design
    tuner.fit()
    # Tune ends the last actors at once: a trial it stopped may not have written so.
    for run_id in _settle(list(driver.halted), timeout=10.0):
        tracking.client().set_tag(run_id, TAG_EARLY, driver.halted[run_id])
        tracking.set_status(run_id, "stopped")
    if progress is not None:
        driver.flush(timeout=15.0)


def _tune_space(tune, param: Param):
    if param.kind == "grid":
        return tune.grid_search(list(param.values))
    if param.kind == "choice":
        return tune.choice(list(param.values))
    if _kind(param.path).startswith("int"):
        low, high = math.ceil(param.low), math.floor(param.high)
        return tune.lograndint(low, high + 1) if param.log else tune.randint(low, high + 1)
    return tune.loguniform(param.low, param.high) if param.log else tune.uniform(param.low, param.high)


def _driver_callback(tune):
    class Driver(tune.Callback):
        """The Tuner's side: sees stop requests, reports progress, notes the trials Tune
        stopped early, and marks a trial's run failed when its Ray actor died under it."""

        def __init__(self, sweep_id, record_id, config: SweepConfig, progress):
            self.sweep_id, self.record_id, self.config = sweep_id, record_id, config
            self.progress = progress
            self.next_beat = 0.0
            self.stopping = False
            self.ends: dict = {}          # trials that ended, until their run says how
            self.halted: dict = {}        # run id → why Tune stopped it early

        def stopper(self):
            driver = self

            class SweepStopper(tune.Stopper):
                def __call__(self, trial_id, result):
                    return False

                def stop_all(self):
                    return driver.stopping

            return SweepStopper()

        def on_step_end(self, iteration, trials, **info):
            if time.monotonic() < self.next_beat:
                return
            self.next_beat = time.monotonic() + HEARTBEAT_S
            try:
                if self.progress is not None:
                    self.flush()
                self.stopping = self.stopping or _stop_requested(self.sweep_id, self.record_id)
            except Exception:          # a flaky store must not end the sweep
                pass

        def on_trial_result(self, iteration, trials, trial, result, **info):
            self._tell("epoch", trial, result)

        def on_trial_start(self, iteration, trials, trial, **info):
            self._tell("start", trial, {})

        def on_trial_complete(self, iteration, trials, trial, **info):
            result = trial.last_result or {}
            if result.get("run_id") and "status" not in result:
                # Tune stopped it before its final report: ASHA, or the whole sweep.
                self.halted[result["run_id"]] = "sweep stopped" if self.stopping else "asha"
            self._tell("end", trial, result)

        def on_trial_error(self, iteration, trials, trial, **info):
            run_id = (trial.last_result or {}).get("run_id") or _run_of(self.sweep_id, trial.trial_id)
            if run_id and tracking.get_run(run_id).status in ("queued", "running"):
                tracking.set_status(run_id, "failed", f"the trial's Ray worker failed: "
                                    f"{str(trial.error_file or 'see the Ray logs')}")
            self._tell("end", trial, trial.last_result or {})

        def _tell(self, event, trial, result):
            if self.progress is None:
                return
            run_id = result.get("run_id") or _run_of(self.sweep_id, trial.trial_id)
            if event == "end":
                # A stopped trial writes its final status only once Tune moves on: never
                # wait for it here (that would hold Tune up), tell it when it is there.
                self.ends[trial.trial_id] = (trial, result, run_id)
                self.flush()
                return
            self._emit(event, trial, result, run_id, None)

        def flush(self, timeout: float = 0.0):
            """Report the trials that ended and whose run has its final status."""
            for tune_id, (trial, result, run_id) in list(self.ends.items()):
                late = run_id and _settle([run_id], timeout=timeout)
                if not late or timeout:
                    del self.ends[tune_id]
                    self._emit("end", trial, result, run_id, tracking.get_run(run_id).status if run_id else "failed")

        def _emit(self, event, trial, result, run_id, status):
            self.progress({"event": event, "trial": _number(trial.trial_id), "total": self.config.size,
                           "values": dict(trial.config), "run_id": run_id, "epoch": result.get("epoch"),
                           "epochs": self.config.total_epochs, "val_accuracy": result.get(METRIC),
                           "status": status})

    return Driver


def _run_of(sweep_id: str, tune_id: str) -> str | None:
    found = tracking.client().search_runs(
        [tracking.experiment_id()],
        filter_string=f"tags.sweep = '{_quoted(sweep_id)}' and tags.`{TAG_TUNE_ID}` = '{_quoted(tune_id)}'",
        max_results=1)
    return found[0].info.run_id if found else None


def _number(tune_id: str) -> int:
    """Tune's ``"3f2a1_00004"`` → trial 5."""
    tail = str(tune_id).rsplit("_", 1)[-1]
    return int(tail) + 1 if tail.isdigit() else 0


# --------------------------------------------------------------------------- a trial (Ray worker)

def _trial(values: dict, *, sweep_id: str, sweep: dict, env: dict) -> None:
    """One trial, in a Tune trial actor: a run in the store, trained by ``jobs.execute``."""
    os.environ.update(env)                     # the driver's store, whatever this worker had
    # A reused actor waits this long for the previous trial to finish writing its run.
    os.environ["TUNE_FUNCTION_THREAD_TIMEOUT_S"] = "60"
    config = SweepConfig.from_dict(sweep)
    threads = str(max(1, int(config.cpus_per_trial)))
    os.environ.setdefault("TF_NUM_INTRAOP_THREADS", threads)   # read at TensorFlow's import
    os.environ.setdefault("TF_NUM_INTEROP_THREADS", threads)
    if _stop_requested(sweep_id):
        return
    from ray import tune

    from cnncore import jobs

    tune_id = tune.get_context().get_trial_id()
    run_id = create_trial(sweep_id, config, values, _number(tune_id), tune_id=tune_id)
    reporter = _tune_report_callback()(run_id, sweep_id, config.total_epochs)
    status = jobs.execute(run_id, callbacks=[reporter])
    if reporter.halted:
        # Tune stopped this trial (its report raised SystemExit); end the thread the way
        # Tune's own report does, so the actor can take the next trial.
        raise SystemExit(0)
    # The last epoch is reported only now, with the run complete (model saved): Tune may
    # stop the actor as soon as it has the final result.
    tune.report(reporter.last | {"run_id": run_id, "status": status})


def create_trial(sweep_id: str, config: SweepConfig, values: dict, number: int, *,
                 tune_id: str = "") -> str:
    """Record trial ``number`` of a sweep (given ``values``) as a queued run; return its id."""
    label = " ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}" for k, v in values.items())
    return tracking.create_run(config.trial_config(values), sweep=sweep_id, tags={
        TAG_TRIAL: str(number), TAG_TUNE_ID: tune_id, TAG_PARAMS: json.dumps(values),
        "mlflow.runName": f"{config.title} #{number} · {label}",
    })


def _tune_report_callback():
    import keras

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

            self.last = {k: float(v) for k, v in (logs or {}).items() if k in tracking.METRICS}
            self.last["epoch"] = epoch + 1
            if epoch + 1 >= self.epochs:
                return                      # reported by the trial once the run is complete
            try:
                tune.report(self.last | {"run_id": self.run_id})
            except SystemExit:
                self.halted = True
                why = "sweep stopped" if _stop_requested(self.sweep_id) else "asha"
                tracking.client().set_tag(self.run_id, TAG_EARLY, why)
                tracking.request_stop(self.run_id)   # the tracking callback ends it next batch

    return TuneReport


# --------------------------------------------------------------------------- helpers

def _check_int(name, value, low, high):
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValueError(f"{name} must be an integer in {low}…{high}. Received: {name}={value!r}")


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)



def _quoted(text: str) -> str:
    return str(text).replace("'", "''")


def _float(text) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def _here() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"
