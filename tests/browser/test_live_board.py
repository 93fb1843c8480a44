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
from mlflow.entities import Metric, RunTag
from playwright.sync_api import expect

from cnncore import store
from cnncore.nn import course
from cnncore.store.connection import client
from cnncore.store.schema import TAG_EPOCHS_DONE, TAG_HEARTBEAT, TAG_STARTED
from dashboard import i18n

pytestmark = [pytest.mark.browser, pytest.mark.slow]
EPOCHS_LOGGED = 3


@contextlib.contextmanager
def running_runs():
    """Two course runs "running" with three epochs logged, their heartbeat kept going the way
    a worker's is (so no scheduler takes them for lost); deleted afterwards."""
    ids = [store.create_run(config, status="running") for config in course.course_runs()]
    started = time.time()
    for rid in ids:
        client().log_batch(rid, metrics=[
            Metric(key, value, int(started * 1000), epoch) for epoch in range(1, EPOCHS_LOGGED + 1)
            for key, value in (("accuracy", 0.5 + epoch / 10), ("val_accuracy", 0.4 + epoch / 12),
                               ("loss", 1 / epoch), ("val_loss", 1.2 / epoch))],
            tags=[RunTag(TAG_STARTED, str(started)), RunTag(TAG_EPOCHS_DONE, str(EPOCHS_LOGGED))])
    done = threading.Event()

    def beat():
        while not done.wait(store.HEARTBEAT_S):
            for rid in ids:
                client().set_tag(rid, TAG_HEARTBEAT, str(time.time()))

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
