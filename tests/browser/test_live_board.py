"""The Train page's live board in a real browser, between polls that bring nothing new.

Two runs are "running" in the store, kept alive by a heartbeat written here (no worker, no
training): the page's fragment reads them every ``POLL_S`` and redraws their panels; the
curves, drawn by the page run, must stay. A first version drew the curves from the
fragment into a placeholder, and Streamlit removed them at the next poll without news.
"""

from __future__ import annotations

import contextlib
import threading
import time

import pytest
from playwright.sync_api import expect

from cnncore import store
from cnncore.nn import course
from dashboard import i18n
from tests.dashboard.training_runs import recorded_run

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@contextlib.contextmanager
def running_runs():
    """The course's two runs "running" with epochs logged, their heartbeat kept going the way
    a worker's is (so no scheduler takes them for lost); deleted afterwards."""
    ids = [recorded_run(config, status="running") for config in course.course_runs()]
    done = threading.Event()

    def beat():
        while not done.wait(store.HEARTBEAT_S):
            for rid in ids:
                store.client().set_tag(rid, store.TAG_HEARTBEAT, str(time.time()))

    thread = threading.Thread(target=beat, daemon=True)
    thread.start()
    try:
        yield ids
    finally:
        done.set()
        thread.join()
        store.delete_runs(ids)


def test_the_curves_stay_while_the_board_polls_without_news(page, app_url):
    with running_runs() as ids:
        page.goto(f"{app_url}/train?run={','.join(ids)}")
        charts = page.locator('[data-testid="stPlotlyChart"]')
        elapsed = (page.locator('[data-testid="stMetric"]').filter(has_text=i18n.CATALOGUE["train_elapsed"][0])
                   .first.locator('[data-testid="stMetricValue"]'))              # the first panel's clock
        charts.locator(".scatterlayer .trace").nth(3).wait_for()     # two runs, train and val
        expect(charts).to_have_count(1)
        shown = elapsed.inner_text()
        for _ in range(3):            # three polls, each seen by its new elapsed time
            expect(elapsed).not_to_have_text(shown, timeout=60_000)
            shown = elapsed.inner_text()
            expect(charts).to_have_count(1)
            assert charts.locator(".scatterlayer .trace").count() >= 4
        assert page.locator('[data-testid="stException"]').count() == 0
