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
from cnncore.nn import course, models, training
from dashboard import auth, i18n, runs, state, training_figures, ui
from dashboard.i18n import t

POLL_S = 1.5            # seconds between two reads of the store while a run trains
SAMPLES = 12            # images in the data set's preview grid
WATCH_MAX = 4           # runs shown at once when the page finds them by itself
UPLOAD = "__upload__"
ARCHITECTURE = "__architecture__"

st.title(t("train_title"))
st.markdown(t("train_intro"))

data_box, model_box, settings_box, start_box = (st.container(border=True) for _ in range(4))

# ---------------------------------------------------------------- widgets → config
with settings_box:
    st.subheader(t("train_settings"))
    train_config = None
    with ui.reporting_errors():
        train_config = runs.train_settings("train", training.TrainConfig())

with data_box:
    st.subheader(t("train_data"))
    left, mid, right = st.columns([2, 1, 1])
    name = left.selectbox(t("train_dataset"), datasets.NAMES + [UPLOAD], key="train_dataset",
                          format_func=lambda n: t("train_dataset_upload") if n == UPLOAD else n)
    limit = mid.number_input(t("train_limit"), min_value=0, step=500, key="train_limit",
                             help=t("train_limit_help"))
    options: dict = {}
    if name == "shapes":
        options["n"] = int(right.number_input(t("train_shapes_n"), min_value=30, step=500,
                                              key="train_shapes_n"))
    elif name == "sign-language-mnist":   # a CSV the admin put in CNNLAB_DATA, by name: never a path
        options["file"] = right.selectbox(t("train_sl_path"), datasets.server_files((".csv",)),
                                          key="train_sl_path", help=t("train_sl_path_help"))
    if name == UPLOAD:
        upload = st.file_uploader(t("train_upload"), type=["csv", "npz", "zip"], key="train_upload",
                                  help=t("train_upload_help"))
        name = None
        if upload is not None:
            with ui.reporting_errors():
                name = runs.saved_upload(upload.name, upload.getvalue(), auth.acting_user())

    data = None
    if name and (name != "sign-language-mnist" or options.get("file")) and train_config:
        base = training.RunConfig(dataset=name, limit=int(limit) or None, dataset_options=options,
                                  model=models.PRESETS["dli-cnn"], train=train_config)
        with ui.reporting_errors(ValueError, datasets.DatasetUnavailable, OSError), \
                st.spinner(t("train_loading_data")):
            data = runs.dataset(base.to_dict())
    elif name == "sign-language-mnist":
        st.info(t("train_sl_path_needed"), icon=":material/folder_open:")

    if data is not None:
        card = data.card
        h, w, c = card.image_shape
        cols = st.columns(4)
        cols[0].metric(t("train_card_size"), f"{h}×{w}×{c}")
        cols[1].metric(t("train_card_classes"), card.num_classes)
        cols[2].metric(t("train_card_train"), f"{sum(card.train_counts.values()):,}")
        cols[3].metric(t("train_card_val"), f"{sum(card.val_counts.values()):,}")
        for note in card.notes:
            st.caption(f":material/info: {i18n.dataset_note(note)}")
        # One image per class first, so the grid shows what the classes look like.
        firsts = [int(np.flatnonzero(data.y_train == k)[0]) for k in range(data.num_classes)
                  if (data.y_train == k).any()][:SAMPLES]
        shown = (firsts + [i for i in range(len(data.y_train)) if i not in firsts])[:SAMPLES]
        st.image([training_figures.enlarge(data.x_train[i]) for i in shown],
                 caption=[i18n.class_name(data.class_names[int(data.y_train[i])]) for i in shown], width=84)
        with st.expander(t("train_card_counts")):
            st.dataframe(pd.DataFrame({t("train_card_train"): card.train_counts,
                                       t("train_card_val"): card.val_counts}).rename(index=i18n.class_name),
                         width="stretch")

with model_box:
    st.subheader(t("train_model"))
    arch = st.session_state.get(state.ARCH_MODEL_CONFIG)
    choices = ([ARCHITECTURE] if arch else []) + list(models.PRESETS)
    source = st.radio(t("train_model_source"), choices, key="train_model_source", horizontal=True,
                      index=0 if arch else choices.index("dli-cnn"),
                      format_func=lambda c: t("train_model_from_architecture") if c == ARCHITECTURE
                      else i18n.t_or(f"arch_preset_{c}", c))
    model_config = None   # set once the model is known to fit the data
    with ui.reporting_errors():
        chosen = models.ModelConfig.from_dict(arch) if source == ARCHITECTURE else models.PRESETS[source]
        st.caption(t(f"train_model_about_{source}") if source in ("dense-baseline", "dli-cnn")
                   else t("train_model_about_custom"))
        if data is not None:
            layers = models.describe(chosen, data.image_shape, data.num_classes)
            model_config = chosen
            total = sum(row.params for row in layers)
            st.markdown(t("train_model_summary", params=f"{total:,}", layers=len(layers) - 1))
            with st.expander(t("train_model_layers")):
                st.dataframe(pd.DataFrame(
                    [{t("arch_col_layer"): r.name, t("arch_col_type"): r.kind,
                      t("arch_col_shape"): " × ".join(map(str, r.output_shape)), t("arch_col_params"): r.params}
                     for r in layers]), hide_index=True, width="stretch")


# ---------------------------------------------------------------- start
def watch(ids: list[str]) -> None:
    """Show these runs live (and keep them in the URL, so a reload finds them)."""
    st.session_state["train_watch"] = ids
    st.query_params["run"] = ",".join(ids)
    runs.forget_runs()


