"""Train: pick data, a model and settings, start a run, and watch it learn, live.

The run trains as a job (``cnncore.jobs``) and this page only reads the store: the run
being watched is in the URL (``?run=…``), and without one the page shows the runs that
are still training, so leaving and coming back, or reloading, finds them again.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from cnncore import datasets, jobs, store
from cnncore.nn import models, training
from dashboard import auth, caches, downloads, i18n, run_views, story_views, training_figures, ui, widgets
from dashboard.i18n import t

POLL_S = 2 * store.HEARTBEAT_S   # seconds between two reads of a training run's progress: each
                                # read reruns the page's live part, which costs a watching
                                # browser ~0.25 CPU-s whatever changed (bench/watch.py)
SAMPLES = 12            # images in the data set's preview grid
WATCH_MAX = 4           # runs shown at once when the page finds them by itself


def data_card(data: datasets.Dataset) -> None:
    """The data set's size, classes and counts, and one sample image per class first."""
    card = data.card
    h, w, c = card.image_shape
    cols = st.columns(4)
    cols[0].metric(t("train_card_size"), f"{h}×{w}×{c}")
    cols[1].metric(t("train_card_classes"), card.num_classes)
    cols[2].metric(t("train_card_train"), f"{sum(card.train_counts.values()):,}")
    cols[3].metric(t("train_card_val"), f"{sum(card.val_counts.values()):,}")
    for note in card.notes:
        st.caption(f":material/info: {i18n.note_text(note)}")
    firsts = [int(np.flatnonzero(data.y_train == k)[0]) for k in range(data.num_classes)
              if (data.y_train == k).any()][:SAMPLES]
    shown = (firsts + [i for i in range(len(data.y_train)) if i not in firsts])[:SAMPLES]
    st.image([training_figures.enlarge(data.x_train[i]) for i in shown],
             caption=[i18n.class_name(data.class_names[int(data.y_train[i])]) for i in shown], width=84)
    with st.expander(t("train_card_counts")):
        st.dataframe(pd.DataFrame({t("train_card_train"): card.train_counts,
                                   t("train_card_val"): card.val_counts}).rename(index=i18n.class_name),
                     width="stretch")


def model_box(data: datasets.Dataset | None) -> models.ModelConfig | None:
    """The model radio and, on the data, its layers and parameters; the model once it fits."""
    source, chosen = widgets.model_source("train", t("train_model_source"), t("train_model_from_architecture"))
    st.caption(t(f"train_model_about_{source}") if source in ("dense-baseline", "dli-cnn")
               else t("train_model_about_custom"))
    if data is None:
        return None
    layers = models.describe(chosen, data.image_shape, data.num_classes)
    st.markdown(t("train_model_summary", params=f"{sum(row.params for row in layers):,}", layers=len(layers) - 1))
    with st.expander(t("train_model_layers")):
        st.dataframe(widgets.layer_table(layers), hide_index=True, width="stretch")
    return chosen


def watch(ids: list[str]) -> None:
    """Show these runs live (and keep them in the URL, so a reload finds them)."""
    st.session_state["train_watch"] = ids
    st.query_params["run"] = ",".join(ids)
    caches.forget_runs()


def watched() -> dict[str, store.RunView]:
    """The runs to show: the URL's, this session's last start, or (without either, say
    after a reload) those still training in the store."""
    for ids in (st.query_params.get("run", "").split(","), st.session_state.get("train_watch") or []):
        views = {}
        for rid in filter(None, ids):
            try:
                views[rid] = store.run_view(rid)
            except ValueError:          # deleted meanwhile, or a stale link
                pass
        if views:
            return views
    table = caches.runs_table()
    active = table[table["status"].isin(store.ACTIVE)] if len(table) else table
    return {rid: store.run_view(rid) for rid in list(active["run_id"])[:WATCH_MAX]}


def run_head(view: store.RunView, name: str) -> None:
    """The run's name, owner and status; what it waits for; Stop (or Cancel) for its owner."""
    head, stop = st.columns([5, 1])
    owner = f" · `{view.owner}`" if auth.configured() else ""   # open mode: everything is local
    head.markdown(f"**{name}**{owner} · {run_views.status_text(view.status)}")
    queued = view.status == "queued"
    if queued:
        head.caption(run_views.waiting_text(jobs.waiting(view.run_id)))
    if view.active and not view.may_stop(auth.user()):
        head.caption(t("auth_not_yours", owner=view.owner))
    elif view.active and stop.button(t("queue_cancel") if queued else t("train_stop"),
                                     key=f"train_stop_{view.run_id}", icon=":material/stop:"):
        with ui.reporting_errors(ValueError, PermissionError):
            jobs.stop(view.run_id, user=auth.acting_user())     # a queued run leaves the line
            st.toast(t("queue_cancelled") if queued else t("train_stop_requested"))


