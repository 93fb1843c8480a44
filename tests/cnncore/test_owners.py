"""Owners and admins: who may stop, delete or edit a run or a sweep, enforced in cnncore;
and the per-user and per-run caps that ``jobs.submit`` checks before a run exists."""

from __future__ import annotations

import pytest

from cnncore import datasets, jobs, store
from cnncore.errors import InvalidInput
from cnncore.cli import main
from cnncore.jobs import limits
from cnncore.jobs import sweeps as sweep_jobs
from cnncore.nn import models, space, training
from cnncore.store import owners
from cnncore.store import sweeps as sweep_store

CONFIG = training.RunConfig(dataset="digits", limit=200, model=models.PRESETS["dli-cnn"],
                            train=training.TrainConfig(epochs=2))


@pytest.fixture
def machine(monkeypatch):
    """This process runs as OS user ``carol``; alice@x and bob@x sign in; root@x is admin."""
    monkeypatch.setenv("LOGNAME", "carol")
    monkeypatch.setenv("CNNLAB_ADMINS", " Root@X , ops@x")


# ------------------------------------------------------------------------------- the rule

@pytest.mark.parametrize("user, owner, allowed", [
    ("alice@x", "alice@x", True),         # the owner
    ("Alice@X", "alice@x", True),         # e-mails compare in lower case
    ("bob@x", "alice@x", False),          # someone else
    ("root@x", "alice@x", True),          # an admin (CNNLAB_ADMINS, any case, spaces)
    ("ops@x", "local", True),
    ("local", "local", True),             # the open dashboard on a laptop
    ("carol", "local", True),             # the command line's OS user: the same machine owner
    ("local", "carol", True),
    ("local", "alice@x", False),          # the machine's owner is no admin of a hosted store
    ("carol", "alice@x", False),
    ("alice@x", "local", False),          # a signed-in user cannot touch laptop runs
    ("dave", "local", False),             # another OS user (a --user name) is not this machine's owner
])
def test_who_may_act(machine, user, owner, allowed):
    assert owners.may_act(user, owner) is allowed


def test_the_refusal_names_the_user_the_run_and_the_owner(machine):
    with pytest.raises(PermissionError, match=r"^bob@x may not delete run 3f2a1b… owned by alice@x$"):
        owners.check("bob@x", "delete", "run 3f2a1b9c8d", "alice@x")


@pytest.mark.parametrize("bad", ["", "   ", None, 3, "a\nb", "x" * 300])
def test_a_user_is_a_name_or_an_email(bad):
    with pytest.raises(ValueError, match="user must be"):
        owners.check_user(bad)


# ------------------------------------------------------------------------------- runs

def test_a_run_records_its_owner_in_mlflows_user_tag(run_store, machine):
    mine = store.create_run(CONFIG, owner="Alice@X")
    legacy = store.create_run(CONFIG)
    assert store.client().get_run(mine).data.tags["mlflow.user"] == "alice@x"
    assert store.get_run(mine).owner == "alice@x" and store.get_run(legacy).owner == "local"
    table = store.runs_table().set_index("run_id")
    assert table.loc[mine, "owner"] == "alice@x" and table.loc[legacy, "owner"] == "local"
    assert "owner" in store.TABLE_COLUMNS


def test_only_the_owner_or_an_admin_deletes(run_store, machine):
    alices = store.create_run(CONFIG, owner="alice@x")
    bobs = store.create_run(CONFIG, owner="bob@x")
    with pytest.raises(PermissionError, match=rf"bob@x may not delete run {alices[:6]}… owned by alice@x"):
        store.delete_runs([bobs, alices], user="bob@x")
    assert store.get_run(bobs).status == "queued"      # nothing deleted: the check comes first
    store.delete_runs([bobs], user="bob@x")
    store.delete_runs([alices], user="root@x")
    for run_id in (alices, bobs):
        with pytest.raises(ValueError, match="deleted"):
            store.get_run(run_id)


def test_only_the_owner_or_an_admin_stops_and_a_queued_run_is_cancelled(run_store, machine):
    alices = store.create_run(CONFIG, owner="alice@x")
    with pytest.raises(PermissionError, match="bob@x may not stop run"):
        jobs.stop(alices, user="bob@x")
    with pytest.raises(PermissionError):
        jobs.stop(alices)                                # the machine's owner is no admin here
    assert store.get_run(alices).status == "queued"
    assert jobs.stop(alices, user="alice@x") == "stopped"
    other = store.create_run(CONFIG, owner="alice@x")
    assert jobs.stop(other, user="ops@x") == "stopped"


def test_laptop_runs_belong_to_the_dashboard_and_the_command_line(run_store, machine, capsys):
    from_dashboard = store.create_run(CONFIG)            # open mode: owner "local"
    assert jobs.stop(from_dashboard, user="carol") == "stopped"
    from_cli = store.create_run(CONFIG, owner="carol")
    store.delete_runs([from_cli])                         # the dashboard's default user, "local"


