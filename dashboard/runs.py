"""What the Train, Experiments and Inside-the-model pages share: cached reads of the run
store, incremental history polling, the training-settings widgets, and run labels.

Cached objects (data sets, loaded models, probes) are shared by every session and are
never changed after they are made.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import time

import numpy as np
import pandas as pd
import streamlit as st

from cnncore import datasets, settings, store
from cnncore.datasets.cache import ByteLRU
from cnncore.nn import inspection, training, verdict
from cnncore.store import stories, uploads
from dashboard import nav, state, training_figures, ui
from dashboard.i18n import t, t_or

ACTIVE = ("queued", "running")
DONE = ("finished", "failed", "stopped")
HISTORY_COLUMNS = store.HISTORY_COLUMNS


# --------------------------------------------------------------------------- cached reads

MODEL_OVERHEAD = 3   # a loaded model holds its weights and Adam's two moments of each


def _dataset_bytes(data: datasets.Dataset) -> int:
    return sum(a.nbytes for a in (data.x_train, data.y_train, data.x_val, data.y_val))


def _model_bytes(model) -> int:
    """A loaded Keras model's memory: its weights' bytes × ``MODEL_OVERHEAD`` (measured: 3.05×
    for the course CNN, 3.1–3.2× for a 4 M-weight one; the rest is its Python objects)."""
    return MODEL_OVERHEAD * sum(int(np.prod(w.shape)) * np.dtype(w.dtype).itemsize
                                for w in model.weights)


# Shared by every session without copying, bounded in bytes (CNNLAB_DATASET_CACHE_BYTES,
# CNNLAB_MODEL_CACHE_BYTES), not entries: eight entries may be eight 2 GB uploads.
DATASETS = ByteLRU(lambda: settings.limit("dataset_cache_bytes"), size=_dataset_bytes)
MODELS = ByteLRU(lambda: settings.limit("model_cache_bytes"), size=_model_bytes)


def dataset(config: dict):
    """The data set a run config describes (its split, seed and subset), loaded once.

    Keyed on what changes the data only, so editing the epochs does not reload it.
    """
    run = training.RunConfig.from_dict(config)
    key = (run.dataset, run.limit, tuple(sorted(run.dataset_options.items())),
           run.train.val_fraction, run.train.seed)
    return DATASETS.get(key, lambda: _load_dataset(*key))


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


@st.cache_data(show_spinner=False, max_entries=8)
def validation_probabilities(run_id: str, config: dict) -> np.ndarray:
    """``(N, K)`` predictions of a run's model on its validation images."""
    return inspection.predict(model(run_id), dataset(config).x_val)


@st.cache_data(show_spinner=False, max_entries=32)
def confusion_matrix(run_id: str) -> pd.DataFrame:
    """A finished run's validation confusion matrix (it never changes)."""
    return store.confusion_matrix(run_id)


@st.cache_data(show_spinner=False, max_entries=16)
def filter_scores(run_id: str, config: dict, layer: str, limit: int) -> np.ndarray:
    """``(N, F)`` mean activation of each filter of ``layer`` on the first ``limit`` validation images."""
    return probe(run_id).filter_scores(dataset(config).x_val[:limit], layer)


TABLE_TTL_S = 10.0  # the run list is shared by every session; live views read runs directly


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


def run_config(run_id: str) -> training.RunConfig:
    config = store.get_run(run_id).config
    if config is None:
        raise ValueError(f"the run's configuration cannot be read. Received: run_id={run_id!r}")
    return config


def run_info(run_id: str) -> dict:
    """What the live panel shows of one run, from the store (one query)."""
    record = store.get_run(run_id)
    progress = record.progress or {}
    epochs = progress.get("epochs") or (record.config.train.epochs if record.config else 0)
    done = record.status in DONE
    if record.start is None:
        seconds = None
    else:
        seconds = ((record.end if done and record.end else time.time()) - record.start)
    return {
        "run_id": run_id, "status": record.status, "error": record.error, "config": record.config,
        "epochs": int(epochs or 0), "epoch": int(progress.get("epoch") or 0),
        "batch": int(progress.get("batch") or 0), "batches": int(progress.get("batches") or 0),
        "samples_per_second": progress.get("samples_per_s"), "device": record.device,
        "elapsed": seconds, "remedy_of": record.tags.get(stories.TAG_REMEDY_OF, ""),
        "error_text": ui.run_error_text(record.error, record.tags.get(store.TAG_ERROR_CODE, ""),
                                        json.loads(record.tags.get(store.TAG_ERROR_VALUES) or "{}")),
        "remedy": record.tags.get(stories.TAG_REMEDY, ""), "owner": record.owner,
    }