def show_run(view: store.RunView, history: pd.DataFrame, name: str, seen: pd.DataFrame) -> None:
    run_head(view, name)
    if view.active or view.status == "stopped":
        text = t("train_progress", epoch=max(view.epoch, 1), epochs=view.epochs, batch=view.batch,
                 batches=view.batches or "?") if view.status == "running" else run_views.status_text(view.status)
        st.progress(view.progress, text=text)
    if view.status == "failed":
        st.error(t("train_failed", error=run_views.error_text(view)), icon=":material/error:")
    facts = st.columns(5)
    facts[0].metric(t("train_elapsed"), run_views.elapsed(view.elapsed))
    facts[1].metric(t("train_speed"), f"{view.samples_per_second:,.0f}" if view.samples_per_second else "–")
    facts[2].metric(t("train_device"), view.device or "–")
    last = history.sort_values("epoch").iloc[-1] if len(history) else None
    facts[3].metric(t("train_val_accuracy"), f"{last['val_accuracy']:.1%}" if last is not None else "–")
    facts[4].metric(t("train_gap"), t("train_points", points=f"{100 * (last['accuracy'] - last['val_accuracy']):+.1f}")
                    if last is not None else "–", help=t("train_gap_help"))
    if not len(history):
        return
    if view.status == "finished":
        downloads.code_box(view, f"train_code_{view.run_id}")
    story_views.remedy_line(view, history, seen)
    remedy = run_views.remedy_buttons(view, run_views.show_verdict(history), "train_remedy")
    if remedy:
        with ui.reporting_errors(ValueError, PermissionError):
            started = jobs.start_remedy(view.run_id, remedy, user=auth.acting_user())   # the clicker's run
            st.toast(t("remedy_started", remedy=t(f"remedy_{remedy}")))
            watch([i for i in dict.fromkeys([*st.query_params.get("run", "").split(","), started]) if i])
            st.rerun()


def live(views: dict[str, store.RunView], names: dict[str, str]) -> None:
    """The curves of ``views``' runs and a panel per run. The curves are drawn once per page
    run; one fragment reads the runs' progress every ``POLL_S`` while one is active, redraws
    the panels, and reruns the page only when an epoch or a status has arrived."""
    ids = list(views)
    history = caches.histories(ids, "train_history")
    drawn = _news(views)
    planned = max(v.epochs for v in views.values()) or None
    st.plotly_chart(training_figures.training_curves(history, names, run_views.curve_labels(), epochs=planned,
                                                     onsets=run_views.onsets(history, ids)),
                    key="train_curves", config={"displayModeBar": False})

    @st.fragment(run_every=POLL_S if any(v.active for v in views.values()) else None)
    def board():
        try:
            now = {rid: store.run_view(rid) for rid in ids}
        except ValueError:                # a run deleted meanwhile: find the runs again
            st.rerun()
        if _news(now) != drawn:
            st.rerun()                    # a new epoch or status: redraw the curves too
        for rid, view in now.items():
            with st.container(border=True):
                show_run(view, history[history["run_id"] == rid], names[rid], history)

    board()


def _news(views: dict[str, store.RunView]) -> list:
    """What, when it changes, the curves and the verdicts must be drawn again for."""
    return [(view.status, view.epochs_done) for view in views.values()]


# ---------------------------------------------------------------- widgets → config
st.title(t("train_title"))
st.markdown(t("train_intro"))
data_box, models_box, settings_box, start_box = (st.container(border=True) for _ in range(4))

with settings_box:
    st.subheader(t("train_settings"))
    train_config = None
    with ui.reporting_errors():
        train_config = widgets.train_settings("train", training.TrainConfig())

with data_box:
    st.subheader(t("train_data"))
    choice, data = widgets.dataset_picker("train"), None
    if choice is not None and train_config is not None:
        with ui.reporting_errors(ValueError, datasets.DatasetUnavailable, OSError), \
                st.spinner(t("train_loading_data")):
            data = caches.dataset(choice.name, limit=choice.limit, options=choice.options,
                                  val_fraction=train_config.val_fraction, seed=train_config.seed)
    if data is not None:
        data_card(data)

with models_box:
    st.subheader(t("train_model"))
    model_config = None   # set once the model is known to fit the data
    with ui.reporting_errors():
        model_config = model_box(data)

# ---------------------------------------------------------------- start
with start_box:
    left, right, note = st.columns([1, 1, 2])
    with ui.reporting_errors():
        if left.button(t("train_start"), type="primary", key="train_start", icon=":material/play_arrow:",
                       disabled=data is None or model_config is None or train_config is None):
            watch([jobs.submit(training.RunConfig(dataset=choice.name, limit=choice.limit,
                                                  dataset_options=choice.options, model=model_config,
                                                  train=train_config),
                               user=auth.acting_user(), data=data)])
        if right.button(t("train_reproduce"), key="train_reproduce", disabled=train_config is None,
                        icon=":material/compare:", help=t("train_reproduce_help")):
            watch(jobs.start_course(user=auth.acting_user(), seed=train_config.seed))
    note.caption(t("train_start_note"))

# ---------------------------------------------------------------- live
st.subheader(t("train_live"))
with ui.reporting_errors():
    views = watched()
    if not views:
        st.caption(t("train_nothing_yet"))
    else:
        live(views, {rid: run_views.view_name(view) for rid, view in views.items()})
        ui.link("pages/experiments.py", t("train_see_experiments"), ":material/science:")
