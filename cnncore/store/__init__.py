"""The run store: MLflow tracking, written by training jobs, read by the pages.

Where: ``settings.tracking_uri()`` (SQLite in ``$CNNLAB_HOME`` by default, or a shared
MLflow server), artifacts under ``settings.artifact_root()`` for the embedded store,
all in one experiment (``CNNLAB_EXPERIMENT``, default ``cnnlab``).

A run carries:

- params: the whole :class:`~cnncore.nn.training.RunConfig`, flattened
  (``train.learning_rate``, ``model.conv_blocks.0.filters``…), and as JSON in the tag
  ``cnnlab.config`` so that :func:`get_run` gives the config back exactly;
- metrics ``loss``, ``accuracy``, ``val_loss``, ``val_accuracy`` once per epoch, with
  step = the epoch number (1, 2, …);
- tags ``dataset``, ``model``, ``device``, ``sweep`` and ``cnnlab.*`` bookkeeping:
  heartbeat, progress, best accuracies, error, stop request;
- artifacts ``model/model.keras`` and ``confusion_matrix.json`` (validation set).

States map onto MLflow's: queued = SCHEDULED, running = RUNNING, finished = FINISHED,
failed = FAILED, stopped = KILLED.

Writing (in the training process): :class:`RunTracker` owns a background thread that
heartbeats every ``HEARTBEAT_S`` seconds and writes epoch metrics, so the training
loop never waits on the store; :class:`cnncore.jobs.callbacks.TrackingCallback` is the
Keras side.
Reading (in the dashboard): :func:`runs_table`, :func:`histories`, :func:`get_run`,
:func:`confusion_matrix`, :func:`load_model` — one query for the table, one per metric
for any number of histories. Importing this package imports neither Keras nor MLflow.

Rooms: :mod:`~cnncore.store.connection` (the client and experiments),
:mod:`~cnncore.store.schema` (states, tags, columns, one row per run),
:mod:`~cnncore.store.runs` (write and read runs), :mod:`~cnncore.store.owners` (who may
stop, delete or edit what), :mod:`~cnncore.store.tracker` (the
training process's writer), :mod:`~cnncore.store.sweeps` (one record per sweep),
:mod:`~cnncore.store.stories` (a run and its remedies), :mod:`~cnncore.store.classes` (class sessions), :mod:`~cnncore.store.views` (a run as
the pages show it: :class:`RunView`). This package's namespace is the runs API that pages
and jobs use; ``store.sweeps`` is the sweeps' part of it.
"""

from cnncore.store.connection import StoreUnavailable, client, experiment_id, redacted
from cnncore.store.runs import (
    RunRecord, active_runs, check_may, confusion_matrix, count_active, create_run, delete_runs,
    get_run, histories, load_model, recent_durations, request_stop, runs_table, set_status,
    still_active, stop_file)
from cnncore.store.schema import (
    ACTIVE, ENDED, HEARTBEAT_S, HISTORY_COLUMNS, METRICS, STATUSES, TABLE_COLUMNS, TAG_ATTEMPT, TAG_BEST, TAG_CONFIG, TAG_EPOCHS_DONE,
    TAG_ERROR, TAG_ERROR_CODE, TAG_ERROR_VALUES, TAG_HEARTBEAT, TAG_PACE, TAG_PACED, TAG_PROGRESS, TAG_RESUMED, TAG_STARTED, TAG_STOP, TAG_SUBMITTER, TAG_TRAINS_IN, TAG_WORKER, flatten)
from cnncore.store.tracker import RunTracker
from cnncore.store.views import RunError, RunView, mine, overview, run_config, run_view
from cnncore.store import sweeps   # the sweeps' API: store.sweeps.trials(...)
from cnncore.store import classes  # the class sessions' records: store.classes.sessions()

__all__ = [
    "ACTIVE", "ENDED", "HEARTBEAT_S", "HISTORY_COLUMNS", "METRICS", "STATUSES", "TABLE_COLUMNS", "TAG_ATTEMPT", "TAG_BEST", "TAG_CONFIG",
    "TAG_EPOCHS_DONE", "TAG_ERROR", "TAG_ERROR_CODE", "TAG_ERROR_VALUES", "TAG_HEARTBEAT", "TAG_PACE", "TAG_PACED", "TAG_PROGRESS", "TAG_RESUMED", "TAG_STARTED", "TAG_STOP",
    "TAG_SUBMITTER", "TAG_TRAINS_IN", "TAG_WORKER", "RunError", "RunRecord", "RunTracker", "RunView", "StoreUnavailable", "active_runs",
    "check_may", "client", "confusion_matrix", "count_active", "recent_durations", "create_run", "delete_runs", "experiment_id", "flatten", "get_run",
    "histories", "load_model", "mine", "overview", "redacted", "request_stop", "run_config", "run_view",
    "runs_table", "set_status", "still_active", "stop_file", "sweeps", "classes",
]
