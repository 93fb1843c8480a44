"""The app shell in a real browser: it loads, lists its pages, and switches language."""

from __future__ import annotations

import pytest

from dashboard import i18n, nav

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_home_loads_with_every_page_in_the_sidebar(page, app_url):
    page.goto(app_url)
    page.get_by_role("heading", name="CNN Lab").first.wait_for()
    if len(nav.PAGES) == 1:
        pytest.skip("Streamlit draws no page list for a single page")
    nav_links = page.locator('[data-testid="stSidebarNav"] a')
    titles = [i18n.CATALOGUE[spec.title_key][0] for spec in nav.PAGES]
    for title in titles:
        assert nav_links.filter(has_text=title).count() == 1, title
    assert page.locator('[data-testid="stException"]').count() == 0


def test_language_switch_and_shared_link(page, app_url):
    page.goto(f"{app_url}/?lang=ko")
    page.get_by_text("실행 환경").wait_for()
    page.get_by_text("English").click()
    page.get_by_text("Environment").wait_for()
    assert "lang=en" in page.url
