"""The job body: train one queued run in this process, tracked (a Ray actor, or the CLI)."""

from __future__ import annotations

import logging
import os

from cnncore import store
from cnncore.store import checkpoints, schedule, uploads


def execute(run_id: str, *, callbacks=(), verbose: int = 0, token: str = "") -> str:
    """Train the queued run ``run_id`` in this process, tracked; return its final status.

    Never raises for a training failure: the run is marked failed with the reason
    (a NaN loss says so). A run that is no longer queued (stopped before it started)
    is left as it is; one deleted before it started is ``"deleted"``, and one deleted
    while it trains stops within a batch and is ``"deleted"`` too (nothing is written).

    ``token``: the scheduler's hand-over (:func:`cnncore.store.schedule.hand_over`) this
    process trains under. A run handed over again meanwhile is ``"superseded"``: this
    process stops within a heartbeat and writes nothing more. A run that had completed
    epochs before (its worker died) resumes from its last checkpoint, never from epoch 1.
    """
    from cnncore.jobs.callbacks import TrackingCallback
    from cnncore.nn import devices, training

    try:
        record = store.get_run(run_id)
    except ValueError:                    # deleted before it started
        return "deleted"
    if record.status != "queued":
        return record.status
    if token and schedule.attempt_of(record.tags)[1] != token:
        return "superseded"
    if record.config is None:
        store.set_status(run_id, "failed", "the run's stored config could not be read",
                         code="run_config_unreadable", values={"run_id": run_id})
        return "failed"
    config = record.config
    try:
        uploads.ensure_local(config.dataset)     # an upload saved by a dashboard elsewhere
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        store.set_status(run_id, "failed", f"the data set could not be fetched: {error}",
                         code="dataset_fetch_failed", values={"error": error})
        return "failed"
    done = int(record.tags.get(store.TAG_EPOCHS_DONE) or 0)
    resume = checkpoints.latest(run_id) if done else None
    if done and resume is None:
        store.set_status(run_id, "failed", f"its worker died after epoch {done}, and it left no checkpoint "
                                           "to resume from", code="resume_no_checkpoint", values={"epoch": done})
        return "failed"
    info = devices.detect()
    device = info["device"] + (f" ({', '.join(info['names'])})" if info["names"] else "")
    tracker = store.RunTracker(run_id, token=token, resume=resume, logged=done)
    tracker.start(device=device, batch_size=config.train.batch_size)
    scheduled = record.tags.get(store.TAG_TRAINS_IN) == schedule.SCHEDULER
    callback = TrackingCallback(tracker, checkpoint=scheduled, paced=bool(record.tags.get(store.TAG_PACE)))
    try:
        result = training.fit(config, callbacks=[callback, *callbacks], verbose=verbose, resume=resume)
        if callback.stopped:
            tracker.finish("stopped")
            return "superseded" if tracker.superseded else "deleted" if tracker.deleted else "stopped"
        tracker.log_model(result.model)
        tracker.log_confusion_matrix(result.dataset.class_names, _confusion(result))
    except KeyboardInterrupt:             # Ctrl-C in the CLI: the run was stopped by hand
        tracker.finish("stopped")
        raise
    except training.TrainingDiverged as exc:
        tracker.finish("failed", str(exc), code=exc.code, values=exc.values)
        return "failed"
    except Exception as exc:  # any failure of a run is reported on the run, not raised
        ended = _ended_meanwhile(run_id)
        if ended:                 # its sweep's driver stopped it, and Tune is ending this actor
            return ended
        tracker.finish("failed", f"{type(exc).__name__}: {exc}", code=getattr(exc, "code", None),
                       values=getattr(exc, "values", None))
        return "failed"
    tracker.finish("finished")
    return "finished"


def _ended_meanwhile(run_id: str) -> str | None:
    """The status someone else ended ``run_id`` with while it trained ("deleted" if it was),
    or ``None``: a failure after that (Tune shutting the actor down) must not overwrite it."""
    try:
        status = store.get_run(run_id).status
    except ValueError:
        return "deleted"
    return status if status in ("finished", "failed", "stopped") else None


def _confusion(result):
    import numpy as np

    data = result.dataset
    predicted = result.model.predict(data.x_val, batch_size=256, verbose=0).argmax(axis=1)
    k = data.num_classes
    return np.bincount(data.y_val * k + predicted, minlength=k * k).reshape(k, k)


def _run_waiting() -> bool:
    """Whether a run already waits in the store for a worker (reading it can fail: then no)."""
    try:
        return bool(schedule.waiting())
    except Exception:
        return False


class Worker:
    """A Ray actor that imports Keras once and trains runs one after another."""

    def __init__(self):
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        from cnncore.nn import training   # the point: pay Keras's import and a first fit

        if _run_waiting():                # a click started this worker: its run would wait
            return                        # for the warm-up fit (4.6 s on 2 slow cores), for nothing
        try:                              # once, before the first job
            training.warm_up()
        except Exception as exc:          # the first run pays instead, and says what fails
            logging.getLogger(__name__).warning("cnnlab worker: warm-up fit failed: %s: %s",
                                                type(exc).__name__, exc)

    def pid(self) -> int:
        return os.getpid()

    def run(self, run_id: str, env: dict[str, str], token: str = "") -> str:
        os.environ.update(env)            # the scheduler's store, even if it changed since
        return execute(run_id, token=token)
