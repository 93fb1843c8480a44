"""One sweep trial, in a Ray Tune trial actor: a run in the store, trained by the job body."""

from __future__ import annotations

import logging
import os

from cnncore import store
from cnncore.errors import InvalidInput
from cnncore.jobs import door, limits
from cnncore.nn.space import SweepConfig
from cnncore.store import schedule
from cnncore.store import sweeps as sweep_store

log = logging.getLogger(__name__)


def admit_trial(sweep_id: str, config: SweepConfig, values: dict) -> None:
    """Pass trial ``values`` of sweep ``sweep_id`` through the door before its run exists:
    its own config, as the sweep's owner; its data set passed at the sweep's door (trusted).

    Raises the door's ``InvalidInput`` over a per-run cap (say, one lowered since the sweep
    started). A trial whose model cannot be built passes: it fails as a run, with its reason.
    """
    try:
        door.admit(config.trial_config(values), user=sweep_store.owner(sweep_id), trusted=True)
    except InvalidInput as exc:
        if exc.code in limits.RUN_CAPS:
            raise
    except ValueError:
        pass


def run_trial(values: dict, *, sweep_id: str, sweep: dict, env: dict) -> None:
    """One trial, in a Tune trial actor: a run in the store, trained by :func:`cnncore.jobs.worker.execute`."""
    os.environ.update(env)                     # the driver's store, whatever this worker had
    # A reused actor waits this long for the previous trial to finish writing its run.
    os.environ["TUNE_FUNCTION_THREAD_TIMEOUT_S"] = "60"
    config = SweepConfig.from_dict(sweep)
    threads = str(max(1, int(config.cpus_per_trial)))
    os.environ.setdefault("TF_NUM_INTRAOP_THREADS", threads)   # read at TensorFlow's import
    os.environ.setdefault("TF_NUM_INTEROP_THREADS", threads)
    if sweep_store.stop_requested(sweep_id):
        return
    try:
        admit_trial(sweep_id, config, values)
    except InvalidInput as exc:                # the caps changed since the sweep's door
        log.warning("sweep %s: trial %s refused, nothing recorded: %s", sweep_id, values, exc)
        return                                 # Tune's driver sees a trial that ended without a run
    from ray import tune

    from cnncore.jobs.callbacks import TuneReport
    from cnncore.jobs.worker import execute

    from cnncore.jobs import dispatch

    tune_id = tune.get_context().get_trial_id()
    # The trial waits in its owner's line of the fair queue like any run, then trains here.
    number = sweep_store.trial_number(tune_id)
    run_id = dispatch.queue_trial(config.trial_config(values), user=sweep_store.owner(sweep_id), sweep=sweep_id,
                                  tags=sweep_store.trial_tags(config, values, number, tune_id=tune_id))
    token = dispatch.granted(run_id, give_up=lambda: sweep_store.stop_requested(sweep_id))
    if token is None:                          # stopped or deleted while it waited
        if schedule.status(run_id) == "queued":
            store.set_status(run_id, "stopped")
        return
    reporter = TuneReport(run_id, sweep_id, config.total_epochs)
    status = execute(run_id, callbacks=[reporter], token=token)
    if reporter.halted:
        # Tune stopped this trial (its report raised SystemExit); end the thread the way
        # Tune's own report does, so the actor can take the next trial.
        raise SystemExit(0)
    # The last epoch is reported only now, with the run complete (model saved): Tune may
    # stop the actor as soon as it has the final result.
    tune.report(reporter.last | {"run_id": run_id, "status": status})
