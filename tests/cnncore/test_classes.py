"""Class sessions: the session record, the teacher's allowed values (whatever sends them: the
page's controls, a crafted URL, the command line), the per-student cap, and what each viewer
of the board may see."""

from __future__ import annotations

import pytest

from cnncore import store
from cnncore.cli import main
from cnncore.errors import InvalidInput, NotAllowed
from cnncore.jobs import classes, door
from cnncore.nn import classroom
from cnncore.nn.models import PRESETS
from cnncore.nn.training import RunConfig, TrainConfig
from cnncore.store import classes as class_store

BASE = RunConfig(dataset="digits", limit=200, model=PRESETS["dli-cnn"], train=TrainConfig(epochs=2))


def lesson(**changes) -> classroom.ClassConfig:
    allowed = (classroom.allowed("dropout", "0, 0.2, 0.4"), classroom.allowed("learning_rate", "0.0001:0.01"),
               classroom.allowed("kernel_size", "3, 5"))
    return classroom.ClassConfig(**({"question": "Which dropout closes the gap?", "base": BASE,
                                     "allowed": allowed} | changes))


# --------------------------------------------------------------------------- the config
def test_allowed_values_are_the_sweeps_params():
    assert classroom.allowed("dropout", "0, 0.2").kind == "grid"
    rng = classroom.allowed("learning_rate", "1e-4:1e-2:log")
    assert (rng.kind, rng.low, rng.high, rng.log) == ("range", 1e-4, 1e-2, True)
    with pytest.raises(InvalidInput) as exc:
        classroom.allowed("no_such_field", "1, 2")
    assert exc.value.code == "path_unknown"


def test_a_student_gets_exactly_the_values_chosen():
    config = lesson().choose({"dropout": "0.4", "learning_rate": "0.003", "kernel_size": 5})
    assert {b.dropout for b in config.model.conv_blocks} == {0.4}
    assert {b.kernel_size for b in config.model.conv_blocks} == {5}
    assert config.train.learning_rate == 0.003
    assert config.dataset == BASE.dataset and config.train.epochs == 2     # the base is the teacher's


def test_values_left_out_take_the_first_allowed():
    assert lesson().check_values({}) == {"dropout": 0.0, "learning_rate": 0.0001, "kernel_size": 3}


@pytest.mark.parametrize("values, code", [
    ({"dropout": 0.5}, "class_value_not_allowed"),              # not in the list
    ({"dropout": "0.20001"}, "class_value_not_allowed"),
    ({"learning_rate": 0.5}, "class_value_not_allowed"),        # outside the range
    ({"learning_rate": float("nan")}, "class_value_not_allowed"),
    ({"kernel_size": 4}, "class_value_not_allowed"),
    ({"epochs": 500}, "class_param_not_allowed"),               # a path the teacher did not open
    ({"limit": 100000}, "class_param_not_allowed"),
    ({"filters": 4096}, "class_param_not_allowed"),
    ({"dropout": "lots"}, "path_value_bad"),
    ("dropout=0.2", "not_a_dict"),
])
def test_values_outside_the_teachers_are_refused(values, code):
    with pytest.raises(InvalidInput) as exc:
        lesson().choose(values)
    assert exc.value.code == code


def test_integer_ranges_and_augmentation():
    config = lesson(allowed=(classroom.allowed("filters", "8:32"), classroom.allowed("augment", "false, true")))
    run = config.choose({"filters": 16, "augment": "true"})
    assert run.model.conv_blocks[0].filters == 16 and run.train.augments and not run.train.flip  # digits: no flip
    with pytest.raises(InvalidInput):
        config.choose({"filters": 16.5})
    assert config.default_values() == {"filters": 8, "augment": False}


@pytest.mark.parametrize("changes, code", [
    ({"question": " "}, "class_question_bad"),
    ({"question": "x" * 501}, "class_question_bad"),
    ({"allowed": ()}, "class_no_params"),
    ({"allowed": (classroom.allowed("limit", "100, 200"),)}, "class_path_fixed"),
    ({"allowed": (classroom.allowed("dropout", "0, 1.5"),)}, "layer_rate"),
    ({"runs_per_student": 0}, "int_out_of_range"),
])
def test_a_session_that_cannot_be_is_refused(changes, code):
    with pytest.raises(InvalidInput) as exc:
        lesson(**changes)
    assert exc.value.code == code


def test_config_round_trips_through_json():
    config = lesson(runs_per_student=3)
    assert classroom.ClassConfig.from_dict(config.to_dict()) == config


