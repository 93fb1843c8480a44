""""Get the code" (dashboard.downloads): the script, notebook, history and model of a run on
Experiments and on Train, and a story's notebook. What the files hold is tested in
tests/cnncore/test_export.py; here, that the pages offer them, named and worded right."""

from __future__ import annotations

from cnncore.store import stories
from tests.dashboard.training_runs import no_exception, open_page, recorded_run

EXPERIMENTS, TRAIN = "pages/experiments.py", "pages/train.py"
LABELS = ["Keras script (`.py`)", "Notebook (`.ipynb`)", "History (`.csv`)", "Trained model (`.keras`)"]


def downloads(at) -> dict[str, str]:
    """The page's "Get the code" buttons: label → widget key (``exp_code_script``…)."""
    keys = {b.proto.label: b.proto.id.rpartition("-")[2] for b in at.get("download_button")}
    return {label: key for label, key in keys.items() if "_code_" in key or key.endswith("_download_story")}


def test_a_finished_run_offers_its_code_model_and_history_on_experiments(empty_home):
    run_id = recorded_run(model=True)
    at = open_page(EXPERIMENTS, query={"run": run_id})
    no_exception(at)
    assert downloads(at) == {label: f"exp_code_{kind}" for label, kind in
                             zip(LABELS, ("script", "notebook", "history", "model"))}
    assert any(f"python -m cnncore export {run_id} --script" in c.value for c in at.caption)


def test_a_running_run_offers_its_code_but_not_yet_its_model(empty_home):
    run_id = recorded_run(status="running")
    at = open_page(EXPERIMENTS, query={"run": run_id})
    no_exception(at)
    assert list(downloads(at)) == LABELS[:3]
    assert any("once the run has finished" in c.value for c in at.caption)


def test_the_buttons_speak_korean(empty_home):
    run_id = recorded_run(model=True)
    at = open_page(EXPERIMENTS, query={"run": run_id}, lang="ko")
    no_exception(at)
    assert list(downloads(at)) == ["Keras 스크립트 (`.py`)", "노트북 (`.ipynb`)", "학습 기록 (`.csv`)", "학습된 모델 (`.keras`)"]
    assert "코드 가져가기" in [e.label for e in at.expander]


def test_a_story_offers_one_notebook_for_all_its_runs(empty_home):
    original = recorded_run()
    recorded_run(tags=stories.remedy_tags(original, "dropout"))
    at = open_page(EXPERIMENTS, query={"story": original})
    no_exception(at)
    assert downloads(at)["The whole story as one notebook (`.ipynb`)"] == "exp_story_download_story"


def test_train_offers_the_code_once_the_run_has_finished(empty_home):
    finished, running = recorded_run(model=True), recorded_run(status="running")
    at = open_page(TRAIN, query={"run": f"{finished},{running}"})
    no_exception(at)
    keys = set(downloads(at).values())
    assert {f"train_code_{finished}_{kind}" for kind in ("script", "notebook", "history", "model")} <= keys
    assert not any(running in key for key in keys)
