"""The Train page: data card, model choice, starting runs, live curves, stop, reload."""

from __future__ import annotations

import pytest

from cnncore import jobs, store
from cnncore.jobs import dispatch
from cnncore.nn import course, models, verdict
from dashboard import i18n
from tests.polling import wait_for
from tests.dashboard.training_runs import (SMALL_CNN, failed_run, fake_submit, figures, finished_run, no_exception, open_page,
                                          tiny_config)

PAGE = "pages/train.py"


@pytest.fixture
def empty_store(empty_home):
    return empty_home


def small_settings(at, *, epochs=2, limit=200):
    at.selectbox(key="train_dataset").set_value("digits")
    at.number_input(key="train_limit").set_value(limit)
    at.number_input(key="train_epochs").set_value(epochs)
    return at.run()


def test_with_no_runs_the_page_invites_a_start(empty_store):
    at = open_page(PAGE)
    no_exception(at)
    assert any("No run is training" in c.value for c in at.caption)
    assert at.button(key="train_start").disabled is False


def test_the_data_card_shows_size_counts_and_labelled_samples(empty_store):
    at = small_settings(open_page(PAGE))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Image size"] == "8×8×1"
    assert metrics["Classes"] == "10"
    assert metrics["Training images"] == "160" and metrics["Validation images"] == "40"
    [grid] = at.get("image")
    assert len(grid.captions) == 12
    assert grid.captions[:10] == [str(d) for d in range(10)]          # one image per class first


def test_the_architecture_pages_model_is_offered_first(empty_store):
    at = open_page(PAGE, session={"arch_model_config": SMALL_CNN.to_dict()})
    assert at.radio(key="train_model_source").value == "__architecture__"
    at = small_settings(at)
    assert any("parameters in" in m.value for m in at.markdown)
    no_exception(at)


def test_a_model_that_does_not_fit_the_data_is_an_error_not_a_traceback(empty_store):
    deep = SMALL_CNN.to_dict() | {"conv_blocks": [{"filters": 4, "padding": "valid", "pool_padding": "valid"}] * 4}
    at = small_settings(open_page(PAGE, session={"arch_model_config": deep}))
    no_exception(at)
    assert any("shrinks to nothing" in e.value for e in at.error)
    assert at.button(key="train_start").disabled


@pytest.mark.slow
def test_start_shows_the_curves_the_gap_and_a_verdict(empty_store, monkeypatch):
    monkeypatch.setattr(jobs, "submit", fake_submit)      # trains inline: no Ray here
    at = small_settings(open_page(PAGE))
    at.button(key="train_start").click().run()
    no_exception(at)
    [run_id] = at.query_params["run"][0].split(",") if isinstance(at.query_params["run"], list) \
        else at.query_params["run"].split(",")
    assert store.get_run(run_id).status == "finished"
    curves = figures(at)[0]
    train_acc = [tr for tr in curves["data"] if tr["name"].endswith("training")][0]
    assert train_acc["x"] == [1, 2] and train_acc["fill"] == "tonexty"       # the gap is shaded
    assert any(m.label == "Gap" for m in at.metric)
    # The verdict: the sentence and box that this run's own history calls for.
    v = verdict.verdict(store.histories([run_id]))
    sentence = (f"**{i18n.CATALOGUE[f'verdict_kind_{v.kind}'][0]}**: "
                f"{i18n.CATALOGUE[f'verdict_reason_{v.reason}'][0].format(**v.values)}")
    box = {"overfitting": at.warning, "generalising": at.success}.get(v.kind, at.info)
    assert sentence in [b.value for b in box], (v.kind, [b.value for b in box])


