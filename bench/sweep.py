"""Sweep throughput on this machine, measured in one run.

1. The wall time of an 8-trial sweep (dropout × pooling grid, a tiny CNN on 8×8 digits)
   with 1 and with 2 concurrent trials, and their ratio.
2. The per-trial cost of the same 8 trials run one after another with the CLI
   (``python -m cnncore train``, a fresh process each: TensorFlow's import every time)
   against the sweep's (Ray Tune, trial actors reused: one import per actor).

    .venv/bin/python bench/sweep.py [--limit 400] [--epochs 2]

Everything goes to a temporary CNN Lab home; Ray is shut down at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()

    home = tempfile.mkdtemp(prefix="cnnlab-bench-sweep-")
    os.environ["CNNLAB_HOME"] = home
    os.environ.pop("MLFLOW_TRACKING_URI", None)
    os.environ.pop("RAY_ADDRESS", None)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

    from cnncore import jobs

    from cnncore.jobs import sweeps as sweep_jobs

    from cnncore.nn import models, space, training

    from cnncore.store import sweeps as sweep_store

    model = models.ModelConfig(name="bench-tiny", conv_blocks=(models.ConvBlock(filters=4),),
                               dense_layers=(models.DenseLayer(16),))
    base = training.RunConfig(dataset="digits", limit=args.limit, model=model,
                              train=training.TrainConfig(epochs=args.epochs))
    params = (space.parse("dropout", "0, 0.1, 0.2, 0.3"), space.parse("pooling", "max, average"))
    print(f"8 trials: dropout 0…0.3 × max/average pooling, 1 conv block of 4 filters, digits "
          f"limit={args.limit}, {args.epochs} epochs; {os.cpu_count()} CPUs")

    t0 = time.perf_counter()
    jobs.ensure_ray()
    ray_start = time.perf_counter() - t0
    print(f"local Ray start:                 {ray_start:6.1f} s (once, not in the figures below)")

    walls = {}
    try:
        for concurrent in (1, 2):
            config = space.SweepConfig(base=base, params=params, max_concurrent=concurrent,
                                        name=f"bench x{concurrent}")
            t0 = time.perf_counter()
            sweep_id = sweep_jobs.run(config)
            walls[concurrent] = time.perf_counter() - t0
            table = sweep_store.trials(sweep_id)
            assert (table["status"] == "finished").all(), table[["status", "error"]]
            print(f"sweep, {concurrent} concurrent trial(s):  {walls[concurrent]:6.1f} s wall "
                  f"({walls[concurrent] / 8:.2f} s per trial)")
    finally:
        jobs.shutdown()
    print(f"ratio 1 → 2 concurrent:          {walls[1] / walls[2]:6.2f}× faster")

    folder = Path(home) / "models"
    folder.mkdir()
    t0 = time.perf_counter()
    for values in config.grid():
        path = folder / f"{values['dropout']}-{values['pooling']}.json"
        path.write_text(json.dumps(config.trial_config(values).model.to_dict()))
        subprocess.run([sys.executable, "-m", "cnncore", "train", "--dataset", "digits",
                        "--limit", str(args.limit), "--model", str(path), "--epochs", str(args.epochs),
                        "--quiet"], cwd=ROOT, check=True, capture_output=True)
    cli = time.perf_counter() - t0
    print(f"CLI, 8 runs one after another:   {cli:6.1f} s wall ({cli / 8:.2f} s per trial)")
    print(f"per-trial, sweep (1 at a time) − CLI: {(walls[1] - cli) / 8:+.2f} s "
          f"(sweep/CLI time ratio {walls[1] / cli:.2f}; with Ray's start counted: "
          f"{(walls[1] + ray_start) / cli:.2f})")


if __name__ == "__main__":
    main()
