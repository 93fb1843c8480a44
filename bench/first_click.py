"""First click: submit → first logged epoch of the first run after a server starts,
cold (no warm-up) against warm (the dashboard's :func:`dashboard.warm.start`), as a ratio.

Each case runs in a fresh interpreter, as a freshly started dashboard process would:
``cold`` submits at once, so the run waits for Ray to start and for the worker to import
Keras; ``warm`` calls the app shell's warm-up, waits until the worker is ready (the
time a visitor spends on the first page; printed) and then submits. Target: warm ≤ 5 s.
``--health`` also serves the real dashboard with the warm-up on, opens its first page
in Chromium (that starts the warm-up) and polls ``/_stcore/health`` while the worker
warms: the slowest answer should stay under 1 s.

    python bench/first_click.py [--health]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET_WARM_S = 5.0
HEALTH_TARGET_S = 1.0

CASE = r"""
import json, sys, time
sys.path.insert(0, {root!r})
from cnncore import jobs, store
from cnncore.jobs import dispatch
from cnncore.nn.models import PRESETS
from cnncore.nn.training import RunConfig, TrainConfig

store.experiment_id()                     # the store exists, as it does on a used server
config = RunConfig(dataset="mnist-5k", limit=600, model=PRESETS["dli-cnn"], train=TrainConfig(epochs=1))
warm_s = None
if {warm!r}:
    from dashboard import warm
    start = time.perf_counter()
    warm.start()                          # what the app shell does on the first page view
    warm.start().join()                   # the scheduler and its workers exist
    dispatch.call("ready")                # returns once every worker has imported Keras
    warm_s = time.perf_counter() - start
start = time.perf_counter()
run_id = jobs.submit(config)
while not store.get_run(run_id).tags.get(store.TAG_EPOCHS_DONE):
    time.sleep(0.05)
first = time.perf_counter() - start
jobs.wait([run_id], timeout=600)
jobs.shutdown()
print(json.dumps({{"first_epoch_s": first, "warm_up_s": warm_s}}))
"""


def case(warm: bool) -> dict:
    env = dict(os.environ, CNNLAB_HOME=tempfile.mkdtemp(prefix="cnnlab-bench-click-"),
               CNNLAB_WARM_UP="1", TF_CPP_MIN_LOG_LEVEL="2")
    env.pop("RAY_ADDRESS", None)
    out = subprocess.run([sys.executable, "-c", CASE.format(root=ROOT, warm=warm)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=900)
    if out.returncode:
        raise SystemExit(f"the {'warm' if warm else 'cold'} case failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def health_during_warm_up(seconds: float = 60.0) -> list[float]:
    """Serve the dashboard, open its first page (which starts the warm-up), and time
    ``/_stcore/health`` every 0.2 s for ``seconds``; the answer times in seconds."""
    sys.path.insert(0, ROOT)
    from playwright.sync_api import sync_playwright

    from tests.serving import running_app

    env = {"CNNLAB_HOME": tempfile.mkdtemp(prefix="cnnlab-bench-health-"), "CNNLAB_WARM_UP": "1"}
    times = []
    with running_app(health_deadline_s=120, env=env) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page()
        page.goto(url)
        page.wait_for_selector("[data-testid='stSidebar']", timeout=120_000)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            start = time.perf_counter()
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=30) as r:
                r.read()
            times.append(time.perf_counter() - start)
            time.sleep(0.2)
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--health", action="store_true", help="also time /_stcore/health during the warm-up")
    args = parser.parse_args()
    cold = case(warm=False)
    warm = case(warm=True)
    ratio = cold["first_epoch_s"] / warm["first_epoch_s"]
    print(f"submit -> first logged epoch, first run after start (dli-cnn, 480 mnist-5k images, {os.cpu_count()} CPUs):")
    print(f"  cold  {cold['first_epoch_s']:6.1f} s  (starts Ray, the worker imports Keras and the backend)")
    print(f"  warm  {warm['first_epoch_s']:6.1f} s  (target <= {TARGET_WARM_S:.0f} s; the warm-up itself took "
          f"{warm['warm_up_s']:.1f} s after the first page view)")
    print(f"  cold / warm = {ratio:.1f}x")
    if args.health:
        times = health_during_warm_up()
        print(f"/_stcore/health while the worker warms: {len(times)} answers, slowest {max(times):.3f} s, "
              f"median {sorted(times)[len(times) // 2]:.3f} s (target < {HEALTH_TARGET_S:.0f} s)")


if __name__ == "__main__":
    main()
