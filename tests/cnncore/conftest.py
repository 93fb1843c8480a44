"""Fixtures for the training-engine tests: a private CNN Lab home per test.

Creating MLflow's SQLite schema takes seconds, so one empty database is made per
session (``_empty_store`` in tests/conftest.py) and copied into the home of each test
that uses the run store.
"""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import _empty_store  # noqa: F401  (moved there; imported by name elsewhere)


@pytest.fixture
def cnnlab_home(tmp_path, monkeypatch):
    """An empty ``CNNLAB_HOME`` that cnncore uses for this test (no shared store)."""
    home = tmp_path / "cnnlab"
    home.mkdir()
    monkeypatch.setenv("CNNLAB_HOME", str(home))
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    monkeypatch.delenv("CNNLAB_EXPERIMENT", raising=False)
    return home


@pytest.fixture
def run_store(cnnlab_home, _empty_store):
    """``cnnlab_home`` with a ready, empty SQLite run store in it."""
    shutil.copy(_empty_store, cnnlab_home / "mlflow.db")
    return cnnlab_home