KEY_PARAMS = {   # flattened config → short column name in the runs table
    "param.limit": "images", "param.train.batch_size": "batch", "param.train.learning_rate": "lr",
    "param.train.optimizer": "optimizer", "param.train.seed": "seed",
}


def table_view(table: pd.DataFrame) -> pd.DataFrame:
    """The runs table as the Experiments page shows and exports it.

    Adds a model summary (convolution filters, dense units) and the key parameters from
    the flattened config, the gap in percentage points, and drops bookkeeping columns.
    """
    view = table.copy()
    by_layer = lambda c: int(c.split(".")[3])   # noqa: E731  param.model.conv_blocks.<i>.filters
    conv = sorted((c for c in view.columns if c.startswith("param.model.conv_blocks.")
                   and c.endswith(".filters")), key=by_layer)
    dense = sorted((c for c in view.columns if c.startswith("param.model.dense_layers.")
                    and c.endswith(".units")), key=by_layer)

    def summary(row) -> str:
        filters = [row[c] for c in conv if isinstance(row[c], str)]
        units = [row[c] for c in dense if isinstance(row[c], str)]
        parts = ([f"{t('exp_model_conv')} {'-'.join(filters)}"] if filters else []) + \
            ([f"{t('exp_model_dense')} {'-'.join(units)}"] if units else [])
        return f"{row['model']} ({', '.join(parts)})" if parts else str(row["model"])

    if len(view):
        view["model"] = view.apply(summary, axis=1)
    for column, short in KEY_PARAMS.items():
        view[short] = view[column] if column in view else None
    view["gap"] = view["gap"] * 100
    view["duration"] = view["duration"].round(1)
    keep = ["run_id", "status", "dataset", "model", *KEY_PARAMS.values(), "epochs_done", "epochs",
            "accuracy", "val_accuracy", "best_accuracy", "best_val_accuracy", "gap", "duration",
            "device", "start", "sweep", "error"]
    return view[keep].reset_index(drop=True)


# --------------------------------------------------------------------------- live histories

def histories(run_ids: list[str], cache_key: str) -> pd.DataFrame:
    """The histories of ``run_ids``, reading only epochs this session has not seen yet.

    The epochs already read live in ``st.session_state[cache_key]``; each call asks the
    store for newer epochs only (``since``), so a polling tick costs the same however
    many runs and epochs the store holds.
    """
    seen: pd.DataFrame = st.session_state.get(cache_key)
    if seen is None or not isinstance(seen, pd.DataFrame):
        seen = pd.DataFrame(columns=HISTORY_COLUMNS)
    seen = seen[seen["run_id"].isin(run_ids)]
    last = seen.groupby("run_id")["epoch"].max().to_dict() if len(seen) else {}
    since = {rid: int(last.get(rid, 0)) for rid in run_ids}
    new = store.histories(run_ids, since=since)
    if len(new):
        seen = pd.concat([seen, new[HISTORY_COLUMNS]], ignore_index=True) if len(seen) else new[HISTORY_COLUMNS]
        seen = seen.drop_duplicates(["run_id", "epoch"], keep="last")
    st.session_state[cache_key] = seen
    return seen


# --------------------------------------------------------------------------- words

def curve_labels() -> dict[str, str]:
    return {"accuracy": t("train_accuracy"), "loss": t("train_loss"), "epoch": t("train_epoch"),
            "train": t("train_train"), "val": t("train_val"), "gap": t("train_gap"),
            "onset": t("verdict_onset_mark")}


def verdict_text(v: verdict.Verdict) -> str:
    """The verdict and its one-line reason, with numbers, in the page's language."""
    return f"**{t(f'verdict_kind_{v.kind}')}**: {t(f'verdict_reason_{v.reason}', **v.values)}"


