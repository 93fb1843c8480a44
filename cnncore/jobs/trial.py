"""One sweep trial, in a Ray Tune trial actor: a run in the store, trained by the job body."""

from __future__ import annotations

import os

from cnncore.nn.space import SweepConfig
from cnncore.store import sweeps as sweep_store


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
    from ray import tune

    from cnncore.jobs.callbacks import TuneReport
    from cnncore.jobs.worker import execute

    tune_id = tune.get_context().get_trial_id()
    run_id = sweep_store.create_trial(sweep_id, config, values, sweep_store.trial_number(tune_id),
                                      tune_id=tune_id)
    reporter = TuneReport(run_id, sweep_id, config.total_epochs)
    status = execute(run_id, callbacks=[reporter])
    if reporter.halted:
        # Tune stopped this trial (its report raised SystemExit); end the thread the way
        # Tune's own report does, so the actor can take the next trial.
        raise SystemExit(0)
    # The last epoch is reported only now, with the run complete (model saved): Tune may
    # stop the actor as soon as it has the final result.
    tune.report(reporter.last | {"run_id": run_id, "status": status})
