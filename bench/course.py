"""The course's comparison from the click: both runs of "Reproduce the course", cold start
included, against the same two trainings done bare in this process.

1. ``jobs.submit`` of :func:`cnncore.nn.course.course_runs` in a process that has not
   started Ray nor imported TensorFlow (what the first click on a fresh dashboard does),
   until both runs have finished: the wall time a learner waits (target ≤ 180 s); then
   the same again, its scheduler and worker now warm (a second click, no browser);
2. with ``--browser``: the same from a real click, in headless Chromium (Debian's
   ``chromium``) on a freshly started dashboard (``streamlit run``, its own store), the
   browser watching the Train page until both runs have finished: once clicked as soon as
   the page shows (the dashboard's warm-up of its training worker still under way), and
   once after the page has been open ``--read-s`` seconds (a newcomer reading it first;
   default 45);
3. the same two configs trained by ``cnncore.nn.training.fit`` in this process, one after
   the other, after the first parts (TensorFlow already imported): the reference;
4. the ratios (target ≤ 1.10×), and each run's train/val accuracy, gap and verdict.

Each phase also prints how busy the machine was (``/proc/stat``): on a shared machine a
phase with CPU stolen by other guests is slower for reasons of its own.

    python bench/course.py [--seed 0] [--browser] [--read-s 45]
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--browser", action="store_true", help="also from a click in headless Chromium")
    parser.add_argument("--read-s", type=float, default=45.0,
                        help="seconds the page is open before the second browser click")
    args = parser.parse_args()
    assert "tensorflow" not in sys.modules and "ray" not in sys.modules

    from cnncore import jobs, store
    from cnncore.nn import course, training, verdict

    configs = course.course_runs(seed=args.seed)
    with Load() as load:
        t0 = time.perf_counter()
        ids = [jobs.submit(config) for config in configs]
        final = jobs.wait(ids, timeout=1800, poll=POLL_S)
        click = time.perf_counter() - t0
    print(f"from the click (cold: Ray start, TensorFlow import, data, both runs): {click:.1f} s "
          f"({'within' if click <= TARGET_S else 'OVER'} the {TARGET_S:.0f} s target); {load.text}")
    with Load() as load:                  # a second click: the scheduler and its worker are warm
        t0 = time.perf_counter()
        jobs.wait([jobs.submit(config) for config in configs], timeout=1800, poll=POLL_S)
        again = time.perf_counter() - t0
    jobs.shutdown()
    print(f"from a second click, the worker warm: {again:.1f} s; {load.text}")
    for rid, config in zip(ids, configs):
        v = verdict.verdict(store.histories([rid]))
        print(f"  {config.model.name:15s} {final[rid]:8s} train {v.train_accuracy:.3f} val {v.val_accuracy:.3f} "
              f"gap {v.gap_points:5.1f} pts  {v.message}")

    watched = {}
    if args.browser:
        for read_s in (0.0, args.read_s):
            watched[read_s] = from_the_browser(read_s)
            print(f"from a click in Chromium on a fresh dashboard, page open {read_s:.0f} s before it, "
                  f"watching: {watched[read_s]:.1f} s")

    with Load() as load:
        t1 = time.perf_counter()
        for config in configs:
            training.fit(config)
        bare = time.perf_counter() - t1
    print(f"reference: the same two trainings in this process, warm: {bare:.1f} s; {load.text}")
    print(f"ratio click / bare training: {click / bare:.2f}× (target ≤ {TARGET_RATIO:.2f}×)")
    print(f"ratio second click, worker warm / bare training: {again / bare:.2f}× (target ≤ {TARGET_RATIO:.2f}×)")
    for read_s, seconds in watched.items():
        print(f"ratio click in Chromium (page open {read_s:.0f} s), watching / bare training: "
              f"{seconds / bare:.2f}× (target ≤ {TARGET_RATIO:.2f}×)")
    return 0 if click <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
