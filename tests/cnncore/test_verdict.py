"""cnncore.nn.verdict: reading curves the way a teacher does, on synthetic histories."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cnncore.nn import verdict


def history(train, val, loss=None, val_loss=None):
    frame = {"epoch": range(1, len(train) + 1), "accuracy": train, "val_accuracy": val}
    if loss is not None:
        frame |= {"loss": loss, "val_loss": val_loss}
    return pd.DataFrame(frame)


# The table: dense-baseline on centred mnist-5k, 0.993 train / 0.954 val (a 3.9-point
# gap the old verdict called "generalising well"), validation loss flat from epoch 2 while
# training loss falls tenfold.
MNIST_DENSE = history(
    train=[.90, .955, .97, .978, .984, .988, .99, .991, .992, .993],
    val=[.935, .948, .950, .951, .952, .952, .953, .953, .954, .954],
    loss=[.35, .15, .10, .075, .055, .04, .03, .022, .017, .014],
    val_loss=[.21, .165, .166, .168, .17, .172, .175, .178, .18, .182])

# The course's dense network on its hand photos: validation loss turns up at epoch 4.
COURSE_DENSE = history(
    train=[.55, .80, .90, .94, .96, .97, .975, .98],
    val=[.60, .72, .77, .79, .79, .785, .79, .79],
    loss=[1.6, .70, .40, .25, .15, .10, .08, .06],
    val_loss=[1.3, .95, .80, .78, .85, .95, 1.05, 1.15])

# The course's CNN: both losses fall to the end; validation jumps around a little.
COURSE_CNN = history(
    train=[.80, .93, .96, .975, .985, .99, .995, 1.0],
    val=[.85, .90, .93, .92, .94, .935, .95, .95],
    loss=[.7, .25, .14, .09, .06, .04, .03, .02],
    val_loss=[.50, .33, .25, .27, .20, .21, .18, .17])


def test_flat_validation_loss_while_training_loss_falls_tenfold_is_overfitting():
    v = verdict.verdict(MNIST_DENSE)
    assert v.kind == "overfitting" and v.reason == "loss_turned"
    assert v.best_epoch == 2 and v.onset == 3                   # "from epoch 3"
    assert v.gap_points == pytest.approx(3.9)
    assert v.message.startswith("overfitting: from epoch 3, validation loss rose from its lowest 0.165")


def test_validation_loss_turning_up_is_overfitting_from_the_epoch_after_its_minimum():
    v = verdict.verdict(COURSE_DENSE)
    assert (v.kind, v.reason, v.best_epoch, v.onset) == ("overfitting", "loss_turned", 4, 5)
    assert v.values["best_loss"] == pytest.approx(.78) and v.values["val_loss"] == pytest.approx(1.15)
    assert v.values["fall"] == pytest.approx(.25 / .06)


def test_the_cnn_whose_losses_fall_to_the_end_generalises():
    v = verdict.verdict(COURSE_CNN)
    assert (v.kind, v.onset, v.best_epoch) == ("generalising", None, 8)
    assert v.message == "generalising: validation 95.0% is within 5.0 pts of training 100.0%"


def test_a_wide_gap_without_losses_is_overfitting_from_the_first_wide_epoch():
    v = verdict.verdict(history([.80, .90, .97, .99], [.79, .84, .86, .85]))
    assert (v.kind, v.reason, v.onset) == ("overfitting", "gap", 3)


def test_a_short_plateau_is_not_yet_overfitting():
    # Lowest validation loss one epoch before the end: too early to say it turned.
    v = verdict.verdict(history([.80, .90, .95], [.80, .88, .90], [.6, .3, .1], [.55, .35, .36]))
    assert v.kind != "overfitting"


@pytest.mark.parametrize("train, val, kind, reason", [
    ([.60, .75], [.60, .74], "still_learning", "rising"),
    ([.50, .505], [.49, .50], "underfitting", "low_train"),
    ([.99, .995], [.97, .985], "generalising", "close"),
    ([], [], "waiting", "no_epoch"),
])
def test_the_other_verdicts(train, val, kind, reason):
    v = verdict.verdict(history(train, val))
    assert (v.kind, v.reason) == (kind, reason)
    assert v.message                                  # every reason words itself


def test_row_order_and_unfinished_epochs_do_not_matter():
    shuffled = COURSE_DENSE.sample(frac=1, random_state=0)
    partial = pd.concat([shuffled, pd.DataFrame({"epoch": [9], "accuracy": [np.nan], "val_accuracy": [np.nan]})])
    assert verdict.verdict(partial) == verdict.verdict(COURSE_DENSE)


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="val_accuracy"):
        verdict.verdict(pd.DataFrame({"epoch": [1], "accuracy": [.5]}))


def test_a_remedys_change_is_stated_in_points():
    after = COURSE_CNN
    change = verdict.change(COURSE_DENSE, after)
    assert change == pytest.approx({"gap_before": 19.0, "gap_after": 5.0, "val_delta": 16.0})
    assert verdict.change(COURSE_DENSE, history([], [])) is None
