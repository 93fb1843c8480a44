"""The training flow in a real browser: start a 1-epoch run, watch its curve, find it in Experiments.

A second browser session works at the same time: it keeps its own page state, stays
responsive while the first one's run trains, and shares the run list.

This trains for real: the server submits the run to Ray, a worker imports Keras and
trains 160 8×8 digits for one epoch (a minute or two on a busy 2-core machine).
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from dashboard import i18n
from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]
VERDICT = re.compile(r"Overfitting|Generalising well|Still learning|Underfitting")


def status(key: str) -> str:
    """A run status as the Train page writes it after the run's name (``**name** · finished``)."""
    return i18n.CATALOGUE[f"train_status_{key}"][0]


def idle(page) -> None:
    """Wait until the script is not running (no guessed sleep: the app's own state)."""
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState !== 'running'")


def fill(page, label: str, value: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Enter")
    expect(box).to_have_value(value)           # committed; the click below sends it with its rerun
    idle(page)


def test_start_a_run_see_its_curve_and_find_it_in_experiments(page, browser, app_url):
    page.goto(f"{app_url}/train")
    page.get_by_role("heading", name="Train").first.wait_for()
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Data set").click()
    page.get_by_role("option", name="digits", exact=True).click()
    page.get_by_text("8×8×1").wait_for()       # the data card of the chosen set
    fill(page, "Images to use (0 = all)", "200")
    page.get_by_text("160", exact=True).first.wait_for()     # the data card: 160 training images
    fill(page, "Epochs", "1")
    page.get_by_role("button", name="Start training").click()

    # Meanwhile, another user: their own settings, a page that answers, the same runs.
    # Training shares these 2 cores, so the page is slower, never stuck (the limit is generous).
    other = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    started = time.monotonic()
    other.goto(f"{app_url}/convolution")
    try:
        other.get_by_text(".95").first.wait_for(timeout=90_000)    # the course's example, computed
    except Exception:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        other.screenshot(path=str(ARTIFACTS / "second-session.png"), full_page=True)
        raise
    print(f"second session's Convolution page drawn in {time.monotonic() - started:.1f} s")
    other.goto(f"{app_url}/train")
    other.get_by_role("heading", name="Train").first.wait_for()
    other.get_by_text("28×28×1").wait_for()   # its own data set (mnist-5k), not the first user's digits
    assert other.locator('[data-testid="stException"]').count() == 0

    # The live panel polls the store: wait for the run's final state (a deadlock guard, not a
    # speed limit), then check it is the one expected, not failed or stopped.
    page.get_by_text(re.compile(rf"· ({status('finished')}|{status('failed')}|{status('stopped')})$")) \
        .first.wait_for(timeout=600_000)
    assert page.get_by_text(re.compile(rf"· {status('finished')}$")).count() >= 1
    assert page.get_by_text(re.compile(rf"· ({status('running')}|{status('queued')}|{status('failed')})$")).count() == 0
    page.get_by_text(VERDICT).first.wait_for()
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.locator(".scatterlayer .trace").nth(1).wait_for()     # training and validation drawn
    assert page.locator('[data-testid="stException"]').count() == 0

    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Experiments").click()
    page.get_by_role("heading", name="Experiments").first.wait_for()
    page.get_by_text(re.compile(r"dli-cnn · digits · \w{6}")).first.wait_for()
    assert page.locator('[data-testid="stException"]').count() == 0

    other.goto(f"{app_url}/experiments")                     # the run list is shared
    other.get_by_text(re.compile(r"dli-cnn · digits · \w{6}")).first.wait_for()
    other.context.close()