def test_the_command_line_stops_as_its_user(run_store, machine, capsys):
    alices = store.create_run(CONFIG, owner="alice@x")
    assert main(["stop", alices]) == 2
    assert "carol may not stop run" in capsys.readouterr().err
    assert main(["stop", alices, "--user", "alice@x"]) == 0
    assert capsys.readouterr().out.strip() == f"{alices} stopped"


# ------------------------------------------------------------------------------- sweeps

def test_only_the_owner_or_an_admin_stops_or_deletes_a_sweep(run_store, machine):
    config = space.SweepConfig(base=CONFIG, params=(space.parse("dropout", "0,0.2"),))
    sweep_id = sweep_store.create(config, owner="alice@x")
    trial = sweep_store.create_trial(sweep_id, config, {"dropout": 0.0}, 1)
    assert store.get_run(trial).owner == "alice@x"        # trials are the sweep owner's runs
    assert sweep_store.sweeps_table().set_index("sweep_id").loc[sweep_id, "owner"] == "alice@x"
    for action in (sweep_jobs.stop, sweep_jobs.delete):
        with pytest.raises(PermissionError, match=f"bob@x may not (stop|delete) sweep {sweep_id} owned by alice@x"):
            action(sweep_id, user="bob@x")
    assert store.get_run(trial).status == "queued"
    sweep_jobs.delete(sweep_id, user="root@x")
    with pytest.raises(ValueError, match="no such sweep"):
        sweep_store.sweep_run(sweep_id)


# ------------------------------------------------------------------------------- caps

def test_a_user_may_have_only_so_many_runs_waiting(run_store, machine, monkeypatch):
    from cnncore.jobs import dispatch, scheduler

    here = scheduler.Scheduler(slots=lambda: 0, make_worker=lambda i: None, loop=False)   # no Ray
    monkeypatch.setattr(dispatch, "call", lambda method, *args: getattr(here, method)(*args))
    monkeypatch.setenv("CNNLAB_MAX_ACTIVE_RUNS", "2")
    for _ in range(2):
        store.create_run(CONFIG, owner="alice@x")
    assert store.count_active("alice@x") == 2 and store.count_active("bob@x") == 0
    with pytest.raises(InvalidInput, match=r"alice@x already has 2 runs queued or running; the limit is 2") as refused:
        jobs.submit(CONFIG, user="alice@x")              # refused before a run exists
    assert refused.value.code == "active_runs_over_cap" and store.count_active("alice@x") == 2
    limits.check_active("local", 99)                      # a laptop has nobody to share with


def test_a_run_over_the_parameter_cap_is_refused_with_the_numbers(monkeypatch):
    monkeypatch.setenv("CNNLAB_MAX_RUN_PARAMS", "300000")
    hands = datasets.DatasetSize((28, 28, 1), 24, images=27_455)      # the course's CSV, not here
    limits.check_run(training.RunConfig(dataset="sign-language-mnist", model=models.PRESETS["dli-cnn"]), hands)
    dense = training.RunConfig(dataset="sign-language-mnist", model=models.PRESETS["dense-baseline"])
    with pytest.raises(InvalidInput, match=r"the model has 676,888 parameters; the limit per run is 300,000") as refused:
        limits.check_run(dense, hands)
    assert refused.value.code == "run_params_over_cap"


def test_a_run_over_the_epochs_times_images_cap_is_refused(monkeypatch):
    monkeypatch.setenv("CNNLAB_MAX_EPOCH_IMAGES", "50000")
    small = training.RunConfig(dataset="mnist-5k", limit=1000, train=training.TrainConfig(epochs=20))
    limits.check_run(small)                               # 20 × 800 = 16,000
    big = training.RunConfig(dataset="mnist-5k", train=training.TrainConfig(epochs=20))
    with pytest.raises(InvalidInput, match=r"20 epochs × 4,000 training images = 80,000 .* limit per run is 50,000") as refused:
        limits.check_run(big)
    assert refused.value.code == "epoch_images_over_cap"


def test_each_user_keeps_only_so_many_bytes_of_uploads(cnnlab_home, machine, monkeypatch):
    import numpy as np

    from cnncore.store import shares

    def npz(seed: int) -> bytes:
        import io

        buffer = io.BytesIO()
        rng = np.random.default_rng(seed)
        np.savez(buffer, x=rng.random((20, 8, 8)).astype("float32"), y=np.arange(20) % 2)
        return buffer.getvalue()

    first, second = npz(0), npz(1)
    monkeypatch.setenv("CNNLAB_MAX_USER_UPLOAD_BYTES", str(len(first) + len(second) // 2))
    upload_id = shares.save_upload("a.npz", first, user="alice@x")
    assert upload_id.startswith("upload:") and shares.kept_bytes("alice@x") == len(first)
    assert shares.save_upload("again.npz", first, user="alice@x") == upload_id   # the same file: free
    with pytest.raises(ValueError, match=r"alice@x keeps [\d,]+ bytes of uploads; [\d,]+ more would pass"):
        shares.save_upload("b.npz", second, user="alice@x")
    shares.save_upload("b.npz", second, user="bob@x")                          # bob's share is his own
