"""Where CNN Lab keeps its runs, and which services it talks to, from the environment.

``CNNLAB_HOME``          folder for the embedded store (default ``./.cnnlab``)
``MLFLOW_TRACKING_URI``  a shared MLflow server or database; default SQLite in ``CNNLAB_HOME``
``RAY_ADDRESS``          a Ray cluster; default a local Ray instance started on first use
``KERAS_BACKEND``        ``tensorflow`` (default), ``jax`` or ``torch``
"""

from __future__ import annotations

import os
from pathlib import Path


def cnnlab_home() -> Path:
    """The folder that holds the embedded run store and caches (created on demand)."""
    return Path(os.environ.get("CNNLAB_HOME") or ".cnnlab").expanduser().resolve()


def tracking_uri() -> str:
    """MLflow tracking URI: ``MLFLOW_TRACKING_URI`` or SQLite under ``CNNLAB_HOME``."""
    uri = os.environ.get("MLFLOW_TRACKING_URI")
    if uri:
        return uri
    return f"sqlite:///{cnnlab_home() / 'mlflow.db'}"


def artifact_root() -> Path:
    """Where the embedded store keeps artifacts (models, confusion matrices)."""
    return cnnlab_home() / "artifacts"


def ray_address() -> str | None:
    """``RAY_ADDRESS`` when a cluster is configured, else ``None`` (local Ray)."""
    return os.environ.get("RAY_ADDRESS") or None


def keras_backend() -> str:
    """The Keras backend that training will use (Keras reads the same variable)."""
    return os.environ.get("KERAS_BACKEND") or "tensorflow"