def show_verdict(history: pd.DataFrame, prefix: str = "") -> verdict.Verdict:
    """Judge ``history`` and show the verdict in a coloured box; return the verdict."""
    v = verdict.verdict(history)
    box = {"overfitting": st.warning, "generalising": st.success}.get(v.kind, st.info)
    box(f"{prefix}{verdict_text(v)}", icon={"overfitting": ":material/warning:",
                                            "generalising": ":material/check_circle:"}.get(v.kind, ":material/info:"))
    return v


def onsets(history: pd.DataFrame, run_ids) -> dict[str, int]:
    """``{run_id: epoch}`` for each run of ``run_ids`` whose curves say it overfits."""
    found = {}
    for rid in run_ids:
        onset = verdict.verdict(history[history["run_id"] == rid]).onset if len(history) else None
        if onset is not None:
            found[rid] = onset
    return found


def run_name(row) -> str:
    """``"dli-cnn on mnist-5k · 3f2a1b"`` for a row of the runs table."""
    return f"{row['model']} · {row['dataset']} · {str(row['run_id'])[:6]}"


def info_name(info: dict) -> str:
    """:func:`run_name` from a :func:`run_info` (the same words, without the table)."""
    config = info["config"]
    if config is None:
        return str(info["run_id"])[:6]
    name = run_name({"model": config.model.name, "dataset": config.dataset, "run_id": info["run_id"]})
    if info.get("remedy"):
        name = t("remedy_of", remedy=t_or(f"remedy_{info['remedy']}", info["remedy"]), name=name)
    return name


def run_names(table: pd.DataFrame, run_ids) -> dict[str, str]:
    by_id = table.set_index("run_id") if len(table) else None
    out = {}
    for rid in run_ids:
        if by_id is not None and rid in by_id.index:
            out[rid] = run_name(by_id.loc[rid].to_dict() | {"run_id": rid})
        else:
            out[rid] = str(rid)[:6]
    return out


def status_text(status: str) -> str:
    return t_or(f"train_status_{status}", str(status))


def elapsed(seconds: float | None) -> str:
    if seconds is None or not np.isfinite(seconds):
        return "–"
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" if seconds >= 3600 \
        else f"{seconds // 60}:{seconds % 60:02d}"


# --------------------------------------------------------------------------- widgets

_OPTIONS = {"optimizer": training.OPTIMIZERS, "precision": training.PRECISIONS}
_STEP = {"learning_rate": 1e-4, "rotation": 5.0, "zoom": 0.05, "shift": 0.05}
_FORMAT = {"learning_rate": "%.5f"}
_AUGMENTATION = ("rotation", "zoom", "shift", "flip")


def train_settings(prefix: str, current: training.TrainConfig) -> training.TrainConfig:
    """A widget for every field of :class:`TrainConfig`, started at ``current``.

    Keys are ``f"{prefix}_{field}"``; the widget kinds follow the field types, so a
    field the engine adds later gets a widget without a change here. Raises the
    config's ``ValueError`` when a value is refused.
    """
    values = {}
    basics = [f for f in dataclasses.fields(training.TrainConfig) if f.name not in _AUGMENTATION]
    columns = st.columns(4)
    for i, f in enumerate(basics):
        with columns[i % 4]:
            if "None" in str(f.type):
                values[f.name] = _optional_widget(prefix, f.name, getattr(current, f.name), str(f.type))
            else:
                values[f.name] = _field_widget(prefix, f.name, getattr(current, f.name))
    with st.expander(t("train_augmentation"), expanded=current.augments):
        st.caption(t("train_augmentation_help"))
        columns = st.columns(4)
        for i, name in enumerate(_AUGMENTATION):
            with columns[i]:
                values[name] = _field_widget(prefix, name, getattr(current, name))
    return training.TrainConfig.from_dict(values)


def _optional_widget(prefix: str, name: str, value, kind: str):
    """A number that may be left empty (``None``: the engine's own default)."""
    label = t_or(f"train_field_{name}", name.replace("_", " "))
    key = state.seed(f"{prefix}_{name}", "" if value is None else str(value))
    text = st.text_input(label, key=key,
                         placeholder=t("train_field_default"), help=t("train_field_optional_help"))
    if not text.strip():
        return None
    try:
        return int(text) if "int" in kind and "float" not in kind else float(text)
    except ValueError:
        raise ValueError(f"{name} must be a number or empty. Received: {name}={text!r}") from None


def _field_widget(prefix: str, name: str, value):
    # Seeded once, then kept across pages (dashboard.state), so no ``value=`` here.
    key = state.seed(f"{prefix}_{name}", value)
    label = t_or(f"train_field_{name}", name.replace("_", " "))
    if name in _OPTIONS:
        return st.selectbox(label, list(_OPTIONS[name]), key=key)
    if isinstance(value, bool):
        return st.checkbox(label, key=key)
    if isinstance(value, int):
        return int(st.number_input(label, min_value=0, step=1, key=key))
    if isinstance(value, float):
        return float(st.number_input(label, min_value=0.0, step=_STEP.get(name, 0.05),
                                     format=_FORMAT.get(name, "%.2f"), key=key))
    return st.text_input(label, key=key)


def link(path: str, label: str, icon: str, **query) -> None:
    """``st.page_link`` to a registered page (``"pages/train.py"``), with ``?key=value``."""
    st.page_link(nav.ROOT / path, label=label, icon=icon, query_params=query or None)


def guide_to_train(message_key: str) -> None:
    """An empty store: say so and point at the Train page."""
    st.info(t(message_key), icon=":material/info:")
    link("pages/train.py", t("train_go"), ":material/model_training:")


# --------------------------------------------------------------------------- remedies

def start_remedy(run_id: str, config: training.RunConfig, name: str) -> str:
    """Submit remedy ``name`` of run ``run_id`` as a sibling run; return its id."""
    from cnncore import jobs
    from cnncore.nn import remedies
    from dashboard import auth

    new_id = jobs.submit(remedies.remedy(config, name), tags=stories.remedy_tags(run_id, name),
                         user=auth.acting_user())     # a remedy is a new run of whoever clicked
    forget_runs()
    return new_id


def show_remedies(info: dict, v: verdict.Verdict, key: str) -> str | None:
    """The course's fixes for an overfitting, finished run, one button each; returns the id
    of the remedy run a click started (else None)."""
    from cnncore.nn import remedies

    if v.kind != "overfitting" or info["status"] != "finished" or info["config"] is None:
        return None
    names = remedies.applicable(info["config"])
    if not names:
        return None
    st.markdown(f"**{t('remedy_title')}** · {t('remedy_intro')}")
    started = None
    for col, name in zip(st.columns(len(names)), names):
        if col.button(t(f"remedy_{name}"), key=f"{key}_{name}_{info['run_id']}", help=t(f"remedy_{name}_help")):
            started = start_remedy(info["run_id"], info["config"], name)
            st.toast(t("remedy_started", remedy=t(f"remedy_{name}")))
    return started


def remedy_change(original: pd.DataFrame, remedy_history: pd.DataFrame, remedy: str) -> str | None:
    """"Use the CNN: gap 14.2 → 2.1 pts, val +11.0 pts", or None until both have an epoch."""
    change = verdict.change(original, remedy_history)
    return None if change is None else t("remedy_change", remedy=t_or(f"remedy_{remedy}", remedy), **change)


@st.cache_data(ttl=TABLE_TTL_S, show_spinner=False, max_entries=64)
def story(run_id: str, home: str) -> dict[str, str]:
    """:func:`cnncore.store.stories.story`, cached a few seconds (``home``: the store's URI)."""
    return stories.story(run_id)


def show_story(run_id: str, names: dict[str, str], key: str) -> str | None:
    """If ``run_id`` belongs to a story (a run and its remedies), draw it as one: every run
    over the original, and what each remedy changed. Returns the original's id, else None."""
    chapters = story(run_id, settings.tracking_uri())
    if len(chapters) < 2:
        return None
    original, *fixes = chapters
    ids = [rid for rid in chapters if rid in names]
    history = histories(ids, f"{key}_history")
    st.markdown(f"**{t('story_title')}**")
    labels = {rid: names[rid] if not chapters[rid] else
              f"{t_or('remedy_' + chapters[rid], chapters[rid])} · {names[rid]}" for rid in ids}
    st.plotly_chart(training_figures.training_curves(history, labels, curve_labels(), shade_gap=False,
                                                     onsets=onsets(history, ids)),
                    key=key, config={"displayModeBar": False})
    before = history[history["run_id"] == original]
    for rid in fixes:
        text = remedy_change(before, history[history["run_id"] == rid], chapters[rid])
        if text:
            st.markdown(f"- {text}")
    st.caption(t("story_share"))
    return original
