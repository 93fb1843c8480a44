"""Class: a teacher's parameter-exploration session, live on one board.

Without ``?session=`` a teacher starts a session and finds their sessions; with it, the
teacher gets the controls, the link and its QR code, and the board; a student gets the
question, the base experiment, only the controls the teacher allows, their own runs and,
when the teacher allows it, the board. ``?view=board`` is the projector: large type, no
sidebar, refreshing itself. Every rule (who may, which values, how many runs) is
:mod:`cnncore.jobs.classes`'s.
"""

from __future__ import annotations

import streamlit as st

from cnncore import jobs, store
from dashboard import auth, class_forms, class_views, run_views, training_figures, ui
from dashboard.i18n import t

BOARD_REFRESH_S = 3.0        # the board reads the store this often while anyone watches it
# On an open dashboard everyone is "local", who may teach: the teacher's own links say so
# (``as=teacher``), the students' link and QR code do not. Signed in, cnncore decides.
TEACHER = {} if auth.configured() else {"as": "teacher"}


def teacher_home(user: str) -> None:
    """A new session's form, and the sessions this teacher started."""
    with st.container(border=True):
        st.subheader(t("class_new"))
        config = None
        with ui.reporting_errors():
            config = class_forms.new_session()
        if st.button(t("class_create"), type="primary", key="class_create", disabled=config is None,
                     icon=":material/add:"):
            with ui.reporting_errors(ValueError, PermissionError):
                class_id = jobs.classes.create(config, user=user)
                st.query_params.update(session=class_id, **TEACHER)
                st.rerun()
    st.subheader(t("class_mine"))
    mine = [r for r in store.classes.sessions() if auth.may_act(r.teacher)]
    if not mine:
        st.caption(t("class_none_yet"))
    for record in mine:
        state = t("class_open_state" if record.state.open else "class_closed_state")
        ui.link("pages/classroom.py", t("class_session_line", question=record.config.question[:80],
                                        runs=len(store.classes.board(record.class_id)), state=state),
                ":material/school:", session=record.class_id, **TEACHER)


def teacher_controls(board: jobs.classes.Board, user: str) -> None:
    """Open or close, names, the board for students, the pinned answer, exports, the rest."""
    record, class_id = board.record, board.record.class_id
    with st.container(border=True):
        st.subheader(t("class_controls"))
        toggles = st.columns(3)
        for column, field, label in zip(toggles, ("open", "names", "board"),
                                        ("class_toggle_open", "class_toggle_names", "class_toggle_board")):
            now = getattr(record.state, field)
            if column.toggle(t(label), value=now, key=f"class_{field}_{class_id}") != now:
                with ui.reporting_errors(ValueError, PermissionError):
                    jobs.classes.update(class_id, user=user, **{field: not now})
                    class_views.snapshot.clear()
                    st.rerun()
        options = ["", *board.runs["run_id"]]
        names = {rid: f"{class_views.student_label(row['student'])} · "
                      f"{class_views.setting_text(row, record.config.paths)}" for rid, row in
                 board.runs.set_index("run_id").iterrows()}
        pinned = st.selectbox(t("class_pin"), options, index=options.index(record.state.pinned)
                              if record.state.pinned in options else 0, key=f"class_pin_{class_id}",
                              format_func=lambda rid: names.get(rid, t("class_pin_none")))
        if pinned != record.state.pinned:
            with ui.reporting_errors(ValueError, PermissionError):
                jobs.classes.update(class_id, user=user, pinned=pinned)
                class_views.snapshot.clear()
                st.rerun()
        left, middle, right = st.columns(3)
        left.download_button(t("class_export_csv"), class_views.table(board.runs, record.config.paths)
                             .to_csv(index=False).encode(), f"class-{class_id}.csv", "text/csv",
                             key="class_csv", icon=":material/download:")
        middle.caption(t("class_export_png"))
        if right.button(t("class_run_rest"), key="class_rest", help=t("class_run_rest_help"),
                        icon=":material/playlist_add:"):
            with ui.reporting_errors(ValueError, PermissionError):
                started = jobs.classes.run_rest(class_id, user=user)
                class_views.snapshot.clear()
                st.toast(t("class_rest_started", count=len(started)))


