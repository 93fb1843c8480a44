"""Shared test setup: every test session gets its own empty CNN Lab home.

Nothing a test does lands in the developer's ``./.cnnlab`` or in a shared MLflow.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Before any cnncore import reads them: a private store, no shared server or cluster.
_HOME = tempfile.mkdtemp(prefix="cnnlab-test-")
os.environ["CNNLAB_HOME"] = _HOME
os.environ.pop("MLFLOW_TRACKING_URI", None)
os.environ.pop("RAY_ADDRESS", None)
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT
