"""The one door: every way of starting training is refused with a code, and nothing recorded.

Doors: a run (``jobs.submit``), a re-run of a recorded run (Experiments), a remedy (the
run's story), the course's pair (Train), a sweep (``sweeps.start``) and a sweep's trial
(``trial.admit_trial``). Caps: the model's weights from the real input shape, epochs ×
training images, and the untrusted-path rule; then the sweep's own caps and the active
runs. No Ray, no training: a run that passed would go to an in-process scheduler.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace

import numpy as np
import pytest

from cnncore import datasets, jobs, store
from cnncore.cli import main
from cnncore.errors import InvalidInput
from cnncore.jobs import door, limits
from cnncore.jobs import sweeps as sweep_jobs
from cnncore.jobs import trial as trial_jobs
from cnncore.nn import course, remedies
from cnncore.nn.models import ConvBlock, DenseLayer, ModelConfig
from cnncore.nn.space import SweepConfig, parse
from cnncore.nn.training import RunConfig, TrainConfig
from cnncore.store import stories
from cnncore.store import sweeps as sweep_store

USER = "alice@x"
# 2,048 units: 1.6 M weights on 28×28 images, 2.1 M on 32×32, 0.15 M on digits' 8×8, and
# 25 k counted from the layers alone, below every cap here: only the input shape tells.
WIDE = ModelConfig(name="wide", conv_blocks=(), dense_layers=(DenseLayer(units=2048),))
TINY = ModelConfig(name="tiny", conv_blocks=(), dense_layers=(DenseLayer(units=8),))
PARAMS = {"CNNLAB_MAX_RUN_PARAMS": "500000"}       # the course's dense baseline has 669,706
PASSES = {"CNNLAB_MAX_EPOCH_IMAGES": "10000"}      # the course's pair: 8 epochs × 8,000 images


def npz(n: int = 40, side: int = 32) -> bytes:
    rng = np.random.default_rng(0)
    buffer = io.BytesIO()
    np.savez(buffer, x=rng.random((n, side, side)).astype("float32"), y=np.arange(n) % 4)
    return buffer.getvalue()


@pytest.fixture
def files(empty_home, tmp_path, monkeypatch):
    """An upload (saved when asked for), a ``data:`` file, both of 40 images of 32×32, and a
    path only the command line may name."""
    folder = tmp_path / "served"
    folder.mkdir()
    (folder / "big.npz").write_bytes(npz())
    (tmp_path / "local.npz").write_bytes(npz())
    monkeypatch.setenv("CNNLAB_DATA", str(folder))
    return {"upload": lambda: datasets.save_upload("big.npz", npz()), "data": "data:big.npz",
            "path": str(tmp_path / "local.npz")}


@pytest.fixture(autouse=True)
def no_ray(monkeypatch):
    """A run that passes goes to a scheduler in this process; a sweep's driver never starts."""
    from cnncore.jobs import dispatch, scheduler

    local = scheduler.Scheduler(slots=lambda: 0, make_worker=lambda i: None, loop=False)
    monkeypatch.setattr(dispatch, "call", lambda method, *args: getattr(local, method)(*args))
    monkeypatch.setattr(sweep_jobs, "_launch", lambda *args: None)


def recorded() -> tuple[int, int]:
    """Runs and sweeps in the store."""
    return len(store.runs_table()), len(sweep_store.sweep_runs())


def run_of(dataset: str, *, model=WIDE, epochs: int = 1, limit=None, **options) -> RunConfig:
    return RunConfig(dataset=dataset, limit=limit, dataset_options=options, model=model,
                     train=TrainConfig(epochs=epochs))


# ------------------------------------------------------------------------------- the doors
# Each prepares what its page would have (a recorded run, a sweep) and returns the attempt.

def by_run(config):
    return lambda: jobs.submit(config, user=USER)


def by_rerun(config):
    """Experiments: a recorded run (someone's CLI run), its model and training edited, as ours."""
    original = store.create_run(replace(config, model=TINY, train=TrainConfig(epochs=1)), owner="bob@x")
    store.set_status(original, "finished")
    edited = RunConfig.from_dict(store.get_run(original).config.to_dict()
                                 | {"model": config.model.to_dict(), "train": config.train.to_dict()})
    return lambda: jobs.submit(edited, user=USER)


