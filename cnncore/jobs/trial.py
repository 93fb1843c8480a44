"""One sweep trial, in a Ray Tune trial actor: a run queued with the scheduler and followed in the store."""

from __future__ import annotations

import logging
import os
import time

from cnncore import store
from cnncore.errors import InvalidInput
from cnncore.jobs import door, limits
from cnncore.nn.space import SweepConfig
from cnncore.store import schedule
from cnncore.store import sweeps as sweep_store

log = logging.getLogger(__name__)
POLL_S = 0.5                 # how often a trial looks for its run's new epochs


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
    """One trial, in a Tune trial actor that holds no CPU of its own.

    Its run waits in its owner's line of the fair queue and trains on one of the
    scheduler's workers like any run (a sweep takes no slot that others wait for out of
    turn, and its runs resume when a worker dies). This actor follows the run in the
    store: it reports each epoch to Tune, and when Tune stops the trial (ASHA, or the whole
    sweep) it asks the run to stop.
    """
    os.environ.update(env)                     # the driver's store, whatever this worker had
    # A reused actor waits this long for the previous trial to finish writing its run.
    os.environ["TUNE_FUNCTION_THREAD_TIMEOUT_S"] = "60"
    config = SweepConfig.from_dict(sweep)
    if sweep_store.stop_requested(sweep_id):
        return
    try:
        admit_trial(sweep_id, config, values)
    except InvalidInput as exc:                # the caps changed since the sweep's door
        log.warning("sweep %s: trial %s refused, nothing recorded: %s", sweep_id, values, exc)
        return                                 # Tune's driver sees a trial that ended without a run
    from ray import tune

    from cnncore.jobs import dispatch

    tune_id = tune.get_context().get_trial_id()
    number = sweep_store.trial_number(tune_id)
    tags = sweep_store.trial_tags(config, values, number, tune_id=tune_id)
    if config.asha:                            # ASHA's stop must land before the next epoch
        tags[store.TAG_PACE] = "asha"
    run_id = dispatch.queue_trial(config.trial_config(values), user=sweep_store.owner(sweep_id), sweep=sweep_id,
                                  tags=tags)
    last = follow(run_id, sweep_id, config.total_epochs, tune.report)
    if last is None:
        # Tune stopped this trial (its report raised SystemExit); end the thread the way
        # Tune's own report does, so the actor can take the next trial.
        raise SystemExit(0)
    # The last epoch is reported only now, with the run complete (model saved): Tune may
    # stop the actor as soon as it has the final result.
    tune.report(last)


def follow(run_id: str, sweep_id: str, epochs: int, report, *, poll: float = POLL_S) -> dict | None:
    """Report each epoch of ``run_id`` but the last to ``report`` as it is logged; return
    the last epoch's metrics with the run's final status once it has ended, or ``None``
    when ``report`` raised ``SystemExit`` (Tune stopped the trial: the run is asked to stop,
    and says why)."""
    reported, last = 0, {}
    while True:
        status = schedule.status(run_id)
        for row in store.histories([run_id], since={run_id: reported}).itertuples():
            last = {k: float(getattr(row, k)) for k in store.METRICS if getattr(row, k) == getattr(row, k)}
            last["epoch"] = reported = int(row.epoch)
            if reported >= epochs:
                continue                       # reported by the caller, with the run complete
            try:
                report(last | {"run_id": run_id})
            except SystemExit:
                why = "sweep stopped" if sweep_store.stop_requested(sweep_id) else "asha"
                store.client().set_tag(run_id, sweep_store.TAG_EARLY, why)
                _stop(run_id)
                return None
            store.client().set_tag(run_id, store.TAG_PACED, str(reported))   # the run may go on
        if status not in store.ACTIVE:
            return last | {"run_id": run_id, "status": status or "deleted"}
        if sweep_store.stop_requested(sweep_id):
            _stop(run_id)
        time.sleep(poll)


def _stop(run_id: str) -> None:
    """Ask the trial's run to stop: a queued one leaves the line, a running one ends within
    a batch on its worker."""
    store.request_stop(run_id)
    if schedule.status(run_id) == "queued":
        store.set_status(run_id, "stopped")
