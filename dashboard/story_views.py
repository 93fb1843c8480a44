"""A run and its remedies drawn as one story: every run over the original, and what each
remedy changed (:mod:`cnncore.store.stories`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cnncore import store
from dashboard import caches, downloads, run_views, training_figures
from dashboard.i18n import t, t_or


def show_story(run_id: str, names: dict[str, str], key: str) -> str | None:
    """If ``run_id`` belongs to a story (a run and its remedies), draw it as one: every run
    over the original, and what each remedy changed. Returns the original's id, else None."""
    chapters = caches.story(run_id)
    if len(chapters) < 2:
        return None
    original, *fixes = chapters
    ids = [rid for rid in chapters if rid in names]
    history = caches.histories(ids, f"{key}_history")
    st.markdown(f"**{t('story_title')}**")
    labels = {rid: names[rid] if not chapters[rid] else
              f"{t_or('remedy_' + chapters[rid], chapters[rid])} · {names[rid]}" for rid in ids}
    st.plotly_chart(training_figures.training_curves(history, labels, run_views.curve_labels(), shade_gap=False,
                                                     onsets=run_views.onsets(history, ids)),
                    key=key, config={"displayModeBar": False})
    before = history[history["run_id"] == original]
    for rid in fixes:
        text = run_views.remedy_change(before, history[history["run_id"] == rid], chapters[rid])
        if text:
            st.markdown(f"- {text}")
    st.caption(t("story_share"))
    downloads.story_button(original, f"{key}_download")
    return original


def remedy_line(view: store.RunView, history: pd.DataFrame, seen: pd.DataFrame) -> None:
    """For a remedy run, what it changed against its original ("Use the CNN: gap 14.2 → 2.1
    pts…"). ``seen``: the histories already read, which may hold the original's."""
    if not view.remedy_of:
        return
    before = seen[seen["run_id"] == view.remedy_of]
    text = run_views.remedy_change(before if len(before) else store.histories([view.remedy_of]), history,
                                   view.remedy)
    if text:
        st.markdown(f":material/healing: {text}")
