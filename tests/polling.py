"""Wait for a state instead of sleeping for a guessed time.

``wait_for`` polls ``predicate`` until it returns something truthy and returns that. Its
``timeout`` is a deadlock guard, not a speed assertion: keep it generous, so that a busy
or slow machine only makes the test take longer, never fail.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_for(predicate: Callable[[], T], timeout: float = 120.0, what: str = "the condition",
             *, poll: float = 0.05) -> T:
    """``predicate()``'s first truthy value; ``TimeoutError`` naming ``what`` after ``timeout`` s.

    Examples
    --------
    >>> calls = []
    >>> wait_for(lambda: calls.append(1) or len(calls) >= 3 and len(calls), 5, "three calls", poll=0)
    3
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{what} did not happen within {timeout:g} s (a deadlock guard, not a "
                               f"speed limit: something is stuck)")
        time.sleep(poll)
