"""Training jobs: the runs API that pages and the command line use.

``submit(config)`` passes the door (:mod:`cnncore.jobs.door`), then asks the scheduler
(:mod:`cnncore.jobs.scheduler`, one named Ray actor that no dashboard owns) to record the
run as *queued*; it returns the run's id at once. The scheduler hands it to one of its
warm workers when a slot is free and it is the owner's turn. Ray is started on first use:
a small local instance, or the cluster at ``RAY_ADDRESS``.

Slots: ``CNNLAB_JOB_SLOTS`` trainings at once; by default ``CNNLAB_RUNS_PER_GPU`` per GPU
that Ray sees, one on a CPU-only machine (two trainings on two cores run no faster and
starve the dashboard), and on a Ray cluster without GPUs one per ``CPUS_PER_SLOT`` CPUs.

States are kept in the store: queued → running → finished, failed or stopped. A queued
run waits in the store until a scheduler takes it, so restarting a dashboard, or the
scheduler, loses nothing. :func:`stop` asks a run to stop (seen within one batch); only
the owner or an admin may (:mod:`cnncore.store.owners`).
"""

from __future__ import annotations

import threading
import time

from cnncore import settings, store
from cnncore.jobs import limits
from cnncore.jobs.cluster import ensure_ray, stop_local_ray
from cnncore.jobs.scheduler import MONITOR_S, Scheduler  # noqa: F401  (jobs API)
from cnncore.jobs.slots import CPUS_PER_SLOT, slots_for  # noqa: F401  (jobs API)
from cnncore.jobs.slots import count_slots as slots
from cnncore.jobs.liveness import STALE_S  # noqa: F401  (jobs API)
from cnncore.store import owners

NAME = "cnnlab-scheduler"
CALL_TIMEOUT_S = 60.0        # a scheduler that answers nothing for this long is stuck, not slow


def submit(run_config, *, sweep: str | None = None, tags: dict[str, str] | None = None,
           trusted: bool = False, user: str = owners.LOCAL, data=None) -> str:
    """Queue a training run of ``run_config`` (a ``RunConfig``) owned by ``user``; return
    its run id at once.

    The run exists in the store (status queued) before this returns; training starts on
    a worker when a slot is free and it is ``user``'s turn (round-robin across users).
    The pages submit, so by default the data set must be one a browser may name (a data
    set name, an upload id, a ``data:`` file); ``trusted=True`` lets a caller that owns the
    machine train on any file path. ``data``, the loaded data set if the caller has it,
    saves loading it again for the per-run caps. A refusal is an
    :class:`~cnncore.errors.InvalidInput` with a code, raised before anything is recorded.
    """
    from cnncore.jobs import door
    from cnncore.nn.training import RunConfig

    if not isinstance(run_config, RunConfig):
        raise ValueError(f"submit needs a RunConfig. Received: {type(run_config).__name__}")  # internal
    door.admit(run_config, user=user, trusted=trusted, data=data)
    user = owners.check_user(user)
    limits.check_active(user, store.count_active(user))   # at once, without Ray; atomic in the scheduler
    return call("admit", run_config.to_dict(), user, sweep, tags)


def queue_trial(run_config, *, user: str, sweep: str, tags: dict[str, str]) -> str:
    """Queue a sweep's trial as a run in its owner's line; its id. The trial passed the door
    already, and the sweep's door bounds its trials at once, so the per-user count of
    active runs does not apply to it."""
    return call("admit", run_config.to_dict(), owners.check_user(user), sweep, tags)


def stop(run_id: str, *, user: str = owners.LOCAL) -> str:
    """Ask ``run_id`` to stop, as ``user``; return its status now. A queued run is
    cancelled: out of the line and stopped at once.

    A running run ends within one batch and is then marked stopped by its worker. Raises
    ``PermissionError`` unless ``user`` owns the run or is an admin (``CNNLAB_ADMINS``).
    """
    record = store.check_may(run_id, user, "stop")
    if record.status in store.ENDED:
        return record.status
    store.request_stop(run_id)
    if record.status == "queued":
        store.set_status(run_id, "stopped")   # the scheduler drops it at its next look
        if _HANDLE is not None:
            try:
                call("cancel", run_id)
            except Exception:                 # it drops it from the store's state anyway
                pass
        return "stopped"
    return record.status


