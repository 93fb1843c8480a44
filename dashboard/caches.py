"""Cached reads: data sets, trained models, predictions, the run list, stories and histories.

Cached objects (data sets, loaded models, probes) are shared by every session and are
never changed after they are made. Data sets and models are bounded in bytes, not entries
(``CNNLAB_DATASET_CACHE_BYTES``, ``CNNLAB_MODEL_CACHE_BYTES``): eight entries may be eight
2 GB uploads.
"""

from __future__ import annotations

import gc

import numpy as np
import pandas as pd
import streamlit as st

from cnncore import datasets, settings, store
from cnncore.datasets.cache import ByteLRU
from cnncore.nn import inspection, model_upload, training
from cnncore.ops import convolution, images
from cnncore.store import stories, uploads
from dashboard import figures

MODEL_OVERHEAD = 3   # a loaded model holds its weights and Adam's two moments of each
TABLE_TTL_S = 10.0   # the run list is shared by every session; live views read runs directly


def _dataset_bytes(data: datasets.Dataset) -> int:
    return sum(a.nbytes for a in (data.x_train, data.y_train, data.x_val, data.y_val))


def _model_bytes(model) -> int:
    """A loaded Keras model's memory: its weights' bytes × ``MODEL_OVERHEAD`` (measured: 3.05×
    for the course CNN, 3.1–3.2× for a 4 M-weight one; the rest is its Python objects)."""
    return MODEL_OVERHEAD * sum(int(np.prod(w.shape)) * np.dtype(w.dtype).itemsize
                                for w in model.weights)


DATASETS = ByteLRU(lambda: settings.limit("dataset_cache_bytes"), size=_dataset_bytes)
MODELS = ByteLRU(lambda: settings.limit("model_cache_bytes"), size=_model_bytes)


# --------------------------------------------------------------------------- data sets

def dataset(name: str, *, limit: int | None = None, options: dict | None = None,
            val_fraction: float = training.TrainConfig.val_fraction,
            seed: int = training.TrainConfig.seed) -> datasets.Dataset:
    """Data set ``name`` split as a run with these settings splits it, loaded once.

    Keyed on what changes the data only, so editing the epochs does not reload it.
    """
    key = (name, limit, tuple(sorted((options or {}).items())), val_fraction, seed)
    return DATASETS.get(key, lambda: _load_dataset(*key))


def run_dataset(config) -> datasets.Dataset:
    """The data set a ``RunConfig`` trains and validates on."""
    return dataset(config.dataset, limit=config.limit, options=config.dataset_options,
                   val_fraction=config.train.val_fraction, seed=config.train.seed)


def _load_dataset(name: str, limit, options: tuple, val_fraction: float, seed: int):
    uploads.ensure_local(name)            # an upload saved by another dashboard of the team
    data = datasets.load(name, val_fraction=val_fraction, seed=seed, limit=limit, untrusted=True,
                         **dict(options))   # a browser's request: never a server path
    for array in (data.x_train, data.y_train, data.x_val, data.y_val):
        array.flags.writeable = False
    return data


@st.cache_data(show_spinner=False, max_entries=8)
def saved_upload(filename: str, data: bytes, user: str) -> str:
    """An uploaded data set, checked and kept once, charged to ``user``'s share: its id for a
    run's config."""
    from cnncore.store import shares

    return shares.save_upload(filename, data, user=user)


# --------------------------------------------------------------------------- trained models

def model(run_id: str):
    """A finished run's trained Keras model, shared by all sessions; never trained further."""
    return MODELS.get(run_id, lambda: _load_model(run_id))


def _load_model(run_id: str):
    # Keras and TensorFlow leave millions of long-lived objects that every full garbage
    # collection would walk again: ~0.4 s added to every page run of this server once a
    # model is loaded (bench/pages.py). Freezing moves what exists now out of its way.
    # Frozen cycles are never freed, so the models MODELS dropped since the last load are
    # unfrozen and collected first.
    gc.unfreeze()
    gc.collect()
    loaded = store.load_model(run_id)
    gc.freeze()
    return loaded


def probe(run_id: str) -> inspection.FeatureProbe:
    """The feature-map probe of a run's model (it keeps the model alive, so counts as it)."""
    owner = model(run_id)
    return MODELS.get(("probe", run_id), lambda: inspection.FeatureProbe(owner),
                      size=lambda _: _model_bytes(owner))


# --------------------------------------------------------------------------- uploaded models

@st.cache_data(show_spinner=False, max_entries=8)
def checked_model(filename: str, data: bytes, user: str | None) -> model_upload.OwnModel:
    """An uploaded ``.keras`` file, checked and loaded once in the capped child (refusals
    raise, so they are not kept)."""
    return model_upload.check_upload(filename, data, user=user)


def own_model(own: model_upload.OwnModel, data: bytes):
    """The model of an upload :func:`checked_model` passed (``own``), loaded here once; keyed
    by its SHA-256, shared by all sessions like a run's model and never trained further."""
    return MODELS.get(("upload", own.digest), lambda: model_upload.load_checked(data, own))


