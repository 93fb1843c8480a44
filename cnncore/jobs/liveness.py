"""Which queued or running runs can no longer finish: liveness from each run's own
heartbeat *changing*, timed on this process's monotonic clock (never two machines'
clocks), and queued runs whose submitting process is gone.
"""

from __future__ import annotations

import os
import socket
import threading
import time

from cnncore import store

STALE_S = 20.0               # heartbeats come every 2 s: 20 s of silence means a dead worker

# run_id → (the heartbeat tag last seen, monotonic time it last changed)
_beats: dict[str, tuple[str | None, float]] = {}
_beats_lock = threading.Lock()


def reconcile(*, stale_after: float = STALE_S, pending: set[str] = frozenset(),
              dispatching: bool = False) -> list[str]:
    """Mark runs failed whose training can no longer finish; return their ids.

    A running run whose heartbeat has not changed for ``stale_after`` seconds lost its
    worker (killed, crashed, or Ray went away with a restarted dashboard). A queued run that
    no live process will hand to a worker (not in this process's ``pending`` runs, and its
    submitter on this host is gone) is orphaned. ``dispatching``: whether this process has
    a dispatcher (a run it queued itself is orphaned only if not).
    """
    failed = []
    now = time.monotonic()
    records = store.active_runs()
    for record in records:
        reason = None
        if record.status == "running":
            silent = _unchanged_for(record.run_id, record.tags.get(store.TAG_HEARTBEAT), now)
            if silent > stale_after:
                if record.tags.get(store.TAG_HEARTBEAT) is None:
                    reason = ("the training process never reported (no heartbeat for "
                              f"{silent:.0f} s): it was killed, crashed or lost its machine")
                else:
                    reason = (f"the training process stopped responding (no heartbeat for "
                              f"{silent:.0f} s): it was killed, crashed or lost its machine")
        elif record.run_id not in pending and _gone(record.tags.get(store.TAG_SUBMITTER, ""), dispatching):
            reason = "orphaned: the process that queued this run ended before it started"
        if reason:
            try:
                store.set_status(record.run_id, "failed", reason)
            except ValueError:            # deleted meanwhile: nothing to mark
                continue
            failed.append(record.run_id)
    with _beats_lock:                     # forget runs that ended
        active = {r.run_id for r in records if r.status == "running"}
        for run_id in set(_beats) - active:
            del _beats[run_id]
    return failed


def _unchanged_for(run_id: str, beat: str | None, now: float) -> float:
    """Seconds (of this process's monotonic clock) since ``run_id``'s heartbeat tag last
    changed; 0 the first time the run is seen."""
    with _beats_lock:
        seen = _beats.get(run_id)
        if seen is None or seen[0] != beat:
            _beats[run_id] = (beat, now)
            return 0.0
        return now - seen[1]


def _gone(owner: str, dispatching: bool) -> bool:
    """Whether ``host:pid`` names a process on this host that no longer exists."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False                      # another machine's job: its dashboard reconciles it
    if int(pid) == os.getpid():
        return not dispatching            # queued here, but this process has no dispatcher
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
