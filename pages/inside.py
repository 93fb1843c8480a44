"""Inside the model: a finished run's model, or your own ``.keras`` file: its learned kernels,
its feature maps, and what its filters respond to."""

from __future__ import annotations

import streamlit as st

from cnncore import store
from dashboard import auth, caches, inside_views, run_views, ui
from dashboard.i18n import t

RUN, UPLOAD = "run", "upload"

st.title(t("inside_title"))
st.markdown(t("inside_intro"))

source = st.radio(t("inside_source"), [RUN, UPLOAD], key="inside_source", horizontal=True,
                  format_func=lambda s: t(f"inside_source_{s}"))
if source == UPLOAD:
    inside_views.own_model(auth.user())
    st.stop()

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

inside_views.learned_kernels(model, data.image_shape[-1])
inside_views.feature_maps(probe, lambda: inside_views.validation_image(data))
inside_views.top_images(model, probe, data,
                        lambda layer: caches.filter_scores(run_id, layer, inside_views.SCORED))
