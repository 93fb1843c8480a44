"""``course``: train the course's comparison in the foreground and judge each run.

    python -m cnncore course --seed 0 --epochs 10 --augment --json

Trains what the dashboard's "Reproduce the course" trains (:mod:`cnncore.nn.course`),
one run after another, tracked like any other run; prints one line per run, or with
``--json`` one JSON object per line: ``model``, ``augmented``, ``train_accuracy``,
``val_accuracy``, ``gap`` (train − val, fractions), ``verdict`` (``overfitting``,
``generalising``, ``underfitting`` or ``still-learning``) and ``run_id``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from cnncore import jobs, store
from cnncore.cli import options
from cnncore.jobs import door
from cnncore.nn import course, verdict


def add_commands(commands) -> None:
    """Add the ``course`` command to the CLI's subparsers."""
    cmd = commands.add_parser(
        "course", help="train the dense baseline and the course CNN on the course data set",
        description="Reproduce the course's comparison: the dense baseline overfits, the CNN "
        f"does not ({course.COURSE_DATASET}, the same split, seed and schedule for each run).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    cmd.add_argument("--seed", type=int, default=0, help="seeds the split, the weights and the shuffling")
    cmd.add_argument("--epochs", type=int, default=course.COURSE_EPOCHS)
    cmd.add_argument("--augment", action="store_true",
                     help="also train the CNN with the course's augmentation")
    cmd.add_argument("--json", action="store_true", help="one JSON object per run on stdout")
    options.add_user_option(cmd)
    cmd.set_defaults(handler=_course)


def _course(args) -> int:
    configs = course.course_runs(seed=args.seed, epochs=args.epochs, augment=args.augment)
    data = configs[0].load_dataset()          # bad data fails here, before a run exists
    for config in configs:                    # every run passes the door before one is recorded
        door.admit(config, user=args.user, trusted=True, data=data)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    failed = False
    for config in configs:
        run_id = store.create_run(config, status="queued", owner=args.user)
        print(f"{config.model.name}{' + augmentation' if config.train.augments else ''}: run {run_id}",
              file=sys.stderr)
        status = jobs.execute(run_id)
        failed |= status != "finished"
        print(json.dumps(result(run_id, config)) if args.json else line(run_id, config, status))
    return 1 if failed else 0


def result(run_id: str, config) -> dict:
    """One run's outcome as the ``--json`` line gives it."""
    v = verdict.verdict(store.histories([run_id]))
    return {"model": config.model.name, "augmented": config.train.augments,
            "train_accuracy": v.train_accuracy, "val_accuracy": v.val_accuracy,
            "gap": v.train_accuracy - v.val_accuracy, "verdict": v.kind.replace("_", "-"),
            "run_id": run_id}


def line(run_id: str, config, status: str) -> str:
    """One run's outcome as a line of text."""
    if status != "finished":
        return f"{run_id} {config.model.name} {status}: {store.get_run(run_id).error}"
    v = verdict.verdict(store.histories([run_id]))
    return (f"{run_id} {config.model.name}{' +aug' if config.train.augments else ''} "
            f"train {v.train_accuracy:.3f} val {v.val_accuracy:.3f} gap {v.gap_points:.1f} pts · {v.message}")
