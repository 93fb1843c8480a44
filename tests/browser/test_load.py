"""Twenty browser sessions at once while two runs train: no traceback, no state shared.

On a shared dashboard every user's clicks run in the one server process; each session
must keep its own settings and language (``tests/browser/sessions.py``), and a busy
server is slower, never wrong. Page times and the server's peak memory are reported by
``bench/load.py``; here only correctness is asserted (the waits are deadlock guards).
"""

from __future__ import annotations

import pytest

from cnncore import jobs, store
from cnncore.nn import models, training
from tests.browser.sessions import drive

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_twenty_sessions_while_two_runs_train(browser, app_url, monkeypatch):
    monkeypatch.setenv("CNNLAB_JOB_SLOTS", "2")      # both train at once, beside the server
    jobs.shutdown(ray_too=False)                     # a dispatcher made earlier had 1 slot
    config = training.RunConfig(dataset="digits", model=models.PRESETS["dli-cnn"],
                                train=training.TrainConfig(epochs=50))
    runs = [jobs.submit(config) for _ in range(2)]
    try:
        report = drive(browser, app_url, sessions=20)
        statuses = {store.get_run(r).status for r in runs}
    finally:
        for run_id in runs:
            jobs.stop(run_id)
        jobs.shutdown()
    assert report.exceptions == []
    assert report.leaks == []
    assert len(report.seconds) == 20 * 5          # every session drew every page
    assert statuses <= {"running", "finished"}    # the runs trained meanwhile
