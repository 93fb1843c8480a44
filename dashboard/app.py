"""CNN Lab's entry point: ``streamlit run dashboard/app.py``.

Registers every page of :data:`dashboard.nav.PAGES` in its section and draws the
language switch. With sign-in configured (an ``[auth]`` section in the secrets), a page
that shows runs asks an anonymous visitor to log in instead (:mod:`dashboard.auth`).
Nothing slow happens here: the health endpoint must answer within
seconds of start, and TensorFlow is imported only by the pages that train.
"""

from __future__ import annotations

import streamlit as st

from cnncore import store
from dashboard import auth, i18n, keras_state, nav, state, ui, warm
from dashboard.i18n import t

st.set_page_config(page_title="CNN Lab", page_icon=":material/grid_on:", layout="wide")

# The language lives in the URL too, so a shared link opens in the sender's language.
if i18n.LANG_KEY not in st.session_state and st.query_params.get("lang") in i18n.LANGUAGES:
    st.session_state[i18n.LANG_KEY] = st.query_params["lang"]
state.init_defaults()
state.keep_settings()
warm.start()          # a training worker, in the background, once per server process

st.sidebar.radio(
    i18n.t("lang_label"),
    options=list(i18n.LANGUAGES),
    format_func=i18n.LANGUAGES.get,
    key=i18n.LANG_KEY,
    horizontal=True,
)
st.query_params["lang"] = i18n.current_language()
auth.sidebar()

sections: dict[str, list] = {}
for spec in nav.PAGES:
    page = st.Page(spec.file, title=i18n.t(spec.title_key), icon=spec.icon,
                   url_path=spec.url_path, default=spec.url_path == "home")
    sections.setdefault(i18n.t(spec.section) if spec.section else "", []).append(page)

try:
    current = st.navigation(sections)
    if auth.may_view(current.url_path or "home"):   # the default page's url_path is ""
        current.run()
    else:                               # a hosted dashboard's anonymous visitor: no run, no id
        auth.login_prompt()
except store.StoreUnavailable as exc:   # a wrong MLFLOW_TRACKING_URI: say so, keep serving
    ui.show_error(exc)
    st.info(t("store_unavailable_help"))
finally:
    keras_state.keep()                  # before Streamlit's after-run cleanup (a page may import Keras)
