"""Pooling & Dropout: the deck's max-pool example, pooling a real feature map, dropout."""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

from cnncore.ops import convolution, images, kernels
from cnncore.ops.dropout import dropout, dropout_mask
from cnncore.ops.pooling import MODES, PADDINGS, pool2d
from dashboard import figures, i18n, layer_figures, state
from dashboard.i18n import t
from dashboard.ui import reporting_errors

DECK_INPUT = np.array([[110, 256, 153, 67], [12, 89, 88, 43], [10, 15, 50, 55], [23, 9, 49, 23]],
                      dtype=np.float64)
WINDOW_CHOICES = [1, 2, 3, 4]
DECK_RATES = (0.0, 0.2, 0.4)   # the deck's three dropout pictures
DEFAULT_SIDE = 128              # the camera photo shrunk 4× so the default map is light to draw
NEURONS = 16
SMALL_SIDE = 12                 # maps up to 12×12 (the deck's) are drawn with every number

state.init_defaults()   # the shell does this too; here so the page also runs on its own


@st.cache_data(show_spinner=False)
def default_feature_map() -> np.ndarray:
    """The camera photo, average-pooled to 128×128, through the vertical Sobel kernel."""
    photo = pool2d(images.sample_image("camera"), size=512 // DEFAULT_SIDE, mode="average")
    return convolution.conv2d(photo, kernels.PRESETS["sobel_vertical"])   # (126, 126)


def blocky(values: np.ndarray, factor: int) -> np.ndarray:
    """Repeat each pixel ``factor`` times per side so a pooled map shows as blocks, not blur."""
    return np.repeat(np.repeat(values, factor, axis=0), factor, axis=1)


def show_map(values: np.ndarray, caption: str, *, key: str, factor: int = 1) -> None:
    """A small (H, W) map cell by cell with its numbers; a larger one, or (H, W, 3), as a picture."""
    title = f"{caption} · {values.shape[0]}×{values.shape[1]}"
    if values.ndim == 2 and max(values.shape) <= SMALL_SIDE:
        st.plotly_chart(figures.heatmap(values, colorscale="Oranges", title=title), key=key)
        return
    picture = figures.to_display(blocky(values, factor), mode="rescale")
    st.image(figures.png_bytes(picture), caption=title, width="stretch")


st.title(t("pool_title"))
st.markdown(t("pool_intro"))

# --- pooling controls: one set for the deck's example and the feature map -------------
st.subheader(t("pool_controls"))
c_mode, c_size, c_stride, c_pad = st.columns(4)
mode = c_mode.radio(t("pool_mode"), MODES, key="pool_mode",
                    format_func=lambda m: t(f"pool_mode_{m}"))
size = c_size.selectbox(t("pool_size"), WINDOW_CHOICES, key="pool_size",
                        format_func=lambda k: f"{k}×{k}")
stride = c_stride.selectbox(t("pool_stride"), WINDOW_CHOICES, key="pool_stride")
padding = c_pad.radio(t("pool_padding"), PADDINGS, key="pool_padding",
                      format_func=lambda p: t(f"pool_padding_{p}"))
st.caption(t("pool_size_rule"))

# --- the deck's 4×4 example --------------------------------------------------------------
st.subheader(t("pool_deck_header"))
with reporting_errors():
    pooled = pool2d(DECK_INPUT, size=size, stride=stride, mode=mode, padding=padding)
    left, right = st.columns([4, 3])
    left.plotly_chart(figures.heatmap(DECK_INPUT, title=t("pool_deck_input")), key="pool_deck_in_fig")
    right.plotly_chart(figures.heatmap(pooled, colorscale="Oranges",
                                       title=t("pool_deck_output", h=pooled.shape[0], w=pooled.shape[1])),
                       key="pool_deck_out_fig")
    st.caption(t("pool_deck_caption", size=size, stride=stride, what=t(f"pool_what_{mode}")))
    with st.expander(t("pool_compare")):
        for column, other in zip(st.columns(2), MODES):
            column.plotly_chart(
                figures.heatmap(pool2d(DECK_INPUT, size=size, stride=stride, mode=other, padding=padding),
                                colorscale="Oranges", title=t(f"pool_mode_{other}")),
                key=f"pool_compare_{other}_fig")

# --- a real feature map: the Convolution page's, or a default ----------------------------
st.subheader(t("pool_fm_header"))
made = st.session_state.get(state.CONV_FEATURE_MAP)
if isinstance(made, dict) and made.get("feature_map") is not None:
    feature_map = np.asarray(made["feature_map"], dtype=np.float64)
    image_name, kernel_name = made.get("image_name", "?"), made.get("kernel_name", "?")
    st.markdown(t("pool_fm_from_conv", image=i18n.t_or(f"conv_image_{image_name}", image_name),
                  kernel=i18n.t_or(f"conv_kernel_{kernel_name}", kernel_name)))
else:
    feature_map = default_feature_map()
    st.markdown(t("pool_fm_default", side=DEFAULT_SIDE))

pooled_map = None
with reporting_errors():
    pooled_map = pool2d(feature_map, size=size, stride=stride, mode=mode, padding=padding)
    h, w = feature_map.shape[:2]
    oh, ow = pooled_map.shape[:2]
    before, after = st.columns(2)
    with before:
        show_map(feature_map, t("pool_fm_before"), key="pool_fm_before_fig")
    with after:
        show_map(pooled_map, t("pool_fm_after"), key="pool_fm_after_fig", factor=max(1, math.ceil(h / oh)))
    st.caption(t("pool_fm_shrink", h=h, w=w, oh=oh, ow=ow, ratio=(oh * ow) / (h * w)))

# --- dropout -------------------------------------------------------------------------------
st.subheader(t("pool_drop_header"))
c_rate, c_button = st.columns([3, 1])
rate = c_rate.slider(t("pool_drop_rate"), 0.0, 0.9, step=0.05, key="pool_drop_rate")
c_button.button(t("pool_drop_resample"), key="pool_drop_resample", icon=":material/casino:",
                on_click=lambda: st.session_state.update(pool_drop_seed=st.session_state["pool_drop_seed"] + 1))
seed = st.session_state["pool_drop_seed"]
st.info(t("pool_drop_scaling", rate=rate, scale=1 / (1 - rate)), icon=":material/functions:")

st.markdown(f"**{t('pool_drop_neurons')}**")
activations = np.random.default_rng(42).uniform(0.2, 1.0, NEURONS)   # (units,) one fixed layer
neuron_rows = []
for i, r in enumerate(dict.fromkeys((*DECK_RATES, rate))):   # the deck's rates, then yours
    kept = dropout_mask(NEURONS, rate=r, seed=seed * 10 + i)
    neuron_rows.append((t("pool_drop_row", rate=r), dropout(activations, rate=r, mask=kept), kept))
st.plotly_chart(layer_figures.dropout_neurons(neuron_rows), key="pool_drop_neurons_fig")

if pooled_map is not None:
    st.markdown(f"**{t('pool_drop_map')}**")
    kept = dropout_mask(pooled_map.shape, rate=rate, seed=seed)
    dropped_map = dropout(pooled_map, rate=rate, mask=kept)
    before, after = st.columns(2)
    with before:
        show_map(pooled_map, t("pool_fm_after"), key="pool_drop_before_fig")
    with after:
        show_map(dropped_map, t("pool_drop_after", rate=rate), key="pool_drop_after_fig")
    st.caption(t("pool_drop_measured", dropped=1 - kept.mean(), n=kept.size,
                 before=pooled_map.mean(), after=dropped_map.mean()))
