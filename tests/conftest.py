"""Shared test setup: every test session gets its own empty CNN Lab home.

Nothing a test does lands in the developer's ``./.cnnlab`` or in a shared MLflow.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# tests/notf/sitecustomize.py hides TensorFlow from the interpreter that imports it: it is for
# child processes (PYTHONPATH), never for pytest to import while collecting doctests.
collect_ignore = ["notf"]

# Before any cnncore import reads them: a private store, no shared server or cluster.
_HOME = tempfile.mkdtemp(prefix="cnnlab-test-")
os.environ["CNNLAB_HOME"] = _HOME
os.environ.pop("MLFLOW_TRACKING_URI", None)
os.environ.pop("RAY_ADDRESS", None)
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ["CNNLAB_WARM_UP"] = "0"         # no training worker per AppTest (tests/dashboard/test_warm.py)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def _empty_store(tmp_path_factory):
    """An empty, migrated MLflow SQLite store. Creating its schema takes seconds of CPU,
    so it is made once per session and copied wherever a test needs an empty store."""
    from mlflow.tracking import MlflowClient

    path = tmp_path_factory.mktemp("empty-store") / "mlflow.db"
    MlflowClient(f"sqlite:///{path}").search_experiments()     # runs the migrations once
    return path


@pytest.fixture
def empty_home(tmp_path, monkeypatch, _empty_store):
    """A private ``CNNLAB_HOME`` for this test, with a ready, empty run store in it."""
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    monkeypatch.delenv("CNNLAB_EXPERIMENT", raising=False)
    shutil.copy(_empty_store, tmp_path / "mlflow.db")
    return tmp_path


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's package) under Playwright, one for the whole session (a
    second Playwright cannot start in the same thread). Where Chromium is missing the test
    is skipped, except under CI (``CI=true``), where ``.ci/run`` installs it."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run should have installed Debian's chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    from tests.browser.sessions import FLAGS

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        browser.close()
