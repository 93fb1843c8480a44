"""Widgets the pages share, one copy each: the data-set picker, the model source, the layer
table and the training-settings form.

Widget keys are prefixed with the page that draws them (``train_dataset``,
``sweep_dataset``), so two pages keep their own choices.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from cnncore import datasets
from cnncore.nn import models, training
from dashboard import auth, caches, state, ui
from dashboard.i18n import t, t_or

UPLOAD = "__upload__"                 # the picker's "your own file" choice
ARCHITECTURE = "__architecture__"     # the model-source radio's "from the Architecture page"
SIGN_LANGUAGE = "sign-language-mnist"
SHAPES_N = 1500                       # images the shapes generator makes unless told


# --------------------------------------------------------------------------- data set

@dataclasses.dataclass(frozen=True)
class DataChoice:
    """A data set as a run names it: ``RunConfig(dataset=name, limit=limit, dataset_options=options)``."""

    name: str                         # a data set of datasets.NAMES, an upload id, or "data:<file>"
    limit: int | None = None          # images to use; None: all
    options: dict = dataclasses.field(default_factory=dict)


def dataset_picker(prefix: str) -> DataChoice | None:
    """The one data-set picker: the built-in data sets, the files the admin offers in
    ``CNNLAB_DATA`` (by name, never a path), or an upload; with the images to use.

    Returns ``None`` until the choice is complete (no file uploaded yet, no course CSV on
    the server); an upload that is refused is shown as an error.
    """
    server = [datasets.DATA_PREFIX + name for name in datasets.server_files()]
    left, mid, right = st.columns([2, 1, 1])
    name = left.selectbox(t(f"{prefix}_dataset"), [*datasets.NAMES, *server, UPLOAD], key=f"{prefix}_dataset",
                          format_func=_dataset_label)
    limit = mid.number_input(t(f"{prefix}_limit"), min_value=0, step=500, key=f"{prefix}_limit",
                             help=t(f"{prefix}_limit_help"))
    options: dict = {}
    if name == "shapes":
        options["n"] = int(right.number_input(t("train_shapes_n"), min_value=30, step=500,
                                              key=state.seed(f"{prefix}_shapes_n", SHAPES_N)))
    elif name == SIGN_LANGUAGE:           # the course's CSV, from the server's data folder by name
        files = datasets.server_files((".csv",))
        if not files:
            st.info(t("train_sl_file_needed"), icon=":material/folder_open:")
            return None
        options["file"] = right.selectbox(t("train_sl_file"), files, key=f"{prefix}_sl_file",
                                          help=t("train_sl_file_help"))
    elif name == UPLOAD:
        name = _uploaded(prefix)
        if name is None:
            return None
    return DataChoice(name, int(limit) or None, options)


def _dataset_label(name: str) -> str:
    if name == UPLOAD:
        return t("train_dataset_upload")
    if name.startswith(datasets.DATA_PREFIX):
        return t("train_dataset_server", name=name[len(datasets.DATA_PREFIX):])
    return name


def _uploaded(prefix: str) -> str | None:
    """The id of the data set uploaded with this page's uploader, once it is saved."""
    upload = st.file_uploader(t("train_upload"), type=["csv", "npz", "zip"], key=f"{prefix}_upload",
                              help=t("train_upload_help"))
    if upload is None:
        return None
    with ui.reporting_errors():
        return caches.saved_upload(upload.name, upload.getvalue(), auth.acting_user())
    return None


# --------------------------------------------------------------------------- model

def model_source(prefix: str, label: str, architecture_label: str) -> tuple[str, models.ModelConfig]:
    """A radio of the model presets, and the Architecture page's model first when there is
    one; ``(choice, its ModelConfig)``. Raises the config's ``ValueError`` for a bad one."""
    arch = st.session_state.get(state.ARCH_MODEL_CONFIG)
    choices = ([ARCHITECTURE] if arch else []) + list(models.PRESETS)
    key = f"{prefix}_model_source"
    if st.session_state.get(key) not in choices:      # first visit: what Architecture handed over
        st.session_state[key] = ARCHITECTURE if arch else "dli-cnn"
    source = st.radio(label, choices, key=key, horizontal=True,
                      format_func=lambda c: architecture_label if c == ARCHITECTURE else t_or(f"arch_preset_{c}", c))
    return source, models.ModelConfig.from_dict(arch) if source == ARCHITECTURE else models.PRESETS[source]


def layer_table(rows) -> pd.DataFrame:
    """:func:`cnncore.nn.models.describe`'s rows: layer, type, output shape, parameters."""
    return pd.DataFrame({
        t("arch_col_layer"): [r.name for r in rows],
        t("arch_col_type"): [r.kind for r in rows],
        t("arch_col_shape"): [" × ".join(map(str, r.output_shape)) for r in rows],
        t("arch_col_params"): [r.params for r in rows],
    })


# --------------------------------------------------------------------------- training settings

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
