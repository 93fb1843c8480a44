"""CNN Lab's command line: train in the foreground, list and stop runs.

    python -m cnncore train --dataset mnist-5k --model dli-cnn --epochs 5
    python -m cnncore runs
    python -m cnncore stop RUN_ID
    python -m cnncore sweep --dataset mnist-5k --epochs 3 --grid dropout=0,0.2,0.4 --grid pooling=max,average

Runs go to the same store as the dashboard's (``settings.tracking_uri()``). Bad input
ends with a one-line ``cnnlab: error: …`` and exit status 2; a failed run with 1.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path

from cnncore import datasets, settings, tracking

PROG = "cnnlab"


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    logging.getLogger("mlflow").setLevel(logging.WARNING)   # no "creating tables" chatter
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except (ValueError, datasets.DatasetUnavailable, FileNotFoundError, tracking.StoreUnavailable) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\n{PROG}: interrupted", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    from cnncore.models import PRESETS
    from cnncore.training import OPTIMIZERS, PRECISIONS, TrainConfig

    d = TrainConfig()
    parser = argparse.ArgumentParser(
        prog=PROG, description="CNN Lab: train small CNNs and keep every run "
        f"(store: {settings.tracking_uri()}).")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    train = commands.add_parser(
        "train", help="train a model in the foreground with a progress bar",
        description="Train a model on a data set in this terminal; the run is logged to the "
        "store like a dashboard run. Prints the run id and the final metrics.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    train.add_argument("--dataset", default="mnist-5k", metavar="NAME|FILE",
                       help=f"one of {', '.join(datasets.NAMES)}, or a .csv/.npz/.zip file")
    train.add_argument("--model", default="dli-cnn", metavar="PRESET|JSON",
                       help=f"a preset ({', '.join(PRESETS)}) or a ModelConfig JSON file")
    train.add_argument("--epochs", type=int, default=d.epochs)
    train.add_argument("--batch-size", type=int, default=d.batch_size)
    train.add_argument("--optimizer", choices=OPTIMIZERS, default=d.optimizer)
    train.add_argument("--learning-rate", type=float, default=d.learning_rate)
    train.add_argument("--seed", type=int, default=d.seed, help="seeds split, weights, shuffling")
    train.add_argument("--val-fraction", type=float, default=d.val_fraction,
                       help="share of images held out for validation")
    train.add_argument("--limit", type=int, default=None,
                       help="use only this many images (a stratified subset)")
    train.add_argument("--early-stopping", type=int, default=d.early_stopping, metavar="PATIENCE",
                       help="stop after this many epochs without a better val_loss (0: off)")
    train.add_argument("--augment", action="store_true",
                       help="the course's augmentation: rotation 10°, zoom 0.1, shift 0.1, flips")
    train.add_argument("--rotation", type=float, default=None, help="max rotation in degrees")
    train.add_argument("--zoom", type=float, default=None, help="max zoom fraction")
    train.add_argument("--shift", type=float, default=None, help="max shift, fraction of the size")
    train.add_argument("--flip", action=argparse.BooleanOptionalAction, default=None,
                       help="random horizontal flips")
    train.add_argument("--precision", choices=PRECISIONS, default=d.precision)
    train.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                       help="a data set option, e.g. n=3000 for shapes or path=FILE.csv for "
                       "sign-language-mnist (repeatable)")
    train.add_argument("--sweep", default=None, help="tag the run with a sweep name")
    train.add_argument("--quiet", action="store_true", help="no progress bar")
    train.set_defaults(handler=_train)

    runs = commands.add_parser("runs", help="list the runs in the store, newest first")
    runs.add_argument("--last", type=int, default=20, metavar="N", help="show the N newest runs")
    runs.add_argument("--json", action="store_true", help="print JSON lines instead of a table")
    runs.set_defaults(handler=_runs)

    stop = commands.add_parser("stop", help="ask a queued or running run to stop")
    stop.add_argument("run_id")
    stop.set_defaults(handler=_stop)

    from cnncore import sweep_cli
    sweep_cli.add_cli(commands)
    return parser


# --------------------------------------------------------------------------- commands

def _train(args) -> int:
    from cnncore import jobs, tracking
    from cnncore.training import COURSE_AUGMENTATION, RunConfig, TrainConfig

    augmentation = dict(COURSE_AUGMENTATION) if args.augment else {}
    for key in ("rotation", "zoom", "shift", "flip"):
        if getattr(args, key) is not None:
            augmentation[key] = getattr(args, key)
    train = TrainConfig(
        epochs=args.epochs, batch_size=args.batch_size, optimizer=args.optimizer,
        learning_rate=args.learning_rate, seed=args.seed, val_fraction=args.val_fraction,
        early_stopping=args.early_stopping, precision=args.precision, **augmentation)
    dataset = args.dataset
    if dataset not in datasets.NAMES and Path(dataset).is_file():
        dataset = str(Path(dataset).resolve())     # the store outlives this directory
    config = RunConfig(dataset=dataset, limit=args.limit, dataset_options=_options(args.option),
                       model=_model(args.model), train=train)
    data = config.load_dataset()                   # bad data fails here, before a run exists
    print(f"{data.card.name}: {len(data.y_train)} training, {len(data.y_val)} validation images "
          f"of {'×'.join(map(str, data.image_shape))}, {data.num_classes} classes", file=sys.stderr)

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    run_id = tracking.create_run(config, status="queued", sweep=args.sweep)
    print(f"run {run_id}", file=sys.stderr)
    callbacks = [] if args.quiet else [_progress_bar(config.train.epochs)]
    status = jobs.execute(run_id, callbacks=callbacks)     # Ctrl-C marks the run stopped
    record = tracking.get_run(run_id)
    metrics = " ".join(f"{k}={record.metrics[k]:.4f}" for k in tracking.METRICS if k in record.metrics)
    print(f"{run_id} {status} {metrics}".rstrip())
    if status == "failed":
        print(f"{PROG}: run failed: {record.error}", file=sys.stderr)
        return 1
    return 0


def _runs(args) -> int:
    from cnncore import tracking

    table = tracking.runs_table().head(args.last)
    if args.json:
        for row in table.to_dict("records"):
            print(json.dumps({k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()},
                             default=str))
        return 0
    if table.empty:
        print(f"no runs yet in {settings.tracking_uri()}")
        return 0
    shown = table[["run_id", "status", "dataset", "model", "device", "start", "epochs_done", "epochs",
                   "accuracy", "val_accuracy", "gap"]].copy()
    shown["start"] = shown["start"].dt.strftime("%Y-%m-%d %H:%M")
    print(shown.to_string(index=False, float_format=lambda v: f"{v:.3f}", na_rep="-"))
    return 0


def _stop(args) -> int:
    from cnncore import jobs

    print(f"{args.run_id} {jobs.stop(args.run_id)}")
    return 0


# --------------------------------------------------------------------------- helpers

def _model(spec: str):
    from cnncore.models import PRESETS, ModelConfig

    if spec in PRESETS:
        return PRESETS[spec]
    path = Path(spec)
    if path.suffix == ".json" and path.is_file():
        try:
            return ModelConfig.from_dict(json.loads(path.read_text()))
        except (json.JSONDecodeError, TypeError) as exc:
            raise ValueError(f"cannot read a ModelConfig from {spec}: {exc}. Received: {spec!r}") from None
    raise ValueError(f"--model must be a preset ({', '.join(PRESETS)}) or a ModelConfig .json file. "
                     f"Received: {spec!r}")


def _options(pairs: list[str]) -> dict:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ValueError(f"--option takes KEY=VALUE. Received: {pair!r}")
        for cast in (int, float):
            try:
                value = cast(value)
                break
            except ValueError:
                pass
        out[key] = value
    return out


def _progress_bar(epochs: int):
    """A Keras callback drawing one line per epoch on stderr: ``epoch 2/5 [####----] …``."""
    import keras

    class ProgressBar(keras.callbacks.Callback):
        width = 24

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch, self.t0, self.last = epoch + 1, time.perf_counter(), 0.0

        def on_train_batch_end(self, batch, logs=None):
            if not sys.stderr.isatty():   # a log file gets one line per epoch, not redraws
                return
            now = time.perf_counter()
            steps = self.params.get("steps") or 1
            if now - self.last < 0.1 and batch + 1 < steps:
                return
            self.last = now
            done = int(self.width * (batch + 1) / steps)
            logs = logs or {}
            sys.stderr.write(f"\repoch {self.epoch}/{epochs} [{'#' * done}{'-' * (self.width - done)}] "
                             f"loss {logs.get('loss', float('nan')):.4f} "
                             f"accuracy {logs.get('accuracy', float('nan')):.4f}")
            sys.stderr.flush()

        def on_epoch_end(self, epoch, logs=None):
            logs = logs or {}
            sys.stderr.write(f"\repoch {self.epoch}/{epochs} [{'#' * self.width}] "
                             + " ".join(f"{k} {logs[k]:.4f}" for k in ("loss", "accuracy", "val_loss", "val_accuracy")
                                        if k in logs)
                             + f" ({time.perf_counter() - self.t0:.1f} s)\n")
            sys.stderr.flush()

    return ProgressBar()


if __name__ == "__main__":
    sys.exit(main())
