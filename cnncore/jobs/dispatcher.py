"""The dispatcher: a daemon thread that starts Ray, feeds queued runs to warm workers
(round-robin across owners) and watches them; :mod:`cnncore.jobs.dispatch` owns the one
instance per process and its public API.

It never stops for one run's sake: each run is dispatched and collected on its own, and
what goes wrong fails that run with the reason; a store error is retried with backoff; a
Ray that failed to start is started again at the next run.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from cnncore import settings, store
from cnncore.jobs.cluster import ensure_ray
from cnncore.jobs.queue import FairQueue
from cnncore.jobs.worker import Worker
from cnncore.store import owners

MONITOR_S = 2.0              # how often the dispatcher checks its jobs and the store
TERMINAL = ("finished", "failed", "stopped")
STORE_TRIES = 4              # a store call from the dispatcher: 4 tries, 0.5 s, 1 s, 2 s apart
RECONCILE_BACKOFF_MAX_S = 60.0
QUEUE_POLL_S = 0.5           # how soon a slot that freed up takes the next run in line

log = logging.getLogger(__name__)


@dataclass
class _Job:
    run_id: str
    worker: int
    ref: object = None
    user: str = owners.LOCAL


@dataclass
class Dispatcher:
    """A daemon thread that starts Ray, feeds runs to workers and watches them.

    It never stops for one run's sake: each run is dispatched and collected on its own,
    and what goes wrong fails that run with the reason (:meth:`_fail`).
    """

    inbox: list = field(default_factory=list)       # (run_id, user), or None: warm up
    queue: FairQueue = field(default_factory=FairQueue)   # runs waiting for a slot, per user
    jobs: dict = field(default_factory=dict)        # run_id → _Job
    workers: list = field(default_factory=list)     # actor handles (None: to be created)
    lock: threading.Condition = field(default_factory=threading.Condition)
    reconcile: Callable[[], object] = lambda: None   # marks lost runs failed (dispatch.reconcile)
    slots: Callable[[], int] = lambda: 1             # how many workers (dispatch.slots)
    closed: bool = False
    error: str = ""                                 # the last thing that went wrong, for debugging
    reconcile_backoff: float = MONITOR_S

    def start(self) -> "Dispatcher":
        threading.Thread(target=self._loop, name="cnnlab-jobs", daemon=True).start()
        return self

    def put(self, run_id: str | None, user: str = owners.LOCAL) -> None:
        with self.lock:
            self.inbox.append((run_id, user) if run_id else None)
            self.lock.notify()

    def cancel(self, run_id: str) -> bool:
        """Take a run that waits for a slot out of the line; whether it was waiting."""
        with self.lock:
            waiting = [item for item in self.inbox if item and item[0] == run_id]
            for item in waiting:
                self.inbox.remove(item)
            return self.queue.remove(run_id) or bool(waiting)

    def position(self, run_id: str) -> int | None:
        """The run's place in line (1 = next), counting runs not yet sorted into it."""
        with self.lock:
            if run_id in self.queue:
                return self.queue.position(run_id)
            fresh = [item[0] for item in self.inbox if item]
            return len(self.queue) + fresh.index(run_id) + 1 if run_id in fresh else None

    def pending_ids(self) -> set[str]:
        with self.lock:
            return set(self.jobs) | set(self.queue) | {item[0] for item in self.inbox if item}

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
            self._ensure_workers()
        except Exception as exc:          # tried again at the next run
            self._note(f"could not start Ray: {type(exc).__name__}: {exc}")
        next_reconcile = 0.0
        while True:
            with self.lock:
                if not self.inbox and not self.closed:
                    waiting = QUEUE_POLL_S if self.jobs and len(self.queue) else MONITOR_S
                    self.lock.wait(timeout=waiting if self.jobs or len(self.queue) else 5 * MONITOR_S)
                if self.closed:
                    return
                new, self.inbox = self.inbox, []
                for item in new:
                    if item is not None:
                        self.queue.put(*item)
            if None in new:
                try:
                    self._dispatch(None)
                except Exception as exc:  # tried again at the next run
                    self._note(f"warming up: {type(exc).__name__}: {exc}")
            try:
                self._collect()
            except Exception as exc:      # ray.wait itself failed: try again next round
                self._note(f"collecting finished jobs: {type(exc).__name__}: {exc}")
            self._fill()
            if time.monotonic() >= next_reconcile:
                try:
                    self.reconcile()
                    self.reconcile_backoff = MONITOR_S
                except Exception as exc:  # a store hiccup: try again later, less often
                    self._note(f"reconcile: {type(exc).__name__}: {exc}")
                    self.reconcile_backoff = min(self.reconcile_backoff * 2, RECONCILE_BACKOFF_MAX_S)
                next_reconcile = time.monotonic() + self.reconcile_backoff

    def _note(self, text: str) -> None:
        self.error = store.redacted(text)
        log.warning("cnnlab jobs: %s", self.error)

    def _fail(self, run_id: str | None, reason: str) -> None:
        """Mark ``run_id`` failed with ``reason`` (retrying the store); never raises."""
        self._note(f"run {run_id}: {reason}")
        if not run_id:
            return
        try:
            _retry(lambda: store.get_run(run_id).status in TERMINAL or store.set_status(run_id, "failed", reason))
        except Exception as exc:          # deleted, or the store stays down: nothing more to do
            self._note(f"could not mark run {run_id} failed: {type(exc).__name__}: {exc}")

    def _ensure_workers(self) -> None:
        if not self.workers:
            ensure_ray()
            self.workers = [None] * self.slots()

    def _actor(self, index: int):
        import ray

        if self.workers[index] is None:
            gpus = 1 if ray.cluster_resources().get("GPU", 0) else 0
            remote = ray.remote(Worker).options(
                num_cpus=0 if gpus else 1, num_gpus=gpus, max_concurrency=1, max_restarts=0,
                runtime_env={"env_vars": settings.worker_env()},
            )
            self.workers[index] = remote.remote()
        return self.workers[index]

    def _fill(self) -> None:
        """Give each free slot the next run in line (round-robin across users)."""
        while True:
            with self.lock:
                busy = {job.worker for job in self.jobs.values()}
                if not len(self.queue) or (self.workers and len(busy) >= len(self.workers)):
                    return
                run_id, user = self.queue.pop()
            try:
                self._dispatch(run_id, user)
            except Exception as exc:      # this run alone fails, with the reason
                self._fail(run_id, f"could not start the training: {type(exc).__name__}: {first_line(exc)}")

    def _dispatch(self, run_id: str | None, user: str = owners.LOCAL) -> None:
        try:
            self._ensure_workers()        # Ray that failed to start before is tried again
        except Exception as exc:
            self._fail(run_id, f"could not start Ray: {type(exc).__name__}: {first_line(exc)}")
            return
        if run_id is None:                # warm_up(): create every worker
            for i in range(len(self.workers)):
                self._actor(i)
            return
        load = [sum(j.worker == i for j in self.jobs.values()) for i in range(len(self.workers))]
        index = load.index(min(load))     # a free worker when _fill calls (it waits for one)
        with self.lock:
            self.jobs[run_id] = _Job(run_id, index, self._actor(index).run.remote(run_id, settings.worker_env()),
                                     user)

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
                self._settle(ref, job)
            except Exception as exc:      # this run alone: never the dispatcher
                self._fail(job.run_id, f"{type(exc).__name__}: {first_line(exc)}")

    def _settle(self, ref, job: _Job) -> None:
        """What a finished Ray task means for its run (a worker that died, an error)."""
        import ray

        try:
            ray.get(ref)
        except ray.exceptions.RayActorError as exc:
            self.workers[job.worker] = None           # a fresh actor for what comes next
            status = _status(job.run_id)
            if status == "queued":                    # never started: back in its owner's line
                with self.lock:
                    self.queue.put(job.run_id, job.user)
            elif status == "running":
                self._fail(job.run_id, "the training worker process died "
                                       f"(killed or out of memory): {first_line(exc)}")
        except Exception as exc:
            if _status(job.run_id) in ("queued", "running"):
                self._fail(job.run_id, f"{type(exc).__name__}: {first_line(exc)}")


def _status(run_id: str) -> str | None:
    """The run's status, retrying the store; ``None`` once it is deleted."""
    try:
        return _retry(lambda: store.get_run(run_id).status)
    except ValueError:                    # deleted (or never existed): nothing to do
        return None


def _retry(call, tries: int = STORE_TRIES, first_wait: float = 0.5):
    """``call()``, retried with backoff when the store fails; a ``ValueError`` (a deleted
    run, a bad argument) is an answer, not a hiccup, and is raised at once."""
    for attempt in range(tries):
        try:
            return call()
        except ValueError:
            raise
        except Exception:
            if attempt == tries - 1:
                raise
            time.sleep(first_wait * 2**attempt)


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__
