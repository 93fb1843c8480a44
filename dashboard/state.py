"""Session-state defaults for every page, set in one place.

Keys are prefixed with their page (``conv_stride``) so pages never collide. Widgets take
their value from these keys (``key="conv_stride"``, no ``value=``), and every run
re-assigns them: Streamlit otherwise forgets the value of a widget that is not drawn on
the current page, and a learner coming back to a page would find it reset.
"""

from __future__ import annotations

import streamlit as st

DEFAULTS: dict[str, object] = {
    "app_lang": "en",
    # Convolution
    "conv_image": "deck",         # the deck's 6x6 example: every number shown
    "conv_kernel": "blur",
    "conv_stride": 1,
    "conv_padding": "valid",
    "conv_pad": 1,                # rings of zeros when padding is "zeros"; 1 gives the deck's 8x8
    "conv_display": "clip",
    "conv_cell": 1,               # output cell traced, 1-based, row by row
    "conv_kernel_rows": 3,
    "conv_kernel_cols": 3,
    "conv_last_preset": "blur",   # the custom grid starts from it
    "conv_custom_base": None,     # rows of the custom grid before edits; None: the last preset
    "conv_custom_kernel": None,   # the custom kernel as last edited
    "conv_url_read": False,       # the URL's settings are applied once per session
    # Pooling & Dropout
    "pool_mode": "max",
    "pool_size": 2,
    "pool_stride": 2,
    "pool_padding": "valid",
    "pool_drop_rate": 0.2,
    "pool_drop_seed": 0,          # the Re-sample button adds one
    # Architecture
    "arch_config": None,          # ModelConfig dict being edited; None: the preset
    "arch_preset": "dli-cnn",
    "arch_input": "28x28x1",
    "arch_classes": 24,
    "arch_url_read": False,       # the URL's config is loaded once per session
    # Train
    "train_dataset": "mnist-scattered",  # the course data set: real digits placed like hands in photos
    "train_limit": 0,             # images to use; 0: all
    "train_shapes_n": 1500,
    "train_watch": None,          # run ids this session last started (the URL has them too)
    # Experiments
    "exp_confirm_delete": None,   # the run ids a Delete click asks to confirm
    # Inside the model
    "inside_columns": 10,         # kernels per row of the grid
    "inside_maps_shown": 16,      # feature maps drawn per layer
    # Sweeps
    "sweep_dataset": "mnist-5k",
    "sweep_limit": 1000,          # a sweep trains many models: a subset keeps it to minutes
    "sweep_model_source": "dli-cnn",
    "sweep_mode": "grid",
    "sweep_params": ["dropout", "pooling"],   # the deck's two regularising choices
    "sweep_values_kernel_size": "3, 5",
    "sweep_values_stride": "1, 2",
    "sweep_values_padding": "same, valid",
    "sweep_values_pooling": "max, average",
    "sweep_values_dropout": "0, 0.2, 0.4",    # the deck's three rates
    "sweep_values_filters": "16, 32, 64",
    "sweep_values_dense_units": "64, 256, 512",
    "sweep_values_dense_dropout": "0, 0.3",
    "sweep_values_learning_rate": "0.0003, 0.001, 0.003",
    "sweep_values_batch_size": "32, 128",
    "sweep_values_optimizer": "adam, sgd",
    "sweep_trials": 8,            # random samples
    "sweep_concurrent": 1,        # trials at once; two cores train one model as fast as two
    "sweep_gpus": "auto",
    "sweep_name": "",
    "sweep_asha": False,
    "sweep_open": None,           # the sweep shown; None: the URL's, else the newest
    # Class
    "class_dataset": "mnist-5k",
    "class_limit": 1000,          # thirty students' runs: a subset keeps each to a minute
    "class_student_name": "",     # the name a student types on an open dashboard (everyone is "local")
}


# Hand-off keys: written by one page for another to read, with no default (absent until
# the writing page has run). Pages use these names, never the bare strings.
ARCH_MODEL_CONFIG = "arch_model_config"
CONV_FEATURE_MAP = "conv_feature_map"
EXP_OPEN_RUN = "exp_open_run"

HANDOFF: dict[str, str] = {
    ARCH_MODEL_CONFIG: "ModelConfig dict that Architecture's 'Train this model' hands to Train and Sweeps",
    CONV_FEATURE_MAP: "Convolution's last result (image_name, kernel_name, kernel, stride, padding, "
                      "feature_map) that Pooling pools",
    EXP_OPEN_RUN: "run id Experiments opens (its selectbox); Sweeps' 'open the best trial' sets it",
}


def init_defaults() -> None:
    """Set every default that the session does not have yet."""
    for key, value in DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = value


_SEEDED = "_seeded_settings"   # keys given a default by seed(), kept like DEFAULTS


def seed(key: str, value) -> str:
    """Give widget ``key`` its starting ``value`` once, and keep it across pages.

    For widgets whose defaults are known only at run time (one per ``TrainConfig``
    field, say): draw the widget with ``key=seed(key, value)`` and no ``value=``.
    """
    if key not in st.session_state:
        st.session_state[key] = value
    seeded = st.session_state.get(_SEEDED)
    if seeded is None:
        seeded = st.session_state[_SEEDED] = set()
    seeded.add(key)
    return key


def keep_settings() -> None:
    """Re-assign every page's settings, so they survive while another page is shown.

    Called once per run by the app shell, before any widget is drawn.
    """
    for key in [*DEFAULTS, *st.session_state.get(_SEEDED, ())]:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
