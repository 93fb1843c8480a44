"""Training pages with many runs in the store: interaction time and polling-tick cost.

Prints, measured in one run on this machine:
- each page's interaction time (an ``AppTest`` rerun after a widget change) with 50
  runs in the store (goal: under 0.5 s);
- the live panel's polling tick (status of the watched run + its epochs not seen yet)
  with 5 and with 50 runs in the store, and against re-reading whole histories: the
  tick's cost must stay flat as runs accumulate.

Usage: ``python bench/pages.py`` (a private store in a temporary folder; ~1 minute).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["CNNLAB_HOME"] = tempfile.mkdtemp(prefix="cnnlab-bench-pages-")
os.environ.pop("MLFLOW_TRACKING_URI", None)
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402

from cnncore import store  # noqa: E402
from tests.dashboard.training_runs import finished_run, open_page, tiny_config  # noqa: E402

EPOCHS = 20
REPEATS = 7


def fake_runs(n: int, *, seed: int) -> list[str]:
    """``n`` finished runs of ``EPOCHS`` epochs each, written straight to the store."""
    from mlflow.entities import Metric, RunTag

    rng = np.random.default_rng(seed)
    ids = []
    for _ in range(n):
        run_id = store.create_run(tiny_config(epochs=EPOCHS, learning_rate=float(rng.choice([1e-3, 1e-2]))),
                                     status="running")
        acc = np.sort(rng.uniform(0.5, 1.0, EPOCHS))
        val = acc - rng.uniform(0, 0.2, EPOCHS)
        metrics = [Metric(k, float(v), 0, e + 1) for e in range(EPOCHS)
                   for k, v in (("accuracy", acc[e]), ("val_accuracy", val[e]),
                                ("loss", 1 - acc[e]), ("val_loss", 1 - val[e]))]
        store.client().log_batch(run_id, metrics=metrics, tags=[
            RunTag(store.TAG_EPOCHS_DONE, str(EPOCHS)), RunTag(store.TAG_STARTED, str(time.time() - 60)),
            RunTag(store.TAG_BEST["accuracy"], repr(acc.max())),
            RunTag(store.TAG_BEST["val_accuracy"], repr(val.max())), RunTag("device", "CPU")])
        store.set_status(run_id, "finished")
        ids.append(run_id)
    return ids


def timed(action, repeats: int = REPEATS) -> float:
    """Median seconds of ``action()`` over ``repeats`` calls (after one warm-up call)."""
    action()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def tick(run_id: str, seen: int):
    """What one polling tick of the Train page reads: the run's record, its new epochs."""
    store.get_run(run_id)
    return store.histories([run_id], since={run_id: seen})


def full_read(run_ids: list[str]):
    return store.histories(run_ids)


def main() -> None:
    print(f"store: {os.environ['CNNLAB_HOME']}")
    watched = fake_runs(1, seed=0)[0]
    fake_runs(4, seed=1)
    ticks = {5: timed(lambda: tick(watched, EPOCHS - 1))}
    full = {5: timed(lambda: full_read(list(store.runs_table()["run_id"])))}
    real = finished_run()                     # a trained model for Inside the model
    fake_runs(44, seed=2)
    n = len(store.runs_table())
    ticks[n] = timed(lambda: tick(watched, EPOCHS - 1))
    full[n] = timed(lambda: full_read(list(store.runs_table()["run_id"])))
    assert len(tick(watched, EPOCHS - 1)) == 1  # only the unseen epoch comes back

    # Every page opened first, as on a server that has been in use: Inside the model has
    # loaded a model (and so Keras) before the interactions are timed.
    pages = {}
    at = open_page("pages/train.py", query={"run": watched})
    # The shell detects the device once per process, in a child that imports TensorFlow:
    # let it finish so that it does not compete with the pages for the CPU.
    from dashboard import environment
    environment._device_future().result(timeout=300)
    at.selectbox(key="train_dataset").set_value("digits").run()
    ex = open_page("pages/experiments.py")
    ins = open_page("pages/inside.py", query={"run": real})

    epochs = iter(range(2, 1000))
    pages["train (change epochs)"] = timed(lambda: at.number_input(key="train_epochs").set_value(next(epochs)).run())
    rows = iter([[0, 1], [2, 3], [1, 4], [3, 5], [0, 2], [4, 6], [1, 3], [2, 5], [0, 6]])

    def select():
        ex.session_state["exp_table"] = {"selection": {"rows": next(rows), "columns": [], "cells": []}}
        ex.run()
    pages["experiments (select 2 runs)"] = timed(select)
    classes = iter(str(d % 10) for d in range(1000))
    pages["inside (pick an image)"] = timed(lambda: ins.selectbox(key="inside_class").set_value(next(classes)).run())
    home = open_page("pages/home.py")
    pages["home (reference: the shell alone)"] = timed(lambda: home.run())
    for at_ in (at, ex, ins, home):
        assert not at_.exception, [e.value for e in at_.exception]

    shell = pages["home (reference: the shell alone)"]
    print(f"\npage interaction with {n} runs in the store (median of {REPEATS} AppTest reruns; goal < 0.5 s;"
          f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores):")
    for name, seconds in pages.items():
        print(f"  {name:36s} {seconds:6.3f} s  {'ok  ' if seconds < 0.5 else 'SLOW'}"
              f"  (the page itself: {seconds - shell:+.3f} s over the shell)")
    print(f"\npolling tick (one watched run, 1 unseen epoch of {EPOCHS}):")
    print(f"  5 runs in the store   {ticks[5] * 1000:7.1f} ms")
    print(f"  {n} runs in the store  {ticks[n] * 1000:7.1f} ms   ratio {n}/5 runs: {ticks[n] / ticks[5]:.2f}x")
    print("re-reading every run's whole history instead:")
    print(f"  5 runs                {full[5] * 1000:7.1f} ms")
    print(f"  {n} runs               {full[n] * 1000:7.1f} ms   ratio {n}/5 runs: {full[n] / full[5]:.2f}x")


if __name__ == "__main__":
    main()
