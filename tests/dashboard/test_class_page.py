"""The Class page: a teacher's form, a student's view (only the allowed controls; a crafted URL
changes nothing), the board with runs in the store, in English and Korean."""

from __future__ import annotations

import pytest

from cnncore import store
from cnncore.jobs import classes
from cnncore.nn import classroom
from cnncore.store import classes as class_store
from dashboard import class_views, i18n
from tests.dashboard.korean_text import english
from tests.dashboard.training_runs import OVERFITTING, figures, no_exception, open_page, recorded_run, tiny_config

PAGE = "pages/classroom.py"
CONFIG = classroom.ClassConfig("Which dropout closes the gap?", tiny_config(),
                               (classroom.allowed("dropout", "0, 0.2, 0.4"),), runs_per_student=2)
GENERALISING = tuple({"accuracy": a, "val_accuracy": a - 0.01, "loss": 1 - a, "val_loss": 1.02 - a}
                     for a in (0.6, 0.94, 0.945))


@pytest.fixture
def session(empty_home, monkeypatch):
    """A session with two students' finished runs, and ``jobs.submit`` recording without Ray."""
    class_id = classes.create(CONFIG, user="local")
    for name, rate, history in (("Ada", 0.0, OVERFITTING), ("Bob", 0.4, GENERALISING)):
        values = {"dropout": rate}
        recorded_run(CONFIG.choose(values), history=history, tags=class_store.run_tags(class_id, name, values))
    submitted = []

    def submit(config, *, user, tags):
        submitted.append(store.create_run(config, tags=tags, owner=user))
        return submitted[-1]

    monkeypatch.setattr(classes.dispatch, "submit", submit)
    return class_id, submitted


def test_a_teacher_creates_a_session_from_the_form(empty_home):
    at = open_page(PAGE)
    no_exception(at)
    at.text_area(key="class_new_question").input("Which kernel size closes the gap?")
    at.multiselect(key="class_new_paths").set_value(["kernel_size", "dropout"])
    at.run()
    at.text_input(key="class_new_values_kernel_size").input("3, 5")
    at.button(key="class_create").click()
    at.run()
    no_exception(at)
    class_id = at.query_params["session"]
    assert at.query_params["as"] == "teacher"
    record = class_store.get(class_id)
    assert record.config.paths == ("kernel_size", "dropout")
    assert record.config.allowed[0].values == (3, 5)
    assert any(f"/class?session={class_id}" in c.value for c in at.code)      # the link to project


def test_a_value_the_form_cannot_take_is_explained(empty_home):
    at = open_page(PAGE)
    at.text_area(key="class_new_question").input("?")
    at.text_input(key="class_new_values_dropout").input("0, 1.5")
    at.run()
    no_exception(at)
    assert any("dropout" in e.value for e in at.error)
    assert at.button(key="class_create").disabled


def test_a_student_sees_only_the_allowed_controls(session):
    class_id, submitted = session
    at = open_page(PAGE, query={"session": class_id, "dropout": "0.9", "epochs": "500"})   # a crafted URL
    no_exception(at)
    assert [title.value for title in at.title] == [CONFIG.question]
    assert {r.key for r in at.radio if r.key and r.key.startswith("class_value_")} == {"class_value_dropout"}
    assert not [b for b in at.button if b.key == "class_rest"]                 # no teacher's controls
    at.text_input(key="class_student_name").input("Cleo")
    at.radio(key="class_value_dropout").set_value(0.2)
    at.button(key="class_submit").click()
    at.run()
    no_exception(at)
    config = store.run_config(submitted[0])
    assert {b.dropout for b in config.model.conv_blocks} == {0.2} and config.train.epochs == CONFIG.base.train.epochs
    assert any("Your runs (1 of 2)" in s.value for s in at.subheader)


def test_a_student_without_a_name_is_asked_for_one(session):
    class_id, submitted = session
    at = open_page(PAGE, query={"session": class_id})
    at.button(key="class_submit").click()
    at.run()
    no_exception(at)
    assert any("name" in e.value for e in at.error) and submitted == []


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_teachers_board_shows_every_run(session, lang):
    class_id, _ = session
    at = open_page(PAGE, query={"session": class_id, "as": "teacher"}, lang=lang)
    no_exception(at)
    board = at.dataframe[0].value
    assert len(board) == 2
    student, verdict = i18n.CATALOGUE["class_col_student"], i18n.CATALOGUE["class_col_verdict"]
    column = lambda pair: pair[1] if lang == "ko" else pair[0]     # noqa: E731
    assert list(board[column(student)]) == ["Bob", "Ada"]                       # best first
    assert set(board[column(verdict)]) == {column(i18n.CATALOGUE["verdict_kind_overfitting"]),
                                           column(i18n.CATALOGUE["verdict_kind_generalising"])}
    scatter = next(f for f in figures(at) if f["data"][0].get("mode") == "markers")
    assert [float(y) for y in scatter["data"][0]["y"]] == pytest.approx([0.935, 0.63])
    if lang == "ko":
        assert [str(f) for f in english(at, names=("Ada", "Bob", CONFIG.question))] == []


def test_a_student_sees_no_board_until_the_teacher_shows_it(session):
    class_id, _ = session
    at = open_page(PAGE, query={"session": class_id})
    assert any("teacher shows the board" in i.value for i in at.info)
    assert not [d for d in at.dataframe if "Student" in d.value.columns]       # the layer table only
    classes.update(class_id, user="local", board=True, names=False)
    class_views.snapshot.clear()            # as the teacher's toggle does (else: within SNAPSHOT_TTL_S)
    at = open_page(PAGE, query={"session": class_id}, session={"class_student_name": "Ada"})
    no_exception(at)
    shown = at.dataframe[-1].value["Student"]
    assert sorted(shown) == ["student 2", "you"]


@pytest.mark.parametrize("lang, text", [("en", "no such class session. Received: 'nosuchclass'"),
                                         ("ko", "nosuchclass 수업 세션이 없습니다")])
def test_an_unknown_session_is_explained(empty_home, lang, text):
    at = open_page(PAGE, query={"session": "nosuchclass"}, lang=lang)
    no_exception(at)
    assert any(text in e.value for e in at.error), [e.value for e in at.error]


def test_experiments_lists_the_sessions_runs(session):
    class_id, _ = session
    other = recorded_run(tiny_config())
    at = open_page("pages/experiments.py", query={"class": class_id})
    no_exception(at)
    assert any(CONFIG.question in i.value for i in at.info)
    shown = set(at.dataframe[0].value["run_id"])
    assert len(shown) == 2 and other not in shown
