"""The course's comparison from the click: both runs of "Reproduce the course" against the
same two trainings done bare in this process, each click phase paired with a bare one run
right after it (this machine is shared: a phase's speed drifts by 10 % and more).

1. a fresh store, as a fresh dashboard's first page makes it (timed apart, not counted);
2. ``jobs.submit`` of :func:`cnncore.nn.course.course_runs` in a process that has not
   started Ray nor imported TensorFlow (what the first click on a fresh dashboard does),
   until both runs have finished: the wall time a learner waits (target ≤ 180 s);
3. ``--rounds`` times: the same again, the scheduler's worker warmed up first (not
   counted; what the dashboard's warm-up does while a newcomer reads the page), no browser;
4. with ``--browser``: the same from a real click, in headless Chromium (Debian's
   ``chromium``) on a freshly started dashboard (``streamlit run``, its own store), the
   browser watching the Train page until both runs have finished: once clicked as soon as
   the page shows (the dashboard's warm-up of its training worker still under way), and
   once after the page has been open ``--read-s`` seconds (a newcomer reading it first;
   default 45);
5. after each of those, the reference: the same two configs trained by
   ``cnncore.nn.training.fit`` in this process, one after the other, warm as a worker is
   (TensorFlow imported and one fit done before the first, not counted), Ray stopped;
   after the cold click also a cold reference, like for like: a fresh Python process that
   imports TensorFlow and trains the two bare, timed from its start;
6. each click's ratio to its reference (target ≤ 1.10×), and each run's train/val
   accuracy, gap and verdict.

Each phase also prints how busy the machine was (``/proc/stat``) and this process's own
CPU-seconds: on a shared machine a phase with CPU stolen by other guests is slower for
reasons of its own.

    python bench/course.py [--seed 0] [--rounds 1] [--browser] [--read-s 45] [--epochs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CNNLAB_HOME", tempfile.mkdtemp(prefix="cnnlab-bench-"))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

TARGET_S = 180.0
TARGET_RATIO = 1.10
CHROMIUM = "/usr/bin/chromium"
POLL_S = 1.0       # how often this bench reads the store for the runs' end: each read costs
                   # this process CPU (printed), taken from the training it measures


class Load:
    """``with Load() as load:`` … ``load.text``: the machine's CPU shares over the block, and
    this process's CPU-seconds (its polls of the store; in the cold phase, Ray's start)."""

    def __enter__(self):
        self.start, self.own = self._read(), time.process_time()
        return self

    def __exit__(self, *exc):
        d = [b - a for a, b in zip(self.start, self._read())]
        total = sum(d) or 1
        self.text = (f"machine: {100 * (d[0] + d[1] + d[2]) / total:.0f}% busy, {100 * d[3] / total:.0f}% idle, "
                     f"{100 * d[7] / total:.0f}% stolen by other guests; this process "
                     f"{time.process_time() - self.own:.1f} CPU-s")

    @staticmethod
    def _read() -> list[int]:
        try:
            with open("/proc/stat") as f:
                return [int(x) for x in f.readline().split()[1:9]]
        except OSError:
            return [0] * 8


def from_the_browser(read_s: float = 0.0) -> float:
    """Seconds from the click on "Reproduce the course" in Chromium, on a fresh dashboard
    with a store of its own, until both runs have finished (the page watching throughout);
    the page is open ``read_s`` seconds before the click."""
    from playwright.sync_api import sync_playwright

    from cnncore import store
    from dashboard import i18n
    from tests.browser.sessions import FLAGS
    from tests.serving import running_app

    home = tempfile.mkdtemp(prefix="cnnlab-bench-browser-")
    os.environ["CNNLAB_HOME"], saved = home, os.environ["CNNLAB_HOME"]
    try:
        with running_app(env={"CNNLAB_HOME": home}) as url, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{url}/train")
            # the end of the first page: its runs table read, so the store exists
            page.get_by_text(i18n.CATALOGUE["train_nothing_yet"][0]).first.wait_for()
            page.wait_for_timeout(read_s * 1000)
            with Load() as load:
                t0 = time.perf_counter()
                page.get_by_role("button", name=i18n.CATALOGUE["train_reproduce"][0]).click()
                while True:               # the page keeps polling and drawing meanwhile
                    table = store.runs_table()
                    if len(table) >= 2 and set(table["status"]) <= set(store.ENDED):
                        break
                    page.wait_for_timeout(POLL_S * 1000)
                seconds = time.perf_counter() - t0
            print(f"  in the browser: {', '.join(f'{m} {s}' for m, s in zip(table['model'], table['status']))}; "
                  f"{load.text}")
            browser.close()
    finally:
        os.environ["CNNLAB_HOME"] = saved
    return seconds


def bare(configs) -> float:
    """The reference: the same trainings by ``cnncore.nn.training.fit``, one after the other,
    in this process, warm as a worker is (TensorFlow imported and one fit done before, not
    counted), no Ray running beside it."""
    from cnncore.nn import training

    if "keras" not in sys.modules:
        training.warm_up()
    with Load() as load:
        t0 = time.perf_counter()
        for config in configs:
            training.fit(config)
        seconds = time.perf_counter() - t0
    print(f"  reference: the same two trainings in this process: {seconds:.1f} s; {load.text}")
    return seconds


def bare_cold(seed: int, epochs: int | None) -> float:
    """The cold reference: a fresh Python process that imports cnncore and trains the same
    two configs bare (TensorFlow's import and first fit counted, as a first click pays
    them), timed from its start to its exit."""
    code = ("import sys; sys.path.insert(0, %r); from cnncore.nn import course, training; "
            "[training.fit(c) for c in course.course_runs(seed=%d%s)]"
            % (os.path.dirname(os.path.dirname(os.path.abspath(__file__))), seed,
               f", epochs={epochs}" if epochs else ""))
    with Load() as load:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - t0
    print(f"  cold reference: a fresh process importing TensorFlow and training the same two: {seconds:.1f} s; "
          f"{load.text}")
    return seconds


def click(configs) -> tuple[float, list[str]]:
    """Seconds from ``jobs.submit`` of ``configs`` until every run has ended, and the run ids."""
    from cnncore import jobs

    with Load() as load:
        t0 = time.perf_counter()
        ids = [jobs.submit(config) for config in configs]
        jobs.wait(ids, timeout=1800, poll=POLL_S)
        seconds = time.perf_counter() - t0
    print(f"  {seconds:.1f} s; {load.text}")
    return seconds, ids


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--browser", action="store_true", help="also from a click in headless Chromium")
    parser.add_argument("--read-s", type=float, default=45.0,
                        help="seconds the page is open before the second browser click")
    parser.add_argument("--rounds", type=int, default=1, help="warm clicks, each paired with a reference")
    parser.add_argument("--epochs", type=int, default=None, help="fewer epochs than the course's, for a quick look")
    args = parser.parse_args()
    assert "tensorflow" not in sys.modules and "ray" not in sys.modules

    from cnncore import jobs, store
    from cnncore.jobs import dispatch
    from cnncore.nn import course, verdict

    configs = course.course_runs(seed=args.seed, **({"epochs": args.epochs} if args.epochs else {}))
    ratios: dict[str, list[float]] = {}

    def pair(kind: str, seconds: float) -> None:
        reference = bare(configs)
        ratios.setdefault(kind, []).append(seconds / reference)
        print(f"  {kind}: {seconds / reference:.2f}× its reference")

    # What a fresh dashboard has done when its page shows: its store is read (created).
    with Load() as load:
        t0 = time.perf_counter()
        store.runs_table()
    print(f"a fresh store, as the page's first read makes it (not counted): {time.perf_counter() - t0:.1f} s; "
          f"{load.text}")
    print("from the click in a fresh process (cold: Ray start, the scheduler, TensorFlow import, data, both runs):")
    cold, ids = click(configs)
    jobs.shutdown()
    print(f"  {'within' if cold <= TARGET_S else 'OVER'} the {TARGET_S:.0f} s a learner should wait at most")
    for rid, config in zip(ids, configs):
        v = verdict.verdict(store.histories([rid]))
        print(f"  {config.model.name:15s} {store.get_run(rid).status:8s} train {v.train_accuracy:.3f} "
              f"val {v.val_accuracy:.3f} gap {v.gap_points:5.1f} pts  {v.message}")
    pair("cold", cold)
    reference = bare_cold(args.seed, args.epochs)
    ratios["cold, against a cold bare process"] = [cold / reference]
    for _ in range(args.rounds):          # a click once the dashboard's warm-up is done
        jobs.warm_up()
        dispatch.call("ready")            # its worker has imported Keras and fitted once (not counted)
        print("from a click, the worker warm, no browser:")
        pair("warm", click(configs)[0])
        jobs.shutdown()
    if args.browser:
        for read_s in (0.0, args.read_s):
            seconds = from_the_browser(read_s)
            print(f"from a click in Chromium on a fresh dashboard, page open {read_s:.0f} s before it, "
                  f"watching: {seconds:.1f} s")
            pair(f"Chromium, page open {read_s:.0f} s", seconds)

    print(f"ratios from the click / the bare trainings next to each (target ≤ {TARGET_RATIO:.2f}×):")
    for kind, values in ratios.items():
        print(f"  {kind:24s} {' '.join(f'{r:.2f}×' for r in values)}"
              + (f" (median {statistics.median(values):.2f}×)" if len(values) > 1 else ""))
    return 0 if cold <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