def place(run_id: str) -> tuple[int, float | None] | None:
    """Where a queued run stands: ``(place, seconds)`` — 1 is next to start, ``seconds``
    the wait estimated from recent finished runs (``None`` without any) — or ``None`` when
    no scheduler holds it in line (running, ended, or no scheduler reachable yet)."""
    if _HANDLE is None and not settings.ray_address():
        return None                           # no scheduler here: a page does not start Ray to ask
    try:
        return call("place", run_id)
    except Exception:
        return None


def scheduler_state() -> dict:
    """The scheduler's slots, runs handed over and runs waiting (starts it if need be)."""
    return call("state")


def wait(run_ids, *, timeout: float = 600.0, poll: float = 0.5) -> dict[str, str]:
    """Block until every run in ``run_ids`` has ended; return ``{run_id: status}``.

    Raises ``TimeoutError`` naming the runs still going after ``timeout`` seconds.
    """
    ids = [run_ids] if isinstance(run_ids, str) else list(run_ids)
    deadline = time.monotonic() + timeout
    while True:
        status = {r: store.get_run(r).status for r in ids}
        if all(s in store.ENDED for s in status.values()):
            return status
        if time.monotonic() > deadline:
            going = {r: s for r, s in status.items() if s not in store.ENDED}
            raise TimeoutError(f"runs still going after {timeout:g} s. Received: {going}")  # internal
        time.sleep(poll)


def warm_up() -> None:
    """Find or start the scheduler now, and its workers (each imports Keras and fits once),
    so the first run does not wait for them."""
    call("warm")


def shutdown(*, ray_too: bool = True) -> None:
    """Let go of the scheduler, and stop the local Ray this process started (with its
    scheduler and workers). A cluster's scheduler is left running: it is no one's."""
    global _HANDLE
    with _LOCK:
        handle, _HANDLE = _HANDLE, None
    if handle is not None and not settings.ray_address():
        import ray

        try:
            ray.get(handle.close.remote(), timeout=10)
            ray.kill(handle)
        except Exception:                 # a dead actor or Ray gone: nothing left to close
            pass
    if ray_too:
        stop_local_ray()


def call(method: str, *args):
    """``scheduler().method(*args)``, waited for; the scheduler's own error is raised as it
    is (an ``InvalidInput`` stays one). A scheduler that died is found or started again once."""
    import ray

    for attempt in (1, 2):
        handle = scheduler()
        try:
            return ray.get(handle.request.remote(settings.worker_env(), method, *args), timeout=CALL_TIMEOUT_S)
        except ray.exceptions.RayTaskError as exc:
            raise exc.cause from None
        except ray.exceptions.RayActorError:
            global _HANDLE
            with _LOCK:
                if _HANDLE is handle:
                    _HANDLE = None
            if attempt == 2:
                raise


def scheduler():
    """The scheduler's actor handle: found by name, or started (detached on a cluster, so
    it outlives this process; Ray restarts it if its process dies)."""
    global _HANDLE
    with _LOCK:
        if _HANDLE is None:
            ray = ensure_ray()
            # "DEFAULT": never inside the placement group of the caller (a sweep's trial).
            options = dict(name=NAME, namespace="cnnlab", get_if_exists=True, num_cpus=0, max_concurrency=64,
                           runtime_env={"env_vars": settings.worker_env()}, scheduling_strategy="DEFAULT")
            if settings.ray_address():
                options |= dict(lifetime="detached", max_restarts=-1)
            _HANDLE = ray.remote(Scheduler).options(**options).remote()
        return _HANDLE


_HANDLE = None
_LOCK = threading.Lock()
