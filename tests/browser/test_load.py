"""Twenty browser sessions at once while two runs train: no traceback, no state shared.

On a shared dashboard every user's clicks run in the one server process; each session
must keep its own settings and language (``tests/browser/sessions.py``), and a busy
server is slower, never wrong. Page times and the server's peak memory are reported by
``bench/load.py``; here only correctness is asserted (the waits are deadlock guards).
"""

from __future__ import annotations

import pytest

from cnncore import jobs, store
from tests.browser.sessions import drive, training_in_background

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_twenty_sessions_while_two_runs_train(browser, app_url, monkeypatch):
    monkeypatch.setenv("CNNLAB_JOB_SLOTS", "2")      # both train at once, beside the server
    jobs.shutdown(ray_too=False)                     # a scheduler made earlier had 1 slot
    with training_in_background(runs=2) as runs:
        report = drive(browser, app_url, sessions=20)
        statuses = {store.get_run(r).status for r in runs}
    assert report.exceptions == []
    assert report.leaks == []
    assert len(report.seconds) == 20 * 5          # every session drew every page
    assert statuses <= {"running", "finished"}    # the runs trained meanwhile
