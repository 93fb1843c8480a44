"""Experiments: every run in one table; compare, delete, export, and open one run."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from cnncore import jobs, store
from cnncore.nn import inspection, training
from cnncore.store import owners
from dashboard import auth, i18n, runs, state, training_figures, ui
from dashboard.i18n import t

MISTAKES = 16       # misclassified validation images shown for an opened run
PERCENT = ("accuracy", "val_accuracy", "best_accuracy", "best_val_accuracy")
HEADERS = {         # table column → catalogue key of its header
    "run_id": "exp_col_run", "status": "exp_col_status", "dataset": "exp_col_dataset",
    "model": "exp_col_model", "images": "exp_col_images", "batch": "exp_col_batch",
    "lr": "exp_col_lr", "optimizer": "exp_col_optimizer", "seed": "exp_col_seed",
    "epochs_done": "exp_col_epochs_done", "epochs": "exp_col_epochs",
    "accuracy": "exp_col_final_train", "val_accuracy": "exp_col_final_val",
    "best_accuracy": "exp_col_best_train", "best_val_accuracy": "exp_col_best_val",
    "gap": "exp_col_gap", "duration": "exp_col_duration", "device": "exp_col_device",
    "start": "exp_col_start", "sweep": "exp_col_sweep", "error": "exp_col_error",
}

st.title(t("exp_title"))
st.markdown(t("exp_intro"))

table = runs.runs_table(params=True)
if table.empty:
    runs.guide_to_train("exp_no_runs")
    st.stop()
status = dict(zip(table["run_id"], table["status"]))
owner = dict(zip(table["run_id"], table["owner"]))

# ---------------------------------------------------------------- the table
filters = st.columns([2, 2, 1])
statuses = filters[0].multiselect(t("exp_filter_status"), sorted(table["status"].unique()),
                                  key="exp_filter_status", format_func=runs.status_text)
data_sets = filters[1].multiselect(t("exp_filter_dataset"), sorted(table["dataset"].unique()),
                                   key="exp_filter_dataset")
keep = table["status"].isin(statuses or table["status"]) & table["dataset"].isin(data_sets or table["dataset"])
scope = st.radio(t("auth_owner_filter"), ["everyone", "mine"], key="exp_owner_scope", horizontal=True,
                 format_func=lambda s: t(f"auth_owner_{s}"))
if scope == "mine":   # open mode: the dashboard's and the command line's runs are all the machine owner's
    me = auth.user()
    keep &= table["owner"].isin(owners.machine_users() if me == owners.LOCAL else {me})
shown = table[keep].reset_index(drop=True)
if filters[2].button(t("exp_refresh"), key="exp_refresh", icon=":material/refresh:"):
    runs.forget_runs()
    st.rerun()

view = runs.table_view(shown)
view.insert(2, "owner", shown["owner"].to_numpy())
column_config = {c: t(k) for c, k in HEADERS.items()} | {"owner": t("auth_col_owner")}
column_config |= {c: st.column_config.NumberColumn(t(HEADERS[c]), format="percent") for c in PERCENT}
column_config["gap"] = st.column_config.NumberColumn(t("exp_col_gap"), format="%+.1f", help=t("train_gap_help"))
column_config["duration"] = st.column_config.NumberColumn(t("exp_col_duration"), format="%.0f s")
column_config["start"] = st.column_config.DatetimeColumn(t("exp_col_start"), format="YYYY-MM-DD HH:mm")
selection = st.dataframe(view, key="exp_table", on_select="rerun", selection_mode="multi-row",
                         hide_index=True, width="stretch", column_config=column_config)
selected = [view["run_id"].iloc[i] for i in selection.selection.rows] if selection else []
st.caption(t("exp_select_hint", n=len(selected), total=len(table)))
st.download_button(t("exp_export"), data=view.to_csv(index=False).encode(), file_name="cnnlab-runs.csv",
                   mime="text/csv", key="exp_export", icon=":material/download:")

# ---------------------------------------------------------------- compare
if selected:
    st.subheader(t("exp_compare"))
    names = runs.run_names(table, selected)
    history = runs.histories(selected, "exp_history")
    planned = table.set_index("run_id").loc[selected, "epochs"].max()
    planned = int(planned) if pd.notna(planned) else None
    st.plotly_chart(training_figures.training_curves(history, names, runs.curve_labels(),
                                                     shade_gap=len(selected) <= 2, epochs=planned),
                    key="exp_overlay", config={"displayModeBar": False})
    st.caption(t("exp_overlay_hint"))
    if len(selected) >= 2:
        a, b = selected[:2]
        st.markdown(t("exp_diff_title", a=names[a], b=names[b]))
        with ui.reporting_errors():
            diff = inspection.config_diff(runs.run_config(a).to_dict(), runs.run_config(b).to_dict())
            if diff.empty:
                st.caption(t("exp_diff_same"))
            else:
                diff = diff.rename(columns={"setting": t("exp_diff_setting"), "a": names[a], "b": names[b]})
                st.dataframe(diff.astype(str), hide_index=True, width="stretch")

    # Deleting asks twice; a run still training is stopped first.
    not_mine = [rid for rid in selected if not auth.may_act(owner[rid])]
    if not_mine:
        st.caption(t("auth_delete_not_yours", n=len(not_mine)))
    if st.session_state.get("exp_confirm_delete") != selected:
        if st.button(t("exp_delete", n=len(selected)), key="exp_delete", icon=":material/delete:",
                     disabled=bool(not_mine)):
            st.session_state["exp_confirm_delete"] = selected
            st.rerun()
    else:
        st.warning(t("exp_delete_confirm", n=len(selected)), icon=":material/warning:")
        yes, no, _ = st.columns([1, 1, 4])
        if yes.button(t("exp_delete_yes"), key="exp_delete_yes", type="primary"):
            with ui.reporting_errors(ValueError, PermissionError):
                for rid in selected:
                    if status[rid] in runs.ACTIVE:
                        jobs.stop(rid, user=auth.acting_user())
                store.delete_runs(selected, user=auth.acting_user())
                runs.forget_runs()
            st.session_state.pop("exp_confirm_delete", None)
            st.toast(t("exp_deleted", n=len(selected)))
            st.rerun()
        if no.button(t("exp_delete_no"), key="exp_delete_no"):
            st.session_state.pop("exp_confirm_delete", None)
            st.rerun()


# ---------------------------------------------------------------- one run
st.subheader(t("exp_open"))
ids = list(table["run_id"])
all_names = runs.run_names(table, ids)
linked = st.query_params.get("story") or st.query_params.get("run")   # a shared link, or a trial from Sweeps
default = ids.index(selected[0]) if selected else ids.index(linked) if linked in ids else 0
run_id = st.selectbox(t("exp_open_pick"), ids, index=default, key=state.EXP_OPEN_RUN,
                      format_func=lambda r: f"{all_names[r]} · {runs.status_text(status[r])}")
st.query_params["run"] = run_id
try:
    info = runs.run_info(run_id)
except ValueError as exc:             # deleted by someone else since the list was read
    ui.show_error(exc)
    runs.forget_runs()
    st.stop()
config = info["config"]
if info["status"] == "failed":
    st.error(t("train_failed", error=info["error_text"] or "?"), icon=":material/error:")
elif info["status"] in runs.ACTIVE:
    st.info(t("exp_still_training"), icon=":material/hourglass_top:")
    runs.link("pages/train.py", t("exp_watch_live"), ":material/model_training:", run=run_id)

curves, settings, confusion, mistakes = st.tabs(
    [t("exp_tab_curves"), t("exp_tab_config"), t("exp_tab_confusion"), t("exp_tab_mistakes")])

with curves:
    history = runs.histories([run_id], "exp_open_history")
    if history.empty:
        st.caption(t("exp_no_epochs"))
    else:
        st.plotly_chart(training_figures.training_curves(history, {run_id: all_names[run_id]},
                                                         runs.curve_labels(), epochs=info["epochs"] or None),
                        key="exp_open_curves", config={"displayModeBar": False})
        runs.show_verdict(history)
        original = runs.show_story(run_id, all_names, "exp_story")
        if original:
            st.query_params["story"] = original      # the link opens the whole story
        else:
            st.query_params.pop("story", None)

with settings:
    if config is None:
        st.caption(t("exp_no_config"))
    else:
        st.json(config.to_dict(), expanded=1)
        st.markdown(f"**{t('exp_rerun')}**")
        st.caption(t("exp_rerun_help"))
        with st.form("exp_rerun_form"):
            with ui.reporting_errors():
                edited_train = runs.train_settings(f"exp_rerun_{run_id[:8]}", config.train)
            model_text = st.text_area(t("exp_rerun_model"), json.dumps(config.model.to_dict(), indent=1),
                                      height=200, key=f"exp_rerun_model_{run_id[:8]}")
            go = st.form_submit_button(t("exp_rerun_go"), type="primary", icon=":material/replay:")
        if go:
            with ui.reporting_errors():
                try:
                    model_dict = json.loads(model_text)
                except json.JSONDecodeError as exc:
                    raise ValueError(t("exp_rerun_bad_json", error=exc)) from None
                new = training.RunConfig.from_dict(config.to_dict() | {"model": model_dict,
                                                                        "train": edited_train.to_dict()})
                new_id = jobs.submit(new, user=auth.acting_user())   # a re-run is the re-runner's
                runs.forget_runs()
                st.success(t("exp_rerun_started", run=new_id[:6]), icon=":material/check:")
                runs.link("pages/train.py", t("exp_watch_live"), ":material/model_training:", run=new_id)

with confusion:
    if info["status"] != "finished":
        st.caption(t("exp_needs_finished"))
    else:
        with ui.reporting_errors(ValueError, OSError, KeyError):
            matrix = runs.confusion_matrix(run_id)
            st.plotly_chart(training_figures.confusion_figure(
                matrix.to_numpy(), list(matrix.index),
                {"true": t("exp_true"), "predicted": t("exp_predicted"), "count": t("exp_count")}),
                key="exp_confusion", config={"displayModeBar": False})
            st.caption(t("exp_confusion_help"))

with mistakes:
    if info["status"] != "finished":
        st.caption(t("exp_needs_finished"))
    elif st.toggle(t("exp_show_mistakes"), key="exp_show_mistakes", help=t("exp_mistakes_help")):
        with ui.reporting_errors(ValueError, OSError), st.spinner(t("exp_loading_model")):
            data = runs.dataset(config.to_dict())
            wrong = inspection.misclassified(runs.validation_probabilities(run_id, config.to_dict()), data.y_val)
            st.markdown(t("exp_mistakes_count", wrong=len(wrong), total=len(data.y_val)))
            top = wrong.head(MISTAKES)
            if len(top):
                st.image([training_figures.enlarge(data.x_val[i]) for i in top["index"]], width=84,
                         caption=[t("exp_mistake_caption", true=i18n.class_name(data.class_names[r.true]),
                                    predicted=i18n.class_name(data.class_names[r.predicted]), confidence=r.confidence)
                                  for r in top.itertuples()])
