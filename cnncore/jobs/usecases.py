"""What a page asks of the runs, each in one call: delete, re-run, start a remedy, reproduce
the course, and what a queued run waits for.

Every run these start passes the one door, :func:`cnncore.jobs.dispatch.submit` (the
checks of :mod:`cnncore.jobs.door`, then the scheduler), and belongs to the ``user`` who
started it; whoever may stop or delete what is :func:`cnncore.store.owners.may_act`.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnncore import store
from cnncore.jobs import dispatch, door, limits
from cnncore.store import owners, stories

WORKER_START_S = 30.0   # Ray and a worker importing TensorFlow, the first time (bench/first_click.py)


def delete(run_ids, *, user: str) -> None:
    """Delete runs as ``user``: each queued or running one is stopped first (a queued run
    leaves the line at once), then all are deleted.

    Raises ``PermissionError`` before anything changes if ``user`` may not delete one of
    them; ``ValueError`` for a run that does not exist.
    """
    records = [store.check_may(run_id, user, "delete") for run_id in dict.fromkeys(run_ids)]
    for record in records:
        if record.status in store.ACTIVE:
            dispatch.stop(record.run_id, user=user)
    store.delete_runs([record.run_id for record in records], user=user)


def rerun(run_id: str, edits: dict, *, user: str) -> str:
    """Start run ``run_id`` again with ``edits``; the new run's id. It is ``user``'s, whoever
    owned the first (everyone may re-run any run).

    ``edits`` is part of a ``RunConfig.to_dict()``: ``{"train": {"epochs": 3}}`` changes one
    field; a dict merges into the config's dict, anything else (a list of layers, a number)
    replaces the value. A config that the edits make invalid raises its ``ValueError``.
    """
    from cnncore.nn.training import RunConfig

    if not isinstance(edits, dict):
        raise ValueError(f"edits must be a dict of config fields. Received: {type(edits).__name__}")  # internal
    config = RunConfig.from_dict(_merged(store.run_config(run_id).to_dict(), edits))
    return dispatch.submit(config, user=user)


def start_remedy(run_id: str, remedy_name: str, *, user: str) -> str:
    """Start remedy ``remedy_name`` (:data:`cnncore.nn.remedies.REMEDIES`) of run ``run_id``
    as a sibling run of ``user``'s, tagged so that the two make one story; its id."""
    from cnncore.nn import remedies

    config = remedies.remedy(store.run_config(run_id), remedy_name)
    return dispatch.submit(config, tags=stories.remedy_tags(run_id, remedy_name), user=user)


def start_course(*, user: str, seed: int = 0) -> list[str]:
    """Reproduce the course: the dense baseline and the course CNN on the course data set
    (:func:`cnncore.nn.course.course_runs`), as ``user``; their ids, dense first.

    Every run passes the door, and ``user``'s count of active runs is checked for all of
    them, before the first is recorded: a refusal leaves nothing half started.
    """
    from cnncore.nn import course

    configs = course.course_runs(seed=seed)
    size = limits.data_size(configs[0])          # one data set: measured once
    for config in configs:
        door.admit(config, user=user, data=size)
    user = owners.check_user(user)
    limits.check_active(user, store.count_active(user) + len(configs) - 1)
    return [dispatch.submit(config, user=user, data=size) for config in configs]


@dataclass(frozen=True)
class Waiting:
    """What a queued run waits for (:func:`waiting`).

    ``reason``: ``"line"`` — other runs go first (``place`` 1 is next; ``seconds`` the wait
    estimated from recent runs, ``None`` without any); ``"worker"`` — it is next, but the
    training worker is still starting (Ray, then TensorFlow's import: ``seconds`` about
    :data:`WORKER_START_S` the first time); ``"start"`` — no longer in line: its worker is
    loading the data set (or no scheduler is in reach to ask).
    """

    reason: str
    place: int | None = None
    seconds: float | None = None


def waiting(run_id: str) -> Waiting:
    """What queued run ``run_id`` waits for. Cheap enough to poll; it never starts Ray (a
    process that has not reached a scheduler gets ``"start"``)."""
    where = dispatch.place(run_id)
    if where is None:
        return Waiting("start")
    place, seconds = where
    if place == 1:
        try:
            state = dispatch.scheduler_state()      # it answered place(): no Ray is started
        except Exception:                           # gone since: say what place() said
            return Waiting("line", place, seconds)
        if len(state["running"]) < max(state["slots"], 1):   # a free slot it has not taken
            return Waiting("worker", place, WORKER_START_S)
    return Waiting("line", place, seconds)


def _merged(base: dict, edits: dict) -> dict:
    out = dict(base)
    for key, value in edits.items():
        out[key] = _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) \
            else value
    return out
