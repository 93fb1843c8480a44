"""Inside the model: a finished run's learned kernels, its feature maps, and what its
filters respond to."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from cnncore import store
from cnncore.nn import inspection
from cnncore.ops import kernels
from dashboard import caches, i18n, run_views, training_figures, ui
from dashboard.i18n import t

SCORED = 1000       # validation images searched for a filter's strongest responses
TOP = 9             # images shown per filter
MAX_MAPS = 64       # feature maps drawn per layer at most


def kernel_title(name: str) -> str:
    """A hand-made kernel's name as the Convolution page calls it ("sobel_vertical" → its words)."""
    return i18n.t_or(f"conv_kernel_{name}", name)


st.title(t("inside_title"))
st.markdown(t("inside_intro"))

table = caches.runs_table()
finished = table[table["status"] == "finished"] if len(table) else table
if finished.empty:
    ui.guide_to_train("inside_no_runs")
    st.stop()

ids = list(finished["run_id"])
names = run_views.run_names(table, ids)
wanted = st.query_params.get("run")
run_id = st.selectbox(t("inside_pick_run"), ids, key="inside_run", format_func=names.get,
                      index=ids.index(wanted) if wanted in ids else 0)
try:
    config = store.run_config(run_id)
    if not config.model.conv_blocks:
        st.info(t("inside_dense_only", model=config.model.name), icon=":material/info:")
        st.stop()
    with st.spinner(t("inside_loading")):
        model = caches.model(run_id)
        probe = caches.probe(run_id)
        data = caches.run_dataset(config)
except (ValueError, OSError) as exc:
    ui.show_error(exc)
    st.stop()

# ---------------------------------------------------------------- learned kernels
st.subheader(t("inside_kernels"))
st.markdown(t("inside_kernels_intro"))
learned = inspection.first_layer_kernels(model)                       # (F, kh, kw)
matches = inspection.kernel_matches(learned)
titles = [f"#{m.filter + 1}" for m in matches]
columns = st.slider(t("inside_columns"), 4, 16, key="inside_columns")
st.plotly_chart(training_figures.heatmap_grid(learned, titles, columns=columns, diverging=True,
                                              value_label=t("inside_weight"), cell_label=t("fig_hover_position")),
                key="inside_kernel_grid", config={"displayModeBar": False})
if data.image_shape[-1] > 1:
    st.caption(t("inside_channels_averaged", channels=data.image_shape[-1]))

resemblance = pd.DataFrame([{
    t("inside_filter"): f"#{m.filter + 1}",
    t("inside_resembles"): (kernel_title(m.kernel) if m.kernel else "–")
    + (f" ({t('inside_inverted')})" if m.inverted else ""),
    t("inside_similarity"): abs(m.similarity),
} for m in matches])
left, right = st.columns([2, 1])
with left:
    st.dataframe(resemblance, hide_index=True, width="stretch", height=260, column_config={
        t("inside_similarity"): st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="%.2f")})
with right:
    counts = pd.Series([m.kernel for m in matches if m.kernel]).value_counts()
    st.markdown(t("inside_kernel_counts"))
    for kernel_name, n in counts.items():
        st.markdown(f"- **{kernel_title(kernel_name)}**: {n}")
    st.caption(t("inside_similarity_help"))
    if st.toggle(t("inside_show_presets"), key="inside_show_presets"):
        presets = [k for k in counts.index] or list(kernels.PRESETS)[:4]
        st.plotly_chart(training_figures.heatmap_grid(
            np.stack([inspection.fit_kernel(kernels.PRESETS[k], learned.shape[1:]) for k in presets]),
            [kernel_title(k) for k in presets], columns=min(4, len(presets)), diverging=True,
            value_label=t("inside_weight"), cell_label=t("fig_hover_position")),
            key="inside_preset_grid", config={"displayModeBar": False})

# ---------------------------------------------------------------- feature maps
st.subheader(t("inside_maps"))
st.markdown(t("inside_maps_intro"))
pick, image_col = st.columns([3, 1])
with pick:
    class_name = st.selectbox(t("inside_class"), data.class_names, key="inside_class",
                              format_func=i18n.class_name)
    members = np.flatnonzero(data.y_val == data.class_names.index(class_name))
    if len(members) == 0:
        st.info(t("inside_no_images"))
        st.stop()
    nth = st.slider(t("inside_image"), 1, len(members), 1, key="inside_image") if len(members) > 1 else 1
    index = int(members[nth - 1])
    shown = st.slider(t("inside_maps_shown"), 4, MAX_MAPS, step=4, key="inside_maps_shown")
with image_col:
    st.image(training_figures.enlarge(data.x_val[index], 140),
             caption=t("inside_image_caption", index=index, label=i18n.class_name(class_name)))

with ui.reporting_errors():
    maps = probe.maps(data.x_val[index:index + 1])
    blocks = sorted({layer.block for layer in probe.layers})
    tabs = st.tabs([t("inside_block", block=b) for b in blocks])
    for tab, block in zip(tabs, blocks):
        with tab:
            stages = [layer for layer in probe.layers if layer.block == block]
            for layer in stages:
                fmap = maps[layer.name][0]                               # (h, w, F)
                count = min(shown, fmap.shape[-1])
                st.markdown(t(f"inside_stage_{layer.stage}", layer=layer.name, h=fmap.shape[0],
                              w=fmap.shape[1], filters=fmap.shape[-1], shown=count))
                st.plotly_chart(training_figures.heatmap_grid(
                    np.moveaxis(fmap[..., :count], -1, 0), [f"#{i + 1}" for i in range(count)],
                    columns=8, value_label=t("inside_activation"), cell_label=t("fig_hover_position"),
                    cell_px=120),
                    key=f"inside_maps_{layer.name}", config={"displayModeBar": False})

# ---------------------------------------------------------------- what a filter looks for
st.subheader(t("inside_top"))
st.markdown(t("inside_top_intro", n=min(SCORED, len(data.y_val))))
conv_layers = [layer.name for layer in probe.layers if layer.stage == "activation"]
left, right = st.columns(2)
layer_name = left.selectbox(t("inside_layer"), conv_layers, key="inside_top_layer")
filters = int(model.get_layer(layer_name).filters)
chosen = right.number_input(t("inside_filter_number", filters=filters), 1, filters, 1, key="inside_top_filter")
with ui.reporting_errors(), st.spinner(t("inside_scoring")):
    scores = caches.filter_scores(run_id, layer_name, SCORED)
    top = inspection.top_activating(scores, int(chosen) - 1, TOP)
    st.image([training_figures.enlarge(data.x_val[i]) for i in top], width=84,
             caption=[f"{i18n.class_name(data.class_names[int(data.y_val[i])])} · {scores[i, int(chosen) - 1]:.2f}" for i in top])
    st.caption(t("inside_top_help"))
