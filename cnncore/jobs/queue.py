"""The fair queue: runs waiting for a training slot, one line per user, served in turn.

A run that one user queues behind their own ten waits behind only one run of each other
user: the next free slot takes the next *user* in rotation, not the oldest run. Pure
Python (no Ray, no store), used by :class:`cnncore.jobs.scheduler.Scheduler` under its lock.
"""

from __future__ import annotations

import math
import statistics
from collections import deque


class FairQueue:
    """Run ids waiting for a slot, one FIFO per user, popped round-robin across users.

    Examples
    --------
    >>> q = FairQueue()
    >>> for run, user in [("a1", "alice"), ("a2", "alice"), ("a3", "alice"), ("b1", "bob")]:
    ...     q.put(run, user)
    >>> q.order()
    ['a1', 'b1', 'a2', 'a3']
    >>> q.pop(), q.position("a3"), len(q)
    (('a1', 'alice'), 3, 3)
    """

    def __init__(self) -> None:
        self._lines: dict[str, deque[str]] = {}   # user → their runs, oldest first
        self._turn: deque[str] = deque()          # users with runs waiting, next first
        self._user: dict[str, str] = {}           # run id → user

    def put(self, run_id: str, user: str, *, front: bool = False) -> None:
        """Queue ``run_id`` at the end of ``user``'s line (a new user joins the rotation last);
        ``front``: at the head of that line (a run resumed after its worker died)."""
        if run_id in self._user:
            return
        if user not in self._lines:
            self._lines[user] = deque()
            self._turn.append(user)
        if front:
            self._lines[user].appendleft(run_id)
        else:
            self._lines[user].append(run_id)
        self._user[run_id] = user

    def pop(self) -> tuple[str, str] | None:
        """The next run and its user, or ``None``: the first run of the user whose turn it
        is; that user then goes to the back of the rotation."""
        if not self._turn:
            return None
        user = self._turn.popleft()
        line = self._lines[user]
        run_id = line.popleft()
        del self._user[run_id]
        if line:
            self._turn.append(user)
        else:
            del self._lines[user]
        return run_id, user

    def remove(self, run_id: str) -> bool:
        """Take ``run_id`` out of the queue (a cancelled run); whether it was there."""
        user = self._user.pop(run_id, None)
        if user is None:
            return False
        line = self._lines[user]
        line.remove(run_id)
        if not line:
            del self._lines[user]
            self._turn.remove(user)
        return True

    def order(self) -> list[str]:
        """Every waiting run in the order :meth:`pop` would hand them out (if nothing is added)."""
        out, depth = [], max((len(line) for line in self._lines.values()), default=0)
        for round_ in range(depth):
            out += [self._lines[u][round_] for u in self._turn if len(self._lines[u]) > round_]
        return out

    def position(self, run_id: str) -> int | None:
        """``run_id``'s place in line, 1 = next to start; ``None`` if it is not waiting."""
        if run_id not in self._user:
            return None
        return self.order().index(run_id) + 1

    def count(self, user: str) -> int:
        return len(self._lines.get(user, ()))

    def __len__(self) -> int:
        return len(self._user)

    def __contains__(self, run_id: object) -> bool:
        return run_id in self._user

    def __iter__(self):
        return iter(list(self._user))


def wait_estimate(place: int, slots: int, durations: list[float]) -> float | None:
    """Seconds until the run ``place``-th in line starts, from recent runs' ``durations``.

    Every ``slots`` runs ahead take one typical (median) run's time; ``None`` without a
    finished run to go by.

    >>> wait_estimate(2, 1, [60.0, 120.0, 90.0])
    180.0
    >>> wait_estimate(3, 2, [100.0])
    200.0
    """
    if not durations or place < 1:
        return None
    return math.ceil(place / max(1, slots)) * statistics.median(durations)
