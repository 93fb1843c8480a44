"""The one door: what a run or a sweep must pass before anything of it is recorded.

Every way of starting training comes through here: :func:`cnncore.jobs.submit` (a page's
run, re-run, remedy or the course's pair) and the command line's ``train`` and ``course``
call :func:`admit`; :func:`cnncore.jobs.sweeps.start` (the Sweeps page) and
:func:`~cnncore.jobs.sweeps.run` (the command line) call :func:`admit_sweep`; each sweep
trial is admitted again by :func:`cnncore.jobs.trial.admit_trial` before its run exists.

What a browser sent is *untrusted*: its data set must be one a page may name
(:func:`cnncore.datasets.check_untrusted`); the command line, whose user owns the machine,
passes ``trusted=True`` and may name any file, but is held to the same caps
(:mod:`~cnncore.jobs.limits`). Every refusal is an :class:`~cnncore.errors.InvalidInput` with
a code, refused before the store holds a run or a sweep. The per-user count of active runs
is not checked here: whoever queues the run counts it at that moment
(:func:`cnncore.jobs.limits.check_active`).
"""

from __future__ import annotations

import itertools
import math

from cnncore import settings
from cnncore.errors import InvalidInput
from cnncore.jobs import limits
from cnncore.store import owners

MAX_CHECKS = 10_000     # costliest trial configs a sweep's door describes (~0.2 ms each)
# Fields that change neither a model's weights nor a run's images: one value stands for all.
COSTLESS_LAYER_FIELDS = frozenset({"dropout", "activation"})


def admit(run_config, *, user: str, trusted: bool = False, data=None) -> None:
    """Refuse a run that must not be recorded; return ``None`` when it may.

    Parameters
    ----------
    run_config : RunConfig
    user : str
        Who starts it (checked with :func:`cnncore.store.owners.check_user`).
    trusted : bool
        ``True`` when the caller owns the machine (the command line, a sweep's trial
        whose sweep passed this door): any data file is allowed.
    data : Dataset or DatasetSize, optional
        The loaded data set if the caller has it; otherwise it is measured.

    Raises
    ------
    InvalidInput
        ``user_invalid``; ``dataset_not_allowed`` or ``dataset_options_not_allowed`` for
        an untrusted caller; ``run_params_over_cap`` or ``epoch_images_over_cap``
        (:func:`cnncore.jobs.limits.check_run`).
    """
    owners.check_user(user)
    if not trusted:
        _check_untrusted(run_config)
    limits.check_run(run_config, data)


def admit_sweep(sweep_config, *, user: str, trusted: bool = False) -> None:
    """Refuse a sweep that must not be recorded; return ``None`` when it may.

    Checks, in order: ``user``; the base run's data set unless ``trusted``; the number of
    trials (``CNNLAB_MAX_SWEEP_TRIALS``); the trials at once, for a user who is not the
    machine's owner (at most ``CNNLAB_MAX_ACTIVE_RUNS``); and the per-run caps of every
    trial the sweep can make (:func:`costliest_trials`), on the data set measured once. A
    trial whose model does not fit the data is no reason to refuse the sweep: it fails alone.

    Raises
    ------
    InvalidInput
        Those of :func:`admit`, with the trial's values in the message; and
        ``sweep_trials_over_cap`` (values ``trials``, ``cap``),
        ``sweep_concurrency_over_cap`` (values ``concurrent``, ``cap``) or
        ``sweep_space_too_big`` (values ``checks``, ``cap``).
    """
    from cnncore.nn.space import SweepConfig

    if not isinstance(sweep_config, SweepConfig):
        raise ValueError(f"a sweep needs a SweepConfig. Received: {type(sweep_config).__name__}")  # internal
    user = owners.check_user(user)
    if not trusted:
        _check_untrusted(sweep_config.base)
    sweep_config.check_size(" (CNNLAB_MAX_SWEEP_TRIALS)")
    active = settings.limit("active_runs")
    if sweep_config.max_concurrent > active and user not in owners.machine_users():
        raise InvalidInput("sweep_concurrency_over_cap",
                           f"a sweep may train at most {active} trials at once, one user's limit of "
                           f"runs (CNNLAB_MAX_ACTIVE_RUNS). Received: max_concurrent="
                           f"{sweep_config.max_concurrent}", concurrent=sweep_config.max_concurrent, cap=active)
    size = limits.data_size(sweep_config.base)
    for values in costliest_trials(sweep_config):
        try:
            limits.check_run(sweep_config.trial_config(values), size)
        except ValueError as exc:
            if isinstance(exc, InvalidInput) and exc.code in limits.RUN_CAPS:
                label = ", ".join(f"{k}={v!r}" for k, v in values.items())
                raise exc.within(f"a trial with {label}") from None
            # else a trial whose model cannot be built (a kernel larger than the image): it
            # costs nothing, and fails alone as a run with its reason while the sweep goes on


