"""Runs in words and boxes: names, statuses, errors, verdicts, what a queued run waits for,
the remedy buttons, and the runs table as Experiments shows it.

Each takes what cnncore gives (a :class:`~cnncore.store.RunView`, a verdict, a table) and
words it in the reader's language; nothing here reads the store.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from cnncore import jobs, store
from cnncore.nn import remedies, verdict
from dashboard import auth, i18n, ui
from dashboard.i18n import t, t_or

# The runs table's columns, in order, each with the catalogue key of its header.
TABLE_HEADERS = {
    "run_id": "exp_col_run", "status": "exp_col_status", "owner": "auth_col_owner",
    "dataset": "exp_col_dataset", "model": "exp_col_model", "images": "exp_col_images",
    "batch": "exp_col_batch", "lr": "exp_col_lr", "optimizer": "exp_col_optimizer",
    "seed": "exp_col_seed", "epochs_done": "exp_col_epochs_done", "epochs": "exp_col_epochs",
    "accuracy": "exp_col_final_train", "val_accuracy": "exp_col_final_val",
    "best_accuracy": "exp_col_best_train", "best_val_accuracy": "exp_col_best_val",
    "gap": "exp_col_gap", "duration": "exp_col_duration", "device": "exp_col_device",
    "start": "exp_col_start", "sweep": "exp_col_sweep", "error": "exp_col_error",
}


# --------------------------------------------------------------------------- names and states

def run_name(row) -> str:
    """``"dli-cnn · mnist-5k · 3f2a1b"`` for a row of the runs table."""
    return f"{row['model']} · {row['dataset']} · {str(row['run_id'])[:6]}"


def view_name(view: store.RunView) -> str:
    """:func:`run_name` of a run view, with the remedy it is ("… · fix: Add dropout")."""
    if view.config is None:
        return view.run_id[:6]
    name = run_name({"model": view.config.model.name, "dataset": view.config.dataset, "run_id": view.run_id})
    if view.remedy:
        name = t("remedy_of", remedy=t_or(f"remedy_{view.remedy}", view.remedy), name=name)
    return name


def run_names(table: pd.DataFrame, run_ids) -> dict[str, str]:
    """``{run_id: run_name}`` from the runs table (the short id for a run not in it)."""
    by_id = table.set_index("run_id") if len(table) else None
    return {rid: run_name(by_id.loc[rid].to_dict() | {"run_id": rid})
            if by_id is not None and rid in by_id.index else str(rid)[:6] for rid in run_ids}


def status_text(status: str) -> str:
    return t_or(f"train_status_{status}", str(status))


def elapsed(seconds: float | None) -> str:
    """``"2:05"``, ``"1:02:05"``, or ``"–"`` when unknown."""
    if seconds is None or not np.isfinite(seconds):
        return "–"
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" if seconds >= 3600 \
        else f"{seconds // 60}:{seconds % 60:02d}"


def error_text(view: store.RunView) -> str:
    """Why the run failed, in the reader's language ("?" when it left no reason)."""
    if view.error is None:
        return "?"
    return ui.run_error_text(view.error.message, view.error.code, view.error.values) or "?"


def error_cells(table: pd.DataFrame) -> list[str]:
    """A table's ``error`` column in the reader's language: a failure with a code
    (``error_code``, ``error_values``) from the catalogue, any other as its English, marked
    as such; "" where the run did not fail."""
    codes = table["error_code"] if "error_code" in table else [""] * len(table)
    values = table["error_values"] if "error_values" in table else [{}] * len(table)
    return [ui.run_error_text(e, c or "", v if isinstance(v, dict) else {}) if e or c else ""
            for e, c, v in zip(table["error"], codes, values)]


def waiting_text(wait: jobs.Waiting) -> str:
    """What a queued run waits for: its place in line, the worker starting, or its start."""
    if wait.reason == "worker":
        return t("train_wait_worker", seconds=f"{wait.seconds:.0f}")
    if wait.reason == "line":
        return auth.place_text(wait.place, wait.seconds)
    return t("train_wait_start")


# --------------------------------------------------------------------------- verdicts and remedies

def curve_labels() -> dict[str, str]:
    return {"accuracy": t("train_accuracy"), "loss": t("train_loss"), "epoch": t("train_epoch"),
            "train": t("train_train"), "val": t("train_val"), "gap": t("train_gap"),
            "onset": t("verdict_onset_mark")}


