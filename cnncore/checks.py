"""Input checks shared by every room of cnncore, in Keras's style.

Each check names what it received: ``ValueError("stride must be a positive integer.
Received: stride=0")``. Configs call them in ``__post_init__`` and ``from_dict``, the
NumPy operations where arrays enter.

Examples
--------
>>> is_positive_int(3), is_positive_int(True), is_positive_int(0)
(True, False, False)
>>> check_int("epochs", 0, 1, 10)
Traceback (most recent call last):
...
cnncore.errors.InvalidInput: epochs must be an integer in 1…10. Received: epochs=0

Every check raises :class:`~cnncore.errors.InvalidInput` with a code (``positive_int_bad``,
``int_out_of_range``, ``choice_bad``, ``not_a_dict``, ``unknown_fields``, ``too_many_bytes``)
and the values its message names.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import fields

from cnncore.errors import InvalidInput


def is_int(value) -> bool:
    """An integer of any NumPy or Python type, but not a bool."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def is_positive_int(value) -> bool:
    """An integer (not a bool) of at least 1: a size, a stride, a count."""
    return is_int(value) and value >= 1


def is_real(value) -> bool:
    """A Python number that is not a bool and not NaN (infinity passes)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and not math.isnan(value)


def is_finite(value) -> bool:
    """A Python number that is not a bool, NaN or infinite."""
    return is_real(value) and math.isfinite(value)


def positive_int(value, name: str) -> int:
    """``value`` as an ``int`` if it is a positive integer, else a ``ValueError``."""
    if not is_positive_int(value):
        raise InvalidInput("positive_int_bad", f"{name} must be a positive integer. Received: {name}={value!r}",
                           name=name, value=shown(value))
    return int(value)


def check_int(name: str, value, low: int, high: int) -> None:
    """A ``ValueError`` unless ``value`` is an integer in ``low…high``."""
    if not is_int(value) or not low <= value <= high:
        raise InvalidInput("int_out_of_range",
                           f"{name} must be an integer in {low}…{high}. Received: {name}={value!r}",
                           name=name, value=shown(value), low=low, high=high)


def check_choice(name: str, value, choices, *, where: str = "") -> None:
    """A ``ValueError`` unless ``value`` is one of ``choices``; ``where`` prefixes the message."""
    if value not in choices:
        options = ", ".join(repr(c) for c in choices)
        error = InvalidInput("choice_bad", f"{name} must be one of {options}. Received: {name}={value!r}",
                             name=name, value=shown(value), options=options)
        raise error.within(where) if where else error


def checked_fields(cls, data) -> dict:
    """A copy of ``data`` for ``cls(**data)``: a dict naming only fields of the dataclass."""
    if not isinstance(data, dict):
        raise InvalidInput("not_a_dict", f"{cls.__name__}.from_dict needs a dict. Received: "
                           f"{type(data).__name__} {str(data)[:100]!r}", kind=cls.__name__,
                           value=shown(data))
    unknown = set(data) - {f.name for f in fields(cls)}
    if unknown:
        names = ", ".join(str(name)[:50] for name in sorted(unknown, key=str)[:10])
        raise InvalidInput("unknown_fields", f"unknown {cls.__name__} field(s): {sorted(unknown, key=str)}. "
                           f"Received: {str(data)[:300]}", kind=cls.__name__, fields=names)
    return dict(data)


def query_int(text) -> int | None:
    """An integer from URL or widget text, or ``None``: ASCII digits only, at most 9 of them.

    ``"²".isdigit()`` is true but ``int("²")`` fails, and ``int()`` refuses 4,301 digits:
    pages parse query parameters with this, never with ``isdigit()`` then ``int()``.

    >>> query_int("12"), query_int("²"), query_int("-3"), query_int(None), query_int("9" * 5000)
    (12, None, None, None, None)
    """
    if not isinstance(text, str) or not text.isascii() or not text.isdigit() or len(text) > 9:
        return None
    return int(text)


def nbytes_text(n: float) -> str:
    """``1.5 GB``, ``300 MB``, ``12 kB``: a byte count for a message."""
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{int(n)} bytes"


def check_bytes(what: str, needed: float, limit: int, setting: str, *, part: str, **values) -> None:
    """A ``ValueError`` if ``what`` would need more than ``limit`` bytes, naming the setting.

    ``what`` is the English (``"the file 'a.csv'"``); ``part`` a word the catalogue
    translates (``err_value_<part>``: ``"file"``, ``"csv"``…), ``values`` its details
    (``name``: a file's name)."""
    if needed > limit:
        raise InvalidInput("too_many_bytes", f"{what} would need {nbytes_text(needed)}; the limit is "
                           f"{nbytes_text(limit)} ({setting}). Received: {what} of {nbytes_text(needed)}",
                           part=part, needed=nbytes_text(needed), limit=nbytes_text(limit),
                           setting=setting, **values)


def shown(value) -> str:
    """A received value as a message shows it: its ``repr``, at most 100 characters."""
    return repr(value)[:100]


def out_of_range(name: str, value, bounds: str, what: str = "in", tail: str = "") -> InvalidInput:
    """The error for a number outside ``bounds`` (``"(0, 1)"``, ``"[0, 180]"``), to raise.

    >>> str(out_of_range("zoom", 2.0, "[0, 1)", "a fraction in"))
    'zoom must be a fraction in [0, 1). Received: zoom=2.0'
    """
    return InvalidInput("number_out_of_range", f"{name} must be {what} {bounds}{tail}. "
                        f"Received: {name}={value!r}", name=name, value=shown(value), bounds=bounds)
