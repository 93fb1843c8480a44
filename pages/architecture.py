"""Architecture: assemble a CNN from a preset, see every layer's shape and parameters."""

from __future__ import annotations

import re
from dataclasses import replace

import streamlit as st

from cnncore.checks import query_int
from cnncore.nn.models import (
    PADDINGS,
    POOLINGS,
    PRESETS,
    ConvBlock,
    DenseLayer,
    ModelConfig,
    describe,
    validate,
)
from dashboard import layer_figures, nav, share, state, widgets
from dashboard.i18n import t, t_or
from dashboard.ui import show_error

INPUTS = {"28x28x1": (28, 28, 1), "32x32x3": (32, 32, 3), "8x8x1": (8, 8, 1)}   # ASL/MNIST, CIFAR-10, digits
NEW_DENSE = DenseLayer(128)
ROW_WIDGET = re.compile(r"arch_[bd]\d+_")   # per-block and per-dense-layer widget keys
TRAIN_PAGE = "pages/train.py"

state.init_defaults()   # the shell does this too; here so the page also runs on its own


# --- the config being edited lives in the plain key "arch_config" ----------------------------

def current() -> ModelConfig:
    data = st.session_state["arch_config"]
    return ModelConfig.from_dict(data) if data is not None else PRESETS[st.session_state["arch_preset"]]


def set_config(config: ModelConfig) -> None:
    """Replace the config; the row widgets are re-seeded from it on the next run."""
    st.session_state["arch_config"] = config.to_dict()
    for key in [k for k in st.session_state if ROW_WIDGET.match(k)]:
        del st.session_state[key]


def load_preset() -> None:
    set_config(PRESETS[st.session_state["arch_preset"]])


def add_block() -> None:
    config = current()
    new = config.conv_blocks[-1] if config.conv_blocks else ConvBlock()
    set_config(replace(config, conv_blocks=config.conv_blocks + (new,)))


def remove_block(index: int) -> None:
    config = current()
    set_config(replace(config, conv_blocks=config.conv_blocks[:index] + config.conv_blocks[index + 1:]))


def add_dense() -> None:
    config = current()
    set_config(replace(config, dense_layers=config.dense_layers + (NEW_DENSE,)))


def remove_dense(index: int) -> None:
    config = current()
    set_config(replace(config, dense_layers=config.dense_layers[:index] + config.dense_layers[index + 1:]))


def read_url_once() -> None:
    """Open the architecture a shared link carries (``?arch=...&arch_input=...``)."""
    if st.session_state["arch_url_read"]:
        return
    st.session_state["arch_url_read"] = True
    params = st.query_params
    if params.get("arch_input") in INPUTS:
        st.session_state["arch_input"] = params["arch_input"]
    classes = query_int(params.get("arch_classes"))         # "²".isdigit() is True; int("²") fails
    if classes is not None and 1 <= classes <= 1000:         # the widget's range
        st.session_state["arch_classes"] = classes
    if "arch" in params:
        try:
            config = ModelConfig.from_dict(share.decode_config(params["arch"]))
            validate(config)
        except (ValueError, TypeError, AttributeError) as exc:
            show_error(ValueError(t("arch_url_invalid", error=exc)))
            return
        set_config(config)


def write_url(config: ModelConfig) -> None:
    st.query_params.update(arch=share.encode_config(config.to_dict()),
                           arch_input=st.session_state["arch_input"],
                           arch_classes=str(st.session_state["arch_classes"]))


# --- widgets -----------------------------------------------------------------------------------

def seeded(key: str, value, low=None, high=None) -> str:
    """Give a widget its value from the config the first time it is drawn (kept across pages)."""
    if low is not None:
        value = min(max(value, low), high)   # a shared link may hold values beyond the widget
    return state.seed(key, value)


def integer(column, label: str, key: str, value: int, low: int, high: int) -> int:
    return column.number_input(t(label), min_value=low, max_value=high, step=1,
                               key=seeded(key, value, low, high))


def rate(column, key: str, value: float) -> float:
    return column.number_input(t("arch_dropout"), min_value=0.0, max_value=0.95, step=0.05,
                               format="%.2f", key=seeded(key, float(value), 0.0, 0.95))


def choice(column, label: str, key: str, value: str, options, *, labels: str | None = None,
           disabled: bool = False) -> str:
    fmt = (lambda o: t(f"{labels}_{o}")) if labels else str
    return column.selectbox(t(label), options, key=seeded(key, value), format_func=fmt, disabled=disabled)