def show_verdict(history: pd.DataFrame, prefix: str = "") -> verdict.Verdict:
    """Judge ``history`` and show the verdict in a coloured box; return the verdict."""
    v = verdict.verdict(history)
    box = {"overfitting": st.warning, "generalising": st.success}.get(v.kind, st.info)
    box(f"{prefix}{i18n.verdict_text(v)}", icon={"overfitting": ":material/warning:",
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


def remedy_buttons(view: store.RunView, v: verdict.Verdict, key: str) -> str | None:
    """The course's fixes for an overfitting, finished run, one button each; the name of
    the remedy clicked (the page starts it: ``jobs.start_remedy``), else None."""
    if v.kind != "overfitting" or view.status != "finished" or view.config is None:
        return None
    names = remedies.applicable(view.config)
    if not names:
        return None
    st.markdown(f"**{t('remedy_title')}** · {t('remedy_intro')}")
    clicked = None
    for col, name in zip(st.columns(len(names)), names):
        if col.button(t(f"remedy_{name}"), key=f"{key}_{name}_{view.run_id}", help=t(f"remedy_{name}_help")):
            clicked = name
    return clicked


def remedy_change(original: pd.DataFrame, remedy_history: pd.DataFrame, remedy: str) -> str | None:
    """"Use the CNN: gap 14.2 → 2.1 pts, val +11.0 pts", or None until both have an epoch."""
    change = verdict.change(original, remedy_history)
    return None if change is None else t("remedy_change", remedy=t_or(f"remedy_{remedy}", remedy), **change)


# --------------------------------------------------------------------------- the runs table

def table_view(table: pd.DataFrame) -> pd.DataFrame:
    """The runs table (``runs_table(params=True)``) as Experiments shows and exports it.

    The model with its layers ("tiny-cnn (conv 8-4, dense 16)"), the key settings, the
    gap in percentage points, the status and the error (:func:`error_cells`) in the reader's
    language; bookkeeping columns dropped.
    """
    view = store.overview(table)
    if len(view):
        view["model"] = [_model_summary(*row) for row in view[["model", "conv", "dense"]].itertuples(index=False)]
        view["images"] = view["images"].fillna(t("exp_images_all"))
        view["status"] = view["status"].map(status_text)
        view["error"] = error_cells(view)
    view["gap"] = view["gap"] * 100
    view["duration"] = view["duration"].round(1)
    return view[list(TABLE_HEADERS)].reset_index(drop=True)


def _model_summary(model: str, conv: str, dense: str) -> str:
    parts = ([f"{t('exp_model_conv')} {conv}"] if conv else []) + ([f"{t('exp_model_dense')} {dense}"] if dense else [])
    return f"{model} ({', '.join(parts)})" if parts else str(model)


def table_columns() -> dict:
    """``st.dataframe``'s ``column_config`` for :func:`table_view`: headers and formats."""
    config: dict = {column: t(key) for column, key in TABLE_HEADERS.items()}
    for column in ("accuracy", "val_accuracy", "best_accuracy", "best_val_accuracy"):
        config[column] = st.column_config.NumberColumn(t(TABLE_HEADERS[column]), format="percent")
    config["gap"] = st.column_config.NumberColumn(t("exp_col_gap"), format="%+.1f", help=t("train_gap_help"))
    config["duration"] = st.column_config.NumberColumn(t("exp_col_duration"), format="%.0f s")
    config["start"] = st.column_config.DatetimeColumn(t("exp_col_start"), format="YYYY-MM-DD HH:mm")
    return config


# --------------------------------------------------------------------------- what differs between two runs

# A layer's field (cnncore.nn.models.ConvBlock, DenseLayer) → the catalogue key of its name
# on the Architecture page.
_LAYER_FIELDS = {
    "filters": "arch_filters", "kernel_size": "sweep_param_kernel_size", "stride": "arch_stride",
    "padding": "arch_padding", "activation": "exp_setting_activation", "batch_norm": "arch_batch_norm",
    "dropout": "arch_dropout", "pooling": "arch_pooling", "pool_size": "arch_pool_size",
    "pool_stride": "arch_pool_stride", "pool_padding": "arch_pool_padding", "units": "arch_units",
}
_LAYER_LISTS = {   # model.<list> → the keys of its name and of one layer's name ("{i}" from 1)
    "conv_blocks": ("arch_blocks", "exp_setting_block"), "dense_layers": ("arch_dense", "exp_setting_dense")}
_SETTINGS = {"dataset": "exp_col_dataset", "limit": "exp_col_images", "model.name": "exp_col_model"}


def setting_name(path: str) -> str:
    """A setting of a run config (``config_diff``'s dotted path) as the pages name it:
    ``"train.learning_rate"`` → "Learning rate", ``"model.conv_blocks.0.filters"`` →
    "Convolution block 1 · Filters"; an unknown path as it is."""
    parts = path.split(".")
    if path in _SETTINGS:
        return t(_SETTINGS[path])
    if parts[0] == "train" and len(parts) == 2:
        return t_or(f"train_field_{parts[1]}", path)
    if parts[0] == "model" and len(parts) >= 2 and parts[1] in _LAYER_LISTS:
        whole, one = _LAYER_LISTS[parts[1]]
        if len(parts) == 2:
            return t(whole)
        if len(parts) == 4 and parts[2].isdigit() and parts[3] in _LAYER_FIELDS:
            return f"{t(one, i=int(parts[2]) + 1)} · {t(_LAYER_FIELDS[parts[3]])}"
    return path


def setting_value(value) -> str:
    """A config value as the diff shows it: yes/no for a flag, "none" for no layers, "–" for
    a setting the run lacks."""
    if isinstance(value, bool):
        return t("exp_setting_yes" if value else "exp_setting_no")
    if value == []:
        return t("exp_setting_none")
    return "–" if value is None else str(value)


def diff_view(diff: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """``cnncore.nn.inspection.config_diff`` as Experiments shows it: each setting by its
    name, each value in words, under the two runs' names ``a`` and ``b``."""
    return pd.DataFrame({t("exp_diff_setting"): [setting_name(s) for s in diff["setting"]],
                         a: [setting_value(v) for v in diff["a"]],
                         b: [setting_value(v) for v in diff["b"]]})
