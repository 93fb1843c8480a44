"""A run's checkpoint after each completed epoch, kept in the artifact store, so a run
whose worker or node dies resumes from its last epoch on another worker.

A checkpoint is one ``.npz``: the trained model's weights, the optimizer's state, the
epoch it completed and the metrics of every epoch so far. Two slots are written in turn
(``checkpoint/0.npz`` after even epochs, ``1.npz`` after odd ones), so a write cut short by
a dying process leaves the other slot whole: :func:`latest` takes the newest slot that
reads back. Through an MLflow server the file travels with ``--serve-artifacts``, so a
worker on another node finds it.
"""

from __future__ import annotations

import io
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from cnncore.store.connection import client

FOLDER = "checkpoint"


@dataclass(frozen=True)
class Checkpoint:
    """What a run had when epoch ``epoch`` (1, 2, …) ended."""

    epoch: int
    weights: list = field(repr=False)        # the trained model's weights, as get_weights() gives them
    optimizer: list = field(repr=False)      # the optimizer's variables, in order
    history: list = field(default_factory=list, repr=False)   # [{metric: value}] per epoch so far


def to_bytes(checkpoint: Checkpoint) -> bytes:
    """``checkpoint`` as ``.npz`` bytes (no pickles).

    >>> back = from_bytes(to_bytes(Checkpoint(3, [np.ones(2)], [np.zeros(1)], [{"loss": 1.0}])))
    >>> back.epoch, back.weights[0].tolist(), back.history
    (3, [1.0, 1.0], [{'loss': 1.0}])
    """
    arrays = {f"w{i}": np.asarray(a) for i, a in enumerate(checkpoint.weights)}
    arrays |= {f"o{i}": np.asarray(a) for i, a in enumerate(checkpoint.optimizer)}
    meta = json.dumps({"epoch": checkpoint.epoch, "weights": len(checkpoint.weights),
                       "optimizer": len(checkpoint.optimizer), "history": checkpoint.history})
    buffer = io.BytesIO()
    np.savez(buffer, meta=np.frombuffer(meta.encode(), dtype=np.uint8), **arrays)
    return buffer.getvalue()


def from_bytes(data: bytes) -> Checkpoint:
    """The checkpoint in ``data`` (``ValueError`` if it is cut short or not one)."""
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            meta = json.loads(bytes(npz["meta"]).decode())
            return Checkpoint(epoch=int(meta["epoch"]),
                              weights=[npz[f"w{i}"] for i in range(meta["weights"])],
                              optimizer=[npz[f"o{i}"] for i in range(meta["optimizer"])],
                              history=list(meta["history"]))
    except Exception as exc:          # a truncated zip, a missing key: not a checkpoint
        raise ValueError(f"not a whole checkpoint: {type(exc).__name__}: {exc}") from None  # internal


def save(run_id: str, checkpoint: Checkpoint) -> None:
    """Store ``checkpoint`` in its slot of ``run_id``'s artifacts."""
    with tempfile.TemporaryDirectory(prefix="cnnlab-ckpt-") as tmp:
        path = Path(tmp) / f"{checkpoint.epoch % 2}.npz"
        path.write_bytes(to_bytes(checkpoint))
        client().log_artifact(run_id, str(path), FOLDER)


def latest(run_id: str) -> Checkpoint | None:
    """The newest whole checkpoint of ``run_id``, or ``None`` if it has none."""
    found = []
    with tempfile.TemporaryDirectory(prefix="cnnlab-ckpt-") as tmp:
        for slot in ("0.npz", "1.npz"):
            try:
                path = client().download_artifacts(run_id, f"{FOLDER}/{slot}", tmp)
                found.append(from_bytes(Path(path).read_bytes()))
            except Exception:         # no such slot yet, or a write cut short
                continue
    return max(found, key=lambda c: c.epoch, default=None)


def discard(run_id: str) -> None:
    """Remove ``run_id``'s checkpoints once the run has ended (best effort: a store that
    cannot delete artifacts keeps them)."""
    try:
        from mlflow.store.artifact.artifact_repository_registry import get_artifact_repository

        uri = client().get_run(run_id).info.artifact_uri
        get_artifact_repository(uri).delete_artifacts(FOLDER)
    except Exception:                 # not supported by this store, or already gone
        pass
