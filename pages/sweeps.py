"""Sweeps: vary kernel size, stride, padding, pooling, dropout…, train every variant on
Ray Tune, and see which values generalise.

The sweep runs on Ray, its driver a detached actor (``cnncore.jobs.sweeps.start``); this page
only reads the store, polling while trials train. The sweep being watched is in the
URL (``?sweep=…``), so a reload or a shared link finds it again.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cnncore import jobs, store
from cnncore.nn import space, training
from dashboard import auth, caches, i18n, nav, run_views, state, sweep_figures, training_figures, ui, widgets
from dashboard.i18n import t

POLL_S = 2.0            # seconds between two reads of the store while trials train
BIG_SWEEP = 24          # trials above which the page suggests a smaller sweep
# The parameters offered, in the deck's order; their values live in sweep_values_<key>.
OFFERED = ("kernel_size", "stride", "padding", "pooling", "dropout", "filters", "dense.units",
           "dense.dropout", "learning_rate", "batch_size", "optimizer")


def values_key(path: str) -> str:
    return f"sweep_values_{path.replace('.', '_')}"


st.title(t("sweep_title"))
st.markdown(t("sweep_intro"))

# ---------------------------------------------------------------- widgets → SweepConfig
with st.expander(t("sweep_new"), expanded=True):
    choice = widgets.dataset_picker("sweep")
    model = None
    with ui.reporting_errors():
        _, model = widgets.model_source("sweep", t("sweep_model"), t("sweep_model_architecture"))

    train_config = None
    with st.expander(t("sweep_training")), ui.reporting_errors():
        train_config = widgets.train_settings("sweep", training.TrainConfig(epochs=3))

    st.markdown(f"**{t('sweep_vary')}**")
    mode = st.radio(t("sweep_mode"), ["grid", "random"], key="sweep_mode", horizontal=True,
                    format_func=lambda m: t(f"sweep_mode_{m}"))
    chosen = st.multiselect(t("sweep_vary"), OFFERED, key="sweep_params", label_visibility="collapsed",
                            format_func=lambda p: t(f"sweep_param_{p}"), help=t("sweep_vary_help"))
    columns = st.columns(3)
    texts = {}
    for i, path in enumerate(chosen):
        texts[path] = columns[i % 3].text_input(t(f"sweep_param_{path}"), key=values_key(path),
                                                help=t(f"sweep_values_help_{mode}"))

    cols = st.columns(5)
    trials = cols[0].number_input(t("sweep_trials"), min_value=1, max_value=500, key="sweep_trials",
                                  disabled=mode == "grid", help=t("sweep_trials_help"))
    concurrent = cols[1].number_input(t("sweep_concurrent"), min_value=1, max_value=64,
                                      key="sweep_concurrent", help=t("sweep_concurrent_help"))
    gpus = cols[2].selectbox(t("sweep_gpus"), ["auto", "0", "0.25", "0.5", "1"], key="sweep_gpus",
                             help=t("sweep_gpus_help"))
    title = cols[3].text_input(t("sweep_name"), key="sweep_name")
    asha = cols[4].toggle(t("sweep_asha"), key="sweep_asha", help=t("sweep_asha_help"))

    config = None
    if not chosen:
        st.info(t("sweep_choose_one"), icon=":material/tune:")
    elif train_config is not None and choice is not None and model is not None:
        with ui.reporting_errors():
            base = training.RunConfig(dataset=choice.name, limit=choice.limit, dataset_options=choice.options,
                                      model=model, train=train_config)
            params = tuple(space.parse(p, texts[p], random=mode == "random") for p in chosen)
            config = space.SweepConfig(
                base=base, params=params, name=title.strip(), trials=int(trials),
                asha=asha, max_concurrent=int(concurrent),
                gpus_per_trial=None if gpus == "auto" else float(gpus))
    if config is not None:
        st.markdown(t("sweep_summary", trials=config.size, epochs=config.total_epochs,
                      space=" × ".join(f"`{p.describe()}`" for p in config.params)))
        if config.size > BIG_SWEEP:
            st.warning(t("sweep_big", trials=config.size), icon=":material/hourglass_top:")
        if mode == "grid":
            with st.expander(t("sweep_combinations")):
                st.dataframe(pd.DataFrame(config.grid()).astype(str).rename(columns=lambda c: i18n.t_or(
                    f"sweep_param_{c}", c)), hide_index=True, width="stretch")
    if st.button(t("sweep_start"), type="primary", key="sweep_start", disabled=config is None,
                 icon=":material/play_arrow:"):
        with ui.reporting_errors():
            sweep_id = jobs.sweeps.start(config, user=auth.acting_user())
            st.session_state["sweep_open"] = sweep_id
            st.query_params["sweep"] = sweep_id
            st.toast(t("sweep_started", sweep=sweep_id))


# ---------------------------------------------------------------- one sweep, live
def status_text(status: str) -> str:
    return i18n.t_or(f"sweep_status_{status}", status)


def space_text(config: space.SweepConfig) -> str:
    """What the sweep varies, each parameter named as on this page ("Dropout (conv blocks) ∈ {0.0, 0.2}")."""
    return " × ".join(t(f"sweep_param_{p.path}") + p.describe()[len(p.path):] for p in config.params)


def trial_label(row, paths) -> str:
    return ", ".join(f"{t(f'sweep_param_{p}')} {row[p]:.3g}" if isinstance(row[p], float)
                     else f"{t(f'sweep_param_{p}')} {row[p]}" for p in paths)


def open_in_experiments(run_id: str, label: str, key: str) -> None:
    """A button that opens ``run_id`` on the Experiments page (its run picker)."""
    if st.button(label, key=key, icon=":material/science:"):
        st.session_state[state.EXP_OPEN_RUN] = run_id
        st.switch_page(nav.ROOT / "pages/experiments.py")


def show_trials(sweep_id: str, config: space.SweepConfig, status: str) -> None:
    paths = [p.path for p in config.params]
    table = store.sweeps.trials(sweep_id)
    best = store.sweeps.best_trial(sweep_id)
    done = table["status"].isin(store.ENDED) if len(table) else pd.Series(dtype=bool)

    facts = st.columns(4)
    facts[0].metric(t("sweep_metric_trials"), f"{int(done.sum())} / {config.size}")
    facts[1].metric(t("sweep_metric_best"), f"{best['val_accuracy']:.1%}" if best else "–")
    facts[2].metric(t("sweep_metric_early"), int((table["early_stopped"] == "asha").sum()) if len(table) else 0)
    facts[3].metric(t("sweep_metric_failed"), int((table["status"] == "failed").sum()) if len(table) else 0)
    if status == "running":
        st.progress(min(1.0, int(done.sum()) / config.size),
                    text=t("sweep_progress", done=int(done.sum()), total=config.size))
    if table.empty:
        st.caption(t("sweep_no_trials_yet"))
        return

    if best:
        st.success(t("sweep_best", trial=best["trial"], values=trial_label(best, paths),
                     accuracy=best["val_accuracy"]), icon=":material/emoji_events:")
        open_in_experiments(best["run_id"], t("sweep_open_best"), "sweep_open_best")
    trials_table(table, paths, best["trial"] if best else None)
    trial_charts(sweep_id, config, table, paths)


def trials_table(table: pd.DataFrame, paths: list[str], best_trial: int | None) -> None:
    """The trials, the best one highlighted; a ticked trial opens in Experiments."""
    view = table[["trial", "status", *paths, "epochs_done", "accuracy", "val_accuracy",
                  "best_val_accuracy", "duration", "error"]].copy()
    view["status"] = [status_text(s) + (f" · {t('sweep_early_asha')}" if e == "asha" else "")
                      for s, e in zip(table["status"], table["early_stopped"])]
    view["error"] = run_views.error_cells(table)
    for path in paths:
        view[path] = view[path].astype(str)
    styled = view.style.apply(lambda row: ["background-color: rgba(46, 160, 67, 0.22)"
                                           if row["trial"] == best_trial else ""] * len(row), axis=1)
    selection = st.dataframe(
        styled, key="sweep_trials_table", on_select="rerun", selection_mode="single-row",
        hide_index=True, width="stretch",
        column_config={
            "trial": t("sweep_col_trial"), "status": t("sweep_col_status"),
            "epochs_done": t("sweep_col_epochs"), "error": t("sweep_col_error"),
            "accuracy": st.column_config.NumberColumn(t("sweep_col_train"), format="percent"),
            "val_accuracy": st.column_config.NumberColumn(t("sweep_col_val"), format="percent"),
            "best_val_accuracy": st.column_config.NumberColumn(t("sweep_col_best_val"), format="percent"),
            "duration": st.column_config.NumberColumn(t("sweep_col_duration"), format="%.0f s"),
            **{path: t(f"sweep_param_{path}") for path in paths},
        })
    st.caption(t("sweep_table_hint"))
    rows = selection.selection.rows if selection else []
    if rows:
        picked = table.iloc[rows[0]]
        open_in_experiments(picked["run_id"], t("sweep_open_trial", trial=int(picked["trial"])),
                            "sweep_open_picked")


def trial_charts(sweep_id: str, config: space.SweepConfig, table: pd.DataFrame, paths: list[str]) -> None:
    """Every trial's values against its validation accuracy, and every trial's curves."""
    st.subheader(t("sweep_parallel"))
    if table["val_accuracy"].notna().any():
        st.plotly_chart(sweep_figures.parallel_coordinates(
            table, paths, {"val_accuracy": t("sweep_col_val"), "log_axis": t("sweep_axis_log"),
                           **{path: t(f"sweep_param_{path}") for path in paths}}),
                        key="sweep_parallel", config={"displayModeBar": False})
        st.caption(t("sweep_parallel_help"))
    else:
        st.caption(t("sweep_parallel_wait"))

    st.subheader(t("sweep_curves"))
    ids = list(table["run_id"])
    history = caches.histories(ids, f"sweep_history_{sweep_id}")
    names = {rid: f"#{n} {trial_label(row, paths)}" for rid, n, (_, row) in
             zip(ids, table["trial"], table.iterrows())}
    st.plotly_chart(training_figures.training_curves(history, names, run_views.curve_labels(), shade_gap=False,
                                                     epochs=config.total_epochs),
                    key="sweep_curves", config={"displayModeBar": False})


st.subheader(t("sweep_list"))
with ui.reporting_errors():
    jobs.sweeps.reconcile()
    listing = store.sweeps.sweeps_table()
    if listing.empty:
        st.info(t("sweep_none"), icon=":material/tune:")
        st.code("python -m cnncore sweep --dataset mnist-5k --limit 1000 --epochs 3 \\\n"
                "    --grid dropout=0,0.2,0.4 --grid pooling=max,average", language="bash")
        st.stop()

    ids = list(listing["sweep_id"])
    wanted = st.query_params.get("sweep")
    if wanted in ids and st.session_state.get("sweep_open") not in ids:
        st.session_state["sweep_open"] = wanted
    if st.session_state.get("sweep_open") not in ids:
        st.session_state["sweep_open"] = ids[0]
    by_id = listing.set_index("sweep_id")
    head, stop_box = st.columns([5, 1])
    sweep_id = head.selectbox(
        t("sweep_pick"), ids, key="sweep_open",
        format_func=lambda s: f"{by_id.loc[s, 'name']} · {status_text(by_id.loc[s, 'status'])} · "
                              f"{by_id.loc[s, 'start']:%Y-%m-%d %H:%M} · {s}")
    st.query_params["sweep"] = sweep_id
    info = by_id.loc[sweep_id]
    config = store.sweeps.get_sweep(sweep_id)
    st.caption(f"{info['dataset']} · {info['model']} · {space_text(config)} · `{info['owner']}`")
    if info["status"] == "running" and not auth.may_act(info["owner"]):
        st.caption(t("auth_not_yours", owner=info["owner"]))
    elif info["status"] == "running" and stop_box.button(t("sweep_stop"), key="sweep_stop",
                                                        icon=":material/stop:"):
        with ui.reporting_errors(ValueError, PermissionError):
            jobs.sweeps.stop(sweep_id, user=auth.acting_user())
            st.toast(t("sweep_stop_requested"))
    if info["status"] == "failed" and info["error"]:
        st.error(t("sweep_failed", error=ui.run_error_text(info["error"])), icon=":material/error:")
    running = info["status"] == "running"

    @st.fragment(run_every=POLL_S if running else None)
    def live():
        status = store.sweeps.status(sweep_id) if running else info["status"]
        show_trials(sweep_id, config, status)
        if running and status != "running":
            st.rerun()          # the sweep ended: redraw once, without polling

    live()