def test_the_rest_is_every_untried_combination():
    config = lesson()
    rest = config.untried([{"dropout": 0.2, "kernel_size": 3}, {"dropout": 0.0, "kernel_size": 5}])
    assert [(v["dropout"], v["kernel_size"]) for v in rest] == [(0.0, 3), (0.2, 5), (0.4, 3), (0.4, 5)]
    assert all(v["learning_rate"] == 0.0001 for v in rest)
    with pytest.raises(InvalidInput) as exc:
        lesson(allowed=(classroom.allowed("learning_rate", "0.0001:0.01"),)).untried([])
    assert exc.value.code == "class_rest_needs_values"


# --------------------------------------------------------------------------- sessions in the store
@pytest.fixture
def recorded(empty_home, monkeypatch):
    """``dispatch.submit`` as the scheduler would record it, without Ray: the door, then a queued run."""
    made = []

    def submit(config, *, user, tags):
        door.admit(config, user=user)
        made.append(store.create_run(config, tags=tags, owner=user))
        return made[-1]

    monkeypatch.setattr(classes.dispatch, "submit", submit)
    monkeypatch.setattr(classes.dispatch, "queue_trial", lambda config, *, user, sweep, tags: submit(
        config, user=user, tags=tags))
    return made


def test_a_session_survives_in_the_store(recorded):
    class_id = classes.create(lesson(), user="local")
    record = class_store.get(class_id)
    assert record.config == lesson() and record.teacher == "local"
    assert record.state == class_store.ClassState()
    assert [r.class_id for r in class_store.sessions()] == [class_id]
    store.connection._experiments.clear()              # as a restarted dashboard reads it
    assert class_store.get(class_id).config == lesson()
    with pytest.raises(InvalidInput) as exc:
        class_store.get("nosuchsession")
    assert exc.value.code == "class_unknown"
    with pytest.raises(InvalidInput):
        class_store.get("x' or '1'='1")


def test_only_a_teacher_creates_or_changes_a_session(recorded, monkeypatch):
    monkeypatch.setenv("CNNLAB_ADMINS", "teacher@school.org")
    with pytest.raises(NotAllowed) as exc:
        classes.create(lesson(), user="student@school.org")
    assert exc.value.code == "class_teacher_only"
    class_id = classes.create(lesson(), user="teacher@school.org")
    with pytest.raises(PermissionError):
        classes.update(class_id, user="student@school.org", open=False)
    assert classes.update(class_id, user="teacher@school.org", open=False).open is False


def test_students_runs_go_through_the_checks_and_the_cap(recorded):
    class_id = classes.create(lesson(runs_per_student=2), user="local")
    first = classes.submit(class_id, {"dropout": 0.2}, user="ada@school.org", shown_name="Ada L.")
    classes.submit(class_id, {"dropout": 0.4}, user="ada@school.org")
    with pytest.raises(InvalidInput) as exc:
        classes.submit(class_id, {"dropout": 0.0}, user="ada@school.org")
    assert exc.value.code == "class_runs_over_cap"
    with pytest.raises(InvalidInput) as exc:
        classes.submit(class_id, {"dropout": 0.9}, user="bob@school.org")
    assert exc.value.code == "class_value_not_allowed"
    assert len(recorded) == 2                              # refused runs leave nothing behind
    tags = store.get_run(first).tags
    assert tags[class_store.TAG_ID] == class_id and tags[class_store.TAG_STUDENT] == "ada@school.org"
    assert "ada" not in store.client().get_run(first).info.run_name       # the shared runs table names no student


def test_an_open_dashboard_tells_students_apart_by_name(recorded):
    class_id = classes.create(lesson(runs_per_student=1), user="local")
    with pytest.raises(InvalidInput) as exc:
        classes.submit(class_id, {"dropout": 0.2}, user="local")
    assert exc.value.code == "class_name_bad"
    classes.submit(class_id, {"dropout": 0.2}, user="local", name="  Ada  ")
    classes.submit(class_id, {"dropout": 0.2}, user="local", name="Bob")
    with pytest.raises(InvalidInput):
        classes.submit(class_id, {"dropout": 0.4}, user="local", name="Ada")
    assert len(classes.my_runs(classes.snapshot(class_id), user="local", name="Ada")) == 1


def test_two_tabs_of_one_student_cannot_pass_the_cap_together(recorded, monkeypatch):
    import threading
    import time

    class_id = classes.create(lesson(runs_per_student=1), user="local")
    slow = classes.dispatch.submit

    def submit(config, **kwargs):           # the scheduler's round trip: the window for a race
        time.sleep(0.3)
        return slow(config, **kwargs)

    monkeypatch.setattr(classes.dispatch, "submit", submit)
    outcomes = []

    def tab(name):
        try:
            outcomes.append(classes.submit(class_id, {"dropout": 0.2}, user=f"{name}@school.org"))
        except InvalidInput as exc:
            outcomes.append(exc.code)

    tabs = [threading.Thread(target=tab, args=(name,)) for name in ("ada", "ada", "ada", "bob")]
    for thread in tabs:
        thread.start()
    for thread in tabs:
        thread.join()
    assert sorted(o for o in outcomes if o == "class_runs_over_cap") == ["class_runs_over_cap"] * 2
    assert len(recorded) == 2                      # one of ada's, bob's