def by_remedy(config):
    """A run's story: remedy early stopping of a recorded run, tagged as the dashboard tags it."""
    original = store.create_run(config, owner="bob@x")
    store.set_status(original, "finished")
    return lambda: jobs.submit(remedies.remedy(config, "early_stopping"),
                               tags=stories.remedy_tags(original, "early_stopping"), user=USER)


def by_course(config):
    """Train's "Reproduce the course": the course's runs, whatever the case's config."""
    return lambda: [jobs.submit(c, user=USER) for c in course.course_runs(seed=0)]


def by_sweep(config):
    sweep = SweepConfig(base=config, params=(parse("learning_rate", "0.001,0.01"),))
    return lambda: sweep_jobs.start(sweep, user=USER)


def by_trial(config):
    """A trial of a sweep that is already recorded (the caps were lowered since)."""
    sweep = SweepConfig(base=config, params=(parse("learning_rate", "0.001,0.01"),))
    sweep_id = sweep_store.create(sweep, owner=USER)
    return lambda: trial_jobs.admit_trial(sweep_id, sweep, {"learning_rate": 0.01})


DOORS = {"run": by_run, "rerun": by_rerun, "remedy": by_remedy, "course": by_course,
         "sweep": by_sweep, "trial": by_trial}
UNTRUSTED = ("run", "rerun", "remedy", "sweep")      # what a browser sent; a trial's data passed its sweep's door

# ------------------------------------------------------------------------------- the caps
# name: (env, config made from the files, code, doors it applies to)
CASES = {
    "params/mnist-scattered": (PARAMS, lambda f: run_of("mnist-scattered"), "run_params_over_cap", DOORS),
    "params/upload": (PARAMS, lambda f: run_of(f["upload"]()), "run_params_over_cap", DOORS),
    "params/data-file": (PARAMS, lambda f: run_of(f["data"]), "run_params_over_cap", DOORS),
    "params/cli-path": (PARAMS, lambda f: run_of(f["path"]), "run_params_over_cap", ("trial",)),
    # mnist-scattered places each training digit twice: 2 × 4,000 images an epoch
    "passes/mnist-scattered": (PASSES, lambda f: run_of("mnist-scattered", model=TINY, epochs=2),
                               "epoch_images_over_cap", DOORS),
    "passes/scattered-limit": (PASSES, lambda f: run_of("mnist-scattered", model=TINY, epochs=13, limit=500),
                               "epoch_images_over_cap", DOORS),
    "passes/shapes": (PASSES, lambda f: run_of("shapes", model=TINY, epochs=5, n=3000),
                      "epoch_images_over_cap", DOORS),
    "passes/digits": (PASSES, lambda f: run_of("digits", model=TINY, epochs=7), "epoch_images_over_cap", DOORS),
    "passes/upload": (PASSES, lambda f: run_of(f["upload"](), model=TINY, epochs=400),
                      "epoch_images_over_cap", DOORS),
    "untrusted/etc-passwd": ({}, lambda f: run_of("/etc/passwd.csv", model=TINY), "dataset_not_allowed", UNTRUSTED),
    "untrusted/dotdot": ({}, lambda f: run_of("../x.npz", model=TINY), "dataset_not_allowed", UNTRUSTED),
    "untrusted/real-file": ({}, lambda f: run_of(f["path"], model=TINY), "dataset_not_allowed", UNTRUSTED),
    "untrusted/upload-path": ({}, lambda f: run_of("upload:../../etc/passwd.csv", model=TINY),
                              "dataset_not_allowed", UNTRUSTED),
    "untrusted/option-path": ({}, lambda f: run_of("sign-language-mnist", model=TINY, path="/etc/x.csv"),
                              "dataset_options_not_allowed", UNTRUSTED),
}
TABLE = [pytest.param(door_name, case, id=f"{door_name}-{case}")
         for case, (_, _, _, doors) in CASES.items() for door_name in doors]


@pytest.mark.parametrize("door_name, case", TABLE)
def test_every_door_refuses_with_a_code_and_records_nothing(door_name, case, files, monkeypatch):
    env, make, code, _ = CASES[case]
    attempt = DOORS[door_name](make(files))
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    before = recorded()
    with pytest.raises(InvalidInput) as refused:
        attempt()
    assert refused.value.code == code, refused.value
    assert recorded() == before


