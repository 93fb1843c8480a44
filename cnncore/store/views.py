"""Runs as the pages show them: one typed :class:`RunView` per run, whose owner may act, and
the runs table's summary columns.

A page never reads a store tag: what it shows of a run (status group, progress, error code
and values, the run it remedies, the owner) is here, read from the run's
:class:`~cnncore.store.runs.RunRecord`. Pure reading: no MLflow import of its own.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from cnncore.errors import InvalidInput
from cnncore.store import owners
from cnncore.store.runs import RunRecord, get_run
from cnncore.store.schema import ACTIVE, ENDED, TAG_EPOCHS_DONE, TAG_ERROR_CODE, TAG_ERROR_VALUES, json_dict
from cnncore.store.stories import TAG_REMEDY, TAG_REMEDY_OF


@dataclass(frozen=True)
class RunError:
    """Why a run failed: ``code`` and ``values`` for a page to word (``""`` and ``{}`` for a
    failure without a code), ``message`` in English."""

    message: str
    code: str = ""
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RunView:
    """One run as a page shows it (:func:`run_view`)."""

    run_id: str
    status: str                          # one of STATUSES
    owner: str                           # who may stop or delete it (see may_stop)
    config: Any = None                   # RunConfig, or None if the stored one is unreadable
    device: str = ""
    sweep: str = ""
    epoch: int = 0                       # the epoch under way, from 1 (0 before the first batch)
    epochs: int = 0                      # planned
    batch: int = 0                       # batches done in the epoch under way
    batches: int = 0                     # batches in one epoch (0 until known)
    epochs_done: int = 0                 # epochs whose metrics are in the store
    samples_per_second: float | None = None
    elapsed: float | None = None         # seconds of training so far (None while queued)
    error: RunError | None = None        # why it failed
    remedy_of: str = ""                  # the run this one remedies, else ""
    remedy: str = ""                     # which remedy (cnncore.nn.remedies.REMEDIES), else ""

    @property
    def active(self) -> bool:
        """Queued or running (:data:`~cnncore.store.schema.ACTIVE`): it may still train."""
        return self.status in ACTIVE

    @property
    def progress(self) -> float:
        """The share of the planned batches done, in [0, 1]."""
        if not self.epochs:
            return 0.0
        done = max(self.epoch - 1, 0) + (self.batch / self.batches if self.batches else 0)
        return min(max(done / self.epochs, 0.0), 1.0)

    def may_stop(self, user: str | None) -> bool:
        """Whether ``user`` (``None``: nobody signed in) may stop it now: an active run,
        and :func:`cnncore.store.owners.may_act`."""
        return self.active and self.may_delete(user)

    def may_delete(self, user: str | None) -> bool:
        """Whether ``user`` may delete it (the owner, an admin, or the machine's owner for
        the machine's runs: :func:`cnncore.store.owners.may_act`)."""
        return user is not None and owners.may_act(user, self.owner)

    @classmethod
    def from_record(cls, record: RunRecord, *, now: float | None = None) -> RunView:
        progress = record.progress or {}
        planned = record.config.train.epochs if record.config is not None else 0
        ended = record.status in ENDED
        if record.start is None:
            elapsed = None
        else:
            elapsed = ((record.end if ended and record.end else now or time.time()) - record.start)
        tags = record.tags
        error = None
        if record.error or tags.get(TAG_ERROR_CODE):
            error = RunError(record.error, tags.get(TAG_ERROR_CODE, ""), json_dict(tags.get(TAG_ERROR_VALUES)))
        return cls(
            run_id=record.run_id, status=record.status, owner=record.owner, config=record.config,
            device=record.device, sweep=record.sweep,
            epoch=int(progress.get("epoch") or 0), epochs=int(progress.get("epochs") or planned or 0),
            batch=int(progress.get("batch") or 0), batches=int(progress.get("batches") or 0),
            epochs_done=int(tags.get(TAG_EPOCHS_DONE) or 0), samples_per_second=progress.get("samples_per_s"), elapsed=elapsed, error=error,
            remedy_of=tags.get(TAG_REMEDY_OF, ""), remedy=tags.get(TAG_REMEDY, ""))


def run_view(run_id: str) -> RunView:
    """The run ``run_id`` as a page shows it (one store query); ``ValueError`` if it is
    unknown or deleted."""
    return RunView.from_record(get_run(run_id))


def run_config(run_id: str):
    """The ``RunConfig`` of run ``run_id``; ``ValueError`` if the run or its config cannot be read."""
    config = get_run(run_id).config
    if config is None:
        raise InvalidInput("run_config_unreadable",
                           f"the run's configuration cannot be read. Received: run_id={run_id!r}", run_id=run_id)
    return config


def mine(user: str | None) -> frozenset[str]:
    """The owners whose runs are ``user``'s own: ``local`` and the OS user both for the
    machine's owner (the open dashboard and the command line share a laptop), else ``user``.

    >>> sorted(mine("alice@x.org"))
    ['alice@x.org']
    """
    if user is None:
        return frozenset()
    user = owners.check_user(user)
    machine = owners.machine_users()
    return machine if user in machine else frozenset({user})


# The flattened config's names (cnncore.store.schema.flatten) of what the runs table shows.
KEY_PARAMS = {"images": "limit", "batch": "train.batch_size", "lr": "train.learning_rate",
              "optimizer": "train.optimizer", "seed": "train.seed"}
_LAYERS = {"conv": ("model.conv_blocks.", ".filters"), "dense": ("model.dense_layers.", ".units")}


def overview(table):
    """The runs table (``runs_table(params=True)``) with what each config says in columns.

    Adds ``conv`` (the convolution blocks' filters, ``"8-4"``; ``""`` for none), ``dense``
    (the dense layers' units) and :data:`KEY_PARAMS`' columns as the store holds them
    (strings; missing where a run has none); ``images`` is missing for all images. Drops
    the ``param.*`` columns.
    """
    view = table.copy()
    for column, (head, tail) in _LAYERS.items():
        names = sorted((c for c in view.columns if c.startswith("param." + head) and c.endswith(tail)),
                       key=lambda c: int(c[len("param." + head):-len(tail)]))
        view[column] = [
            "-".join(v for v in values if isinstance(v, str)) for values in
            (view[names].itertuples(index=False, name=None) if names else [()] * len(view))]
    for column, name in KEY_PARAMS.items():
        values = view[f"param.{name}"] if f"param.{name}" in view else [None] * len(view)
        view[column] = [None if v in (None, "None") or v != v else v for v in values]   # v != v: NaN
    return view.drop(columns=[c for c in view.columns if c.startswith("param.")])
