""""Get the code": a run's Keras script, notebook, trained model and history as downloads,
and a story's notebook (:mod:`cnncore.export` makes every file).

The text files are small and made once per run and language (cached; an error, say the
run's settings unreadable, shows on the page in the reader's language). The model can be
megabytes, so it is read from the store only when its button is clicked.
"""

from __future__ import annotations

import streamlit as st

from cnncore import export, settings, store
from dashboard import ui
from dashboard.i18n import current_language, t

MIME = {"script": "text/x-python", "notebook": "application/x-ipynb+json", "story": "application/x-ipynb+json",
        "model": "application/octet-stream", "history": "text/csv"}
ICONS = {"script": ":material/code:", "notebook": ":material/book:", "story": ":material/book:",
         "model": ":material/neurology:", "history": ":material/table:"}
HISTORY_TTL_S = 10.0     # a running run's history grows; a finished one's does not


def code_box(view: store.RunView, key: str) -> None:
    """The "Get the code" box of ``view``'s run: script, notebook, history, and the model once
    the run has finished. ``key`` prefixes the widgets' keys (one box per run on a page)."""
    run_id, lang = view.run_id, current_language()
    with st.expander(t("export_title"), icon=":material/code:"):
        st.caption(t("export_intro"))
        script, notebook, history, model = st.columns(4)
        with ui.reporting_errors():
            _button(script, "script", t("export_script"), _code(run_id, "script", lang, _uri()), run_id, key)
            _button(notebook, "notebook", t("export_notebook"), _code(run_id, "notebook", lang, _uri()),
                    run_id, key)
        with ui.reporting_errors():
            _button(history, "history", t("export_history"), _history(run_id, _uri()), run_id, key)
        if view.status == "finished":
            _button(model, "model", t("export_model"), lambda: export.model_file(run_id), run_id, key)
        else:
            st.caption(t("export_model_later"))
        st.caption(t("export_cli", run_id=run_id))


def story_button(original: str, key: str) -> None:
    """The download of a story's notebook: the run ``original`` and its remedies, in one."""
    with ui.reporting_errors():
        _button(st, "story", t("export_story"), _story(original, current_language(), _uri()), original, key,
                help=t("export_story_help"))


def _button(where, kind: str, label: str, data, run_id: str, key: str, help: str | None = None) -> None:
    """One download (``on_click="ignore"``: clicking it does not rerun the page)."""
    where.download_button(label, data=data, file_name=export.file_name(run_id, kind), mime=MIME[kind],
                          key=f"{key}_{kind}", icon=ICONS[kind], help=help, on_click="ignore")


def _uri() -> str:
    return settings.tracking_uri()   # part of every cache key: a test's store is not another's


@st.cache_data(show_spinner=False, max_entries=32)
def _code(run_id: str, kind: str, lang: str, uri: str) -> str:
    """A run's script or notebook (a run's settings never change: kept until evicted)."""
    return export.script(run_id, lang=lang) if kind == "script" else export.notebook(run_id, lang=lang)


@st.cache_data(ttl=HISTORY_TTL_S, show_spinner=False, max_entries=32)
def _history(run_id: str, uri: str) -> str:
    return export.history_csv(run_id)


@st.cache_data(ttl=HISTORY_TTL_S, show_spinner=False, max_entries=8)
def _story(original: str, lang: str, uri: str) -> str:
    return export.story_notebook(original, lang=lang)
