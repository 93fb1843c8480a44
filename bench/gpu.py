"""GPU benchmark: the course's CNN at the course's size, through cnncore's own tracked path.

Trains ``PRESETS["dli-cnn"]`` on 27,455 training and 7,172 validation images of
28×28×1 in 24 classes (random pixels and labels, generated here: no download) with
:func:`cnncore.jobs.execute` — the job body every dashboard run goes through — once in
``float32`` and once in ``mixed_bfloat16``, and prints for each the samples per second,
the epoch time and the device recorded on the run (the ``device`` tag a user sees).
Exits 1 when no GPU was used, before training unless ``--cpu-ok``.

Runs on any Keras backend, with nothing but CNN Lab's requirements, ``keras`` and the
backend installed: TensorFlow is not needed (``KERAS_BACKEND=jax``, ``jax[cuda]``)::

    KERAS_BACKEND=jax python bench/gpu.py [--epochs 3] [--batch-size 32]
    python bench/gpu.py --cpu-ok --train 2000 --epochs 2     # the script itself, on a CPU
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CNNLAB_HOME", tempfile.mkdtemp(prefix="cnnlab-bench-gpu-"))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.train import epoch_clock  # noqa: E402  (the same clock as the training bench)

COURSE_TRAIN, COURSE_VAL, CLASSES = 27_455, 7_172, 24     # sign-language MNIST, 28×28×1
NO_GPU = 1


def course_sized_data(folder: str, n_train: int, n_val: int, seed: int = 0) -> tuple[str, float]:
    """An ``.npz`` of ``n_train + n_val`` random 28×28×1 images in 24 classes, and the
    validation share that splits it into (about) those two sizes."""
    import numpy as np

    rng = np.random.default_rng(seed)
    n = n_train + n_val
    path = os.path.join(folder, f"course-sized-{n}.npz")
    np.savez(path, x=rng.integers(0, 256, size=(n, 28, 28, 1), dtype=np.uint8),
             y=np.arange(n) % CLASSES)                   # every class equally often
    return path, n_val / n



def tracked_run(config) -> dict:
    """Train ``config`` with :func:`cnncore.jobs.execute`; what the run recorded and how fast."""
    from cnncore import jobs, store

    run_id = store.create_run(config)
    times: list[float] = []
    status = jobs.execute(run_id, callbacks=[epoch_clock(times)])
    record = store.get_run(run_id)
    if status != "finished":
        raise SystemExit(f"the {config.train.precision} run {status}: {record.error}")
    steady = times[1:] or times                          # the first epoch also compiles
    return {"device": record.tags.get("device", "?"), "epoch_s": statistics.median(steady),
            "first_epoch_s": times[0], "run_id": run_id}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3, help="epochs per precision (>= 2: the first compiles)")
    parser.add_argument("--batch-size", type=int, default=32, help="the course's Keras default")
    parser.add_argument("--train", type=int, default=COURSE_TRAIN, help="training images (course: 27,455)")
    parser.add_argument("--val", type=int, default=COURSE_VAL, help="validation images (course: 7,172)")
    parser.add_argument("--cpu-ok", action="store_true",
                        help="train even without a GPU and exit 0 (to test this script on a CPU)")
    args = parser.parse_args(argv)

    from cnncore import settings
    from cnncore.nn import devices

    info = devices.detect()
    print(f"Keras backend {info['backend']}: {info['device']} {', '.join(info['names'])}".rstrip())
    if info["device"] != "GPU" and not args.cpu_ok:
        print(f"no GPU: the {info['backend']} backend sees none, so nothing was measured. Check the "
              f"driver (nvidia-smi) and that the backend's CUDA build is installed (jax[cuda12], "
              f"tensorflow[and-cuda] or a CUDA torch); --cpu-ok trains on the CPU anyway.",
              file=sys.stderr)
        return NO_GPU

    from cnncore.nn.models import PRESETS
    from cnncore.nn.training import RunConfig, TrainConfig

    path, val_fraction = course_sized_data(str(settings.cnnlab_home()), args.train, args.val)
    results = {}
    for precision in ("float32", "mixed_bfloat16"):
        config = RunConfig(dataset=path, model=PRESETS["dli-cnn"], train=TrainConfig(
            epochs=args.epochs, batch_size=args.batch_size, val_fraction=val_fraction, precision=precision))
        if not results:
            data = config.load_dataset()
            n_train = len(data.y_train)
            print(f"dli-cnn, {n_train:,} training and {len(data.y_val):,} validation images "
                  f"{data.image_shape}, {data.num_classes} classes, batch {args.batch_size}, "
                  f"{args.epochs} epochs per precision")
            del data
        result = results[precision] = tracked_run(config)
        print(f"  {precision:>14}: {n_train / result['epoch_s']:>9,.0f} samples/s, epoch {result['epoch_s']:.2f} s "
              f"(first, with compilation, {result['first_epoch_s']:.2f} s); device on the run: "
              f"{result['device']!r}")
    f32, bf16 = results["float32"], results["mixed_bfloat16"]
    print(f"mixed_bfloat16 / float32: {f32['epoch_s'] / bf16['epoch_s']:.2f}x the speed")
    used_gpu = all(r["device"].startswith("GPU") for r in results.values())
    if not used_gpu:
        print("no GPU was used: the runs were recorded on "
              f"{sorted({r['device'] for r in results.values()})}", file=sys.stderr)
        return 0 if args.cpu_ok else NO_GPU
    return 0


if __name__ == "__main__":
    sys.exit(main())
