"""What a watching browser costs: CPU-seconds of headless Chromium and of the dashboard's
server while the Train page shows two runs, against the same page showing them ended.

A fresh dashboard (``streamlit run``, a store of its own, no warm-up) and the course's
two runs written into its store by hand, no worker training them, so nothing else takes
the CPUs and each phase measures the page alone:

1. ``ended``: both runs finished; the page draws once and then does nothing (the reference);
2. ``running``: both runs running, nothing new arriving: the page's poll alone;
3. ``epochs``: both runs running, each getting an epoch every ``--epoch-s`` seconds
   (the dense network's pace on a small machine): the poll and the redraws of the curves.

Each phase opens the page, lets it settle, then counts ``--window-s`` seconds. It prints
each phase's CPU-seconds (Chromium's renderer, the rest of Chromium, the server) and
their share of one core, and each phase's total as a multiple of the reference's.

    python bench/watch.py [--window-s 40] [--epoch-s 4]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time

os.environ.setdefault("CNNLAB_HOME", tempfile.mkdtemp(prefix="cnnlab-bench-watch-"))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CHROMIUM = "/usr/bin/chromium"
SETTLE_MS = 15_000
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(server_pid: int) -> dict[str, float]:
    """CPU-seconds so far of Chromium's renderers, the rest of Chromium, and the server."""
    out = {"renderer": 0.0, "chromium": 0.0, "server": 0.0}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline") as f:
                cmd = f.read()
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds = (int(fields[11]) + int(fields[12])) / TICK
        if int(pid) == server_pid:
            out["server"] += seconds
        elif "chrom" in cmd:
            out["renderer" if "--type=renderer" in cmd else "chromium"] += seconds
    return out


def log_epoch(run_id: str, epoch: int) -> None:
    """What a worker writes after an epoch: its metrics and the epochs-done tag."""
    from mlflow.entities import Metric

    from cnncore.store.connection import client
    from cnncore.store.schema import TAG_EPOCHS_DONE

    now = int(time.time() * 1000)
    values = {"accuracy": 0.5 + epoch / 30, "val_accuracy": 0.4 + epoch / 40,
              "loss": 1 / epoch, "val_loss": 1.2 / epoch}
    client().log_batch(run_id, metrics=[Metric(k, v, now, epoch) for k, v in values.items()])
    client().set_tag(run_id, TAG_EPOCHS_DONE, str(epoch))


def phase(name: str, window_s: float, epoch_s: float, browser, url: str, server_pid: int) -> dict[str, float]:
    from cnncore import store
    from cnncore.nn import course

    ids = [store.create_run(config, status="running") for config in course.course_runs(seed=0)]
    for rid in ids:
        for epoch in (1, 2, 3):
            log_epoch(rid, epoch)
        if name == "ended":
            store.set_status(rid, "finished")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{url}/train?run={','.join(ids)}")
    page.wait_for_timeout(SETTLE_MS)
    done = threading.Event()

    def epochs():
        epoch = 4
        while not done.wait(epoch_s):
            for rid in ids:
                log_epoch(rid, epoch)
            epoch += 1

    feeder = threading.Thread(target=epochs, daemon=True)
    if name == "epochs":
        feeder.start()
    before = cpu_seconds(server_pid)
    page.wait_for_timeout(window_s * 1000)
    after = cpu_seconds(server_pid)
    done.set()
    page.close()
    for rid in ids:
        store.set_status(rid, "stopped")      # nothing polls them any more
    return {k: after[k] - before[k] for k in after}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--window-s", type=float, default=40.0)
    parser.add_argument("--epoch-s", type=float, default=4.0)
    args = parser.parse_args()
    if not os.path.exists(CHROMIUM):
        print(f"bench/watch.py needs headless Chromium at {CHROMIUM} (Debian's chromium package)")
        return 2

    from playwright.sync_api import sync_playwright

    from tests.browser.sessions import FLAGS
    from tests.serving import running_app

    home = os.environ["CNNLAB_HOME"]
    results = {}
    with running_app(env={"CNNLAB_HOME": home, "CNNLAB_WARM_UP": "0"}) as url, sync_playwright() as pw:
        server_pid = _server_pid(url)
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        for name in ("ended", "running", "epochs"):
            results[name] = phase(name, args.window_s, args.epoch_s, browser, url, server_pid)
        browser.close()
    reference = sum(results["ended"].values())
    for name, cpu in results.items():
        total = sum(cpu.values())
        print(f"{name:8s} renderer {cpu['renderer']:5.2f}  rest of Chromium {cpu['chromium']:5.2f}  "
              f"server {cpu['server']:5.2f} CPU-s in {args.window_s:.0f} s "
              f"({total / args.window_s:.3f} of a core; {total / max(reference, 1e-9):.1f}× the page at rest)")
    return 0


def _server_pid(url: str) -> int:
    """The ``streamlit run`` this bench started: the one serving ``url``'s port."""
    port = url.rsplit(":", 1)[1]
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline") as f:
                args = f.read().split("\0")
        except OSError:
            continue
        if "streamlit" in args and port in args:
            return int(pid)
    raise RuntimeError(f"no streamlit serves port {port}")


if __name__ == "__main__":
    sys.exit(main())
