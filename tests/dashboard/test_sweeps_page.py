"""The Sweeps page: guidance with no sweeps, a finished sweep's table, plot and best trial.

The finished sweep is written to a private store without Ray: its trials are created
as the sweep's trial actors create them (``sweep_store.create_trial``) and trained here by
``jobs.execute``, the same job body.
"""

from __future__ import annotations

import pytest

from cnncore import jobs


from cnncore.nn import models, space, training

from cnncore.store import sweeps as sweep_store
from dashboard import i18n
from tests.dashboard.training_runs import figures, no_exception, open_page

PAGE = "pages/sweeps.py"
TINY = training.RunConfig(
    dataset="digits", limit=200,
    model=models.ModelConfig(name="tiny", conv_blocks=(models.ConvBlock(filters=4),),
                             dense_layers=(models.DenseLayer(16),)),
    train=training.TrainConfig(epochs=2))


@pytest.fixture
def empty_store(empty_home):
    return empty_home


@pytest.fixture(scope="module")
def finished_sweep(tmp_path_factory):
    """A sweep over pooling (max, average) whose two trials finished, in its own store."""
    home = tmp_path_factory.mktemp("sweep-page")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CNNLAB_HOME", str(home))
        mp.delenv("MLFLOW_TRACKING_URI", raising=False)
        config = space.SweepConfig(base=TINY, params=(space.parse("pooling", "max, average"),))
        sweep_id = sweep_store.create(config)
        for number, values in enumerate(config.grid(), start=1):
            assert jobs.execute(sweep_store.create_trial(sweep_id, config, values, number)) == "finished"
        sweep_store.finish(sweep_store.sweep_run(sweep_id).info.run_id, "finished")
        yield home, sweep_id


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_with_no_sweeps_the_page_guides_the_user(empty_store, lang):
    at = open_page(PAGE, lang=lang)
    no_exception(at)
    assert any("python -m cnncore sweep" in c.value for c in at.code)
    guide = "No sweeps yet" if lang == "en" else "아직 하이퍼파라미터 탐색이 없습니다"
    assert any(guide in i.value for i in at.info)
    # The default sweep: dropout 0, .2, .4 × max/average pooling.
    summary = "**6** trials" if lang == "en" else "시도 **6**개"
    assert any(summary in m.value for m in at.markdown)


def test_a_bad_value_is_an_error_naming_it_not_a_traceback(empty_store):
    at = open_page(PAGE)
    at.text_input(key="sweep_values_dropout").set_value("0, 1.5").run()
    no_exception(at)
    assert any("dropout=1.5" in e.value for e in at.error)
    assert at.button(key="sweep_start").disabled


def test_a_range_in_random_mode_sizes_the_sweep_by_trials(empty_store):
    at = open_page(PAGE)
    at.radio(key="sweep_mode").set_value("random").run()
    at.text_input(key="sweep_values_dropout").set_value("0:0.5").run()
    at.number_input(key="sweep_trials").set_value(5).run()
    no_exception(at)
    assert any("**5** trials" in m.value and "dropout ~ [0, 0.5]" in m.value for m in at.markdown)


@pytest.mark.slow
def test_a_finished_sweep_shows_its_trials_plot_and_best_trial(finished_sweep, monkeypatch):
    home, sweep_id = finished_sweep
    monkeypatch.setenv("CNNLAB_HOME", str(home))
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    at = open_page(PAGE, query={"sweep": sweep_id})
    no_exception(at)
    best = sweep_store.best_trial(sweep_id)
    label = f"{i18n.CATALOGUE['sweep_param_pooling'][0]} {best['pooling']}"     # "Pooling max"
    assert any(f"Best: trial {best['trial']} ({label})" in s.value for s in at.success)
    table = at.dataframe(key="sweep_trials_table").value
    assert list(table["trial"]) == [1, 2] and set(table["pooling"]) == {"max", "average"}
    kinds = [f["data"][0]["type"] for f in figures(at)]
    assert "parcoords" in kinds
    parcoords = next(f for f in figures(at) if f["data"][0]["type"] == "parcoords")
    assert [d["label"] for d in parcoords["data"][0]["dimensions"]] == [
        i18n.CATALOGUE["sweep_param_pooling"][0], "Validation acc."]

    at.button(key="sweep_open_best").click().run()          # opens the best trial in Experiments
    no_exception(at)
    assert at.selectbox(key="exp_open_run").value == best["run_id"]