def link_card(class_id: str) -> None:
    url = class_forms.session_url(class_id)
    left, right = st.columns([3, 1])
    left.markdown(f"**{t('class_link')}**")
    left.code(url, language=None)
    left.link_button(t("class_projector"), class_forms.session_url(class_id, view="board", **TEACHER), icon=":material/tv:")
    with left:
        ui.link("pages/experiments.py", t("class_experiments"), ":material/science:", **{"class": class_id})
    right.image(class_forms.qr_png(url), caption=t("class_qr_caption"), width=180)


def student_view(board: jobs.classes.Board, user: str) -> None:
    """Only the controls the teacher allows, the student's own runs, live, and their verdicts."""
    record, class_id = board.record, board.record.class_id
    config = record.config
    class_forms.layer_table(config)
    name = None
    if user == store.owners.LOCAL:     # an open dashboard: everyone is "local"; a name tells students apart
        name = st.text_input(t("class_your_name"), key="class_student_name", max_chars=40)
    mine = jobs.classes.my_runs(class_views.snapshot(class_id), user=user, name=name)
    with st.container(border=True):
        values = class_forms.student_controls(config)
        if not record.state.open:
            st.warning(t("class_closed_note"), icon=":material/lock:")
        if st.button(t("class_submit"), type="primary", key="class_submit", icon=":material/play_arrow:",
                     disabled=not record.state.open or len(mine) >= config.runs_per_student):
            with ui.reporting_errors(ValueError, PermissionError):
                mine.append(jobs.classes.submit(class_id, values, user=user, name=name,
                                                shown_name=auth.display_name()))
                class_views.snapshot.clear()
                st.toast(t("class_submitted"))
    if mine:
        st.subheader(t("class_your_runs", used=len(mine), cap=config.runs_per_student))
        own_runs(mine)


def own_runs(run_ids: list[str]) -> None:
    """The student's runs, polled while one of them is queued or running (then drawn once)."""
    views = {rid: store.run_view(rid) for rid in run_ids}

    @st.fragment(run_every=BOARD_REFRESH_S if any(v.active for v in views.values()) else None)
    def panel():
        now = {rid: store.run_view(rid) for rid in run_ids}
        history = store.histories(run_ids)
        names = {rid: f"#{i}" for i, rid in enumerate(run_ids, start=1)}
        for rid, view in now.items():
            line = f"**{names[rid]}** · {run_views.status_text(view.status)}"
            st.markdown(line)
            if view.status == "queued":
                st.caption(run_views.waiting_text(jobs.waiting(rid)))
            elif view.status == "failed":
                st.error(run_views.error_text(view), icon=":material/error:")
            rows = history[history["run_id"] == rid]
            if len(rows):
                run_views.show_verdict(rows, prefix=f"{names[rid]} ")
        if len(history):
            st.plotly_chart(training_figures.training_curves(history, names, run_views.curve_labels(),
                                                             epochs=max(v.epochs for v in now.values()) or None),
                            key="class_own_curves", config={"displayModeBar": False})
    panel()


def live_board(class_id: str, user: str | None, *, projector: bool, name: str | None = None,
               student: bool = False) -> None:
    @st.fragment(run_every=BOARD_REFRESH_S)
    def panel():
        with ui.reporting_errors():
            board = class_views.board(class_id, user=user, name=name, projector=projector, student=student)
            class_views.show_board(board, key="class_board", big=projector)
    panel()


# ---------------------------------------------------------------- the page
user = auth.user()
class_id = st.query_params.get("session", "")
projector = st.query_params.get("view") == "board"
if not class_id:
    st.title(t("class_title"))
    st.markdown(t("class_intro"))
    if jobs.classes.may_teach(user):
        teacher_home(user)
    else:
        st.info(t("class_ask_teacher"), icon=":material/qr_code_scanner:")
    st.stop()

as_student = not auth.configured() and st.query_params.get("as") != "teacher"
try:
    board = class_views.board(class_id, user=user, name=st.session_state.get("class_student_name"),
                              projector=projector, student=as_student)
except ValueError as exc:
    ui.show_error(exc)
    st.stop()
if projector:
    st.markdown(class_views.PROJECTOR_CSS, unsafe_allow_html=True)
st.title(board.record.config.question)
if projector:
    live_board(class_id, user, projector=True, student=as_student)
    st.stop()
if board.teacher:
    link_card(class_id)
    teacher_controls(board, user)
else:
    student_view(board, user)
st.subheader(t("class_board"))
live_board(class_id, user, projector=False, name=st.session_state.get("class_student_name"), student=not board.teacher)
