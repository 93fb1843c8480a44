"""The real server for the browser tests (their Chromium is ``browser`` in tests/conftest.py).

A failing test leaves a screenshot in ``tests/artifacts/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.serving import running_app

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


@pytest.fixture(scope="session")
def app_url():
    with running_app() as url:
        yield url


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed and "page" in item.funcargs:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        item.funcargs["page"].screenshot(path=str(ARTIFACTS / f"{item.name}.png"), full_page=True)


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()
