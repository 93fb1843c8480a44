"""Training jobs: runs off the UI thread, on Ray, tracked in MLflow.

``submit(config)`` records the run as *queued* and returns its id at once; a daemon
thread in this process (the dispatcher) hands it to a pool of long-lived Ray actors,
each of which imports Keras once and then trains one run after another (warm: the
second job never pays TensorFlow's import). Ray is started on first use: a small
local instance, or the cluster at ``RAY_ADDRESS``.

Slots: ``CNNLAB_JOB_SLOTS`` actors train at the same time; by default one per GPU that
Ray sees, or one on a CPU-only machine (two trainings on two cores run no faster and
starve the dashboard); on a Ray cluster (``RAY_ADDRESS``) without GPUs, one per
``CPUS_PER_SLOT`` of its CPUs.

The queue is fair (:class:`cnncore.jobs.queue.FairQueue`): runs wait in this process,
one line per owner, and each free slot takes the next *owner* in rotation, so one
user's ten runs never hold everyone else back. :func:`place` says where a queued run
stands and about how long it will wait. Every run has an owner (``user=``); only the
owner or an admin may stop it (:mod:`cnncore.store.owners`), and ``submit`` enforces
the per-user and per-run caps of :mod:`cnncore.jobs.limits`.

States are kept in the store (:mod:`cnncore.tracking`): queued → running → finished,
failed or stopped. :func:`stop` asks a run to stop (seen within one batch).
:func:`reconcile` — called by the dispatcher every few seconds and by pages — marks
runs failed whose worker died (Ray reports the actor's death, or the heartbeat has not
changed for ``STALE_S`` seconds of this process's clock) or whose submitting process is
gone (a dashboard restart). The job body is :func:`cnncore.jobs.worker.execute`.

Nothing one run does stops the others: whatever goes wrong with a run fails that run
alone, with its reason; a store error is retried with backoff; a Ray that failed to
start is started again at the next run.
"""

from __future__ import annotations

import threading
import time

from cnncore import settings, store
from cnncore.jobs import limits
from cnncore.jobs import liveness
from cnncore.jobs.cluster import stop_local_ray
from cnncore.jobs.dispatcher import MONITOR_S, TERMINAL, Dispatcher  # noqa: F401  (jobs API)
from cnncore.jobs.liveness import STALE_S
from cnncore.jobs.queue import wait_estimate
from cnncore.store import owners

CPUS_PER_SLOT = 4            # a CPU training uses a few cores well; more slots only slow each other


def submit(run_config, *, sweep: str | None = None, tags: dict[str, str] | None = None,
           trusted: bool = False, user: str = owners.LOCAL, data=None) -> str:
    """Queue a training run of ``run_config`` (a ``RunConfig``) owned by ``user``; return
    its run id at once.

    The run exists in the store (status queued) before this returns; training starts on
    a Ray worker when a slot is free and it is ``user``'s turn (round-robin across users).
    The pages submit, so by default the data set must be one a browser may name (a data
    set name, an upload id, a ``data:`` file); ``trusted=True`` lets a caller that owns the
    machine train on any file path. ``data``, the loaded data set if the caller has it,
    makes the per-run caps exact. Raises ``ValueError`` over a cap (:mod:`~cnncore.jobs.limits`).
    """
    from cnncore import datasets
    from cnncore.nn.training import RunConfig

    if not isinstance(run_config, RunConfig):
        raise ValueError(f"submit needs a RunConfig. Received: {type(run_config).__name__}")
    user = owners.check_user(user)
    if not trusted:
        datasets.check_untrusted(run_config.dataset, run_config.dataset_options)
    limits.check_run(run_config, data)
    limits.check_active(user, store.count_active(user))
    dispatcher = _dispatcher()            # exists before the run does, so reconcile sees it owned
    run_id = store.create_run(run_config, status="queued", sweep=sweep, tags=tags, owner=user)
    dispatcher.put(run_id, user)
    return run_id


