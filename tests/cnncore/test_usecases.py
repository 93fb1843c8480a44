"""What a page asks of the runs in one call (``cnncore.jobs.usecases``), and a run as the
pages see it (``cnncore.store.views``).

No Ray: the scheduler is stood in for by a fake ``dispatch.call`` that records each request
and, for ``admit``, records the run in the store as the scheduler does. Every run still
passes the real door (``dispatch.submit``'s checks).
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from cnncore import jobs, store
from cnncore.errors import InvalidInput
from cnncore.jobs import dispatch, door, usecases
from cnncore.nn import course, models, training
from cnncore.store import stories
from tests.cnncore.test_owners import machine  # noqa: F401  (carol's machine; root@x is admin)

CONFIG = training.RunConfig(dataset="digits", limit=200, model=models.PRESETS["dense-baseline"],
                            train=training.TrainConfig(epochs=2))


@pytest.fixture
def scheduler(run_store, monkeypatch):
    """The scheduler's requests, recorded; ``admit`` records the run queued, as it does."""
    requests = []

    def call(method, *args):
        requests.append((method, args))
        if method == "admit":
            config, user, sweep, tags = args[:4]
            return store.create_run(training.RunConfig.from_dict(config), sweep=sweep, tags=tags, owner=user)
        return None

    monkeypatch.setattr(dispatch, "call", call)
    return requests


def ended(status: str = "finished", owner: str = "local", config=CONFIG) -> str:
    run_id = store.create_run(config, status="running", owner=owner)
    store.set_status(run_id, status)
    return run_id


# --------------------------------------------------------------------------- delete

def test_delete_stops_the_active_runs_first_then_deletes_them_all(scheduler, machine, monkeypatch):
    queued, done = store.create_run(CONFIG, owner="alice@x"), ended(owner="alice@x")
    stopped = []
    stop = dispatch.stop
    monkeypatch.setattr(dispatch, "stop", lambda run_id, *, user: stopped.append(run_id) or stop(run_id, user=user))
    jobs.delete([queued, done], user="alice@x")
    assert stopped == [queued]                                   # the finished run needs no stop
    assert store.runs_table().empty


def test_delete_refuses_before_anything_changes(scheduler, machine):
    hers, his = store.create_run(CONFIG, owner="alice@x"), store.create_run(CONFIG, owner="bob@x")
    with pytest.raises(PermissionError, match="bob@x may not delete run"):
        jobs.delete([his, hers], user="bob@x")
    assert {store.get_run(r).status for r in (hers, his)} == {"queued"}     # nothing stopped either
    jobs.delete([hers, his], user="root@x")                                  # an admin may
    assert store.runs_table().empty


# --------------------------------------------------------------------------- re-run and remedies

def test_a_rerun_with_edits_is_a_new_run_of_the_rerunner(scheduler, machine):
    original = ended(owner="alice@x")
    new = jobs.rerun(original, {"train": {"epochs": 3}}, user="bob@x")
    record = store.get_run(new)
    assert new != original and record.owner == "bob@x"
    assert record.config.train.epochs == 3
    assert record.config.model == CONFIG.model and record.config.dataset == CONFIG.dataset
    assert record.config.train.batch_size == CONFIG.train.batch_size        # a dict edit merges
    assert [m for m, _ in scheduler] == ["admit"]


def test_a_rerun_that_breaks_the_config_records_nothing(scheduler, machine):
    original = ended(owner="alice@x")
    with pytest.raises(ValueError, match="epochs"):
        jobs.rerun(original, {"train": {"epochs": 0}}, user="bob@x")
    with pytest.raises(InvalidInput):                                        # the door: a server path
        jobs.rerun(original, {"dataset": "/etc/passwd.csv"}, user="bob@x")
    assert scheduler == [] and len(store.runs_table()) == 1


def test_a_remedy_is_a_sibling_run_in_the_originals_story(scheduler, machine):
    original = ended(owner="alice@x")
    fix = jobs.start_remedy(original, "use_cnn", user="bob@x")
    view = store.run_view(fix)
    assert (view.remedy_of, view.remedy, view.owner) == (original, "use_cnn", "bob@x")
    assert view.config.model.conv_blocks and view.config.dataset == CONFIG.dataset
    assert stories.story(original) == {original: "", fix: "use_cnn"}


# --------------------------------------------------------------------------- the course

def test_the_course_is_both_runs_dense_first(scheduler, machine):
    ids = jobs.start_course(user="alice@x", seed=3)
    configs = [store.get_run(r).config for r in ids]
    assert configs == course.course_runs(seed=3)
    assert {store.get_run(r).owner for r in ids} == {"alice@x"}


def test_the_course_is_refused_whole_or_started_whole(scheduler, machine, monkeypatch):
    admit = door.admit

    def refuse_the_cnn(config, **kwargs):
        admit(config, **kwargs)
        if config.model.name == "dli-cnn":
            raise InvalidInput("run_params_over_cap", "too big", params=1, cap=0, model="dli-cnn")

    monkeypatch.setattr(door, "admit", refuse_the_cnn)
    with pytest.raises(InvalidInput):
        jobs.start_course(user="alice@x")
    assert scheduler == [] and store.runs_table().empty               # the dense run was not recorded