@pytest.mark.slow
def test_reproduce_the_course_submits_the_course_recipe_and_draws_both_runs(empty_store, monkeypatch):
    """The button submits exactly what ``python -m cnncore course`` trains (the course data
    set, both networks, the settings' seed); the runs are stood in for by tiny ones."""
    stand_ins = {"dense-baseline": finished_run(tiny_config(models.PRESETS["dense-baseline"])),
                 "dli-cnn": finished_run()}
    submitted = []
    monkeypatch.setattr(dispatch, "submit", lambda config, **_: submitted.append(config) or
                        stand_ins[config.model.name])      # the door every use case passes
    at = small_settings(open_page(PAGE))
    at.button(key="train_reproduce").click().run()
    no_exception(at)
    assert submitted == course.course_runs(seed=at.session_state["train_seed"])
    assert {c.dataset for c in submitted} == {course.COURSE_DATASET}
    curves = figures(at)[0]
    assert len({tr["name"] for tr in curves["data"]}) == 4   # 2 runs × (training, validation)


def test_a_failed_run_shows_its_message(empty_store):
    run_id = failed_run("the loss became nan at epoch 1, batch 3")
    at = open_page(PAGE, query={"run": run_id})
    no_exception(at)
    assert any("the loss became nan at epoch 1, batch 3" in e.value for e in at.error)


def test_a_diverged_runs_stored_reason_is_told_in_korean(empty_store):
    """The run keeps its English message and a code with values; the page words it."""
    run_id = store.create_run(tiny_config(), status="running")
    store.set_status(run_id, "failed", "the loss became nan at epoch 2, batch 7: training diverged",
                     code="loss_not_finite", values={"loss": float("nan"), "first_loss": 2.3,
                                                    "epoch": 2, "batch": 7})
    at = open_page(PAGE, query={"run": run_id}, lang="ko")
    no_exception(at)
    assert any("에포크 2, 배치 7에서 손실이 nan 값이 되었습니다" in e.value for e in at.error)
    assert not any("training diverged" in e.value for e in at.error)


def test_a_running_run_is_found_after_a_reload_and_can_be_stopped(empty_store):
    run_id = store.create_run(tiny_config())
    tracker = store.RunTracker(run_id, heartbeat_s=0.2)
    tracker.start(device="CPU", batch_size=32)
    try:
        tracker.progress = {"epoch": 2, "epochs": 2, "batch": 3, "batches": 5, "samples_per_s": 900.0}
        tracker.log_epoch(1, {"loss": 1.0, "accuracy": 0.6, "val_loss": 1.2, "val_accuracy": 0.5})
        wait_for(lambda: len(store.histories([run_id])) == 1                 # the writer thread
                 and store.get_run(run_id).progress.get("batch") == 3,      # stores both
                 what="the epoch and the progress in the store")
        at = open_page(PAGE)                                 # a new session: nothing in it, no URL
        no_exception(at)
        assert figures(at)[0]["data"][1]["x"] == [1]
        assert at.get("progress")[0].proto.text.startswith("Epoch 2 of 2")
        assert {m.label: m.value for m in at.metric}["Samples / s"] == "900"
        at.button(key=f"train_stop_{run_id}").click().run()
        assert tracker.stop_requested
    finally:
        tracker.finish("stopped")


@pytest.mark.parametrize(("wait", "says"), [
    (None, "Starting: the worker loads the data set"),                      # no scheduler in reach
    (jobs.Waiting("worker", 1, 30.0), "Starting the training worker (Ray and TensorFlow): about 30 s"),
    (jobs.Waiting("line", 2, 180.0), "2nd in line, about 3 min"),
])
def test_a_queued_run_says_what_it_waits_for(empty_store, monkeypatch, wait, says):
    run_id = store.create_run(tiny_config())                              # queued, nobody takes it
    if wait is not None:
        monkeypatch.setattr(jobs, "waiting", lambda rid: wait)
    at = open_page(PAGE, query={"run": run_id})
    no_exception(at)
    assert any(says in c.value for c in at.caption), [c.value for c in at.caption]
    assert at.button(key=f"train_stop_{run_id}").label == "Cancel"