def stop(run_id: str, *, user: str = owners.LOCAL) -> str:
    """Ask ``run_id`` to stop, as ``user``; return its status now. A queued run is
    cancelled: out of the line and stopped at once.

    A running run ends within one batch and is then marked stopped by its worker. Raises
    ``PermissionError`` unless ``user`` owns the run or is an admin (``CNNLAB_ADMINS``).
    """
    record = store.check_may(run_id, user, "stop")
    if record.status in TERMINAL:
        return record.status
    store.request_stop(run_id)
    if record.status == "queued":
        if _DISPATCHER is not None:
            _DISPATCHER.cancel(run_id)
        store.set_status(run_id, "stopped")
        return "stopped"
    return record.status


def place(run_id: str) -> tuple[int, float | None] | None:
    """Where a queued run stands: ``(place, seconds)`` — 1 is next to start, ``seconds``
    the wait estimated from recent finished runs (``None`` without any) — or ``None`` when
    this process's queue does not hold it (running, ended, or queued elsewhere)."""
    if _DISPATCHER is None:
        return None
    where = _DISPATCHER.position(run_id)
    if where is None:
        return None
    return where, wait_estimate(where, max(1, len(_DISPATCHER.workers) or 1), store.recent_durations())


def wait(run_ids, *, timeout: float = 600.0, poll: float = 0.5) -> dict[str, str]:
    """Block until every run in ``run_ids`` has ended; return ``{run_id: status}``.

    Raises ``TimeoutError`` naming the runs still going after ``timeout`` seconds.
    """
    ids = [run_ids] if isinstance(run_ids, str) else list(run_ids)
    deadline = time.monotonic() + timeout
    while True:
        status = {r: store.get_run(r).status for r in ids}
        if all(s in TERMINAL for s in status.values()):
            return status
        if time.monotonic() > deadline:
            going = {r: s for r, s in status.items() if s not in TERMINAL}
            raise TimeoutError(f"runs still going after {timeout:g} s. Received: {going}")
        time.sleep(poll)


def reconcile(*, stale_after: float = STALE_S) -> list[str]:
    """Mark runs failed whose training can no longer finish (:func:`cnncore.jobs.liveness.
    reconcile`, told which runs this process's dispatcher still holds); return their ids."""
    dispatcher = _DISPATCHER
    return liveness.reconcile(stale_after=stale_after, dispatching=dispatcher is not None,
                              pending=dispatcher.pending_ids() if dispatcher is not None else set())


def warm_up() -> None:
    """Start Ray and the training workers now (in the background), not at the first job."""
    _dispatcher().put(None)


def shutdown(*, ray_too: bool = True) -> None:
    """Stop the dispatcher and this process's workers, and the local Ray it started.

    Ray's agent processes sometimes outlive ``ray.shutdown()``; those this process
    started are ended too, so nothing is left eating CPU.
    """
    global _DISPATCHER
    with _DISPATCHER_LOCK:
        dispatcher, _DISPATCHER = _DISPATCHER, None
    if dispatcher is not None:
        try:
            dispatcher.close()
        except Exception:                 # a dead actor or Ray gone: nothing left to close
            pass
    if not ray_too:
        return
    stop_local_ray()


def slots() -> int:
    """How many trainings run at once: ``CNNLAB_JOB_SLOTS``, else from what Ray has
    (:func:`slots_for`)."""
    configured = settings.job_slots()
    if configured:
        return configured
    import ray

    return slots_for(ray.cluster_resources(), cluster=settings.ray_address() is not None)


def slots_for(resources: dict, *, cluster: bool) -> int:
    """Trainings at once for Ray's ``resources``: one per GPU; without GPUs one per
    ``CPUS_PER_SLOT`` CPUs of a cluster, and one on this machine alone.

    >>> slots_for({"CPU": 16.0, "GPU": 2.0}, cluster=True), slots_for({"CPU": 16.0}, cluster=True)
    (2, 4)
    >>> slots_for({"CPU": 16.0}, cluster=False)
    1
    """
    gpus = int(resources.get("GPU", 0))
    if gpus:
        return gpus
    return max(1, int(resources.get("CPU", 0)) // CPUS_PER_SLOT) if cluster else 1


_DISPATCHER: Dispatcher | None = None
_DISPATCHER_LOCK = threading.Lock()


def _dispatcher() -> Dispatcher:
    global _DISPATCHER
    with _DISPATCHER_LOCK:
        if _DISPATCHER is None:
            _DISPATCHER = Dispatcher(reconcile=reconcile, slots=slots).start()
        return _DISPATCHER
