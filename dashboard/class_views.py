"""The class board: every run of a session at once, as a scatter (or parallel coordinates),
overlaid curves, a "best so far" card and a ranked table (:func:`cnncore.jobs.classes.board`)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cnncore import jobs
from dashboard import class_forms, run_views
from dashboard.i18n import t

SNAPSHOT_TTL_S = 2.0    # thirty students and a projector refresh every 3 s: one store read serves them all


@st.cache_data(ttl=SNAPSHOT_TTL_S, show_spinner=False, max_entries=32)
def snapshot(class_id: str) -> jobs.classes.Snapshot:
    """The session's runs and epochs, read once per ``SNAPSHOT_TTL_S`` for every viewer (it
    holds every name: pages only ever show :func:`board`'s view of it)."""
    return jobs.classes.snapshot(class_id)


def board(class_id: str, *, user: str | None, name: str | None = None, projector: bool = False,
          student: bool = False) -> jobs.classes.Board:
    """The board as this viewer may see it (:func:`cnncore.jobs.classes.view`)."""
    return jobs.classes.view(snapshot(class_id), user=user, name=name, projector=projector, student=student)


PROJECTOR_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header {display: none !important;}
.block-container {padding-top: 1rem; max-width: 100% !important;}
html, body, [data-testid="stMarkdownContainer"] p, td, th {font-size: 1.35rem !important;}
h1 {font-size: 3rem !important;} h2, h3 {font-size: 2.2rem !important;}
[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p {font-size: 3.2rem !important;}
</style>"""


def student_label(name: str) -> str:
    """A board name in the reader's language: "you", "the rest", "#3" → "student 3"."""
    if name == "you":
        return t("class_you")
    if name == jobs.classes.REST:
        return t("class_rest_student")
    if name.startswith("#") and name[1:].isdigit():
        return t("class_student_n", n=name[1:])
    return name


def setting_text(row, paths) -> str:
    """A run's chosen values: "Dropout rate 0.2 · Kernel size 5"."""
    return " · ".join(f"{class_forms.param_name(p)} {run_views.setting_value(_value(row, p))}" for p in paths)


def show_board(board: jobs.classes.Board, *, key: str, big: bool = False) -> None:
    """The whole board; ``big`` for the projector (taller charts)."""
    runs, paths = board.runs, board.record.config.paths
    if not board.visible:
        st.info(t("class_board_hidden"), icon=":material/visibility_off:")
        return
    if runs.empty:
        st.info(t("class_board_empty"), icon=":material/hourglass_empty:")
        return
    finished = int((runs["status"] == "finished").sum())
    st.caption(t("class_runs_count", finished=finished, runs=len(runs)))
    _cards(board, paths)
    height = 520 if big else 380
    left, right = st.columns(2)
    exporting = {"displayModeBar": True, "displaylogo": False, "modeBarButtons": [["toImage"]],
                 "toImageButtonOptions": {"filename": f"class-{board.record.class_id}", "scale": 2}}
    left.plotly_chart(_spread(runs, board.record.config.allowed, height), key=f"{key}_spread", config=exporting)
    right.plotly_chart(_curves(board.history, height), key=f"{key}_curves", config=exporting)
    row = 52 if big else 36             # the projector's larger type makes taller rows
    st.dataframe(table(runs, paths), hide_index=True, width="stretch", height=min(row * (len(runs) + 1) + 4, 16 * row),
                 column_config={t("train_val_accuracy"): st.column_config.NumberColumn(format="percent"),
                                t("train_gap"): st.column_config.NumberColumn(format="%+.1f")})


def table(runs: pd.DataFrame, paths) -> pd.DataFrame:
    """The ranked table as shown (and exported as CSV): best validation accuracy first."""
    return pd.DataFrame({
        t("class_col_rank"): range(1, len(runs) + 1),
        t("class_col_student"): [student_label(s) for s in runs["student"]],
        t("class_col_setting"): [setting_text(row, paths) for _, row in runs.iterrows()],
        t("exp_col_status"): [run_views.status_text(s) for s in runs["status"]],
        t("train_val_accuracy"): runs["val_accuracy"],
        t("train_gap"): 100 * runs["gap"],
        t("class_col_verdict"): [t(f"verdict_kind_{v}") for v in runs["verdict"]],
    })


def _cards(board: jobs.classes.Board, paths) -> None:
    runs = board.runs
    scored = runs.dropna(subset=["val_accuracy"])
    columns = st.columns(2)
    for column, label, rows in ((columns[0], t("class_best"), scored.head(1)),
                                (columns[1], t("class_pinned"), runs[runs["run_id"] == board.record.state.pinned])):
        if len(rows):
            row = rows.iloc[0]
            column.metric(label, f"{row['val_accuracy']:.1%}" if pd.notna(row["val_accuracy"]) else "–",
                          help=t("train_gap_help"))
            column.caption(t("class_best_by", student=student_label(row["student"]), values=setting_text(row, paths)))


def _spread(runs: pd.DataFrame, allowed, height: int) -> go.Figure:
    """One parameter: validation accuracy against its value (every allowed value on the axis,
    tried or not); several: parallel coordinates. Colour is the gap (train − validation, points)."""
    paths = [p.path for p in allowed]
    scored = runs.dropna(subset=["val_accuracy"])
    gap = 100 * scored["gap"].fillna(0)
    colour = dict(color=gap, colorscale="RdYlGn_r", cmin=0, cmax=max(20.0, float(gap.max() or 0)),
                  colorbar=dict(title=t("train_gap")))
    if len(paths) == 1:
        path = paths[0]
        x = [run_views.setting_value(_value(row, path)) for _, row in scored.iterrows()]
        fig = go.Figure(go.Scatter(
            x=x, y=scored["val_accuracy"], mode="markers", marker=colour | dict(size=16, line=dict(width=1)),
            text=[student_label(s) for s in scored["student"]],
            hovertemplate="%{text}<br>%{x}: %{y:.1%}<extra></extra>"))
        order = [run_views.setting_value(v) for v in allowed[0].values] if allowed[0].kind == "grid" else None
        fig.update_xaxes(title_text=class_forms.param_name(path), type="category" if order else None,
                         categoryorder="array" if order else None, categoryarray=order,
                         range=[-0.5, len(order) - 0.5] if order else None)
        fig.update_yaxes(title_text=t("train_val_accuracy"), tickformat=".0%")
        fig.update_layout(title=t("class_scatter_title", name=class_forms.param_name(path)))
    else:
        dimensions = [_dimension(scored, p) for p in paths]
        dimensions.append(dict(label=t("train_val_accuracy"), values=scored["val_accuracy"], range=[0, 1]))
        fig = go.Figure(go.Parcoords(line=colour | dict(showscale=True), dimensions=dimensions))
        fig.update_layout(title=t("class_parallel_title"))
    fig.update_layout(height=height, margin=dict(l=40, r=10, t=60, b=40))
    return fig


def _curves(history: pd.DataFrame, height: int) -> go.Figure:
    """Every run's training (dashed) and validation (solid) accuracy, two traces in all:
    runs are joined by gaps, so 200 runs draw as fast as one."""
    labels = run_views.curve_labels()
    fig = go.Figure()
    for metric, name, style in (("accuracy", labels["train"], dict(dash="dash", color="#F58518")),
                                ("val_accuracy", labels["val"], dict(color="#4C78A8"))):
        x, y = [], []
        for _, rows in history.groupby("run_id", sort=False) if len(history) else ():
            x += [*rows["epoch"], None]
            y += [*rows[metric], None]
        fig.add_trace(go.Scatter(x=x, y=y, mode="lines", name=name, line=style | dict(width=1.5),
                                 opacity=0.7, connectgaps=False))
    fig.update_xaxes(title_text=labels["epoch"], dtick=1)
    fig.update_yaxes(title_text=labels["accuracy"], tickformat=".0%", range=[0, 1.02])
    fig.update_layout(title=t("class_curves_title"), height=height, margin=dict(l=40, r=10, t=60, b=40),
                      legend=dict(orientation="h", y=-0.2))
    return fig


def _dimension(runs: pd.DataFrame, path: str) -> dict:
    values = [_value(row, path) for _, row in runs.iterrows()]
    label = class_forms.param_name(path)
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return dict(label=label, values=values)
    words = sorted({run_views.setting_value(v) for v in values})
    return dict(label=label, values=[words.index(run_views.setting_value(v)) for v in values],
                tickvals=list(range(len(words))), ticktext=words)


def _value(row, path: str):
    """The value ``row``'s run chose for ``path`` as a plain Python value (None if none)."""
    value = row.get(f"value.{path}")
    value = value.item() if hasattr(value, "item") else value        # NumPy scalar → Python
    return None if isinstance(value, float) and pd.isna(value) else value
