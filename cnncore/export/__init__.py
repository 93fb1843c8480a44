"""Take a run home: its Keras script, its notebook, its trained model and its history.

Any run leaves as

- :func:`script`: a Python script that reproduces it with the Keras 3 API, the network as
  plain ``keras.Sequential`` code with comments naming the course deck's concepts, the run's
  optimizer, learning rate, batch size, epochs, seed, augmentation and early stopping, and a
  plot of training against validation accuracy at the end;
- :func:`notebook`: the same code as a Jupyter notebook, a markdown cell in the reader's
  language (English or Korean) before each step;
- :func:`story_notebook`: a run and its remedies (:mod:`cnncore.store.stories`) as one
  notebook that trains each in turn and draws them together;
- :func:`model_file`: the trained model, the ``.keras`` file the run saved;
- :func:`history_csv`: its per-epoch metrics as CSV (epoch, loss, accuracy, val_loss,
  val_accuracy).

The dashboard's download buttons and ``python -m cnncore export`` both call these. Rooms:
:mod:`~cnncore.export.code` (a config as Keras code, in sections),
:mod:`~cnncore.export.notebooks` (the sections as a script or notebooks),
:mod:`~cnncore.export.prose` (their words in English and Korean). Importing this package
imports neither Keras nor MLflow.

Examples
--------
>>> from cnncore.nn.training import RunConfig
>>> text = script(RunConfig(dataset="digits", limit=200))
>>> "keras.Sequential(" in text and 'layers.Conv2D(75, 3, strides=1, padding="same"' in text
True
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from cnncore import store
from cnncore.errors import InvalidInput
from cnncore.export.notebooks import notebook_text, script_text, story_text
from cnncore.export.prose import LANGUAGES, check_language
from cnncore.nn.training import RunConfig
from cnncore.store import stories

HISTORY_CSV_COLUMNS = ["epoch", *store.METRICS]       # epoch, loss, accuracy, val_loss, val_accuracy
MODEL_ARTIFACT = "model/model.keras"                  # where the tracker saves a run's model
KINDS = {"script": ".py", "notebook": ".ipynb", "story": "-story.ipynb", "model": ".keras", "history": ".csv"}

__all__ = ["HISTORY_CSV_COLUMNS", "KINDS", "LANGUAGES", "file_name", "history_csv", "model_file", "notebook",
           "script", "story_notebook"]


def script(run: str | RunConfig, *, lang: str = "en") -> str:
    """The Keras 3 script that reproduces ``run`` (a run id, or a ``RunConfig``).

    It loads the data with ``cnncore.datasets.load`` (the same images and split) and does
    the rest in plain Keras; run, it prints ``val_accuracy = …`` and ``parameters = …`` and
    saves its accuracy plot next to itself. ``ValueError`` (coded) for an unknown run.
    """
    check_language(lang)
    config, run_id = _config(run)
    return script_text(config, lang=lang, run_id=run_id)


def notebook(run: str | RunConfig, *, lang: str = "en") -> str:
    """The Jupyter notebook (``.ipynb`` JSON text) that reproduces ``run``, explained in ``lang``."""
    check_language(lang)
    config, run_id = _config(run)
    return notebook_text(config, lang=lang, run_id=run_id)


def story_notebook(run_id: str, *, lang: str = "en") -> str:
    """One notebook for the story of ``run_id``: the original run, then each of its remedy
    runs (:func:`cnncore.store.stories.story`; a remedy's id gives its original's story)."""
    check_language(lang)
    store.get_run(run_id)                     # a coded error for an unknown or deleted run
    chapters = [(remedy, store.run_config(rid)) for rid, remedy in stories.story(run_id).items()]
    return story_text(chapters, lang=lang)


def history_csv(run_id: str) -> str:
    """The run's metrics per epoch as CSV, columns :data:`HISTORY_CSV_COLUMNS` (only the
    header for a run without a finished epoch)."""
    store.get_run(run_id)                     # histories() alone says nothing of a bad id
    history = store.histories([run_id])
    return history.reindex(columns=HISTORY_CSV_COLUMNS).to_csv(index=False)


def model_file(run_id: str) -> bytes:
    """The trained model of ``run_id``: the bytes of its ``.keras`` file.

    Raises a coded ``ValueError``: ``model_not_ready`` while the run is queued or training
    (the model is saved when it ends), ``run_artifact_missing`` for a run that ended without one.
    """
    from mlflow.exceptions import MlflowException

    record = store.get_run(run_id)
    if record.status in store.ACTIVE:
        raise InvalidInput("model_not_ready", f"the run has not finished: its model is saved when it ends. "
                           f"Received: run_id={run_id!r}, status={record.status!r}",
                           run_id=run_id, status=record.status)
    with tempfile.TemporaryDirectory() as folder:
        try:
            path = store.client().download_artifacts(run_id, MODEL_ARTIFACT, folder)
        except (MlflowException, OSError) as exc:
            raise InvalidInput("run_artifact_missing", f"the run has no {MODEL_ARTIFACT} (it may not have "
                               f"finished). Received: run_id={run_id!r}", name=MODEL_ARTIFACT,
                               run_id=run_id) from exc
        return Path(path).read_bytes()


def file_name(run_id: str, kind: str) -> str:
    """The download's file name: ``cnnlab_<first 8 of the id><suffix>`` for ``kind`` of
    :data:`KINDS` (a Python module name, so a script can be imported too).

    >>> file_name("0123456789abcdef", "script"), file_name("0123456789abcdef", "story")
    ('cnnlab_01234567.py', 'cnnlab_01234567-story.ipynb')
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}. Received: kind={kind!r}")  # internal
    return f"cnnlab_{run_id[:8]}{KINDS[kind]}"


def _config(run: str | RunConfig) -> tuple[RunConfig, str]:
    if isinstance(run, RunConfig):
        return run, ""
    if not isinstance(run, str) or not run:
        raise InvalidInput("run_unknown", f"no such run. Received: run_id={run!r}", run_id=str(run)[:100])
    return store.run_config(run), run
