"""Every trial is a normal run in the store (:mod:`cnncore.store`), trained by
:func:`cnncore.jobs.execute` with the same tracking callback as a single run and tagged
``sweep=<sweep id>``. The sweep itself is recorded as one MLflow run in the experiment
``<experiment>-sweeps`` (name, config, status, heartbeat), so it never shows up among
the runs. Trials run on Ray Tune (a local Ray, or the cluster at ``RAY_ADDRESS``),
in long-lived trial actors that train one trial after another. ASHA (metric
``val_accuracy``, maximised, one report per epoch) stops poor trials early when asked.

Importing this module imports neither Ray, Keras nor MLflow.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from typing import Callable

from cnncore import settings, store
from cnncore.jobs import dispatch, door
from cnncore.jobs.cluster import ensure_ray
from cnncore.nn.paths import kind_of
from cnncore.nn.space import Param, SweepConfig
from cnncore.store import owners
from cnncore.store import sweeps as sweep_store
from cnncore.store.schema import status_of

TRIAL_MEMORY = 64 * 2**20    # what a trial actor (Tune, MLflow reads; no Keras) declares to Ray


def start(sweep_config: SweepConfig, *, user: str = owners.LOCAL, trusted: bool = False) -> str:
    """Record the sweep, owned by ``user``, and hand it to a driver on Ray; return its id
    at once.

    First the sweep passes the door (:func:`cnncore.jobs.door.admit_sweep`): for the
    dashboard, by default, as what a browser sent (untrusted). A refusal is an
    ``InvalidInput`` with a code, raised before anything is recorded or Ray is started.

    For the dashboard: the Tuner runs in a detached Ray actor (:class:`SweepDriver`), not
    in this process, so a sweep outlives the dashboard that started it wherever Ray does
    (a cluster at ``RAY_ADDRESS``; the small local Ray ends with this process). Starting
    Ray and the actor happens in a daemon thread (never the script thread); if it fails,
    the sweep is marked failed with the reason. Follow it with
    :func:`cnncore.store.sweeps.trials`; stop it with :func:`stop` from any process.
    """
    door.admit_sweep(sweep_config, user=user, trusted=trusted)
    sweep_id = sweep_store.create(sweep_config, owner=user)
    threading.Thread(target=_launch, args=(sweep_id, sweep_config),
                     name=f"cnnlab-sweep-{sweep_id}", daemon=True).start()
    return sweep_id


class SweepDriver:
    """A sweep's driver as a Ray actor: runs the Tuner to the end, keeps the sweep's
    heartbeat, then exits. Detached, it belongs to no dashboard."""

    def drive(self, sweep_id: str, config: dict) -> None:
        import ray

        try:
            _drive_safely(sweep_id, SweepConfig.from_dict(config), None)
        finally:
            ray.actor.exit_actor()


def _launch(sweep_id: str, config: SweepConfig) -> None:
    """Start ``sweep_id``'s :class:`SweepDriver` on Ray; mark the sweep failed if it cannot be."""
    try:
        ray = ensure_ray()
        actor = ray.remote(SweepDriver).options(
            name=f"cnnlab-sweep-{sweep_id}", namespace="cnnlab", lifetime="detached", num_cpus=0,
            runtime_env={"env_vars": settings.worker_env()})      # the starting process's store
        actor.remote().drive.remote(sweep_id, config.to_dict())
    except Exception as exc:                  # Ray would not start, or refused the actor
        record_id = sweep_store.sweep_run(sweep_id).info.run_id
        sweep_store.finish(record_id, "failed", f"could not start the sweep's driver on Ray: "
                                                f"{type(exc).__name__}: {exc}")