@pytest.mark.parametrize("door_name", DOORS)
def test_the_same_run_under_the_caps_passes_every_door(door_name, files, monkeypatch):
    """The wide model on digits' 8×8 images has 153,610 weights: under a cap that refuses it
    on 28×28 (the refusals above come from the real input shape, not the layers alone)."""
    monkeypatch.setenv("CNNLAB_MAX_RUN_PARAMS", "700000")      # the course's pair passes too
    monkeypatch.setenv("CNNLAB_MAX_EPOCH_IMAGES", "100000")
    attempt = DOORS[door_name](run_of("digits", epochs=2))
    runs, sweeps = recorded()
    attempt()
    if door_name in ("run", "rerun", "remedy"):
        assert recorded() == (runs + 1, sweeps)
    elif door_name == "course":
        assert recorded() == (runs + len(course.course_runs()), sweeps)
    elif door_name == "sweep":
        assert recorded() == (runs, sweeps + 1)


# ------------------------------------------------------------------------------- sweeps

def test_a_sweep_over_the_trial_cap_is_refused(empty_home, monkeypatch):
    sweep = SweepConfig(base=run_of("digits", model=TINY), params=(parse("learning_rate", "0.001,0.01,0.1"),))
    monkeypatch.setenv("CNNLAB_MAX_SWEEP_TRIALS", "2")      # lowered since the config was made
    with pytest.raises(InvalidInput, match=r"would run 3 trials; the limit is 2") as refused:
        sweep_jobs.start(sweep, user=USER)
    assert refused.value.code == "sweep_trials_over_cap" and recorded() == (0, 0)


def test_a_sweep_may_not_train_more_trials_at_once_than_its_user_may_run(empty_home, monkeypatch):
    monkeypatch.setenv("CNNLAB_MAX_ACTIVE_RUNS", "2")
    sweep = SweepConfig(base=run_of("digits", model=TINY), params=(parse("learning_rate", "0.001,0.01,0.1"),),
                        max_concurrent=3)
    with pytest.raises(InvalidInput) as refused:
        sweep_jobs.start(sweep, user=USER)
    assert refused.value.code == "sweep_concurrency_over_cap" and recorded() == (0, 0)
    door.admit_sweep(sweep, user="local")                  # the machine's owner shares with nobody


@pytest.mark.parametrize("text, random", [("8,64,4096", False), ("8:4096", True), ("8,4096", True)],
                         ids=["grid", "range", "choice"])
def test_a_sweep_whose_largest_trial_is_over_the_cap_is_refused(text, random, empty_home, monkeypatch):
    monkeypatch.setenv("CNNLAB_MAX_RUN_PARAMS", "500000")  # 4,096 units on 28×28: 3.3 M
    sweep = SweepConfig(base=run_of("mnist-scattered", model=TINY), params=(parse("units", text, random=random),),
                        trials=4)
    with pytest.raises(InvalidInput, match="a trial with units=4096: the model has") as refused:
        sweep_jobs.start(sweep, user=USER)
    assert refused.value.code == "run_params_over_cap" and recorded() == (0, 0)


def test_a_trial_whose_model_cannot_be_built_is_no_reason_to_refuse_its_sweep(empty_home):
    """A 9×9 kernel without padding fits no 8×8 digit: that trial fails alone, as a run."""
    tiny_cnn = ModelConfig(name="tiny-cnn", conv_blocks=(ConvBlock(filters=4),), dense_layers=())
    sweep = SweepConfig(base=run_of("digits", model=tiny_cnn),
                        params=(parse("kernel_size", "3, 9"), parse("padding", "valid")))
    sweep_jobs.start(sweep, user=USER)
    sweep_id = sweep_store.sweep_runs()[0].data.tags[sweep_store.TAG_ID]
    trial_jobs.admit_trial(sweep_id, sweep, {"kernel_size": 9, "padding": "valid"})
    assert recorded() == (0, 1)


def test_the_costliest_trials_are_the_grid_and_the_extremes():
    sweep = SweepConfig(base=run_of("digits", model=TINY),
                        params=(parse("units", "8,16,32"), parse("limit", "100:900", random=True),
                                parse("dense.dropout", "0:0.5", random=True),
                                parse("learning_rate", "0.001,0.01"), parse("train.val_fraction", "0.1,0.2,0.3",
                                                                           random=True)), trials=5)
    trials = door.costliest_trials(sweep)
    assert len(trials) == 3 * 2 * 1 * 1 * 2            # units, limit's ends, val_fraction's ends
    assert {t["limit"] for t in trials} == {100, 900} and {t["train.val_fraction"] for t in trials} == {0.1, 0.3}
    assert {t["dense.dropout"] for t in trials} == {0.0} and {t["learning_rate"] for t in trials} == {0.001}


