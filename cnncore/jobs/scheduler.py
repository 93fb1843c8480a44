"""The scheduler: the fair queue and the training workers, owned by no dashboard.

One named Ray actor, ``cnnlab-scheduler`` (:func:`cnncore.jobs.dispatch.scheduler` finds or
starts it): detached on a cluster (``RAY_ADDRESS``), so it outlives every dashboard and Ray
restarts it if its process dies; on a laptop, the same actor in the dashboard's local Ray.

Its memory is the run store (:mod:`cnncore.store.schedule`). Every tick it reads the
queued runs, oldest first, and puts each it has not seen at the end of its owner's line,
so a scheduler that (re)starts rebuilds every line in each user's order. Each free slot
takes the next *user* in turn (:class:`~cnncore.jobs.queue.FairQueue`) and hands the run
over with a fresh token (the store's attempt tag) to one of its warm workers. A sweep's
trials are runs like any other: they wait in their owner's line and train on the workers.

A run whose worker or node dies goes back to the head of its owner's line and resumes
from its last completed epoch's checkpoint, at most :data:`MAX_ATTEMPTS` hand-overs in
all; its old worker, if it still lives, sees another token and stops without writing.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from typing import Callable

from cnncore import settings, store
from cnncore.jobs import limits, liveness
from cnncore.jobs.queue import FairQueue, wait_estimate
from cnncore.jobs.slots import count_slots, worker as _worker
from cnncore.store import schedule
from cnncore.store.schedule import status
from cnncore.store.schema import ACTIVE, ENDED

TICK_S = 0.25                # the loop's pace: collect ended tasks, fill free slots (no store reads)
SYNC_S = 1.0                 # how often the store is read: runs queued or cancelled elsewhere, trials ended
MONITOR_S = 2.0              # how often running runs' heartbeats are judged
MAX_ATTEMPTS = 3             # hand-overs of one run: the first, and two resumes

log = logging.getLogger(__name__)


@dataclass
class _Job:
    run_id: str
    user: str
    token: str
    worker: int = 0               # index of the worker training it
    ref: object = None            # the worker's Ray task
    since: float = 0.0            # monotonic time of the hand-over


class Scheduler:
    """The fair queue and the workers. ``workers``: a callable making a worker actor handle
    for slot ``i`` (tests pass fakes); ``loop=False`` leaves ticking to the caller."""

    def __init__(self, *, slots: Callable[[], int] | None = None, make_worker=None, loop: bool = True):
        self.queue = FairQueue()
        self.jobs: dict[str, _Job] = {}
        self.attempts: dict[str, int] = {}            # run id → hand-overs so far
        self.handed: list[str] = []                   # run ids in the order they were handed over
        self.lock = threading.RLock()
        self.admit_lock = threading.Lock()            # the per-user cap, counted and applied at once
        self.wake = threading.Event()
        self.slots = slots or count_slots
        self.make_worker = make_worker or _worker
        self.workers: list = []
        self.probes: dict = {}                        # slot → its worker's readiness (a Ray ref)
        self.closed = False
        self.error = ""
        self.stale_after = liveness.STALE_S          # heartbeat silence that means a lost worker
        self.env = settings.worker_env()             # the store it serves
        if loop:                          # the workers' processes start while MLflow is imported
            self._ensure_workers()
        # Imported whole before any thread can: two threads importing MLflow at once (the
        # loop and a request, on Ray's threaded actor) meet it half-initialised.
        from mlflow.tracking import MlflowClient  # noqa: F401
        if loop:
            threading.Thread(target=self._loop, name="cnnlab-scheduler", daemon=True).start()

    # what dashboards and command lines call ----------------------------------------------
    def request(self, env: dict[str, str], method: str, *args):
        """``method(*args)`` for a caller whose store is ``env`` (``settings.worker_env()``).

        Everyone sharing a scheduler shares its store; a caller with another store (a test
        with a fresh one, an operator who moved the store) moves the scheduler to it: the
        lines are rebuilt from that store, and runs already handed over end where they are.
        """
        if env != self.env:
            os.environ.update(env)
            self.env = dict(env)
            with self.lock:
                self.queue, self.attempts = FairQueue(), {}
        if method not in ("admit", "cancel", "place", "state", "warm", "ready"):
            raise ValueError(f"no such scheduler request. Received: {method!r}")  # internal
        return getattr(self, method)(*args)

    def admit(self, config: dict, user: str, sweep: str | None = None, tags: dict | None = None) -> str:
        """Record a queued run of ``config`` (a ``RunConfig.to_dict()``) for ``user``; its id.

        The per-user cap of active runs is counted and the run recorded under one lock, so
        many tabs clicking Start at once cannot pass it (a sweep's trials are bounded by
        the sweep's own door instead). The run-level checks (:mod:`cnncore.jobs.door`)
        happened in the caller, before this.
        """
        from cnncore.nn.training import RunConfig

        tags = dict(tags or {}) | {store.TAG_TRAINS_IN: schedule.SCHEDULER}
        with self.admit_lock:
            if not sweep:                 # a sweep's door bounds its trials at once
                limits.check_active(user, store.count_active(user))
            run_id = store.create_run(RunConfig.from_dict(config), status="queued", sweep=sweep,
                                      tags=tags, owner=user)
        with self.lock:
            self.queue.put(run_id, user)
        self.wake.set()
        return run_id

    def cancel(self, run_id: str) -> bool:
        """Take a waiting run out of its line; whether it was waiting."""
        with self.lock:
            return self.queue.remove(run_id)

    def place(self, run_id: str) -> tuple[int, float | None] | None:
        """``(place, seconds)`` of a waiting run (1 = next), or ``None`` if it is not waiting."""
        with self.lock:
            where = self.queue.position(run_id)
            slots = max(1, len(self.workers))
        if where is None:
            return None
        return where, wait_estimate(where, slots, store.recent_durations())

    def state(self) -> dict:
        """What the scheduler holds now: slots, runs handed over, runs waiting, the last error."""
        with self.lock:
            return {"slots": len(self.workers), "running": sorted(self.jobs), "waiting": self.queue.order(),
                    "handed": list(self.handed), "error": self.error}

    def warm(self) -> int:
        """Start every slot's worker now (each imports Keras and fits once); how many."""
        self._ensure_workers()
        return len(self.workers)

    def ready(self) -> list[int]:
        """Wait until every slot's worker has warmed up; their process ids."""
        import ray

        self._ensure_workers()
        return ray.get([self._actor(i).pid.remote() for i in range(len(self.workers))])

    def close(self) -> None:
        self.closed = True
        self.wake.set()
        import ray

        for actor in self.workers:
            if actor is not None:
                ray.kill(actor)
        self.workers = []

    # the loop ------------------------------------------------------------------------------
    def _loop(self) -> None:
        next_sync = next_watch = 0.0
        while not self.closed:
            now = time.monotonic()
            sync, watch = now >= next_sync, now >= next_watch
            self.tick(sync=sync, watch=watch)
            next_sync = now + SYNC_S if sync else next_sync
            next_watch = now + MONITOR_S if watch else next_watch
            self._idle(TICK_S)

    def _idle(self, seconds: float) -> None:
        """Wait up to ``seconds``: less when a worker's task ends (its slot is then given out at
        once, not at the next tick) or, while no task runs, when a run is admitted here.

        One ``ray.wait`` for the whole tick, never a loop of short ones: 20 waits a second kept
        Ray's processes waking beside a 2-core training. Without them, the course watched in a
        browser took 96–97 s in two runs, against 115–130 s with them (both at nice 0)."""
        with self.lock:
            refs = [job.ref for job in self.jobs.values() if job.ref is not None]
        if refs:
            import ray

            ray.wait(refs, num_returns=1, timeout=seconds)
        else:
            self.wake.wait(seconds)
        self.wake.clear()

    def tick(self, *, sync: bool = True, watch: bool = True) -> None:
        """One round: collect ended tasks and fill the freed slots; with ``sync``, read the
        queue from the store and fill again; with ``watch``, judge the running runs. What
        fails is noted and tried again. Only ``sync`` and ``watch`` read the store: a
        training on the same machine shares its CPU with them."""
        for step in (self._ensure_workers, self._collect, self._fill,
                     *((self._sync, self._fill) if sync else ()), *((self._watch,) if watch else ())):
            try:
                step()
            except Exception as exc:      # a store or Ray hiccup: the next tick tries again
                self._note(f"{step.__name__}: {type(exc).__name__}: {exc}")

    def _note(self, text: str) -> None:
        self.error = store.redacted(text)
        log.warning("cnnlab scheduler: %s", self.error)

    def _ensure_workers(self) -> None:
        """Every slot's worker, started at once: they hold their CPUs (or GPU shares) before
        a sweep's trial actors take them all, and the first run finds a warm worker."""
        if not self.workers:
            self.workers = [None] * self.slots()
        for index in range(len(self.workers)):
            self._actor(index)

    def _sync(self) -> None:
        """Put every queued run of the store in its owner's line (oldest first); drop from
        the lines the runs no longer queued there (cancelled, stopped, deleted)."""
        with self.lock:
            before = set(self.queue)
        waiting = schedule.waiting()
        queued = set()
        with self.lock:
            for run in waiting:
                if run.trains_in != schedule.SCHEDULER:
                    continue              # its creator trains it (the command line)
                queued.add(run.run_id)
                self.attempts[run.run_id] = max(self.attempts.get(run.run_id, 0), run.attempt)
                if run.run_id not in self.jobs and run.run_id not in self.queue:
                    self.queue.put(run.run_id, run.owner)
            for run_id in before - queued:
                self.queue.remove(run_id)

    def _fill(self) -> None:
        """Give each free slot the next run in line (round-robin across users). The run waits,
        at the head of its line, while no worker is up: a slot whose node left has a worker
        that Ray cannot place until the cluster has room again."""
        while True:
            with self.lock:
                if not len(self.queue) or len(self.jobs) >= len(self.workers):
                    return
                run_id, user = self.queue.pop()
            try:
                if not self._hand_over(run_id, user):
                    with self.lock:
                        self.queue.put(run_id, user, front=True)
                    return
            except Exception as exc:      # this run alone fails, with the reason
                error = f"{type(exc).__name__}: {_first_line(exc)}"
                self._fail(run_id, f"could not start the training: {error}", "start_failed", error=error)

    def _hand_over(self, run_id: str, user: str) -> bool:
        """Hand ``run_id`` to an idle worker that is up; ``False`` when none is."""
        # No store read here: a run cancelled since the last look is seen by its worker,
        # which then does nothing, and the slot is free again at once.
        with self.lock:
            busy = {j.worker for j in self.jobs.values()}
        worker = next((i for i in range(len(self.workers)) if i not in busy and self._up(i)), None)
        if worker is None:
            return False
        attempt = self.attempts.get(run_id, 0) + 1
        if attempt > MAX_ATTEMPTS:
            self._fail(run_id, f"its training process died {MAX_ATTEMPTS} times; it is not tried again",
                       "attempts_exhausted", attempts=MAX_ATTEMPTS)
            return True
        self.attempts[run_id] = attempt
        token = schedule.hand_over(run_id, attempt)
        job = _Job(run_id, user, token, worker=worker, since=time.monotonic())
        job.ref = self._actor(worker).run.remote(run_id, settings.worker_env(), token)
        with self.lock:
            self.jobs[run_id] = job
            self.handed = self.handed[-999:] + [run_id]
        return True

    def _up(self, index: int) -> bool:
        """Whether slot ``index``'s worker has started (Ray placed it and it warmed up); one
        that died meanwhile is replaced."""
        import ray

        self._actor(index)
        ready = self.probes.get(index)
        if ready is None:
            return True                   # a worker without a readiness probe (tests' fakes)
        done, _ = ray.wait([ready], timeout=0)
        if not done:
            return False
        try:
            ray.get(done[0])
            return True
        except ray.exceptions.RayActorError:
            self._replace_worker(index)
            return False

    def _actor(self, index: int):
        if self.workers[index] is None:
            self.workers[index] = actor = self.make_worker(index)
            probe = getattr(getattr(actor, "pid", None), "remote", None)
            self.probes[index] = probe() if probe is not None else None
        return self.workers[index]

    def _collect(self) -> None:
        """Settle the jobs whose worker task ended."""
        with self.lock:
            refs = {job.ref: job for job in self.jobs.values() if job.ref is not None}
        if not refs:
            return
        import ray

        done, _ = ray.wait(list(refs), num_returns=len(refs), timeout=0)
        for ref in done:
            job = refs[ref]
            self._release(job)
            try:
                ray.get(ref)
            except ray.exceptions.RayActorError as exc:
                self.workers[job.worker] = None       # a fresh actor for what comes next
                self._lost(job.run_id, job.user, "the training worker process died (killed, out of "
                                                 f"memory, or its node left): {_first_line(exc)}")
            except Exception as exc:
                if status(job.run_id) in ACTIVE:
                    error = f"{type(exc).__name__}: {_first_line(exc)}"
                    self._fail(job.run_id, error, "job_error", error=error)

    def _watch(self) -> None:
        """Running runs whose heartbeat went silent: a scheduled run is resumed elsewhere,
        any other (a command line's, a sweep trial's) fails with the reason."""
        for run, quiet in liveness.silent(schedule.running(), stale_after=self.stale_after):
            with self.lock:
                job = self.jobs.get(run.run_id)
                self.attempts[run.run_id] = max(self.attempts.get(run.run_id, 0), run.attempt)
            if job is not None:
                self._release(job)
                self._replace_worker(job.worker)      # a hung worker: replace it
            what = "never reported" if run.heartbeat is None else "stopped responding"
            reason = (f"the training process {what} (no heartbeat for {quiet:.0f} s): it was killed, "
                      "crashed or lost its machine")
            if run.trains_in == schedule.SCHEDULER:
                self._lost(run.run_id, run.owner, reason)
            else:
                self._fail(run.run_id, reason, "heartbeat_lost", seconds=round(quiet))

    def _replace_worker(self, index: int) -> None:
        import ray

        actor, self.workers[index] = self.workers[index], None
        if actor is None:                 # never started (ray.kill(None) would start a Ray)
            return
        try:
            ray.kill(actor)
        except Exception:                 # already gone (or not an actor at all, in tests)
            pass

    def _release(self, job: _Job) -> None:
        with self.lock:
            if self.jobs.get(job.run_id) is job:
                del self.jobs[job.run_id]

    def _lost(self, run_id: str, user: str, reason: str) -> None:
        """A run whose training process died: back to the head of its owner's line, to resume
        from its last checkpoint; failed once it has had :data:`MAX_ATTEMPTS` hand-overs."""
        if status(run_id) not in ACTIVE:
            return
        if self.attempts.get(run_id, 0) >= MAX_ATTEMPTS:
            self._fail(run_id, f"{reason}; it was tried {MAX_ATTEMPTS} times", "attempts_exhausted",
                       attempts=MAX_ATTEMPTS)
            return
        store.set_status(run_id, "queued")
        self._note(f"run {run_id}: {reason}; resuming it")
        with self.lock:
            self.queue.put(run_id, user, front=True)

    def _fail(self, run_id: str, reason: str, code: str, **values) -> None:
        """Mark ``run_id`` failed: ``reason`` in English, ``code`` and ``values`` for the page."""
        self._note(f"run {run_id}: {reason}")
        try:
            if status(run_id) not in (*ENDED, None):
                store.set_status(run_id, "failed", reason, code=code, values=values)
        except Exception as exc:          # the store stays down: the next watch tries again
            self._note(f"could not mark run {run_id} failed: {type(exc).__name__}: {exc}")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__