def run(sweep_config: SweepConfig, *, progress: Callable[[dict], None] | None = None,
        user: str = owners.LOCAL, trusted: bool = True) -> str:
    """Run the sweep to its end in this process; return its id (for the CLI, which owns
    the machine: ``trusted``, any data file, but the same door and caps as :func:`start`).

    ``progress`` is called from this thread with a dict per event: ``event``
    (``"start"``, ``"epoch"`` or ``"end"``), ``trial`` (1-based), ``total``, ``values``
    ({path: value}), ``run_id``, ``epoch``, ``epochs``, ``val_accuracy``, ``status``.
    """
    door.admit_sweep(sweep_config, user=user, trusted=trusted)
    sweep_id = sweep_store.create(sweep_config, owner=user)
    _drive_safely(sweep_id, sweep_config, progress)
    return sweep_id


def stop(sweep_id: str, *, user: str = owners.LOCAL) -> str:
    """Stop a sweep as ``user``: no new trial starts, running ones end within a batch.
    Return its status. ``PermissionError`` unless ``user`` owns it or is an admin."""
    record = sweep_store.sweep_run(sweep_id)
    owners.check(user, "stop", f"sweep {sweep_id}", owners.owner_of(record.data.tags))
    now = status_of(record)
    for run_id in sweep_store.trial_runs(sweep_id, active_only=True):
        dispatch.stop(run_id, user=user)
    if now not in ("running", "queued"):
        return now
    sweep_store.request_stop(sweep_id, record.info.run_id)
    if sweep_store.driver_gone(record):       # nobody is left to wind it down
        sweep_store.finish(record.info.run_id, "stopped")
        return "stopped"
    return "running"


def reconcile() -> list[str]:
    """Mark sweeps failed whose driver stopped responding; return their ids."""
    lost = []
    for record in sweep_store.sweep_runs():
        if status_of(record) == "running" and sweep_store.driver_gone(record):
            sweep_store.finish(record.info.run_id, "failed", "the process running the sweep ended before it did")
            lost.append(record.data.tags.get(sweep_store.TAG_ID, ""))
    return lost


def delete(sweep_id: str, *, user: str = owners.LOCAL) -> None:
    """Delete a sweep and its trials' runs as ``user`` (a running sweep is stopped first).
    ``PermissionError`` unless ``user`` owns it or is an admin."""
    owners.check(user, "delete", f"sweep {sweep_id}", sweep_store.owner(sweep_id))
    stop(sweep_id, user=user)
    store.delete_runs(sweep_store.trial_runs(sweep_id), user=user)
    store.client().delete_run(sweep_store.sweep_run(sweep_id).info.run_id)


def _drive_safely(sweep_id: str, config: SweepConfig, progress) -> None:
    """Run the Tuner; whatever happens, leave the sweep and its trials in a final state."""
    record_id = sweep_store.sweep_run(sweep_id).info.run_id
    error = None
    done = threading.Event()
    threading.Thread(target=_heartbeat, args=(record_id, done), name=f"cnnlab-sweep-beat-{sweep_id}",
                     daemon=True).start()
    try:
        _drive(sweep_id, record_id, config, progress)
    except KeyboardInterrupt:
        sweep_store.request_stop(sweep_id)
        raise
    except Exception as exc:                 # Ray or Tune failed: the sweep says why
        error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
    finally:
        stopped = sweep_store.stop_requested(sweep_id, record_id)
        for run_id in store.still_active(sweep_store.trial_runs(sweep_id, active_only=True)):
            halted = stopped or store.get_run(run_id).tags.get(store.TAG_STOP)
            store.set_status(run_id, "stopped" if halted else "failed",
                             None if halted else "the sweep ended before this trial did",
                             code=None if halted else "sweep_ended_first")
        table = sweep_store.trial_frame(sweep_id)
        if stopped:
            status = "stopped"
        elif error or (len(table) and (table["status"] == "failed").all()):
            status = "failed"
            error = error or "every trial failed (see the trials' errors)"
        else:
            status = "finished"
        done.set()
        sweep_store.finish(record_id, status, error)
        sweep_store.stop_file(sweep_id).unlink(missing_ok=True)