def test_a_sweep_with_too_many_costly_combinations_is_refused(monkeypatch):
    monkeypatch.setattr(door, "MAX_CHECKS", 7)
    sweep = SweepConfig(base=run_of("digits", model=TINY),
                        params=(parse("units", "8:64", random=True), parse("limit", "100:900", random=True),
                                parse("train.val_fraction", "0.1:0.3", random=True)), trials=5)
    with pytest.raises(InvalidInput) as refused:
        door.costliest_trials(sweep)
    assert refused.value.code == "sweep_space_too_big" and refused.value.values["checks"] == 8


def test_a_refused_trial_ends_before_ray_and_records_nothing(empty_home, monkeypatch):
    sweep = SweepConfig(base=run_of("digits", model=TINY, epochs=2), params=(parse("learning_rate", "0.001,0.01"),))
    sweep_id = sweep_store.create(sweep, owner=USER)
    for var in ("TUNE_FUNCTION_THREAD_TIMEOUT_S", "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"):
        monkeypatch.setenv(var, "1")                     # run_trial sets them: put back after the test
    monkeypatch.setenv("CNNLAB_MAX_EPOCH_IMAGES", "100")
    assert trial_jobs.run_trial({"learning_rate": 0.01}, sweep_id=sweep_id, sweep=sweep.to_dict(), env={}) is None
    assert recorded() == (0, 1)


# ------------------------------------------------------------------------------- active runs

@pytest.mark.parametrize("door_name", ["run", "rerun", "remedy", "course"])
def test_a_user_with_as_many_active_runs_as_the_cap_is_refused(door_name, empty_home, monkeypatch):
    monkeypatch.setenv("CNNLAB_MAX_ACTIVE_RUNS", "2")
    attempt = DOORS[door_name](run_of("digits", model=TINY))
    for _ in range(2):
        store.create_run(run_of("digits", model=TINY), owner=USER)
    before = recorded()
    with pytest.raises(InvalidInput, match="alice@x already has 2 runs queued or running") as refused:
        attempt()
    assert refused.value.code == "active_runs_over_cap" and recorded() == before
    limits.check_active("local", 99)                      # a laptop has nobody to share with


# ------------------------------------------------------------------------------- the command line

def test_the_command_line_is_trusted_with_files_but_held_to_the_caps(files, tmp_path, monkeypatch, capsys):
    model = tmp_path / "wide.json"
    model.write_text(json.dumps(WIDE.to_dict()))
    monkeypatch.setenv("CNNLAB_MAX_RUN_PARAMS", "500000")
    assert main(["train", "--dataset", files["path"], "--model", str(model), "--quiet"]) == 2
    assert "cnnlab: error: the model has 2,107,396 parameters" in capsys.readouterr().err
    assert recorded() == (0, 0)
    monkeypatch.delenv("CNNLAB_MAX_RUN_PARAMS")
    monkeypatch.setenv("CNNLAB_MAX_EPOCH_IMAGES", "10000")
    assert main(["course", "--epochs", "2"]) == 2           # both runs refused before either is recorded
    assert "CNNLAB_MAX_EPOCH_IMAGES" in capsys.readouterr().err and recorded() == (0, 0)


def test_a_user_name_that_is_no_name_is_refused_with_a_code(empty_home):
    with pytest.raises(InvalidInput) as refused:
        door.admit(run_of("digits", model=TINY), user="  ")
    assert refused.value.code == "user_invalid"


def test_every_door_code_has_english_and_korean_words():
    """The catalogue words every code the door and the caps raise (tests/test_messages.py checks
    every code raised anywhere in cnncore the same way)."""
    import re

    from dashboard import i18n
    from tests.test_messages import raised_codes

    codes = raised_codes()
    assert {"run_params_over_cap", "epoch_images_over_cap", "active_runs_over_cap", "sweep_trials_over_cap",
            "sweep_concurrency_over_cap", "sweep_space_too_big", "user_invalid", "dataset_not_allowed",
            "dataset_options_not_allowed"} <= codes
    for code in codes:
        english, korean = i18n.CATALOGUE[f"err_{code}"]
        assert english and re.search("[가-힣]", korean), code
