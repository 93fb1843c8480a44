"""A least-recently-used cache bounded by the bytes of what it holds, not by a count.

A server keeps loaded data sets and models for every session to share; eight entries
may be eight 5 KB digit sets or eight 2 GB uploads. :class:`ByteLRU` counts bytes instead,
so one user's large requests evict older entries rather than grow the process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class ByteLRU:
    """A thread-safe least-recently-used cache whose entries total at most ``max_bytes``.

    Parameters
    ----------
    max_bytes : int or callable
        The budget, or a function that returns it (read at each insertion, so a setting
        changed by the environment applies at once).
    size : callable
        ``size(value)``: the bytes a value holds, e.g. the sum of its arrays' ``nbytes``.

    Notes
    -----
    After an insertion, the least recently used entries are dropped until the total is at
    most the budget. A value larger than the whole budget is returned but not kept:
    keeping it would evict everything else and still exceed the budget. Concurrent
    :meth:`get` calls for one key make the value once and the others wait for it (one
    that was too big to keep they then make in turn, never side by side). Values are
    shared by every caller, so no caller may change one.

    Examples
    --------
    >>> cache = ByteLRU(100, size=len)
    >>> cache.get("a", lambda: b"a" * 40) == b"a" * 40
    True
    >>> _ = cache.get("b", lambda: b"b" * 40)
    >>> _ = cache.get("a", lambda: b"never made: a is cached")    # "a" is now the most recent
    >>> _ = cache.get("c", lambda: b"c" * 40)                      # 120 bytes > 100: "b" goes
    >>> cache.keys(), cache.nbytes
    (['a', 'c'], 80)
    >>> len(cache.get("huge", lambda: b"h" * 101))                 # returned, not kept
    101
    >>> cache.keys()
    ['a', 'c']
    """

    def __init__(self, max_bytes: int | Callable[[], int], *, size: Callable[[Any], int]) -> None:
        self._max_bytes = max_bytes
        self._size = size
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()   # key → (value, bytes)
        self._nbytes = 0
        self._making: dict[Hashable, threading.Event] = {}
        self._lock = threading.Lock()

    @property
    def max_bytes(self) -> int:
        return self._max_bytes() if callable(self._max_bytes) else self._max_bytes

    @property
    def nbytes(self) -> int:
        """The bytes the kept values hold, by ``size``."""
        with self._lock:
            return self._nbytes

    def keys(self) -> list:
        """The kept keys, least recently used first."""
        with self._lock:
            return list(self._items)

    def get(self, key: Hashable, make: Callable[[], Any], *,
            size: Callable[[Any], int] | None = None) -> Any:
        """The value kept under ``key``, or ``make()``'s, kept if it fits the budget.

        ``size`` replaces the cache's own for this value: a value that keeps another alive
        (a view of a model) is counted as what it keeps.
        """
        while True:
            with self._lock:
                if key in self._items:
                    self._items.move_to_end(key)
                    return self._items[key][0]
                pending = self._making.get(key)
                if pending is None:
                    self._making[key] = threading.Event()
                    break
            pending.wait()          # another thread makes it; then it is kept, or not (too big)
        try:
            value = make()
            self._keep(key, value, int((size or self._size)(value)))
        finally:
            with self._lock:
                self._making.pop(key).set()
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._nbytes = 0

    def _keep(self, key: Hashable, value: Any, nbytes: int) -> None:
        budget = self.max_bytes
        if nbytes > budget:
            return
        with self._lock:
            self._items[key] = (value, nbytes)
            self._nbytes += nbytes
            while self._nbytes > budget:
                _, (_, dropped) = self._items.popitem(last=False)
                self._nbytes -= dropped
