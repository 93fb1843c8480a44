"""The course's lesson in a real browser: "Reproduce the course", then a remedy, then the
stated change, then the story in Experiments.

This trains for real on the course data set (mnist-scattered, seed 0): the dense
baseline overfits (its verdict and onset are on the page), the click on "Add dropout"
trains a sibling run, and the page states what that changed. Several minutes on a busy
2-core machine; the waits are deadlock guards, not speed limits.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from dashboard import i18n

pytestmark = [pytest.mark.browser, pytest.mark.slow]
EN = {key: pair[0] for key, pair in i18n.CATALOGUE.items()}
CHANGE = re.compile(r"Add dropout: gap -?\d+\.\d → -?\d+\.\d pts, val [+-]\d+\.\d pts")
LONG = 900_000


def test_reproduce_the_course_then_a_remedy_states_the_change(page, app_url):
    page.goto(f"{app_url}/train")
    page.get_by_role("heading", name="Train").first.wait_for()
    page.get_by_role("button", name=EN["train_reproduce"]).click()

    # The dense baseline finishes first (one slot: the CNN trains after it). Only the dense
    # run overfits, so the page's overfitting verdict and remedy buttons are its.
    page.get_by_text(re.compile(rf"^dense-baseline · mnist-scattered · \w+ · {EN['train_status_finished']}$")) \
        .first.wait_for(timeout=LONG)
    page.get_by_text(EN["verdict_kind_overfitting"]).first.wait_for()
    page.get_by_text(re.compile(r"from epoch \d+")).first.wait_for()         # when it began
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.get_by_text(re.compile(r"overfitting from epoch \d+")).first.wait_for()   # marked on the chart

    page.get_by_role("button", name=EN["remedy_dropout"]).click()
    page.get_by_text(CHANGE).first.wait_for(timeout=LONG)      # the remedy run, drawn and compared
    assert page.locator('[data-testid="stException"]').count() == 0

    # Experiments tells the same story, and its link reopens it.
    watched = parse_qs(urlparse(page.url).query)["run"][0].split(",")   # dense, CNN, the remedy
    page.goto(f"{app_url}/experiments?story={watched[0]}")
    page.get_by_text(EN["story_title"]).first.wait_for(timeout=120_000)
    page.get_by_text(CHANGE).first.wait_for()
