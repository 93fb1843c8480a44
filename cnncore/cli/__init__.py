"""CNN Lab's command line: train in the foreground, list and stop runs, run sweeps.

    python -m cnncore train --dataset mnist-5k --model dli-cnn --epochs 5
    python -m cnncore runs
    python -m cnncore stop RUN_ID
    python -m cnncore sweep --dataset mnist-5k --epochs 3 --grid dropout=0,0.2,0.4 --grid pooling=max,average
    python -m cnncore course --seed 0 --augment --json
    python -m cnncore class submit SESSION --set dropout=0.2 --name Ada
    python -m cnncore export RUN_ID --script --out run.py

Runs go to the same store as the dashboard's (``settings.tracking_uri()``), owned by the
operating-system user unless ``--user`` says otherwise (:mod:`cnncore.store.owners`). Bad input
ends with a one-line ``cnnlab: error: …`` and exit status 2; a failed run with 1.
Each command lives in its own module (:mod:`~cnncore.cli.train`,
:mod:`~cnncore.cli.sweep`, :mod:`~cnncore.cli.course`), its shared options in :mod:`~cnncore.cli.options`.
"""

from __future__ import annotations

import argparse
import logging
import sys

from cnncore import datasets, settings, store
from cnncore.cli.options import PROG


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    logging.getLogger("mlflow").setLevel(logging.WARNING)   # no "creating tables" chatter
    args = parser().parse_args(argv)
    try:
        return args.handler(args)
    except (ValueError, PermissionError, datasets.DatasetUnavailable, FileNotFoundError,
            store.StoreUnavailable) as exc:
        print(f"{PROG}: error: {store.redacted(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\n{PROG}: interrupted", file=sys.stderr)
        return 130


def parser() -> argparse.ArgumentParser:
    """The ``cnnlab`` argument parser with every command."""
    from cnncore.cli import classes, course, export, sweep, train

    top = argparse.ArgumentParser(
        prog=PROG, description="CNN Lab: train small CNNs and keep every run "
        f"(store: {store.redacted(settings.tracking_uri())}).")
    commands = top.add_subparsers(title="commands", required=True, metavar="COMMAND")
    train.add_commands(commands)
    sweep.add_commands(commands)
    course.add_commands(commands)
    classes.add_commands(commands)
    export.add_commands(commands)
    return top
