"""When a run has diverged: the rule, and the error :func:`cnncore.nn.training.fit` raises."""

from __future__ import annotations

import math

DIVERGENCE_FACTOR = 1000.0    # a loss 1,000× its first value has exploded (see diverged())


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite, or exploded; training cannot recover from that.

    Like :class:`cnncore.errors.InvalidInput` it carries a ``code``
    (``"loss_not_finite"`` or ``"loss_exploded"``) and the ``values`` in its message, so
    the run's stored failure can be worded in the reader's language.
    """

    def __init__(self, message: str, code: str = "diverged", **values) -> None:
        super().__init__(message)
        self.code = code
        self.values = values

    def __reduce__(self):   # survives pickling (Ray) with its code and values
        return (_rebuild, (str(self), self.code, self.values))


def _rebuild(message: str, code: str, values: dict) -> "TrainingDiverged":
    return TrainingDiverged(message, code, **values)


def diverged(loss: float, first_loss: float | None, *, factor: float = DIVERGENCE_FACTOR) -> str:
    """Why a training loss means the run diverged, or ``""`` if it did not.

    A run has diverged when its loss is not finite (NaN or ±inf), or when it is more than
    ``factor`` times the run's first logged loss. A fresh classifier starts near
    ``ln(classes)`` (2.3 for 10 classes); ordinary training never climbs three orders of
    magnitude above that, while a far too high learning rate reaches 1e8–1e25 on some CPUs
    and NaN on others. The rule is the same on every machine.

    Examples
    --------
    >>> diverged(float("nan"), 2.3)
    'the loss became nan'
    >>> diverged(2.1e25, 2.3)
    'the loss exploded to 2.1e+25, over 1000× its first value 2.3'
    >>> diverged(0.05, 2.3), diverged(9.0, 2.3), diverged(2.3, None)
    ('', '', '')
    """
    if not math.isfinite(loss):
        return f"the loss became {loss}"
    if first_loss is not None and first_loss > 0 and loss > factor * first_loss:
        return f"the loss exploded to {loss:.3g}, over {factor:g}× its first value {first_loss:.3g}"
    return ""
