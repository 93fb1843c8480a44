"""Training jobs: runs off the UI thread, on Ray, tracked in MLflow.

``submit(config)`` records the run as *queued* and returns its id at once; a daemon
thread in this process (the dispatcher) hands it to a pool of long-lived Ray actors,
each of which imports Keras once and then trains one run after another (warm: the
second job never pays TensorFlow's import). Ray is started on first use: a small
local instance, or the cluster at ``RAY_ADDRESS``.

Slots: ``CNNLAB_JOB_SLOTS`` actors train at the same time; by default one per GPU that
Ray sees, or one on a CPU-only machine (two trainings on two cores run no faster and
starve the dashboard).

States are kept in the store (:mod:`cnncore.tracking`): queued → running → finished,
failed or stopped. :func:`stop` asks a run to stop (seen within one batch).
:func:`reconcile` — called by the dispatcher every few seconds and by pages — marks
runs failed whose worker died (Ray reports the actor's death, or the heartbeat is
older than ``STALE_S``) or whose submitting process is gone (a dashboard restart).
:func:`execute` is the job body, also used by the CLI to train in the foreground.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from cnncore import settings, tracking

STALE_S = 20.0               # heartbeats come every 2 s: 20 s of silence means a dead worker
MONITOR_S = 2.0              # how often the dispatcher checks its jobs and the store
TERMINAL = ("finished", "failed", "stopped")


# --------------------------------------------------------------------------- the job body

def execute(run_id: str, *, callbacks=(), verbose: int = 0) -> str:
    """Train the queued run ``run_id`` in this process, tracked; return its final status.

    Never raises for a training failure: the run is marked failed with the reason
    (a NaN loss says so). A run that is no longer queued (stopped before it started)
    is left as it is.
    """
    from cnncore import devices, training

    record = tracking.get_run(run_id)
    if record.status != "queued":
        return record.status
    if record.config is None:
        tracking.set_status(run_id, "failed", "the run's stored config could not be read")
        return "failed"
    config = record.config
    info = devices.detect()
    device = info["device"] + (f" ({', '.join(info['names'])})" if info["names"] else "")
    tracker = tracking.RunTracker(run_id)
    tracker.start(device=device, batch_size=config.train.batch_size)
    callback = tracker.keras_callback()
    try:
        result = training.fit(config, callbacks=[callback, *callbacks], verbose=verbose)
        if callback.stopped:
            tracker.finish("stopped")
            return "stopped"
        tracker.log_model(result.model)
        tracker.log_confusion_matrix(result.dataset.class_names, _confusion(result))
    except KeyboardInterrupt:             # Ctrl-C in the CLI: the run was stopped by hand
        tracker.finish("stopped")
        raise
    except training.TrainingDiverged as exc:
        tracker.finish("failed", str(exc))
        return "failed"
    except Exception as exc:  # any failure of a run is reported on the run, not raised
        tracker.finish("failed", f"{type(exc).__name__}: {exc}")
        return "failed"
    tracker.finish("finished")
    return "finished"


def _confusion(result):
    import numpy as np

    data = result.dataset
    predicted = result.model.predict(data.x_val, batch_size=256, verbose=0).argmax(axis=1)
    k = data.num_classes
    return np.bincount(data.y_val * k + predicted, minlength=k * k).reshape(k, k)


# --------------------------------------------------------------------------- public API

def submit(run_config, *, sweep: str | None = None, tags: dict[str, str] | None = None) -> str:
    """Queue a training run of ``run_config`` (a ``RunConfig``); return its run id at once.

    The run exists in the store (status queued) before this returns; training starts on
    a Ray worker as soon as a slot is free.
    """
    from cnncore.training import RunConfig

    if not isinstance(run_config, RunConfig):
        raise ValueError(f"submit needs a RunConfig. Received: {type(run_config).__name__}")
    dispatcher = _dispatcher()            # exists before the run does, so reconcile sees it owned
    run_id = tracking.create_run(run_config, status="queued", sweep=sweep, tags=tags)
    dispatcher.put(run_id)
    return run_id


def stop(run_id: str) -> str:
    """Ask ``run_id`` to stop; return its status now (a queued run is stopped at once).

    A running run ends within one batch and is then marked stopped by its worker.
    """
    record = tracking.get_run(run_id)
    if record.status in TERMINAL:
        return record.status
    tracking.request_stop(run_id)
    if record.status == "queued":
        tracking.set_status(run_id, "stopped")
        return "stopped"
    return record.status


def wait(run_ids, *, timeout: float = 600.0, poll: float = 0.5) -> dict[str, str]:
    """Block until every run in ``run_ids`` has ended; return ``{run_id: status}``.

    Raises ``TimeoutError`` naming the runs still going after ``timeout`` seconds.
    """
    ids = [run_ids] if isinstance(run_ids, str) else list(run_ids)
    deadline = time.monotonic() + timeout
    while True:
        status = {r: tracking.get_run(r).status for r in ids}
        if all(s in TERMINAL for s in status.values()):
            return status
        if time.monotonic() > deadline:
            going = {r: s for r, s in status.items() if s not in TERMINAL}
            raise TimeoutError(f"runs still going after {timeout:g} s. Received: {going}")
        time.sleep(poll)


def reconcile(*, stale_after: float = STALE_S) -> list[str]:
    """Mark runs failed whose training can no longer finish; return their ids.

    A running run whose heartbeat is older than ``stale_after`` seconds lost its worker
    (killed, crashed, or Ray went away with a restarted dashboard). A queued run that no
    live process will hand to a worker (its submitter on this host is gone) is orphaned.
    """
    pending = _dispatcher().pending_ids() if _DISPATCHER is not None else set()
    failed = []
    for record in tracking.active_runs():
        reason = None
        if record.status == "running":
            age = record.heartbeat_age
            if age is None:
                reason = ("the training process never reported (no heartbeat): it was killed, "
                          "crashed or lost its machine")
            elif age > stale_after:
                reason = (f"the training process stopped responding (no heartbeat for "
                          f"{age:.0f} s): it was killed, crashed or lost its machine")
        elif record.run_id not in pending and _gone(record.tags.get(tracking.TAG_SUBMITTER, "")):
            reason = "orphaned: the process that queued this run ended before it started"
        if reason:
            tracking.set_status(record.run_id, "failed", reason)
            failed.append(record.run_id)
    return failed


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
    import ray

    if ray.is_initialized():
        leftovers = _local_ray_processes()
        ray.shutdown()
        deadline = time.monotonic() + 5
        while leftovers and time.monotonic() < deadline:
            leftovers = [p for p in leftovers if Path(f"/proc/{p}").exists() and not _zombie(p)]
            time.sleep(0.2)
        for pid in leftovers:
            try:
                os.kill(pid, 9)
            except OSError:
                pass


def slots() -> int:
    """How many trainings run at once: ``CNNLAB_JOB_SLOTS``, else GPUs seen by Ray, else 1."""
    value = os.environ.get("CNNLAB_JOB_SLOTS")
    if value:
        if not value.isdigit() or int(value) < 1:
            raise ValueError(f"CNNLAB_JOB_SLOTS must be a positive integer. Received: {value!r}")
        return int(value)
    import ray

    return max(1, int(ray.cluster_resources().get("GPU", 0)))


def _gone(owner: str) -> bool:
    """Whether ``host:pid`` names a process on this host that no longer exists."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False                      # another machine's job: its dashboard reconciles it
    if int(pid) == os.getpid():
        return _DISPATCHER is None        # queued here, but this process has no dispatcher
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


