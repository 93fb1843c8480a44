"""Execution on Ray: training runs off the UI thread, and sweeps on Ray Tune.

Rooms: :mod:`~cnncore.jobs.cluster` (starting and stopping Ray),
:mod:`~cnncore.jobs.worker` (the job body, :func:`execute`, and the warm Ray actor),
:mod:`~cnncore.jobs.dispatch` (submit, stop, place: the API),
:mod:`~cnncore.jobs.usecases` (delete, re-run, remedy, the course: what a page asks in one call),
:mod:`~cnncore.jobs.scheduler` (the fair queue's scheduler and its workers, a named Ray actor),
:mod:`~cnncore.jobs.liveness` (heartbeats), :mod:`~cnncore.jobs.queue` (the fair queue),
:mod:`~cnncore.jobs.door` (the checks every run passes), :mod:`~cnncore.jobs.limits` (per-user and per-run caps),
:mod:`~cnncore.jobs.callbacks` (the Keras callbacks a job adds),
:mod:`~cnncore.jobs.sweeps` (a sweep's driver), :mod:`~cnncore.jobs.classes` (class sessions), :mod:`~cnncore.jobs.tune_driver` and
:mod:`~cnncore.jobs.trial` (its Ray Tune side). This package's namespace is the runs API
that pages and the CLI use (``jobs.sweeps`` the sweeps' part, ``jobs.classes`` the class sessions'); importing it imports neither
Ray, Keras nor MLflow.
"""

from cnncore.jobs.cluster import ensure_ray
from cnncore.jobs.dispatch import (
    MONITOR_S, STALE_S, place, scheduler_state, shutdown, slots, stop, submit, wait, warm_up)
from cnncore.jobs.usecases import Waiting, delete, rerun, start_course, start_remedy, waiting
from cnncore.jobs.worker import execute
from cnncore.jobs import sweeps   # the sweeps' API: jobs.sweeps.start(...)
from cnncore.jobs import classes  # the class sessions' API: jobs.classes.submit(...)

__all__ = ["MONITOR_S", "STALE_S", "Waiting", "classes", "delete", "ensure_ray", "execute", "place",
           "rerun", "scheduler_state", "shutdown", "slots", "start_course", "start_remedy", "stop", "submit",
           "sweeps", "wait", "waiting", "warm_up"]
