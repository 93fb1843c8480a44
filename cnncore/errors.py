"""Errors a learner can cause, with a code and values a user interface can translate.

cnncore has no UI text: its messages are precise English, in Keras's style
(``"... Received: stride=0"``). An :class:`InvalidInput` also carries a ``code`` and the
``values`` that went into the message, so the dashboard can say the same thing in the
reader's language (catalogue key ``err_<code>``) without parsing English.

Examples
--------
>>> exc = InvalidInput("pool_too_big", "a 5×5 pool does not fit", size=5, h=4, w=4)
>>> isinstance(exc, ValueError), exc.code, exc.values["size"], str(exc)
(True, 'pool_too_big', 5, 'a 5×5 pool does not fit')
"""

from __future__ import annotations


class InvalidInput(ValueError):
    """A ``ValueError`` whose ``str()`` is the English message, plus ``code`` and ``values``.

    Parameters
    ----------
    code : str
        A stable identifier of the mistake, e.g. ``"kernel_exceeds_padded"``.
    message : str
        The English message, exactly as a plain ``ValueError`` would carry it.
    **values
        The numbers and names the message mentions, for a translated message.
    """

    def __init__(self, code: str, message: str, **values) -> None:
        super().__init__(message)
        self.code = code
        self.values = values

    def __reduce__(self):   # survives pickling (Ray) with its code and values
        return (_rebuild, (self.code, str(self), self.values))


def _rebuild(code: str, message: str, values: dict) -> InvalidInput:
    return InvalidInput(code, message, **values)