# --------------------------------------------------------------------------- Ray side

def ensure_ray():
    """The ``ray`` module, initialised: the cluster at ``RAY_ADDRESS``, else a small local Ray."""
    import ray

    if not ray.is_initialized():
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        address = settings.ray_address()
        common = dict(namespace="cnnlab", ignore_reinit_error=True, log_to_driver=False,
                      configure_logging=False)
        if address:
            # Workers elsewhere import cnncore from the package this process ships them.
            ray.init(address=address, runtime_env={"py_modules": [str(Path(__file__).parent)]}, **common)
        else:
            ray.init(num_cpus=max(1, min(2, os.cpu_count() or 1)), include_dashboard=False,
                     object_store_memory=128 * 1024**2, **common)
    return ray


_ensure_ray = ensure_ray       # the name cnncore.sweeps uses


class _Worker:
    """A Ray actor that imports Keras once and trains runs one after another."""

    def __init__(self):
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        import keras  # noqa: F401  (the point: pay the import once, before the first job)

    def pid(self) -> int:
        return os.getpid()

    def run(self, run_id: str, env: dict[str, str]) -> str:
        os.environ.update(env)            # the submitter's store, even if it changed since
        return execute(run_id)


@dataclass
class _Job:
    run_id: str
    worker: int
    ref: object = None


