"""The training process's side of a run: a writer thread for status, heartbeat and metrics."""

from __future__ import annotations

import collections
import json
import math
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from cnncore.store import checkpoints
from cnncore.store.connection import client
from cnncore.store.runs import set_status, stop_file
from cnncore.store.schema import (
    HEARTBEAT_S, METRICS, TAG_ATTEMPT, TAG_BEST, TAG_EPOCHS_DONE, TAG_HEARTBEAT, TAG_PROGRESS,
    TAG_PACED, TAG_RESUMED, TAG_STARTED, TAG_STOP, TAG_WORKER, here)

TAG_UNWRITTEN = "cnnlab.unwritten"   # epochs whose metrics could not be written, and why
FINISH_TRIES = 5                     # writes of what is queued when the run ends (backoff 0.2 s…)
PACE_WAIT_S = 600.0                  # an ASHA trial that says nothing this long is not waited for
PACE_POLL_S = 0.2

class RunTracker:
    """The training process's side of one run: status, heartbeat, metrics, artifacts.

    A daemon thread does every write: a heartbeat (with the latest progress) every
    ``heartbeat_s`` seconds, and epoch metrics as soon as they are queued, so the
    training loop never waits on the store. It also polls the stop-request tag.

    An epoch leaves the queue only once it is written: a write that fails is retried
    (the store was down for a moment), and what still cannot be written when the run
    ends is reported on the run (tag ``cnnlab.unwritten``). A run deleted while it
    trains counts as a stop request, and nothing is written to it again.

    ``token``: the scheduler's hand-over this process trains under; once the run carries
    another (it was handed to another worker), this one stops and writes nothing more.
    ``resume``: the :class:`~cnncore.store.checkpoints.Checkpoint` this attempt starts
    from; epochs the store already has are not written twice.
    """

    def __init__(self, run_id: str, *, heartbeat_s: float = HEARTBEAT_S, token: str = "",
                 resume: checkpoints.Checkpoint | None = None, logged: int = 0):
        self.run_id = run_id
        self.heartbeat_s = heartbeat_s
        self.token = token
        self.superseded = False
        self.resume = resume
        self.logged = logged                # epochs whose metrics the store already has
        self.history: list[dict] = list(resume.history) if resume else []
        self._checkpoint: checkpoints.Checkpoint | None = None   # the newest one not yet written
        self.progress: dict[str, Any] = {}
        self.best: dict[str, float] = {}
        for metrics in self.history:
            self._note_best(metrics)
        self.epochs_done = resume.epoch if resume else 0
        self._stop_seen = False
        self._stop_file = stop_file(run_id)
        self._pending: collections.deque = collections.deque()   # (epoch, metrics, best), oldest first
        self._write_lock = threading.Lock()
        self.deleted = False
        self._done = threading.Event()
        self._wake = threading.Event()
        self.batch_size: int | None = None
        self._thread: threading.Thread | None = None
        self.write_error: BaseException | None = None   # the last failed write, for debugging

    def start(self, *, device: str, batch_size: int | None = None) -> None:
        """Mark the run running on ``device`` and start heartbeating."""
        from mlflow.entities import RunTag

        self.batch_size = batch_size

        now = str(time.time())
        tags = [RunTag("device", device), RunTag(TAG_HEARTBEAT, now), RunTag(TAG_WORKER, here())]
        if self.resume is None:
            tags.append(RunTag(TAG_STARTED, now))
        else:                             # the run's start stays its first attempt's
            done = client().get_run(self.run_id).data.tags.get(TAG_RESUMED)
            tags.append(RunTag(TAG_RESUMED, ",".join(filter(None, [done, str(self.resume.epoch)]))))
        client().log_batch(self.run_id, tags=tags)
        for epoch in range(self.logged + 1, self.epochs_done + 1):   # checkpointed, never written
            self._queue_epoch(epoch, self.history[epoch - 1])
        set_status(self.run_id, "running")
        self._thread = threading.Thread(target=self._loop, name=f"cnnlab-tracker-{self.run_id[:8]}",
                                        daemon=True)
        self._thread.start()

    @property
    def stop_requested(self) -> bool:
        """Whether someone asked this run to stop or deleted it (a file check: microseconds)."""
        if not self._stop_seen and (self.deleted or self._stop_file.exists()):
            self._stop_seen = True
        return self._stop_seen

    def log_epoch(self, epoch: int, logs: dict, *, weights=None, optimizer=None) -> None:
        """Queue epoch ``epoch``'s (1, 2, …) metrics for writing, and with ``weights`` and
        ``optimizer`` (lists of arrays) the checkpoint that resumes after it."""
        metrics = {k: float(logs[k]) for k in METRICS if k in logs}
        self.history = self.history[:epoch - 1] + [metrics]
        self._note_best(metrics)
        self.epochs_done = epoch
        if weights is not None:
            self._checkpoint = checkpoints.Checkpoint(epoch, weights, optimizer or [], list(self.history))
        self._queue_epoch(epoch, metrics)

    def _note_best(self, metrics: dict) -> None:
        for k in TAG_BEST:
            if k in metrics and math.isfinite(metrics[k]):
                self.best[k] = max(self.best.get(k, -math.inf), metrics[k])

    def _queue_epoch(self, epoch: int, metrics: dict) -> None:
        if epoch > self.logged:           # a resumed run's store has the earlier ones
            self._pending.append((epoch, metrics, dict(self.best)))
        self._wake.set()

    def finish(self, status: str, error: str | None = None, *, code: str | None = None,
               values: dict | None = None) -> None:
        """Write what is queued (retrying), stop the heartbeat, and record the final status
        (``error``, ``code`` and ``values`` as :func:`cnncore.store.runs.set_status` takes them).

        A run deleted meanwhile, or handed to another worker, is left alone, quietly.
        Epochs that still cannot be written are named on the run, with the reason. A run
        that ended for good drops its checkpoints.
        """
        self._done.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
        for attempt in range(FINISH_TRIES):
            try:
                self._flush()
                break
            except Exception as exc:      # the store is down: wait a little, then try again
                self.write_error = exc
                if self._check_deleted():
                    break
                time.sleep(0.2 * 2**attempt)
        if self.superseded or self._superseded_now():
            return
        try:
            if not self.deleted:
                if self._pending:
                    note = self._unwritten_note()
                    client().set_tag(self.run_id, TAG_UNWRITTEN, note)
                    error = f"{error}; {note}" if error else None
                set_status(self.run_id, status, error, code=code, values=values)
                if status == "finished":
                    checkpoints.discard(self.run_id)
        except Exception:
            if not self._check_deleted():
                raise
        finally:
            self._stop_file.unlink(missing_ok=True)

    def wait_paced(self, epoch: int) -> None:
        """Wait until the trial following this run has told Tune about epoch ``epoch`` (its
        tag ``cnnlab.paced_epoch``), so that ASHA's stop lands before the next epoch; or until
        a stop is requested, the run is deleted or handed over, or ``PACE_WAIT_S`` passes."""
        deadline = time.monotonic() + PACE_WAIT_S
        while time.monotonic() < deadline and not self.stop_requested and not self.superseded:
            try:
                tags = client().get_run(self.run_id).data.tags
            except Exception:             # a store hiccup, or the run deleted: look again
                if self._check_deleted():
                    return
                tags = {}
            if int(tags.get(TAG_PACED) or 0) >= epoch:
                return
            if tags.get(TAG_STOP):
                self._stop_seen = True
                return
            time.sleep(PACE_POLL_S)

    def _superseded_now(self) -> bool:
        """Whether the run now carries another hand-over's token than this process's."""
        if self.token and not self.deleted:
            try:
                tags = client().get_run(self.run_id).data.tags
            except Exception:             # can't tell: write, as before tokens existed
                return False
            self.superseded = self._other_token(tags)
        return self.superseded

    def _other_token(self, tags: dict) -> bool:
        return bool(self.token) and (tags.get(TAG_ATTEMPT) or "").partition(" ")[2] != self.token

    def _unwritten_note(self) -> str:
        epochs = [str(e) for e, _, _ in self._pending]
        return (f"metrics of epoch(s) {', '.join(epochs)} could not be written: "
                f"{type(self.write_error).__name__}: {self.write_error}")[:1000]

    def _check_deleted(self) -> bool:
        """Whether the run was deleted (or purged) from the store; remembered once seen."""
        if not self.deleted:
            try:
                self.deleted = client().get_run(self.run_id).info.lifecycle_stage == "deleted"
            except Exception as exc:
                self.deleted = "RESOURCE_DOES_NOT_EXIST" in str(getattr(exc, "error_code", ""))
            if self.deleted:
                self._stop_seen = True
                self._pending.clear()
        return self.deleted

    def log_model(self, model) -> None:
        """Save the Keras ``model`` as the artifact ``model/model.keras`` (unless deleted)."""
        if self.deleted:
            return
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "model.keras"
            model.save(path)
            client().log_artifact(self.run_id, str(path), "model")

    def log_confusion_matrix(self, class_names, matrix) -> None:
        """Store the validation confusion matrix (rows true, columns predicted)."""
        if self.deleted:
            return
        client().log_dict(self.run_id, {"class_names": list(class_names),
                                        "matrix": [[int(v) for v in row] for row in matrix]},
                          "confusion_matrix.json")

    # the writer thread ---------------------------------------------------------------
    def _loop(self) -> None:
        next_beat = 0.0
        backoff = 0.2
        while not self._done.is_set() and not self.deleted:
            try:
                self._flush()
                if time.monotonic() >= next_beat:
                    self._beat()
                    next_beat = time.monotonic() + self.heartbeat_s
                backoff = 0.2
            except Exception as exc:      # a flaky store must not kill the training
                self.write_error = exc
                if self._check_deleted():
                    return
                backoff = min(backoff * 2, 5.0)   # retry what is queued, less often
            self._wake.wait(timeout=backoff)      # log_epoch wakes it at once
            self._wake.clear()

    def _flush(self) -> None:
        """Write the queued epochs, oldest first; an epoch leaves the queue once written."""
        from mlflow.entities import Metric, RunTag

        with self._write_lock:            # the writer thread and finish() never write twice
            checkpoint, self._checkpoint = self._checkpoint, None
            if checkpoint is not None and not self.deleted and not self.superseded:
                try:
                    checkpoints.save(self.run_id, checkpoint)
                except Exception:
                    if self._checkpoint is None:      # no newer one meanwhile: try this again
                        self._checkpoint = checkpoint
                    raise
            while self._pending and not self.deleted and not self.superseded:
                epoch, metrics, best = self._pending[0]
                ms = int(time.time() * 1000)
                tags = [RunTag(TAG_BEST[k], repr(v)) for k, v in best.items()]
                tags += [RunTag(TAG_EPOCHS_DONE, str(epoch)), RunTag(TAG_HEARTBEAT, str(time.time()))]
                client().log_batch(self.run_id, metrics=[Metric(k, v, ms, epoch) for k, v in metrics.items()],
                                   tags=tags)
                self._pending.popleft()

    def _beat(self) -> None:
        from mlflow.entities import RunTag

        c = client()
        run = c.get_run(self.run_id)
        if run.info.lifecycle_stage == "deleted":
            self._check_deleted()
            return
        if not self._stop_seen and run.data.tags.get(TAG_STOP):
            self._stop_seen = True
        if self._other_token(run.data.tags):      # handed to another worker: stop, write nothing
            self.superseded = self._stop_seen = True
            return
        c.log_batch(self.run_id, tags=[RunTag(TAG_HEARTBEAT, str(time.time())),
                                       RunTag(TAG_PROGRESS, json.dumps(self.progress))])
