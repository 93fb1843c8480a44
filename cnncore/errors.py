"""Errors a learner can cause, with a code and values a user interface can translate.

cnncore has no UI text: its messages are precise English, in Keras's style
(``"... Received: stride=0"``). A coded error also carries a ``code`` and the ``values``
that went into the message, so the dashboard can say the same thing in the reader's
language (catalogue key ``err_<code>``) without parsing English.

Every error a page, an upload or a URL can cause is coded: :class:`InvalidInput` (a
``ValueError``), :class:`NotAllowed` (a ``PermissionError``), and the data sets'
``DatasetUnavailable`` and training's ``TrainingDiverged``. ``tests/test_messages.py``
reads cnncore's source and fails on a raise site with neither a code nor a mark saying why
no learner can reach it (``# cli-only``, ``# admin``: a setting the admin made,
``# internal``: a broken invariant, not a mistake).

Examples
--------
>>> exc = InvalidInput("pool_too_big", "a 5×5 pool does not fit", size=5, h=4, w=4)
>>> isinstance(exc, ValueError), exc.code, exc.values["size"], str(exc)
(True, 'pool_too_big', 5, 'a 5×5 pool does not fit')

An error inside something larger (a sweep's value, a trial) keeps its code and says where:

>>> outer = exc.within("conv1.pool_size=5")
>>> outer.code, outer.values["where"], str(outer)
('pool_too_big', 'conv1.pool_size=5', 'conv1.pool_size=5: a 5×5 pool does not fit')
"""

from __future__ import annotations


class CodedError(Exception):
    """The ``code`` and ``values`` of an error a reader may see; mixed into the errors below.

    Parameters
    ----------
    code : str
        A stable identifier of the mistake, e.g. ``"kernel_exceeds_padded"``; the
        catalogue words it as ``err_<code>``.
    message : str
        The English message, exactly as a plain exception would carry it.
    **values
        The numbers and names the message mentions, for a translated message; ``where``
        (see :meth:`within`) names the part of a larger input at fault.
    """

    def __init__(self, code: str, message: str, **values) -> None:
        super().__init__(message)
        self.code = code
        self.values = values

    def within(self, where: str):
        """The same error, of the same type and code, inside ``where`` (prefixed to the
        English and to any ``where`` it had)."""
        inner = self.values.get("where")
        values = self.values | {"where": f"{where}: {inner}" if inner else where}
        return type(self)(self.code, f"{where}: {self}", **values)

    def __reduce__(self):   # survives pickling (Ray) with its code and values
        return (_rebuild, (type(self), self.code, str(self), self.values))


class InvalidInput(CodedError, ValueError):
    """A ``ValueError`` whose ``str()`` is the English message, plus ``code`` and ``values``."""


class NotAllowed(CodedError, PermissionError):
    """A ``PermissionError`` (acting on what another user owns), with ``code`` and ``values``."""


def _rebuild(cls: type, code: str, message: str, values: dict) -> CodedError:
    return cls(code, message, **values)