def own_probe(own: model_upload.OwnModel, data: bytes) -> inspection.FeatureProbe:
    """The feature-map probe of an uploaded model (it keeps the model alive, so counts as it)."""
    owner = own_model(own, data)
    return MODELS.get(("upload-probe", own.digest), lambda: inspection.FeatureProbe(owner),
                      size=lambda _: _model_bytes(owner))


@st.cache_data(show_spinner=False, max_entries=16)
def own_filter_scores(digest: str, _own: model_upload.OwnModel, _data: bytes, dataset_name: str,
                      options: tuple, layer: str, limit: int) -> np.ndarray:
    """``(N, F)`` mean activation of each filter of an uploaded model's ``layer`` on the first
    ``limit`` validation images of a lab data set (the file is known by ``digest``)."""
    images = dataset(dataset_name, options=dict(options)).x_val[:limit]
    return own_probe(_own, _data).filter_scores(images, layer, batch_size=model_upload.SCORE_BATCH)


@st.cache_data(show_spinner=False, max_entries=8)
def validation_probabilities(run_id: str) -> np.ndarray:
    """``(N, K)`` predictions of a finished run's model on its validation images."""
    return inspection.predict(model(run_id), run_dataset(store.run_config(run_id)).x_val)


@st.cache_data(show_spinner=False, max_entries=32)
def confusion_matrix(run_id: str) -> pd.DataFrame:
    """A finished run's validation confusion matrix (it never changes)."""
    return store.confusion_matrix(run_id)


@st.cache_data(show_spinner=False, max_entries=16)
def filter_scores(run_id: str, layer: str, limit: int) -> np.ndarray:
    """``(N, F)`` mean activation of each filter of ``layer`` on the first ``limit`` validation images."""
    return probe(run_id).filter_scores(run_dataset(store.run_config(run_id)).x_val[:limit], layer)


# --------------------------------------------------------------------------- the run store

@st.cache_data(ttl=TABLE_TTL_S, show_spinner=False, max_entries=4)
def _runs_table(params: bool, home: str) -> pd.DataFrame:
    return store.runs_table(params=params)


def runs_table(*, params: bool = False) -> pd.DataFrame:
    """The store's run list, newest first, at most ``TABLE_TTL_S`` seconds old.

    One store query (~0.15 s with 50 runs) serves every session for a few seconds;
    :func:`forget_runs` drops it at once after this session changes the list.
    """
    return _runs_table(params, settings.tracking_uri())


def forget_runs() -> None:
    """Drop the cached run list (after a start, a delete): the next read is fresh."""
    _runs_table.clear()


@st.cache_data(ttl=TABLE_TTL_S, show_spinner=False, max_entries=64)
def _story(run_id: str, home: str) -> dict[str, str]:
    return stories.story(run_id)


def story(run_id: str) -> dict[str, str]:
    """:func:`cnncore.store.stories.story`, at most ``TABLE_TTL_S`` seconds old."""
    return _story(run_id, settings.tracking_uri())


def histories(run_ids: list[str], cache_key: str) -> pd.DataFrame:
    """The histories of ``run_ids``, reading only epochs this session has not seen yet.

    The epochs already read live in ``st.session_state[cache_key]``; each call asks the
    store for newer epochs only (``since``), so a polling tick costs the same however
    many runs and epochs the store holds.
    """
    columns = store.HISTORY_COLUMNS
    seen = st.session_state.get(cache_key)
    if not isinstance(seen, pd.DataFrame):
        seen = pd.DataFrame(columns=columns)
    seen = seen[seen["run_id"].isin(run_ids)]
    last = seen.groupby("run_id")["epoch"].max().to_dict() if len(seen) else {}
    new = store.histories(run_ids, since={rid: int(last.get(rid, 0)) for rid in run_ids})
    if len(new):
        seen = pd.concat([seen, new[columns]], ignore_index=True) if len(seen) else new[columns]
        seen = seen.drop_duplicates(["run_id", "epoch"], keep="last")
    st.session_state[cache_key] = seen
    return seen


# --------------------------------------------------------------------------- the Learn pages

@st.cache_data(show_spinner=False)
def sample_image(name: str) -> np.ndarray:
    return images.sample_image(name)


@st.cache_data(show_spinner=False, max_entries=8)
def uploaded_image(data: bytes) -> images.LoadedImage:
    return images.load_image(data)


@st.cache_data(show_spinner=False, max_entries=64)
def convolved(image_id: str, _image: np.ndarray, kernel: tuple, stride: int, padding) -> np.ndarray:
    """``conv2d`` of an image known by ``image_id`` (the array itself is not hashed)."""
    return convolution.conv2d(_image, np.array(kernel), stride=stride, padding=padding)


@st.cache_data(show_spinner=False, max_entries=64)
def picture(image_id: str, _image: np.ndarray, kernel: tuple | None, stride: int, padding,
            mode: str) -> bytes:
    """PNG of the image (``kernel=None``) or of its convolution, ready for ``st.image``."""
    values = _image if kernel is None else convolved(image_id, _image, kernel, stride, padding)
    return figures.png_bytes(figures.to_display(values, mode=mode))
