"""Training engine benchmark, every figure measured in this one run.

1. cnncore's tracked training (jobs.execute: MLflow callback, heartbeat thread, model
   and confusion-matrix artifacts) against bare ``model.fit`` on the same model, data
   and epochs — target at most 1.10×;
2. dli-cnn training samples per second on this machine (after the first epoch);
3. time from ``jobs.submit`` to the first logged epoch, for a first (cold Ray, cold
   worker) and a second (warm worker) job;
4. ``mixed_bfloat16`` against ``float32``: speed and validation accuracy (1,000 images).

    python bench/train.py [--limit 3000] [--epochs 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CNNLAB_HOME", tempfile.mkdtemp(prefix="cnnlab-bench-"))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def bare_fit(config, data):
    """Plain Keras: build, compile, fit — what cnncore's fit wraps. Returns (seconds, history, epoch times)."""
    import keras

    from cnncore.nn.models import build_model
    from cnncore.nn.training import bn_momentum, fit_data

    train = config.train
    keras.utils.set_random_seed(train.seed)
    keras.config.set_dtype_policy(train.precision)
    model = build_model(config.model, data.image_shape, data.num_classes)
    keras.config.set_dtype_policy("float32")
    for layer in model.layers:                 # the same network cnncore trains
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.momentum = bn_momentum(train, len(data.y_train))
    model.compile(optimizer=keras.optimizers.get({"class_name": train.optimizer,
                                                  "config": {"learning_rate": train.learning_rate}}),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    times: list[float] = []
    start = time.perf_counter()
    # Keras's own batches of the arrays, fed as cnncore feeds them: with plain arrays, tf.data's
    # autotuning stalls some epoch starts on TensorFlow 2.21 (bench/epochs.py) and cnncore's
    # side does not, so the ratio would flatter cnncore.
    history = model.fit(**fit_data(data, train.batch_size), epochs=train.epochs, verbose=0,
                        callbacks=[epoch_clock(times)])
    return time.perf_counter() - start, history.history, times


def tracked_fit(config):
    """cnncore's whole job body in this process. Returns (seconds, epoch times)."""
    from cnncore import jobs, store

    run_id = store.create_run(config)
    times: list[float] = []
    start = time.perf_counter()
    status = jobs.execute(run_id, callbacks=[epoch_clock(times)])
    assert status == "finished", store.get_run(run_id).error
    return time.perf_counter() - start, times


def epoch_clock(times: list[float]):
    """A Keras callback appending each epoch's wall time (training and validation) to ``times``."""
    import keras

    class EpochClock(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.t0 = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            times.append(time.perf_counter() - self.t0)

    return EpochClock()


def first_epoch_after_submit(config) -> float:
    from cnncore import jobs, store

    start = time.perf_counter()
    run_id = jobs.submit(config)
    while True:
        if store.get_run(run_id).tags.get(store.TAG_EPOCHS_DONE):
            took = time.perf_counter() - start
            break
        time.sleep(0.05)
    jobs.wait(run_id, timeout=600)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=3000, help="mnist-5k images (80 %% train)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=2, help="alternated measurements of each")
    args = parser.parse_args()

    from cnncore import store
    from cnncore.nn.models import PRESETS
    from cnncore.nn.training import RunConfig, TrainConfig

    config = RunConfig(dataset="mnist-5k", limit=args.limit, model=PRESETS["dli-cnn"],
                       train=TrainConfig(epochs=args.epochs))
    data = config.load_dataset()
    n = len(data.y_train)
    store.experiment_id()                    # the store exists before anything is timed
    print(f"dli-cnn on mnist-5k: {n} training, {len(data.y_val)} validation images, "
          f"{args.epochs} epochs, batch {config.train.batch_size}, {os.cpu_count()} CPUs")

    # 1 + 2: tracked against bare, alternated, best of each (a shared machine is noisy)
    bare, tracked, bare_epochs, tracked_epochs = [], [], [], []
    for _ in range(args.repeats):
        seconds, _, times = bare_fit(config, data)
        bare.append(seconds)
        bare_epochs += times[1:]                # the first epoch also traces the graph
        seconds, times = tracked_fit(config)
        tracked.append(seconds)
        tracked_epochs += times[1:]
    ratio = min(tracked) / min(bare)
    print(f"tracked run / bare model.fit, whole run: {min(tracked):.2f} s / {min(bare):.2f} s = {ratio:.2f}x "
          f"(target <= 1.10x) [all: tracked {', '.join(f'{t:.2f}' for t in tracked)}; "
          f"bare {', '.join(f'{t:.2f}' for t in bare)}]")
    print(f"  per epoch after the first (training loop with the tracking callback): "
          f"{min(tracked_epochs):.2f} s / {min(bare_epochs):.2f} s = {min(tracked_epochs) / min(bare_epochs):.2f}x; "
          f"the rest is per-run: store writes, model artifact, confusion matrix")
    samples = n / min(bare_epochs)
    print(f"dli-cnn training speed: {samples:,.0f} samples/s (best epoch after the first; "
          f"bare Keras reference about 1,200)")

    # 3: submit → first logged epoch, cold then warm worker
    from cnncore import jobs

    small = RunConfig(dataset="mnist-5k", limit=600, model=PRESETS["dli-cnn"], train=TrainConfig(epochs=1))
    first = first_epoch_after_submit(small)
    second = first_epoch_after_submit(small)
    jobs.shutdown()
    print(f"submit -> first logged epoch: first job {first:.1f} s (starts Ray and the worker, imports "
          f"TensorFlow), second job {second:.1f} s (warm worker): {first / second:.1f}x faster")

    # 4: mixed_bfloat16
    # 2 epochs on 1,000 images: bfloat16 is emulated (slowly) on CPUs without AVX512-BF16
    f32_config = RunConfig(dataset="mnist-5k", limit=1000, model=PRESETS["dli-cnn"], train=TrainConfig(epochs=2))
    small_data = f32_config.load_dataset()
    _, f32_h, f32_t = bare_fit(f32_config, small_data)
    bf_config = RunConfig(dataset="mnist-5k", limit=1000, model=PRESETS["dli-cnn"],
                          train=TrainConfig(epochs=2, precision="mixed_bfloat16"))
    _, bf_h, bf_t = bare_fit(bf_config, small_data)
    speedup = min(f32_t[1:] or f32_t) / min(bf_t[1:] or bf_t)
    print(f"mixed_bfloat16 vs float32: {speedup:.2f}x the speed (epoch {min(bf_t[1:] or bf_t):.2f} s vs "
          f"{min(f32_t[1:] or f32_t):.2f} s); val_accuracy {bf_h['val_accuracy'][-1]:.3f} vs "
          f"{f32_h['val_accuracy'][-1]:.3f} -> "
          + ("faster here: offered as TrainConfig(precision='mixed_bfloat16')" if speedup > 1.05
             else "not faster here: keep float32 (the option stays for GPUs)"))


if __name__ == "__main__":
    main()
