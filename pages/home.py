"""Home: what CNN Lab is, the path through it, and the environment it runs in."""

from __future__ import annotations

import streamlit as st

from dashboard import environment, nav
from dashboard.i18n import t

st.title(t("home_title"))
st.markdown(t("home_tagline"))
st.caption(t("home_audience"))

st.subheader(t("home_path"))
registered = {spec.url_path for spec in nav.PAGES}
steps = ["convolution", "pooling", "architecture", "train", "experiments", "inside", "sweeps"]
for number, step in enumerate((s for s in steps if s in registered), start=1):
    st.markdown(f"{number}. {t('home_step_' + step)}")

st.subheader(t("home_environment"))
environment.render()