def admit_class(class_config, *, user: str) -> None:
    """Refuse a class session that must not be recorded: its base run must pass
    :func:`admit` (a browser's data set, the per-run caps), and so must the costliest run a
    student can make from it (:func:`costliest`), whose refusal names the values."""
    from cnncore.nn.paths import apply

    admit(class_config.base, user=user)
    size = limits.data_size(class_config.base)
    for values in costliest(class_config.allowed):
        try:
            limits.check_run(apply(class_config.base, values), size)
        except InvalidInput as exc:
            if exc.code not in limits.RUN_CAPS:
                raise
            label = ", ".join(f"{k}={v!r}" for k, v in values.items())
            raise exc.within(f"a run with {label}") from None


def costliest_trials(sweep_config) -> list[dict]:
    """Every trial's values whose cost a sweep's door must check: ``{path: value}`` dicts.

    Every grid value; for a random parameter, the ends of its range or the smallest and
    largest of its numbers (weights and images grow or shrink with a number, so the
    extremes bound the cost), and every value that is not a number (a padding, a preset);
    one value of a parameter that costs nothing (a dropout rate, an activation, a learning
    rate or any training field but ``val_fraction``). All combinations of those.

    Raises ``InvalidInput`` ``sweep_space_too_big`` past :data:`MAX_CHECKS` combinations.

    Examples
    --------
    >>> from cnncore.nn.space import SweepConfig, parse
    >>> sweep = SweepConfig(params=(parse("filters", "8:64", random=True), parse("dropout", "0,0.2,0.4")),
    ...                     trials=20)
    >>> costliest_trials(sweep)
    [{'filters': 8, 'dropout': 0.0}, {'filters': 64, 'dropout': 0.0}]
    """
    return costliest(sweep_config.params)


def costliest(params) -> list[dict]:
    """:func:`costliest_trials` of any parameters (:class:`~cnncore.nn.space.Param`): a sweep's,
    or what a class session lets its students set."""
    values = [_candidates(p) for p in params]
    checks = math.prod(len(v) for v in values)
    if checks > MAX_CHECKS:
        raise InvalidInput("sweep_space_too_big",
                           f"the sweep's costliest trials are {checks:,} combinations of its values; "
                           f"at most {MAX_CHECKS:,} can be checked: vary fewer sizes at once. "
                           f"Received: {' × '.join(str(len(v)) for v in values)}",
                           checks=checks, cap=MAX_CHECKS)
    paths = [p.path for p in params]
    return [dict(zip(paths, combo)) for combo in itertools.product(*values)]


def _candidates(param) -> tuple:
    from cnncore.nn.paths import kind_of, resolve

    target, name = resolve(param.path)
    costless = (target == "train" and name != "val_fraction") or (
        isinstance(target, tuple) and name in COSTLESS_LAYER_FIELDS)
    if param.kind == "range":
        ends = (param.low, param.high)
        if kind_of(param.path).startswith("int"):
            ends = (math.ceil(param.low), math.floor(param.high))
        return ends[:1] if costless or ends[0] == ends[1] else ends
    if costless:
        return param.values[:1]
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in param.values)
    if param.kind == "choice" and numbers:
        return tuple(dict.fromkeys((min(param.values), max(param.values))))
    return param.values


def _check_untrusted(run_config) -> None:
    from cnncore import datasets

    datasets.check_untrusted(run_config.dataset, run_config.dataset_options)
