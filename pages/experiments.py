"""Experiments: every run in one table; compare, delete, export, and open one run."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from cnncore import jobs, store
from cnncore.nn import inspection
from dashboard import auth, caches, downloads, i18n, run_views, state, story_views, training_figures, ui, widgets
from dashboard.i18n import t

MISTAKES = 16       # misclassified validation images shown for an opened run


def filtered(table: pd.DataFrame) -> pd.DataFrame:
    """The table's runs that the status, data-set and owner filters keep; Refresh."""
    filters = st.columns([2, 2, 1])
    statuses = filters[0].multiselect(t("exp_filter_status"), sorted(table["status"].unique()),
                                      key="exp_filter_status", format_func=run_views.status_text)
    data_sets = filters[1].multiselect(t("exp_filter_dataset"), sorted(table["dataset"].unique()),
                                       key="exp_filter_dataset")
    keep = table["status"].isin(statuses or table["status"]) & table["dataset"].isin(data_sets or table["dataset"])
    scope = st.radio(t("auth_owner_filter"), ["everyone", "mine"], key="exp_owner_scope", horizontal=True,
                     format_func=lambda s: t(f"auth_owner_{s}"))
    if scope == "mine":
        keep &= table["owner"].isin(store.mine(auth.user()))
    if st.query_params.get("class"):                  # a class session's link: its runs only
        with ui.reporting_errors():
            record = store.classes.get(st.query_params["class"])
            st.info(t("exp_class_filter", question=record.config.question), icon=":material/school:")
            keep &= table["run_id"].isin(store.classes.board(record.class_id)["run_id"])
    if filters[2].button(t("exp_refresh"), key="exp_refresh", icon=":material/refresh:"):
        caches.forget_runs()
        st.rerun()
    return table[keep].reset_index(drop=True)


def table_box(table: pd.DataFrame) -> list[str]:
    """The filtered runs as a table to tick, and its CSV; the ids of the ticked runs."""
    view = run_views.table_view(filtered(table))
    selection = st.dataframe(view, key="exp_table", on_select="rerun", selection_mode="multi-row",
                             hide_index=True, width="stretch", column_config=run_views.table_columns())
    selected = [view["run_id"].iloc[i] for i in selection.selection.rows] if selection else []
    st.caption(t("exp_select_hint", n=len(selected), total=len(table)))
    st.download_button(t("exp_export"), data=view.to_csv(index=False).encode(), file_name="cnnlab-runs.csv",
                       mime="text/csv", key="exp_export", icon=":material/download:")
    return selected


def compare(table: pd.DataFrame, selected: list[str]) -> None:
    """The selected runs' curves on one chart, and what differs between the first two."""
    st.subheader(t("exp_compare"))
    names = run_views.run_names(table, selected)
    planned = table.set_index("run_id").loc[selected, "epochs"].max()
    st.plotly_chart(training_figures.training_curves(
        caches.histories(selected, "exp_history"), names, run_views.curve_labels(),
        shade_gap=len(selected) <= 2, epochs=int(planned) if pd.notna(planned) else None),
        key="exp_overlay", config={"displayModeBar": False})
    st.caption(t("exp_overlay_hint"))
    if len(selected) >= 2:
        a, b = selected[:2]
        st.markdown(t("exp_diff_title", a=names[a], b=names[b]))
        with ui.reporting_errors():
            diff = inspection.config_diff(store.run_config(a).to_dict(), store.run_config(b).to_dict())
            if diff.empty:
                st.caption(t("exp_diff_same"))
            else:
                st.dataframe(run_views.diff_view(diff, names[a], names[b]), hide_index=True, width="stretch")


def delete_box(selected: list[str]) -> None:
    """Delete asks twice; cnncore stops a run still training first."""
    me = auth.user()
    not_mine = [rid for rid in selected if not store.run_view(rid).may_delete(me)]
    if not_mine:
        st.caption(t("auth_delete_not_yours", n=len(not_mine)))
    if st.session_state.get("exp_confirm_delete") != selected:
        if st.button(t("exp_delete", n=len(selected)), key="exp_delete", icon=":material/delete:",
                     disabled=bool(not_mine)):
            st.session_state["exp_confirm_delete"] = selected
            st.rerun()
        return
    st.warning(t("exp_delete_confirm", n=len(selected)), icon=":material/warning:")
    yes, no, _ = st.columns([1, 1, 4])
    if yes.button(t("exp_delete_yes"), key="exp_delete_yes", type="primary"):
        with ui.reporting_errors(ValueError, PermissionError):
            jobs.delete(selected, user=auth.acting_user())
            caches.forget_runs()
            st.session_state.pop("exp_confirm_delete", None)
            st.toast(t("exp_deleted", n=len(selected)))
            st.rerun()
    if no.button(t("exp_delete_no"), key="exp_delete_no"):
        st.session_state.pop("exp_confirm_delete", None)
        st.rerun()


def curves_tab(view: store.RunView, name: str, names: dict[str, str]) -> None:
    history = caches.histories([view.run_id], "exp_open_history")
    if history.empty:
        st.caption(t("exp_no_epochs"))
        return
    st.plotly_chart(training_figures.training_curves(history, {view.run_id: name}, run_views.curve_labels(),
                                                     epochs=view.epochs or None),
                    key="exp_open_curves", config={"displayModeBar": False})
    run_views.show_verdict(history)
    original = story_views.show_story(view.run_id, names, "exp_story")
    if original:
        st.query_params["story"] = original      # the link opens the whole story
    else:
        st.query_params.pop("story", None)


