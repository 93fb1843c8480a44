"""``train``, ``runs`` and ``stop``: one run in the foreground, the store's runs, a stop request."""

from __future__ import annotations

import argparse
import json
import os
import sys

from cnncore import jobs, settings, store
from cnncore.cli import options
from cnncore.cli.options import PROG
from cnncore.jobs import door
from cnncore.nn.training import PRECISIONS, TrainConfig, course_augmentation


def add_commands(commands) -> None:
    """Add ``train``, ``runs`` and ``stop`` to the CLI's subparsers."""
    d = TrainConfig()
    train = commands.add_parser(
        "train", help="train a model in the foreground with a progress bar",
        description="Train a model on a data set in this terminal; the run is logged to the "
        "store like a dashboard run. Prints the run id and the final metrics.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    options.add_run_options(train)
    train.add_argument("--epochs", type=int, default=d.epochs)
    train.add_argument("--val-fraction", type=float, default=d.val_fraction,
                       help="share of images held out for validation")
    train.add_argument("--early-stopping", type=int, default=d.early_stopping, metavar="PATIENCE",
                       help="stop after this many epochs without a better val_loss (0: off)")
    train.add_argument("--augment", action="store_true",
                       help="the course's augmentation: rotation 10°, zoom 0.1, shift 0.1, and flips "
                       "unless the data set is digits (a mirrored digit is no digit)")
    train.add_argument("--rotation", type=float, default=None, help="max rotation in degrees")
    train.add_argument("--zoom", type=float, default=None, help="max zoom fraction")
    train.add_argument("--shift", type=float, default=None, help="max shift, fraction of the size")
    train.add_argument("--flip", action=argparse.BooleanOptionalAction, default=None,
                       help="random horizontal flips")
    train.add_argument("--precision", choices=PRECISIONS, default=d.precision)
    train.add_argument("--sweep", default=None, help="tag the run with a sweep name")
    train.add_argument("--quiet", action="store_true", help="no progress bar")
    options.add_user_option(train)
    train.set_defaults(handler=_train)

    runs = commands.add_parser("runs", help="list the runs in the store, newest first")
    runs.add_argument("--last", type=int, default=20, metavar="N", help="show the N newest runs")
    runs.add_argument("--json", action="store_true", help="print JSON lines instead of a table")
    runs.set_defaults(handler=_runs)

    stop = commands.add_parser("stop", help="ask a queued or running run to stop")
    stop.add_argument("run_id")
    options.add_user_option(stop)
    stop.set_defaults(handler=_stop)


def _train(args) -> int:
    augmentation = course_augmentation(args.dataset) if args.augment else {}
    for key in ("rotation", "zoom", "shift", "flip"):
        if getattr(args, key) is not None:
            augmentation[key] = getattr(args, key)
    config = options.run_config(args, epochs=args.epochs, val_fraction=args.val_fraction,
                                early_stopping=args.early_stopping, precision=args.precision,
                                **augmentation)
    data = config.load_dataset()                   # bad data fails here, before a run exists
    door.admit(config, user=args.user, trusted=True, data=data)   # any file, but the caps apply
    print(f"{data.card.name}: {len(data.y_train)} training, {len(data.y_val)} validation images "
          f"of {'×'.join(map(str, data.image_shape))}, {data.num_classes} classes", file=sys.stderr)

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from cnncore.cli.progress import ProgressBar

    run_id = store.create_run(config, status="queued", sweep=args.sweep, owner=args.user)
    print(f"run {run_id}", file=sys.stderr)
    callbacks = [] if args.quiet else [ProgressBar(config.train.epochs)]
    status = jobs.execute(run_id, callbacks=callbacks)     # Ctrl-C marks the run stopped
    record = store.get_run(run_id)
    metrics = " ".join(f"{k}={record.metrics[k]:.4f}" for k in store.METRICS if k in record.metrics)
    print(f"{run_id} {status} {metrics}".rstrip())
    if status == "failed":
        print(f"{PROG}: run failed: {store.redacted(record.error)}", file=sys.stderr)
        return 1
    return 0


def _runs(args) -> int:
    table = store.runs_table().head(args.last)
    if args.json:
        for row in table.to_dict("records"):
            print(store.redacted(json.dumps(
                {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}, default=str)))
        return 0
    if table.empty:
        print(f"no runs yet in {store.redacted(settings.tracking_uri())}")
        return 0
    shown = table[["run_id", "status", "dataset", "model", "device", "start", "epochs_done", "epochs",
                   "accuracy", "val_accuracy", "gap"]].copy()
    shown["start"] = shown["start"].dt.strftime("%Y-%m-%d %H:%M")
    print(store.redacted(shown.to_string(index=False, float_format=lambda v: f"{v:.3f}", na_rep="-")))
    return 0


def _stop(args) -> int:
    print(f"{args.run_id} {jobs.stop(args.run_id, user=args.user)}")
    return 0
