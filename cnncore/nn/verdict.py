"""A verdict on a run's curves, read the way a teacher reads them.

A teacher looks at two things: the accuracy gap between training and validation, and
the loss curves. Validation loss that stops falling (or rises) from its minimum while
training loss keeps falling is a network memorising its training images: overfitting,
and the epoch after that minimum is when it began. :func:`verdict` applies these rules
and returns a :class:`Verdict` whose ``kind``, ``reason`` and ``values`` let any language
word it. :data:`KIND_EN` and :data:`REASON_EN` are the one English wording: the command
line prints it (:attr:`Verdict.message`), and the dashboard's catalogue takes its English
from them (``verdict_kind_<kind>``, ``verdict_reason_<reason>``) beside the Korean.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

OVERFIT_GAP = 0.08        # train ≥ 8 points above validation: overfitting whatever the losses say
LOSS_GAP = 0.02           # with the loss pattern below, 2 points of gap are enough
PLATEAU_EPOCHS = 2        # validation loss no better for this many epochs after its minimum…
TRAIN_LOSS_FALL = 3.0     # …while training loss fell to at most a third of its value there
STILL_LEARNING_RISE = 0.01  # training accuracy still climbing ≥ 1 point an epoch
UNDERFIT_ACCURACY = 0.80  # below this on its own training data the model is too weak (or too early)

VERDICTS = ("waiting", "overfitting", "still_learning", "underfitting", "generalising")
REASONS = ("no_epoch", "loss_turned", "gap", "rising", "low_train", "close")


@dataclass(frozen=True)
class Verdict:
    """A judgement of one run's history, with the numbers that justify it.

    ``reason`` names the rule that decided (one of :data:`REASONS`) and ``values`` holds
    the numbers the one-line explanation quotes (:data:`REASON_EN`); the dashboard words
    each reason from its catalogue in the reader's language, :attr:`message` in English.
    """

    kind: str                 # one of VERDICTS
    epochs: int               # epochs seen
    train_accuracy: float     # at the last epoch (NaN while waiting)
    val_accuracy: float
    gap_points: float         # (train − validation) accuracy in percentage points
    reason: str = "no_epoch"  # one of REASONS
    onset: int | None = None  # overfitting began at this epoch (1-based), else None
    best_epoch: int | None = None   # the epoch of the lowest validation loss
    values: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The verdict and its reason in English, one line."""
        return f"{KIND_EN[self.kind]}: {REASON_EN[self.reason].format(**self.values)}"


KIND_EN = {"waiting": "waiting", "overfitting": "overfitting", "still_learning": "still learning",
           "underfitting": "underfitting", "generalising": "generalising"}
REASON_EN = {
    "no_epoch": "no epoch has finished yet",
    "loss_turned": "from epoch {onset}, validation loss rose from its lowest {best_loss:.3f} to "
                   "{val_loss:.3f} while training loss fell {fall:.0f}×; accuracy gap {gap:.1f} pts",
    "gap": "from epoch {onset}, training accuracy stays {gap:.1f} pts above validation "
           "({train:.1%} vs {val:.1%})",
    "rising": "training accuracy rose {rise:.1f} pts in the last epoch (gap {gap:+.1f} pts)",
    "low_train": "training accuracy is only {train:.1%}: the model cannot fit even its training images",
    "close": "validation {val:.1%} is within {gap_abs:.1f} pts of training {train:.1%}",
}