@dataclass
class _Dispatcher:
    """A daemon thread that starts Ray, feeds runs to workers and watches them."""

    inbox: list = field(default_factory=list)
    jobs: dict = field(default_factory=dict)        # run_id → _Job
    workers: list = field(default_factory=list)     # actor handles (None: to be created)
    lock: threading.Condition = field(default_factory=threading.Condition)
    closed: bool = False
    error: str = ""

    def start(self) -> "_Dispatcher":
        threading.Thread(target=self._loop, name="cnnlab-jobs", daemon=True).start()
        return self

    def put(self, run_id: str | None) -> None:
        with self.lock:
            self.inbox.append(run_id)
            self.lock.notify()

    def pending_ids(self) -> set[str]:
        with self.lock:
            return set(self.jobs) | {r for r in self.inbox if r}

    def close(self) -> None:
        with self.lock:
            self.closed = True
            self.lock.notify()
        import ray

        for actor in self.workers:
            if actor is not None:
                ray.kill(actor)
        self.workers = []

    # the thread ----------------------------------------------------------------------
    def _loop(self) -> None:
        try:
            ray = ensure_ray()
            self.workers = [None] * slots()
        except Exception as exc:          # no Ray: fail every run handed to us, with the reason
            self.error = f"could not start Ray: {type(exc).__name__}: {exc}"
        last_reconcile = 0.0
        while True:
            with self.lock:
                if not self.inbox and not self.closed:
                    self.lock.wait(timeout=MONITOR_S if self.jobs else 5 * MONITOR_S)
                if self.closed:
                    return
                new, self.inbox = self.inbox, []
            try:
                for run_id in new:
                    self._dispatch(run_id)
                self._collect()
                if time.monotonic() - last_reconcile > MONITOR_S:
                    last_reconcile = time.monotonic()
                    reconcile()
            except Exception as exc:      # keep dispatching whatever one bad run did
                self.error = f"{type(exc).__name__}: {exc}"

    def _actor(self, index: int):
        import ray

        if self.workers[index] is None:
            gpus = 1 if ray.cluster_resources().get("GPU", 0) else 0
            remote = ray.remote(_Worker).options(
                num_cpus=0 if gpus else 1, num_gpus=gpus, max_concurrency=1, max_restarts=0,
                runtime_env={"env_vars": {"KERAS_BACKEND": settings.keras_backend(),
                                          "TF_CPP_MIN_LOG_LEVEL": "2"}},
            )
            self.workers[index] = remote.remote()
        return self.workers[index]

    def _dispatch(self, run_id: str | None) -> None:
        if self.error:
            if run_id:
                tracking.set_status(run_id, "failed", self.error)
            return
        if run_id is None:                # warm_up(): create every worker
            for i in range(len(self.workers)):
                self._actor(i)
            return
        load = [sum(j.worker == i for j in self.jobs.values()) for i in range(len(self.workers))]
        index = load.index(min(load))
        env = {"CNNLAB_HOME": str(settings.cnnlab_home()), "MLFLOW_TRACKING_URI": settings.tracking_uri()}
        if os.environ.get("CNNLAB_EXPERIMENT"):
            env["CNNLAB_EXPERIMENT"] = os.environ["CNNLAB_EXPERIMENT"]
        with self.lock:
            self.jobs[run_id] = _Job(run_id, index, self._actor(index).run.remote(run_id, env))

    def _collect(self) -> None:
        import ray

        with self.lock:
            refs = {job.ref: job for job in self.jobs.values()}
        if not refs:
            return
        done, _ = ray.wait(list(refs), num_returns=len(refs), timeout=0)
        for ref in done:
            job = refs[ref]
            with self.lock:
                self.jobs.pop(job.run_id, None)
            try:
                ray.get(ref)
            except ray.exceptions.RayActorError as exc:
                self.workers[job.worker] = None           # a fresh actor for what comes next
                record = tracking.get_run(job.run_id)
                if record.status == "queued":             # never started: give it to the new one
                    self._dispatch(job.run_id)
                elif record.status == "running":
                    tracking.set_status(job.run_id, "failed", "the training worker process died "
                                        f"(killed or out of memory): {_first_line(exc)}")
            except Exception as exc:
                if tracking.get_run(job.run_id).status in ("queued", "running"):
                    tracking.set_status(job.run_id, "failed", f"{type(exc).__name__}: {_first_line(exc)}")


def _local_ray_processes() -> list[int]:
    """Pids of the local Ray node this process started and all their descendants (Linux)."""
    from ray._private import worker

    node = getattr(worker, "_global_node", None)
    if node is None or settings.ray_address() or not Path("/proc").is_dir():
        return []
    roots = {info.process.pid for infos in node.all_processes.values() for info in infos
             if getattr(info, "process", None) is not None}
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = set(), list(roots)
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo.extend(children.get(pid, []))
    return sorted(found)


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return True


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


_DISPATCHER: _Dispatcher | None = None
_DISPATCHER_LOCK = threading.Lock()


def _dispatcher() -> _Dispatcher:
    global _DISPATCHER
    with _DISPATCHER_LOCK:
        if _DISPATCHER is None:
            _DISPATCHER = _Dispatcher().start()
        return _DISPATCHER