def config_tab(view: store.RunView) -> None:
    """The run's configuration, and a form to start it again with edits (the re-runner's run)."""
    if view.config is None:
        st.caption(t("exp_no_config"))
        return
    st.json(view.config.to_dict(), expanded=1)
    st.markdown(f"**{t('exp_rerun')}**")
    st.caption(t("exp_rerun_help"))
    edited_train = None
    with st.form("exp_rerun_form"):
        with ui.reporting_errors():
            edited_train = widgets.train_settings(f"exp_rerun_{view.run_id[:8]}", view.config.train)
        model_text = st.text_area(t("exp_rerun_model"), json.dumps(view.config.model.to_dict(), indent=1),
                                  height=200, key=f"exp_rerun_model_{view.run_id[:8]}")
        go = st.form_submit_button(t("exp_rerun_go"), type="primary", icon=":material/replay:")
    if go and edited_train is not None:
        with ui.reporting_errors():
            try:
                model = json.loads(model_text)
            except json.JSONDecodeError as exc:
                raise ValueError(t("exp_rerun_bad_json", error=exc)) from None
            new_id = jobs.rerun(view.run_id, {"model": model, "train": edited_train.to_dict()},
                                user=auth.acting_user())
            caches.forget_runs()
            st.success(t("exp_rerun_started", run=new_id[:6]), icon=":material/check:")
            ui.link("pages/train.py", t("exp_watch_live"), ":material/model_training:", run=new_id)


def confusion_tab(view: store.RunView) -> None:
    with ui.reporting_errors(ValueError, OSError, KeyError):
        matrix = caches.confusion_matrix(view.run_id)
        st.plotly_chart(training_figures.confusion_figure(
            matrix.to_numpy(), [i18n.class_name(c) for c in matrix.index],
            {"true": t("exp_true"), "predicted": t("exp_predicted"), "count": t("exp_count")}),
            key="exp_confusion", config={"displayModeBar": False})
        st.caption(t("exp_confusion_help"))


def mistakes_tab(view: store.RunView) -> None:
    if not st.toggle(t("exp_show_mistakes"), key="exp_show_mistakes", help=t("exp_mistakes_help")):
        return
    with ui.reporting_errors(ValueError, OSError), st.spinner(t("exp_loading_model")):
        data = caches.run_dataset(view.config)
        wrong = inspection.misclassified(caches.validation_probabilities(view.run_id), data.y_val)
        st.markdown(t("exp_mistakes_count", wrong=len(wrong), total=len(data.y_val)))
        top = wrong.head(MISTAKES)
        if len(top):
            st.image([training_figures.enlarge(data.x_val[i]) for i in top["index"]], width=84,
                     caption=[t("exp_mistake_caption", true=i18n.class_name(data.class_names[r.true]),
                                predicted=i18n.class_name(data.class_names[r.predicted]), confidence=r.confidence)
                              for r in top.itertuples()])


def open_run(table: pd.DataFrame, selected: list[str]) -> None:
    """One run: its curves (and story), configuration and re-run, confusion matrix, mistakes."""
    st.subheader(t("exp_open"))
    ids, status = list(table["run_id"]), dict(zip(table["run_id"], table["status"]))
    names = run_views.run_names(table, ids)
    linked = st.query_params.get("story") or st.query_params.get("run")   # a shared link, or a trial from Sweeps
    default = ids.index(selected[0]) if selected else ids.index(linked) if linked in ids else 0
    run_id = st.selectbox(t("exp_open_pick"), ids, index=default, key=state.EXP_OPEN_RUN,
                          format_func=lambda r: f"{names[r]} · {run_views.status_text(status[r])}")
    st.query_params["run"] = run_id
    try:
        view = store.run_view(run_id)
    except ValueError as exc:             # deleted by someone else since the list was read
        ui.show_error(exc)
        caches.forget_runs()
        return
    if view.status == "failed":
        st.error(t("train_failed", error=run_views.error_text(view)), icon=":material/error:")
    elif view.active:
        st.info(t("exp_still_training"), icon=":material/hourglass_top:")
        ui.link("pages/train.py", t("exp_watch_live"), ":material/model_training:", run=run_id)
    downloads.code_box(view, "exp_code")
    curves, settings, confusion, mistakes = st.tabs(
        [t("exp_tab_curves"), t("exp_tab_config"), t("exp_tab_confusion"), t("exp_tab_mistakes")])
    with curves:
        curves_tab(view, names[run_id], names)
    with settings:
        config_tab(view)
    for tab, show in ((confusion, confusion_tab), (mistakes, mistakes_tab)):
        with tab:
            if view.status != "finished":
                st.caption(t("exp_needs_finished"))
            else:
                show(view)


st.title(t("exp_title"))
st.markdown(t("exp_intro"))
runs = caches.runs_table(params=True)
if (st.query_params.get("run") or st.query_params.get("story", "")) not in {"", *runs["run_id"]}:
    caches.forget_runs()                  # a link to a run newer than the shared table: read it again
    runs = caches.runs_table(params=True)
if runs.empty:
    ui.guide_to_train("exp_no_runs")
    st.stop()
chosen = table_box(runs)
if chosen:
    compare(runs, chosen)
    with ui.reporting_errors():
        delete_box(chosen)
open_run(runs, chosen)
