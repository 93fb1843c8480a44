"""What the scheduler keeps in the store: the store *is* the queue's memory.

A queued run stays queued (MLflow ``SCHEDULED``) until a scheduler hands it over; a
scheduler that starts reads the waiting runs back in the order they were queued
(:func:`waiting`) and rebuilds every user's line from them. Each hand-over writes an
attempt tag, ``"<n> <token>"`` (:func:`hand_over`): only the process holding that token may
train the run, so a run handed over again (its worker died, it is resumed elsewhere) is
never trained twice, whatever the old worker still believes.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from cnncore.store import owners
from cnncore.store.connection import client, experiment_id
from cnncore.store.schema import (
    TAG_ATTEMPT, TAG_EPOCHS_DONE, TAG_HEARTBEAT, TAG_TRAINS_IN, TO_MLFLOW, as_int)

SCHEDULER = "scheduler"   # TAG_TRAINS_IN values: the scheduler's workers train it
HERE = ""                 # (unset) the process that created it trains it: the command line, a bench


@dataclass(frozen=True)
class Waiting:
    """A run as the scheduler sees it: enough to queue it, hand it over or judge its liveness."""

    run_id: str
    owner: str
    trains_in: str            # SCHEDULER or HERE: who trains it
    attempt: int              # hand-overs so far
    token: str                # the token of the last hand-over ("" before the first)
    epochs_done: int
    heartbeat: str | None     # the raw heartbeat tag (liveness compares it, never its clock)
    queued_at: float          # MLflow's creation time, seconds


def waiting() -> list[Waiting]:
    """Every queued run, oldest first (one store query)."""
    return _search("queued")


def running() -> list[Waiting]:
    """Every running run (one store query)."""
    return _search("running")


def hand_over(run_id: str, attempt: int) -> str:
    """Write hand-over number ``attempt`` of ``run_id``; return its token."""
    token = uuid.uuid4().hex[:12]
    client().set_tag(run_id, TAG_ATTEMPT, f"{attempt} {token}")
    return token


def attempt_of(tags: dict) -> tuple[int, str]:
    """``(n, token)`` from a run's tags: its n-th hand-over and that hand-over's token.

    >>> attempt_of({"cnnlab.attempt": "2 9f1c"}), attempt_of({})
    ((2, '9f1c'), (0, ''))
    """
    n, _, token = (tags.get(TAG_ATTEMPT) or "0 ").partition(" ")
    return (int(n) if n.isdigit() else 0), token


def status(run_id: str) -> str | None:
    """The run's status; ``None`` once it is deleted."""
    from cnncore.store.runs import get_run

    try:
        return get_run(run_id).status
    except ValueError:
        return None


def _search(status: str) -> list[Waiting]:
    found = client().search_runs([experiment_id()], filter_string=f"attributes.status = '{TO_MLFLOW[status]}'",
                                 max_results=10_000, order_by=["attributes.start_time ASC"])
    out = []
    for run in found:
        tags = run.data.tags
        attempt, token = attempt_of(tags)
        out.append(Waiting(run_id=run.info.run_id, owner=owners.owner_of(tags),
                           trains_in=tags.get(TAG_TRAINS_IN, HERE), attempt=attempt, token=token,
                           epochs_done=as_int(tags.get(TAG_EPOCHS_DONE)) or 0,
                           heartbeat=tags.get(TAG_HEARTBEAT),
                           queued_at=(run.info.start_time or time.time() * 1000) / 1000))
    out.sort(key=lambda w: w.queued_at)
    return out