def block_editor(i: int, block: ConvBlock) -> ConvBlock:
    """The widgets of conv block ``i`` (1-based); returns the block they describe."""
    key = f"arch_b{i}_"
    with st.container(border=True):
        head, remove = st.columns([3, 1])
        head.markdown(f"**{t('arch_block', i=i)}**")
        remove.button(t("arch_remove"), key=key + "remove", icon=":material/delete:",
                      on_click=remove_block, args=(i - 1,))
        c = st.columns(5)
        filters = integer(c[0], "arch_filters", key + "filters", block.filters, 1, 1024)
        kernel = integer(c[1], "arch_kernel", key + "kernel", block.kernel_size, 1, 15)
        stride = integer(c[2], "arch_stride", key + "stride", block.stride, 1, 8)
        padding = choice(c[3], "arch_padding", key + "padding", block.padding, PADDINGS)
        dropout = rate(c[4], key + "dropout", block.dropout)
        c = st.columns(5)
        pooling = choice(c[0], "arch_pooling", key + "pooling", block.pooling, POOLINGS,
                         labels="arch_pooling")
        off = pooling == "none"
        pool_size = c[1].number_input(t("arch_pool_size"), min_value=1, max_value=8, step=1,
                                      key=seeded(key + "pool_size", block.pool_size, 1, 8), disabled=off)
        pool_stride = c[2].number_input(t("arch_pool_stride"), min_value=1, max_value=8, step=1,
                                        key=seeded(key + "pool_stride", block.pool_stride, 1, 8), disabled=off)
        pool_padding = choice(c[3], "arch_pool_padding", key + "pool_padding", block.pool_padding,
                              PADDINGS, disabled=off)
        batch_norm = c[4].checkbox(t("arch_batch_norm"), key=seeded(key + "bn", block.batch_norm))
    return replace(block, filters=filters, kernel_size=kernel, stride=stride, padding=padding,
                   dropout=dropout, batch_norm=batch_norm, pooling=pooling, pool_size=pool_size,
                   pool_stride=pool_stride, pool_padding=pool_padding)


def dense_editor(i: int, dense: DenseLayer) -> DenseLayer:
    key = f"arch_d{i}_"
    c = st.columns([2, 2, 1], vertical_alignment="bottom")
    units = integer(c[0], "arch_units", key + "units", dense.units, 1, 4096)
    dropout = rate(c[1], key + "dropout", dense.dropout)
    c[2].button(t("arch_remove"), key=key + "remove", icon=":material/delete:",
                on_click=remove_dense, args=(i - 1,))
    return replace(dense, units=units, dropout=dropout)


# --- the page ---------------------------------------------------------------------------------

st.title(t("arch_title"))
st.markdown(t("arch_intro"))
read_url_once()

top = st.columns([3, 1, 1, 1], vertical_alignment="bottom")
top[0].selectbox(t("arch_preset"), list(PRESETS), key="arch_preset",
                 format_func=lambda name: t_or(f"arch_preset_{name}", name), on_change=load_preset)
top[1].button(t("arch_reset"), key="arch_reset", on_click=load_preset, icon=":material/restart_alt:")
input_key = top[2].selectbox(t("arch_input"), list(INPUTS), key="arch_input",
                             format_func=lambda k: k.replace("x", "×"))
classes = top[3].number_input(t("arch_classes"), min_value=1, max_value=1000, step=1, key="arch_classes")

editors, results = st.columns([3, 2], gap="large")
config = current()
with editors:
    st.subheader(t("arch_blocks"))
    if not config.conv_blocks:
        st.caption(t("arch_no_blocks"))
    blocks = tuple(block_editor(i, b) for i, b in enumerate(config.conv_blocks, start=1))
    st.button(t("arch_add_block"), key="arch_add_block", on_click=add_block, icon=":material/add:")
    st.subheader(t("arch_dense"))
    dense = tuple(dense_editor(i, d) for i, d in enumerate(config.dense_layers, start=1))
    st.button(t("arch_add_dense"), key="arch_add_dense", on_click=add_dense, icon=":material/add:")
    st.caption(t("arch_output_note", classes=classes))

edited = replace(config, conv_blocks=blocks, dense_layers=dense)
preset = PRESETS[st.session_state["arch_preset"]]
edited = replace(edited, name=preset.name if replace(edited, name=preset.name) == preset else "custom")
st.session_state["arch_config"] = edited.to_dict()
write_url(edited)

with results:
    st.subheader(t("arch_layers"))
    try:
        rows = describe(edited, INPUTS[input_key], classes)
    except ValueError as exc:
        rows = None
        show_error(exc)
    if rows is not None:
        st.metric(t("arch_total"), f"{sum(r.params for r in rows):,}")
        st.dataframe(widgets.layer_table(rows), hide_index=True, key="arch_table")
        st.markdown(f"**{t('arch_flow')}**")
        st.plotly_chart(layer_figures.shape_flow(rows, values_label=t("arch_values")), key="arch_flow_fig")
    train = next((spec for spec in nav.PAGES if spec.path == TRAIN_PAGE), None)
    if train is None:
        st.caption(t("arch_train_soon"))
    elif st.button(t("arch_train"), key="arch_train", type="primary", disabled=rows is None,
                   icon=":material/model_training:"):
        st.session_state[state.ARCH_MODEL_CONFIG] = edited.to_dict()
        st.switch_page(train.file)
    st.caption(t("arch_share"))