def test_the_course_counts_both_runs_against_the_users_cap(scheduler, machine, monkeypatch):
    monkeypatch.setenv("CNNLAB_MAX_ACTIVE_RUNS", "2")
    store.create_run(CONFIG, owner="alice@x")                          # one active already: 1 + 2 > 2
    with pytest.raises(InvalidInput) as refused:
        jobs.start_course(user="alice@x")
    assert refused.value.code == "active_runs_over_cap"
    assert scheduler == [] and len(store.runs_table()) == 1


# --------------------------------------------------------------------------- what a queued run waits for

@pytest.mark.parametrize(("place", "state", "expected"), [
    (None, None, jobs.Waiting("start")),                                       # no scheduler here, or handed over
    ((3, 120.0), None, jobs.Waiting("line", 3, 120.0)),                        # two runs go first
    ((1, None), {"slots": 1, "running": []}, jobs.Waiting("worker", 1, usecases.WORKER_START_S)),
    ((1, 40.0), {"slots": 1, "running": ["other"]}, jobs.Waiting("line", 1, 40.0)),   # next, slot busy
])
def test_what_a_queued_run_waits_for(monkeypatch, place, state, expected):
    monkeypatch.setattr(dispatch, "place", lambda run_id: place)
    monkeypatch.setattr(dispatch, "scheduler_state", lambda: state | {"waiting": [], "waits": [], "error": ""})
    assert jobs.waiting("r1") == expected


def test_waiting_never_starts_a_scheduler(monkeypatch):
    monkeypatch.setattr(dispatch, "_HANDLE", None)
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    monkeypatch.setattr(dispatch, "call", lambda *a: pytest.fail("a page must not start Ray to ask"))
    assert jobs.waiting("r1") == jobs.Waiting("start")


# --------------------------------------------------------------------------- a run as the pages see it

def test_a_run_view_has_its_progress_error_and_owner_without_tags(run_store, machine):
    run_id = store.create_run(CONFIG, status="running", owner="alice@x")
    store.set_status(run_id, "failed", "the loss became nan", code="loss_not_finite",
                     values={"epoch": 2, "batch": 7})
    view = store.run_view(run_id)
    assert view.status == "failed" and not view.active
    assert view.error == store.RunError("the loss became nan", "loss_not_finite", {"epoch": 2, "batch": 7})
    assert (view.epochs, view.remedy_of, view.owner) == (2, "", "alice@x")


def test_progress_and_elapsed_of_a_running_run(run_store):
    record = store.RunRecord(run_id="r", status="running", config=CONFIG, error="", device="CPU", sweep="",
                             start=100.0, end=None, heartbeat_age=0.1,
                             progress={"epoch": 2, "epochs": 4, "batch": 5, "batches": 10, "samples_per_s": 900.0})
    view = store.RunView.from_record(record, now=130.0)
    assert view.progress == pytest.approx((1 + 0.5) / 4)
    assert (view.elapsed, view.samples_per_second, view.error) == (30.0, 900.0, None)
    assert store.RunView.from_record(replace(record, start=None)).elapsed is None


@pytest.mark.parametrize(("status", "user", "stop", "delete"), [
    ("running", "alice@x", True, True),        # the owner
    ("running", "bob@x", False, False),        # someone else
    ("running", "root@x", True, True),         # an admin
    ("running", None, False, False),           # nobody signed in
    ("finished", "alice@x", False, True),      # nothing to stop
])
def test_who_may_stop_and_delete_a_run(machine, status, user, stop, delete):
    view = store.RunView(run_id="r", status=status, owner="alice@x")
    assert (view.may_stop(user), view.may_delete(user)) == (stop, delete)


def test_mine_is_the_machines_owner_under_both_names(machine):
    assert store.mine("local") == store.mine("carol") == {"local", "carol"}
    assert store.mine("alice@x") == {"alice@x"} and store.mine(None) == frozenset()


def test_the_status_groups_cover_every_status_once():
    assert sorted(store.ACTIVE + store.ENDED) == sorted(store.STATUSES)


def test_the_overview_reads_the_layers_and_key_settings_from_the_params():
    table = pd.DataFrame({
        "run_id": ["a", "b"], "model": ["tiny", "dense"],
        "param.model.conv_blocks.0.filters": ["8", None], "param.model.conv_blocks.10.filters": ["2", None],
        "param.model.conv_blocks.1.filters": ["4", None], "param.model.dense_layers.0.units": ["16", "512"],
        "param.limit": ["200", "None"], "param.train.learning_rate": ["0.001", "0.01"],
    })
    view = store.overview(table)
    assert list(view["conv"]) == ["8-4-2", ""] and list(view["dense"]) == ["16", "512"]
    assert view["images"][0] == "200" and pd.isna(view["images"][1])           # None: all images
    assert list(view["lr"]) == ["0.001", "0.01"]
    assert view["batch"].isna().all()                                   # a column the store lacks
    assert not [c for c in view.columns if c.startswith("param.")]


def test_a_view_of_a_deleted_run_is_an_error(run_store):
    run_id = ended()
    store.delete_runs([run_id])
    with pytest.raises(ValueError, match="deleted"):
        store.run_view(run_id)
