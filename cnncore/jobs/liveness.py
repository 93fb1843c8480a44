"""Which running runs lost their training process: liveness from each run's own heartbeat
*changing*, timed on this process's monotonic clock (never two machines' clocks).

Queued runs are never lost: the store is the queue, and a queued run waits for a
scheduler however long that takes (a restarted dashboard loses nothing).
"""

from __future__ import annotations

import threading
import time

STALE_S = 20.0               # heartbeats come every 2 s: 20 s of silence means a dead worker

# run_id → (the heartbeat tag last seen, monotonic time it last changed)
_beats: dict[str, tuple[str | None, float]] = {}
_beats_lock = threading.Lock()


def silent(running, *, stale_after: float = STALE_S) -> list[tuple[object, float]]:
    """The runs of ``running`` (:class:`cnncore.store.schedule.Waiting`) whose heartbeat has
    not changed for ``stale_after`` seconds, each with those seconds; forgets the runs no
    longer running."""
    now = time.monotonic()
    lost = []
    for run in running:
        quiet = _unchanged_for(run.run_id, run.heartbeat, now)
        if quiet > stale_after:
            lost.append((run, quiet))
    with _beats_lock:                     # forget runs that ended
        for run_id in set(_beats) - {r.run_id for r in running}:
            del _beats[run_id]
    return lost


def _unchanged_for(run_id: str, beat: str | None, now: float) -> float:
    """Seconds (of this process's monotonic clock) since ``run_id``'s heartbeat tag last
    changed; 0 the first time the run is seen."""
    with _beats_lock:
        seen = _beats.get(run_id)
        if seen is None or seen[0] != beat:
            _beats[run_id] = (beat, now)
            return 0.0
        return now - seen[1]
