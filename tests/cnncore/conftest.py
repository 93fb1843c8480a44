"""Fixtures for the training-engine tests: a private CNN Lab home per test.

Creating MLflow's SQLite schema takes seconds, so one empty database is made per
session and copied into each test's home.
"""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture(scope="session")
def _empty_store(tmp_path_factory):
    from mlflow.tracking import MlflowClient

    path = tmp_path_factory.mktemp("empty-store") / "mlflow.db"
    MlflowClient(f"sqlite:///{path}").search_experiments()     # runs the migrations
    return path


@pytest.fixture
def cnnlab_home(tmp_path, monkeypatch, _empty_store):
    """An empty ``CNNLAB_HOME`` with a ready SQLite store, used by cnncore for this test."""
    home = tmp_path / "cnnlab"
    home.mkdir()
    shutil.copy(_empty_store, home / "mlflow.db")
    monkeypatch.setenv("CNNLAB_HOME", str(home))
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    monkeypatch.delenv("CNNLAB_EXPERIMENT", raising=False)
    return home
