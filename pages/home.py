"""Home: what CNN Lab is, who is using it (open or hosted mode), the path through it,
and the environment it runs in."""

from __future__ import annotations

import streamlit as st

from dashboard import auth, environment, nav
from dashboard.i18n import t

st.title(t("home_title"))
st.markdown(t("home_tagline"))
st.caption(t("home_audience"))
auth.render_status()

st.subheader(t("home_path"))
for spec in nav.PAGES:
    if spec.url_path != "home":   # each step of the path opens its page
        st.page_link(spec.file, label=t(f"home_step_{spec.url_path}"), icon=spec.icon)

st.subheader(t("home_environment"))
environment.render()