def _heartbeat(record_id: str, done: threading.Event) -> None:
    """Prove the driver alive every ``HEARTBEAT_S`` (from Ray's start to the sweep's end)."""
    while not done.wait(sweep_store.HEARTBEAT_S):
        try:
            store.client().set_tag(record_id, store.TAG_HEARTBEAT, str(time.time()))
        except Exception:              # a flaky store must not end the sweep
            pass


def _drive(sweep_id: str, record_id: str, config: SweepConfig, progress) -> None:
    # Before Tune reads them: no per-trial result files or TensorBoard logs (the store has
    # everything), trials keep the working directory (relative data paths), quiet output,
    # and a trial that ends without a metric (it failed) is not an error.
    for key, value in {"TUNE_DISABLE_AUTO_CALLBACK_LOGGERS": "1", "RAY_CHDIR_TO_TRIAL_DIR": "0",
                       "RAY_AIR_NEW_OUTPUT": "0", "TUNE_DISABLE_STRICT_METRIC_CHECKING": "1",
                       "TUNE_WARN_EXCESSIVE_EXPERIMENT_CHECKPOINT_SYNC_THRESHOLD_S": "1000"}.items():
        os.environ.setdefault(key, value)
    ensure_ray()
    from ray import tune
    from ray.tune.schedulers import ASHAScheduler, FIFOScheduler
    from ray.tune.search.basic_variant import BasicVariantGenerator

    from cnncore.jobs.trial import run_trial
    from cnncore.jobs.tune_driver import Driver

    # A trial actor only follows its run: the run trains on one of the scheduler's workers,
    # which hold the CPUs and GPU shares (CNNLAB_JOB_SLOTS, CNNLAB_RUNS_PER_GPU). Tune needs
    # some resource to place an actor by: a little memory, which every node has.
    trainable = tune.with_resources(
        tune.with_parameters(run_trial, sweep_id=sweep_id, sweep=config.to_dict(), env=settings.worker_env()),
        {"cpu": 0, "memory": TRIAL_MEMORY})
    space = {p.path: _tune_space(tune, p) for p in config.params}
    scheduler = (ASHAScheduler(time_attr="training_iteration", metric=sweep_store.METRIC, mode="max",
                               max_t=config.total_epochs, grace_period=config.grace_period,
                               reduction_factor=config.reduction_factor)
                 if config.asha else FIFOScheduler())
    driver = Driver(sweep_id, record_id, config, progress)
    tuner = tune.Tuner(
        trainable, param_space=space,
        tune_config=tune.TuneConfig(
            num_samples=config.trials if any(p.random for p in config.params) else 1,
            search_alg=BasicVariantGenerator(random_state=config.seed, max_concurrent=config.max_concurrent),
            scheduler=scheduler, reuse_actors=True),
        run_config=tune.RunConfig(
            name=sweep_id, storage_path=str(settings.cnnlab_home() / "tune"), verbose=0,
            stop=driver.stopper(), callbacks=[driver], log_to_file=False,
            failure_config=tune.FailureConfig(max_failures=0, fail_fast=False),
            checkpoint_config=tune.CheckpointConfig(num_to_keep=1)),
    )
    logging.getLogger("ray.tune.analysis.experiment_analysis").setLevel(logging.ERROR)  # no result files: by design
    tuner.fit()
    # Tune ends the last actors at once: a trial it stopped may not have written so.
    for run_id in store.still_active(list(driver.halted), timeout=10.0):
        store.client().set_tag(run_id, sweep_store.TAG_EARLY, driver.halted[run_id])
        store.set_status(run_id, "stopped")
    if progress is not None:
        driver.flush(timeout=15.0)


def _tune_space(tune, param: Param):
    if param.kind == "grid":
        return tune.grid_search(list(param.values))
    if param.kind == "choice":
        return tune.choice(list(param.values))
    if kind_of(param.path).startswith("int"):
        low, high = math.ceil(param.low), math.floor(param.high)
        return tune.lograndint(low, high + 1) if param.log else tune.randint(low, high + 1)
    return tune.loguniform(param.low, param.high) if param.log else tune.uniform(param.low, param.high)
