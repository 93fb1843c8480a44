"""The Tuner's side of a sweep, as a Ray Tune callback (imports Ray Tune: import lazily)."""

from __future__ import annotations

import time

from ray import tune

from cnncore import store
from cnncore.store import sweeps as sweep_store


class SweepStopper(tune.Stopper):
    """Stops the whole Tuner once the :class:`Driver` has seen a stop request."""

    def __init__(self, driver: "Driver"):
        self.driver = driver

    def __call__(self, trial_id, result):
        return False

    def stop_all(self):
        return self.driver.stopping


class Driver(tune.Callback):
    """The Tuner's side: sees stop requests, reports progress, notes the trials Tune
    stopped early, and marks a trial's run failed when its Ray actor died under it."""

    def __init__(self, sweep_id, record_id, config, progress):
        self.sweep_id, self.record_id, self.config = sweep_id, record_id, config
        self.progress = progress
        self.next_beat = 0.0
        self.stopping = False
        self.ends: dict = {}          # trials that ended, until their run says how
        self.halted: dict = {}        # run id → why Tune stopped it early

    def stopper(self) -> "SweepStopper":
        return SweepStopper(self)

    def on_step_end(self, iteration, trials, **info):
        if time.monotonic() < self.next_beat:
            return
        self.next_beat = time.monotonic() + sweep_store.HEARTBEAT_S
        try:
            if self.progress is not None:
                self.flush()
            self.stopping = self.stopping or sweep_store.stop_requested(self.sweep_id, self.record_id)
        except Exception:          # a flaky store must not end the sweep
            pass

    def on_trial_result(self, iteration, trials, trial, result, **info):
        self._tell("epoch", trial, result)

    def on_trial_start(self, iteration, trials, trial, **info):
        self._tell("start", trial, {})

    def on_trial_complete(self, iteration, trials, trial, **info):
        result = trial.last_result or {}
        if result.get("run_id") and "status" not in result:
            # Tune stopped it before its final report: ASHA, or the whole sweep.
            self.halted[result["run_id"]] = "sweep stopped" if self.stopping else "asha"
        self._tell("end", trial, result)

    def on_trial_error(self, iteration, trials, trial, **info):
        run_id = (trial.last_result or {}).get("run_id") or sweep_store.run_of(self.sweep_id, trial.trial_id)
        if run_id and store.get_run(run_id).status in store.ACTIVE:
            store.set_status(run_id, "failed", f"the trial's Ray worker failed: "
                                f"{str(trial.error_file or 'see the Ray logs')}")
        self._tell("end", trial, trial.last_result or {})

    def _tell(self, event, trial, result):
        if self.progress is None:
            return
        run_id = result.get("run_id") or sweep_store.run_of(self.sweep_id, trial.trial_id)
        if event == "end":
            # A stopped trial writes its final status only once Tune moves on: never
            # wait for it here (that would hold Tune up), tell it when it is there.
            self.ends[trial.trial_id] = (trial, result, run_id)
            self.flush()
            return
        self._emit(event, trial, result, run_id, None)

    def flush(self, timeout: float = 0.0):
        """Report the trials that ended and whose run has its final status."""
        for tune_id, (trial, result, run_id) in list(self.ends.items()):
            late = run_id and store.still_active([run_id], timeout=timeout)
            if not late or timeout:
                del self.ends[tune_id]
                self._emit("end", trial, result, run_id, store.get_run(run_id).status if run_id else "failed")

    def _emit(self, event, trial, result, run_id, status):
        self.progress({"event": event, "trial": sweep_store.trial_number(trial.trial_id), "total": self.config.size,
                       "values": dict(trial.config), "run_id": run_id, "epoch": result.get("epoch"),
                       "epochs": self.config.total_epochs, "val_accuracy": result.get(sweep_store.METRIC),
                       "status": status})
