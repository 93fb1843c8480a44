"""The Experiments page: run table, overlay and diff, open a run, delete, export."""

from __future__ import annotations

import os

import pytest

from cnncore import store
from cnncore.jobs import dispatch
from tests.dashboard.training_runs import figures, no_exception, open_page, shared_runs

PAGE = "pages/experiments.py"


@pytest.fixture(scope="module")
def runs():
    return shared_runs(os.environ["CNNLAB_HOME"])


def select(at, run_ids):
    rows = list(at.dataframe[0].value["run_id"])
    at.session_state["exp_table"] = {"selection": {"rows": [rows.index(r) for r in run_ids],
                                                   "columns": [], "cells": []}}
    return at.run()


def test_with_no_runs_the_page_points_to_train(empty_home):
    at = open_page(PAGE)
    no_exception(at)
    assert any("No runs yet" in i.value for i in at.info)
    assert at.get("page_link")


@pytest.mark.slow
def test_the_table_lists_every_run_with_its_results(runs):
    at = open_page(PAGE)
    no_exception(at)
    table = at.dataframe[0].value.set_index("run_id")
    assert set(runs.values()) <= set(table.index)
    cnn = table.loc[runs["cnn"]]
    assert cnn["status"] == "finished" and cnn["dataset"] == "digits" and cnn["epochs_done"] == 2
    assert cnn["model"] == "tiny-cnn (conv 8-4, dense 16)"
    assert 0 <= cnn["val_accuracy"] <= 1 and cnn["lr"] == "0.001"
    assert table.loc[runs["failed"], "status"] == "failed"
    assert at.get("download_button")


@pytest.mark.slow
def test_two_selected_runs_are_overlaid_and_their_difference_shown(runs):
    at = select(open_page(PAGE), [runs["cnn"], runs["cnn_fast"]])
    no_exception(at)
    overlay = figures(at)[0]
    lines = {(tr["line"]["color"], tr["line"].get("dash")) for tr in overlay["data"]}
    assert len({colour for colour, _ in lines}) == 2                        # one colour per run
    assert {dash for _, dash in lines} == {None, "dash"}                     # val solid, train dashed
    diff = at.dataframe[1].value
    assert list(diff.iloc[:, 0]) == ["Learning rate"]                         # train.learning_rate, named


@pytest.mark.slow
def test_a_failed_run_opens_with_its_error(runs):
    at = open_page(PAGE)
    at.selectbox(key="exp_open_run").set_value(runs["failed"]).run()
    no_exception(at)
    assert any("the loss became nan" in e.value for e in at.error)


@pytest.mark.slow
def test_a_link_opens_its_run_and_the_url_follows_the_choice(runs):
    at = open_page(PAGE, query={"run": runs["failed"]})
    no_exception(at)
    assert at.selectbox(key="exp_open_run").value == runs["failed"]
    assert any("the loss became nan" in e.value for e in at.error)
    at.selectbox(key="exp_open_run").set_value(runs["cnn"]).run()
    assert at.query_params["run"] in (runs["cnn"], [runs["cnn"]])


@pytest.mark.slow
def test_an_opened_run_shows_curves_confusion_and_mistakes(runs):
    at = open_page(PAGE)
    at.selectbox(key="exp_open_run").set_value(runs["cnn"]).run()
    at.toggle(key="exp_show_mistakes").set_value(True).run()
    no_exception(at)
    kinds = [fig["data"][0]["type"] for fig in figures(at)]
    assert "heatmap" in kinds                                                 # the confusion matrix
    assert any("validation images misclassified" in m.value for m in at.markdown)
    images = at.get("image")
    if images:                                                                # a perfect tiny model has none
        assert all(" → " in c for c in images[0].captions)


@pytest.mark.slow
def test_rerun_with_edits_submits_the_edited_config(runs, monkeypatch):
    submitted = []
    monkeypatch.setattr(dispatch, "submit", lambda config, **_: submitted.append(config) or runs["cnn"])
    at = open_page(PAGE)
    at.selectbox(key="exp_open_run").set_value(runs["cnn"]).run()
    at.number_input(key=f"exp_rerun_{runs['cnn'][:8]}_epochs").set_value(3)
    [submit] = [b for b in at.button if b.proto.is_form_submitter]
    submit.click().run()
    no_exception(at)
    [config] = submitted
    assert config.train.epochs == 3 and config.model.name == "tiny-cnn" and config.dataset == "digits"


def test_delete_asks_first(empty_home):
    from tests.dashboard.training_runs import failed_run
    keep, gone = failed_run("one"), failed_run("two")
    at = select(open_page(PAGE), [gone])
    at.button(key="exp_delete").click().run()
    assert any("for good" in w.value for w in at.warning)
    assert len(store.runs_table()) == 2                                    # nothing yet
    at.button(key="exp_delete_yes").click().run()
    no_exception(at)
    assert list(store.runs_table()["run_id"]) == [keep]
