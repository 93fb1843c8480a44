"""``python -m cnncore sweep``: run a sweep in the foreground, one line per trial event.

    python -m cnncore sweep --dataset mnist-5k --epochs 3 \\
        --grid dropout=0,0.2,0.4 --grid pooling=max,average
    python -m cnncore sweep --random learning_rate=1e-4:1e-2:log --random pooling=max,average \\
        --trials 8 --asha --max-concurrent 2

Registered by :func:`add_commands`; parameter paths are those of :mod:`cnncore.nn.paths`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from cnncore import jobs
from cnncore.cli import options
from cnncore.jobs import sweeps as sweep_jobs
from cnncore.nn import space
from cnncore.store import sweeps as sweep_store


def add_commands(commands) -> None:
    """Add the ``sweep`` command to the CLI's subparsers."""
    sweep = commands.add_parser(
        "sweep", help="run a parameter sweep on Ray Tune and print the best trial",
        description="Train many variants of one run on Ray Tune (a local Ray, or the cluster "
        "at RAY_ADDRESS); every trial is a run in the store, tagged with the sweep. PATH is a "
        "parameter such as kernel_size, stride, padding, pooling, dropout, filters, conv1.filters, "
        "dense.units, dense.dropout, learning_rate, batch_size, optimizer or model.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    sweep.add_argument("--grid", action="append", default=[], metavar="PATH=V1,V2,…",
                       help="try every value (all combinations with the other --grid)")
    sweep.add_argument("--random", action="append", default=[], metavar="PATH=LOW:HIGH[:log]|V1,V2",
                       help="draw a value per trial: from a range (log-uniform with :log) or a list")
    sweep.add_argument("--trials", type=int, default=None,
                       help="random samples (default 8 with --random, else 1)")
    sweep.add_argument("--epochs", type=int, default=3)
    sweep.add_argument("--asha", action="store_true",
                       help="stop poor trials early (ASHA on val_accuracy: grace 1 epoch, factor 2)")
    sweep.add_argument("--max-concurrent", type=int, default=1, help="trials training at once")
    # Trials train on the scheduler's workers: CNNLAB_JOB_SLOTS and CNNLAB_RUNS_PER_GPU size them.
    sweep.add_argument("--cpus-per-trial", type=float, default=1.0, help=argparse.SUPPRESS)
    sweep.add_argument("--gpus-per-trial", type=float, default=None, help=argparse.SUPPRESS)
    options.add_run_options(sweep)
    sweep.add_argument("--name", default="", help="the sweep's name (default: its parameters)")
    sweep.add_argument("--quiet", action="store_true", help="print only the best trial")
    options.add_user_option(sweep)
    sweep.set_defaults(handler=_sweep)


def config_from_args(args):
    """The :class:`~cnncore.nn.space.SweepConfig` the command line describes."""
    params = [space.parse(*_pair(flag, text), random=flag == "--random")
              for flag, texts in (("--grid", args.grid), ("--random", args.random)) for text in texts]
    if not params:
        raise ValueError("say what to vary: --grid PATH=V1,V2 or --random PATH=LOW:HIGH. Received: neither")  # cli-only
    base = options.run_config(args, epochs=args.epochs)
    trials = args.trials if args.trials is not None else (8 if args.random else 1)
    return space.SweepConfig(base=base, params=tuple(params), name=args.name, trials=trials,
                             asha=args.asha, max_concurrent=args.max_concurrent,
                             cpus_per_trial=args.cpus_per_trial, gpus_per_trial=args.gpus_per_trial,
                             seed=args.seed)


def _pair(flag: str, text: str) -> tuple[str, str]:
    path, sep, values = text.partition("=")
    if not sep or not path.strip() or not values.strip():
        raise ValueError(f"{flag} takes PATH=VALUES, e.g. {flag} dropout=0,0.2. Received: {text!r}")  # cli-only
    return path.strip(), values


def _sweep(args) -> int:
    config = config_from_args(args)
    data = config.base.load_dataset()               # bad data fails here, before Ray starts
    print(f"{config.title}: {config.size} trials × {config.total_epochs} epochs on {data.card.name} "
          f"({len(data.y_train)} training, {len(data.y_val)} validation images)"
          + (", ASHA early stopping" if config.asha else ""), file=sys.stderr)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    t0 = time.perf_counter()
    try:
        sweep_id = sweep_jobs.run(config, progress=None if args.quiet else _progress, user=args.user,
                                  trusted=True)
    finally:
        jobs.shutdown()
    table = sweep_store.trials(sweep_id)
    counts = table["status"].value_counts().to_dict()
    print(f"sweep {sweep_id}: {', '.join(f'{n} {s}' for s, n in counts.items())} "
          f"in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    best = sweep_store.best_trial(sweep_id)
    if best is None:
        print(f"{sweep_id}: no trial reached a validation accuracy")
        return 1
    values = " ".join(f"{p.path}={_short(best[p.path])}" for p in config.params)
    print(f"best: trial {best['trial']} {values} val_accuracy={best['val_accuracy']:.4f} run {best['run_id']}")
    return 0


def _progress(event: dict) -> None:
    values = " ".join(f"{k}={_short(v)}" for k, v in event["values"].items())
    head = f"[{event['trial']}/{event['total']}] {values}"
    val = event["val_accuracy"]
    if event["event"] == "epoch":
        line = f"{head}: epoch {event['epoch']}/{event['epochs']} val_accuracy {val:.4f}"
    elif event["event"] == "start":
        line = f"{head}: started"
    else:
        line = f"{head}: {event['status']}" + (f" val_accuracy {val:.4f}" if val is not None else "")
    print(line, file=sys.stderr, flush=True)


def _short(value) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)
