"""Uploaded data sets in the tracking server's artifact store, for workers on other machines.

With an MLflow server (``MLFLOW_TRACKING_URI=http(s)://…``, artifacts proxied by
``mlflow server --serve-artifacts``) a run may train on a Ray node that never saw the
dashboard's disk. :func:`publish` logs an upload, under its id's file name, as the
artifact of one run per upload in the experiment ``<experiment>-uploads`` (so it never
shows among the runs); :func:`fetch` downloads it by id into a worker's own cache.
With a database URI every process shares ``CNNLAB_HOME`` (one machine), and neither is used.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from cnncore import settings
from cnncore.datasets.base import UPLOAD_PREFIX
from cnncore.datasets.registry import UPLOAD_ID
from cnncore.errors import InvalidInput
from cnncore.store.connection import client, experiment_id

EXPERIMENT_SUFFIX = "-uploads"
TAG_KEY = "cnnlab.upload"            # the upload's file name: <16 hex digits>.<ext>


def shared() -> bool:
    """Whether uploads travel through the tracking server (an ``http(s)`` tracking URI)."""
    return settings.uri_is_server(settings.tracking_uri())


def share(upload_id: str) -> None:
    """Log the upload ``upload_id`` (saved here by :func:`cnncore.datasets.save_upload`) to
    the tracking server, when the store is one; nothing otherwise."""
    if shared():
        key = upload_id[len(UPLOAD_PREFIX):]
        publish(key, settings.cnnlab_home() / "uploads" / key)


def ensure_local(dataset: str) -> None:
    """Bring the upload a run trains on into this ``CNNLAB_HOME`` when it is only on the
    tracking server (a worker that never saw the upload); nothing for other data sets."""
    if not (shared() and UPLOAD_ID.fullmatch(dataset)):
        return
    key = dataset[len(UPLOAD_PREFIX):]
    folder = settings.cnnlab_home() / "uploads"
    if not (folder / key).is_file():
        fetch(key, folder)


def publish(key: str, path: Path) -> None:
    """Log the upload ``key`` (its file at ``path``) to the server, once per key."""
    if _find(key) is not None:
        return
    c = client()
    run = c.create_run(experiment_id(EXPERIMENT_SUFFIX), tags={TAG_KEY: key, "mlflow.runName": key})
    c.log_artifact(run.info.run_id, str(path))
    c.set_terminated(run.info.run_id)


def fetch(key: str, folder: Path) -> Path:
    """Download the upload ``key`` into ``folder`` (written whole, then renamed); its path."""
    run = _find(key)
    if run is None:
        raise InvalidInput("upload_missing", f"upload {UPLOAD_PREFIX}{key} is neither here nor on the tracking "
                           f"server. Received: {UPLOAD_PREFIX}{key}", spec=f"{UPLOAD_PREFIX}{key}")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".fetch-") as tmp:
        downloaded = client().download_artifacts(run.info.run_id, key, tmp)
        os.replace(downloaded, folder / key)
    return folder / key



def _find(key: str):
    found = client().search_runs([experiment_id(EXPERIMENT_SUFFIX)], filter_string=f"tags.`{TAG_KEY}` = '{key}'",
                                 max_results=1)
    return found[0] if found else None