with start_box:
    ready = data is not None and model_config is not None and train_config is not None
    left, right, note = st.columns([1, 1, 2])
    with ui.reporting_errors():
        if left.button(t("train_start"), type="primary", key="train_start", disabled=not ready,
                       icon=":material/play_arrow:"):
            watch([jobs.submit(training.RunConfig(dataset=base.dataset, limit=base.limit,
                                                  dataset_options=base.dataset_options,
                                                  model=model_config, train=train_config),
                               user=auth.acting_user(), data=data)])
        if right.button(t("train_reproduce"), key="train_reproduce", disabled=train_config is None,
                        icon=":material/compare:", help=t("train_reproduce_help")):
            watch([jobs.submit(config, user=auth.acting_user())
                   for config in course.course_runs(seed=train_config.seed)])
    note.caption(t("train_start_note"))


# ---------------------------------------------------------------- live
def watched() -> dict[str, dict]:
    """The runs to show, ``{run_id: run_info}``: the URL's, this session's last start, or
    (without either, say after a reload) those still training in the store."""
    for ids in (st.query_params.get("run", "").split(","), st.session_state.get("train_watch") or []):
        infos = {}
        for rid in filter(None, ids):
            try:
                infos[rid] = runs.run_info(rid)
            except ValueError:          # deleted meanwhile, or a stale link
                pass
        if infos:
            return infos
    table = runs.runs_table()
    active = table[table["status"].isin(runs.ACTIVE)] if len(table) else table
    return {rid: runs.run_info(rid) for rid in list(active["run_id"])[:WATCH_MAX]}


def show_run(info: dict, history: pd.DataFrame, name: str, full_history: pd.DataFrame) -> None:
    status = info["status"]
    head, stop = st.columns([5, 1])
    owner = f" · `{info['owner']}`" if auth.configured() else ""   # open mode: everything is local
    head.markdown(f"**{name}**{owner} · {runs.status_text(status)}")
    queued = status == "queued"
    if queued and (where := jobs.place(info["run_id"])):       # the fair queue: place and wait
        head.caption(auth.place_text(*where))
    if status in runs.ACTIVE and not auth.may_act(info["owner"]):
        head.caption(t("auth_not_yours", owner=info["owner"]))
    elif status in runs.ACTIVE and stop.button(t("queue_cancel") if queued else t("train_stop"),
                                               key=f"train_stop_{info['run_id']}", icon=":material/stop:"):
        with ui.reporting_errors(ValueError, PermissionError):
            jobs.stop(info["run_id"], user=auth.acting_user())     # a queued run leaves the line
            st.toast(t("queue_cancelled") if queued else t("train_stop_requested"))
    epochs, epoch, batch, batches = info["epochs"], info["epoch"], info["batch"], info["batches"]
    if status in runs.ACTIVE or status == "stopped":
        # progress["epoch"] is the epoch under way, counted from 1 (0 before the first batch).
        share = (max(epoch - 1, 0) + (batch / batches if batches else 0)) / epochs if epochs else 0
        text = t("train_progress", epoch=max(epoch, 1), epochs=epochs, batch=batch,
                 batches=batches or "?") if status == "running" else runs.status_text(status)
        st.progress(min(max(share, 0.0), 1.0), text=text)
    if status == "failed":
        st.error(t("train_failed", error=info["error_text"] or "?"), icon=":material/error:")
    facts = st.columns(5)
    facts[0].metric(t("train_elapsed"), runs.elapsed(info["elapsed"]))
    facts[1].metric(t("train_speed"), f"{info['samples_per_second']:,.0f}" if info["samples_per_second"] else "–")
    facts[2].metric(t("train_device"), info["device"] or "–")
    last = history.sort_values("epoch").iloc[-1] if len(history) else None
    facts[3].metric(t("train_val_accuracy"), f"{last['val_accuracy']:.1%}" if last is not None else "–")
    facts[4].metric(t("train_gap"), t("train_points", points=f"{100 * (last['accuracy'] - last['val_accuracy']):+.1f}")
                    if last is not None else "–", help=t("train_gap_help"))
    if not len(history):
        return
    original = info["remedy_of"]
    if original:
        before = full_history[full_history["run_id"] == original]
        text = runs.remedy_change(before if len(before) else store.histories([original]), history,
                                  info["remedy"])
        if text:
            st.markdown(f":material/healing: {text}")
    v = runs.show_verdict(history)
    started = runs.show_remedies(info, v, "train_remedy")
    if started:
        ids = list(dict.fromkeys([*st.query_params.get("run", "").split(","), started]))
        watch([i for i in ids if i])
        st.rerun()


def live(ids: list[str], names: dict[str, str], any_active: bool) -> None:
    @st.fragment(run_every=POLL_S if any_active else None)
    def panel():
        infos = {rid: runs.run_info(rid) for rid in ids}
        history = runs.histories(ids, "train_history")
        planned = max((i["epochs"] or 0) for i in infos.values()) or None
        st.plotly_chart(training_figures.training_curves(history, names, runs.curve_labels(), epochs=planned,
                                                         onsets=runs.onsets(history, ids)),
                        key="train_curves", config={"displayModeBar": False})
        for rid in ids:
            with st.container(border=True):
                show_run(infos[rid], history[history["run_id"] == rid], names[rid], history)
        if any_active and not any(i["status"] in runs.ACTIVE for i in infos.values()):
            st.rerun()   # all done: redraw the page once, without polling

    panel()


st.subheader(t("train_live"))
with ui.reporting_errors():
    infos = watched()
    if not infos:
        st.caption(t("train_nothing_yet"))
    else:
        any_active = any(info["status"] in runs.ACTIVE for info in infos.values())
        live(list(infos), {rid: runs.info_name(info) for rid, info in infos.items()}, any_active=any_active)
        runs.link("pages/experiments.py", t("train_see_experiments"), ":material/science:")
