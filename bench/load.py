"""Twenty browser sessions on one dashboard while two runs train: page times and memory.

Starts the dashboard (``streamlit run``) and two training runs, opens 20 headless
Chromium sessions at once and walks each through Convolution → Pooling → Architecture →
Train → Experiments → Convolution (``tests/browser/sessions.py``). Prints p50/p95 of
the page times under that load against the same walk by one session on an idle server
(the reference, same run), and the server's peak resident memory.

    python bench/load.py [--sessions 20]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CNNLAB_HOME", tempfile.mkdtemp(prefix="cnnlab-bench-load-"))
os.environ.setdefault("CNNLAB_JOB_SLOTS", "2")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests.browser.sessions import (  # noqa: E402
    FLAGS, drive, peak_rss_mb, percentile, training_in_background)
from tests.serving import running_app  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from cnncore import store

    store.experiment_id()            # make the store's tables here first, not in two processes at once
    with running_app() as url, sync_playwright() as pw:
        port = int(url.rsplit(":", 1)[1])
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=FLAGS)
        alone = drive(browser, url, sessions=1)
        with training_in_background(runs=2):
            busy = drive(browser, url, sessions=args.sessions)
        rss = peak_rss_mb(port)
        browser.close()
    for name, report in (("1 session, idle", alone), (f"{args.sessions} sessions, 2 runs training", busy)):
        print(f"{name}: p50 {percentile(report.seconds, .5):.2f} s, p95 {percentile(report.seconds, .95):.2f} s "
              f"({len(report.seconds)} pages), {len(report.exceptions)} exceptions, {len(report.leaks)} leaks")
    print(f"p95 under load / p95 idle: {percentile(busy.seconds, .95) / percentile(alone.seconds, .95):.1f}×")
    print(f"server peak RSS: {rss:.0f} MB" if rss else "server peak RSS: unknown (not Linux)")
    return 1 if busy.exceptions or busy.leaks else 0


if __name__ == "__main__":
    sys.exit(main())