def verdict(history: pd.DataFrame) -> Verdict:
    """Judge a run's history: overfitting, still learning, underfitting or generalising.

    Parameters
    ----------
    history : DataFrame
        One run's epochs, with columns ``epoch``, ``accuracy`` and ``val_accuracy``, and
        ideally ``loss`` and ``val_loss`` (extra columns and row order do not matter).

    Returns
    -------
    Verdict

    Notes
    -----
    With ``gap = accuracy − val_accuracy`` at the last epoch and ``m`` the epoch of the
    lowest validation loss, the first rule that holds decides:

    1. no epoch yet → ``waiting``;
    2. the loss turned: ``m`` is at least ``PLATEAU_EPOCHS`` before the last epoch,
       training loss fell at least ``TRAIN_LOSS_FALL``× since ``m``, and
       ``gap ≥ LOSS_GAP`` → ``overfitting`` from epoch ``m + 1``;
    3. ``gap ≥ OVERFIT_GAP`` → ``overfitting`` from the first epoch whose gap reached it;
    4. training accuracy rose ≥ 1 point over the last epoch → ``still_learning``;
    5. training accuracy ``< UNDERFIT_ACCURACY`` → ``underfitting``;
    6. otherwise ``generalising``.

    Examples
    --------
    The dense network on centred MNIST digits: a gap of only 3.9 points, but validation
    loss flat from epoch 2 while training loss falls tenfold.

    >>> h = pd.DataFrame({"epoch": [1, 2, 3, 4, 5, 6],
    ...                   "loss": [.40, .15, .08, .05, .03, .02],
    ...                   "val_loss": [.20, .16, .17, .18, .18, .19],
    ...                   "accuracy": [.88, .95, .97, .98, .99, .993],
    ...                   "val_accuracy": [.94, .95, .953, .953, .954, .954]})
    >>> v = verdict(h)
    >>> v.kind, v.onset
    ('overfitting', 3)
    >>> v.message
    'overfitting: from epoch 3, validation loss rose from its lowest 0.160 to 0.190 while training loss fell 8×; accuracy gap 3.9 pts'
    """
    missing = {"epoch", "accuracy", "val_accuracy"} - set(history.columns)
    if missing:
        raise ValueError(f"history needs columns epoch, accuracy, val_accuracy. "  # internal
                         f"Missing: {sorted(missing)}")
    rows = history.dropna(subset=["accuracy", "val_accuracy"]).sort_values("epoch")
    if rows.empty:
        return Verdict("waiting", 0, math.nan, math.nan, math.nan)
    epochs = rows["epoch"].to_numpy(dtype=int)
    train = rows["accuracy"].to_numpy(dtype=float)
    val = rows["val_accuracy"].to_numpy(dtype=float)
    gap = train[-1] - val[-1]
    numbers = {"train": train[-1], "val": val[-1], "gap": 100 * gap, "gap_abs": abs(100 * gap)}

    def make(kind: str, reason: str, **extra) -> Verdict:
        return Verdict(kind, len(train), float(train[-1]), float(val[-1]), 100 * gap, reason,
                       extra.get("onset"), best, numbers | extra)

    best = None
    losses = rows[["loss", "val_loss"]].dropna() if {"loss", "val_loss"} <= set(rows.columns) else None
    if losses is not None and len(losses):
        at = int(losses["val_loss"].to_numpy().argmin())
        best = int(rows.loc[losses.index[at], "epoch"])
        loss, val_loss = losses["loss"].to_numpy(float), losses["val_loss"].to_numpy(float)
        fall = loss[at] / loss[-1] if loss[-1] > 0 else math.inf
        if len(loss) - 1 - at >= PLATEAU_EPOCHS and fall >= TRAIN_LOSS_FALL and gap >= LOSS_GAP:
            return make("overfitting", "loss_turned", onset=best + 1, best_loss=float(val_loss[at]),
                        val_loss=float(val_loss[-1]), fall=float(fall))
    if gap >= OVERFIT_GAP:
        onset = int(epochs[int((train - val >= OVERFIT_GAP).argmax())])
        return make("overfitting", "gap", onset=onset)
    if len(train) >= 2 and train[-1] - train[-2] >= STILL_LEARNING_RISE:
        return make("still_learning", "rising", rise=100 * (train[-1] - train[-2]))
    if train[-1] < UNDERFIT_ACCURACY:
        return make("underfitting", "low_train")
    return make("generalising", "close")


def change(before: pd.DataFrame, after: pd.DataFrame) -> dict[str, float] | None:
    """What a remedy changed: the accuracy gap before and after, and the validation gain,
    in points, at each run's last epoch (None until both have an epoch).

    Examples
    --------
    >>> a = pd.DataFrame({"epoch": [1], "accuracy": [.99], "val_accuracy": [.848]})
    >>> b = pd.DataFrame({"epoch": [1], "accuracy": [.979], "val_accuracy": [.958]})
    >>> {name: round(value, 1) for name, value in change(a, b).items()}
    {'gap_before': 14.2, 'gap_after': 2.1, 'val_delta': 11.0}
    """
    ends = []
    for history in (before, after):
        rows = history.dropna(subset=["accuracy", "val_accuracy"]).sort_values("epoch")
        if rows.empty:
            return None
        ends.append((float(rows["accuracy"].iloc[-1]), float(rows["val_accuracy"].iloc[-1])))
    (train_a, val_a), (train_b, val_b) = ends
    return {"gap_before": 100 * (train_a - val_a), "gap_after": 100 * (train_b - val_b),
            "val_delta": 100 * (val_b - val_a)}