def test_a_closed_session_takes_no_run(recorded):
    class_id = classes.create(lesson(), user="local")
    classes.update(class_id, user="local", open=False)
    with pytest.raises(InvalidInput) as exc:
        classes.submit(class_id, {}, user="local", name="Ada")
    assert exc.value.code == "class_closed"
    assert recorded == []


def test_hidden_names_never_reach_a_student(recorded, monkeypatch):
    monkeypatch.setenv("CNNLAB_ADMINS", "teacher@school.org")
    class_id = classes.create(lesson(), user="teacher@school.org")
    for who, name in (("ada@school.org", "Ada Lovelace"), ("bob@school.org", "Bob Babbage")):
        classes.submit(class_id, {"dropout": 0.2}, user=who, shown_name=name)
    as_student = classes.board(class_id, user="ada@school.org")
    assert not as_student.visible and as_student.runs.empty             # the board is not shown yet
    classes.update(class_id, user="teacher@school.org", board=True)
    named = classes.board(class_id, user="ada@school.org")
    assert set(named.runs["student"]) == {"Ada Lovelace", "Bob Babbage"}
    assert set(named.runs["owner"]) == {""}                             # no e-mail ever, to a student
    classes.update(class_id, user="teacher@school.org", names=False)
    hidden = classes.board(class_id, user="ada@school.org").runs
    assert sorted(hidden["student"]) == ["#2", "you"]
    assert "Bob" not in hidden.to_csv() and "bob@" not in hidden.to_csv()
    assert set(classes.board(class_id, user="teacher@school.org").runs["student"]) == {"Ada Lovelace",
                                                                                      "Bob Babbage"}
    projector = classes.board(class_id, user="teacher@school.org", projector=True).runs
    assert sorted(projector["student"]) == ["#1", "#2"]


def test_pin_and_run_the_rest(recorded):
    class_id = classes.create(lesson(), user="local")
    mine = classes.submit(class_id, {"dropout": 0.2, "kernel_size": 3}, user="local", name="Ada")
    with pytest.raises(InvalidInput) as exc:
        classes.update(class_id, user="local", pinned="not-a-run")
    assert exc.value.code == "class_pin_unknown"
    assert classes.update(class_id, user="local", pinned=mine).pinned == mine
    rest = classes.run_rest(class_id, user="local")
    assert len(rest) == 5                                          # 3 × 2 combinations, one tried
    runs = class_store.board(class_id)
    assert runs["rest"].sum() == 5 and len(runs) == 6
    assert classes.run_rest(class_id, user="local") == []          # nothing left to try


def test_the_door_refuses_a_session_no_run_could_be(recorded, monkeypatch):
    monkeypatch.setenv("CNNLAB_MAX_RUN_PARAMS", "100000")
    wide = lesson(allowed=(classroom.allowed("filters", "8, 512"),))
    with pytest.raises(InvalidInput) as exc:
        classes.create(wide, user="local")
    assert exc.value.code == "run_params_over_cap" and "filters=512" in exc.value.values["where"]
    with pytest.raises(InvalidInput) as exc:
        classes.create(lesson(base=RunConfig(dataset="/etc/passwd")), user="local")
    assert exc.value.code == "dataset_not_allowed"


# --------------------------------------------------------------------------- the command line
def test_the_cli_passes_the_same_checks(recorded, capsys):
    assert main(["class", "create", "--question", "Dropout?", "--dataset", "digits", "--limit", "200",
                 "--epochs", "1", "--allow", "dropout=0,0.2", "--user", "local"]) == 0
    class_id = capsys.readouterr().out.strip()
    assert main(["class", "submit", class_id, "--set", "dropout=0.3", "--user", "ada@school.org"]) == 2
    assert "not one the teacher allows" in capsys.readouterr().err
    assert main(["class", "submit", class_id, "--set", "epochs=100", "--user", "ada@school.org"]) == 2
    assert main(["class", "submit", "nosuch", "--set", "dropout=0", "--user", "ada@school.org"]) == 2
    assert store.runs_table().empty
    assert main(["class", "board", class_id, "--user", "local"]) == 0
    assert "(no runs yet)" in capsys.readouterr().out
