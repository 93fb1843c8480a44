"""What a sweep varies: :class:`Param` and :class:`SweepConfig`, parsed from the CLI's and the
page's spelling. Paths are those of :mod:`cnncore.nn.paths`.

Values: a grid tries every value of every grid parameter (all combinations); a random
parameter draws from its values (``choice``) or from a range, uniformly (or
log-uniformly), integers for integer fields. With random parameters the sweep has
``trials`` samples (each combining with the whole grid, if there is one too).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field, fields, replace
from typing import Any

from cnncore import settings
from cnncore.checks import check_int, checked_fields, is_finite, out_of_range, shown
from cnncore.errors import InvalidInput
from cnncore.nn.paths import apply, coerce, kind_of, resolve
from cnncore.nn.training import RunConfig

KINDS = ("grid", "choice", "range")


@dataclass(frozen=True)
class Param:
    """One swept parameter: a path (see the module notes) and what it takes.

    ``kind`` ``"grid"``: every one of ``values``; ``"choice"``: one of ``values`` at
    random per trial; ``"range"``: a number in [``low``, ``high``] at random, spread
    log-uniformly when ``log`` (learning rates), an integer for integer fields.
    """

    path: str
    kind: str = "grid"
    values: tuple = ()
    low: float | None = None
    high: float | None = None
    log: bool = False

    def __post_init__(self):
        cap = settings.limit("sweep_trials")
        where = str(self.path)[:100]
        if not hasattr(self.values, "__len__") or len(self.values) > cap:
            count = len(self.values) if hasattr(self.values, '__len__') else self.values
            raise InvalidInput("sweep_values_over_cap", f"at most {cap:,} values (CNNLAB_MAX_SWEEP_TRIALS). "
                               f"Received: {count!r} values", cap=cap, count=shown(count)).within(where)
        object.__setattr__(self, "values", tuple(self.values))
        if self.kind not in KINDS:
            raise InvalidInput("choice_bad", f"kind must be one of {', '.join(KINDS)}. "
                               f"Received: kind={self.kind!r}", name="kind", value=shown(self.kind),
                               options=", ".join(KINDS)).within(where)
        if self.kind == "range":
            if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
                       for v in (self.low, self.high)) or not self.low <= self.high:
                raise InvalidInput("sweep_range_bad", f"a range needs two numbers low ≤ high. "
                                   f"Received: low={self.low!r}, high={self.high!r}",
                                   low=shown(self.low), high=shown(self.high)).within(where)
            if self.log and self.low <= 0:
                raise InvalidInput("sweep_log_range_bad", f"a log range needs low > 0. Received: low={self.low!r}",
                                   low=shown(self.low)).within(where)
        elif not self.values:
            raise InvalidInput("sweep_no_values", f"give at least one value. Received: values={self.values!r}",
                               value=shown(self.values)).within(where)
        elif len(set(map(repr, self.values))) != len(self.values):
            raise InvalidInput("sweep_value_twice", f"a value is listed twice. "
                               f"Received: values={list(self.values)!r}",
                               values=shown(list(self.values))).within(where)

    @property
    def random(self) -> bool:
        return self.kind != "grid"

    def describe(self) -> str:
        """``"dropout ∈ {0.0, 0.2}"`` or ``"learning_rate ~ log[0.0001, 0.01]"``."""
        if self.kind == "range":
            return f"{self.path} ~ {'log' if self.log else ''}[{self.low:g}, {self.high:g}]"
        sign = "∈" if self.kind == "grid" else "~"
        return f"{self.path} {sign} {{{', '.join(map(str, self.values))}}}"

    def to_dict(self) -> dict:
        return {"path": self.path, "kind": self.kind, "values": list(self.values),
                "low": self.low, "high": self.high, "log": self.log}

    @classmethod
    def from_dict(cls, data: dict) -> "Param":
        return cls(**checked_fields(cls, data))


@dataclass(frozen=True)
class SweepConfig:
    """A whole sweep: the base run, what varies, how many trials and how they run."""

    base: RunConfig = field(default_factory=RunConfig)   # every trial starts from it
    params: tuple[Param, ...] = ()
    name: str = ""                   # shown in lists; "" → made from the paths
    trials: int = 1                  # random samples (each with the whole grid, if any)
    epochs: int | None = None        # None: base.train.epochs; ASHA's maximum
    asha: bool = False               # stop poor trials early (val_accuracy, max)
    grace_period: int = 1            # epochs every trial gets before ASHA may stop it
    reduction_factor: int = 2        # ASHA keeps the best 1/2 at each rung
    max_concurrent: int = 1          # trials training at once (2 cores: 1 or 2)
    # Kept so that stored sweeps still read; trials train on the scheduler's workers, which
    # hold the CPUs and GPU shares (CNNLAB_JOB_SLOTS, CNNLAB_RUNS_PER_GPU), so these change nothing.
    cpus_per_trial: float = 1.0
    gpus_per_trial: float | None = None
    seed: int = 0                    # seeds the random sampling

    def __post_init__(self):
        object.__setattr__(self, "params", tuple(self.params))
        if not isinstance(self.base, RunConfig):
            raise ValueError(f"base must be a RunConfig. Received: base={type(self.base).__name__}")  # internal
        if not self.params or not all(isinstance(p, Param) for p in self.params):
            raise InvalidInput("sweep_no_params", "a sweep varies at least one parameter (a Param). "
                               f"Received: params={self.params!r}"[:300])
        check_once(self.params)
        for name, value, low, high in (("trials", self.trials, 1, 10_000),
                                       ("grace_period", self.grace_period, 1, 10_000),
                                       ("reduction_factor", self.reduction_factor, 2, 100),
                                       ("max_concurrent", self.max_concurrent, 1, 1024),
                                       ("seed", self.seed, 0, 2**31 - 1)):
            check_int(name, value, low, high)
        if self.epochs is not None:
            check_int("epochs", self.epochs, 1, 10_000)
        if not is_finite(self.cpus_per_trial) or not self.cpus_per_trial > 0:
            raise InvalidInput("positive_number_bad", f"cpus_per_trial must be a positive number. "
                               f"Received: cpus_per_trial={self.cpus_per_trial!r}", name="cpus_per_trial",
                               value=shown(self.cpus_per_trial))
        if self.gpus_per_trial is not None and (not is_finite(self.gpus_per_trial)
                                                or self.gpus_per_trial < 0):
            raise out_of_range("gpus_per_trial", self.gpus_per_trial, "≥ 0", "a number", " or None (auto)")
        if not isinstance(self.name, str) or len(self.name) > 200:
            raise InvalidInput("sweep_name_bad", f"name must be a string of at most 200 characters. "
                               f"Received: name={self.name!r}", value=shown(self.name))
        self.check_size(" (CNNLAB_MAX_SWEEP_TRIALS)")   # math.prod of the lengths: before any combination
        for param in self.params:
            check_param(self.base, param)

    @property
    def title(self) -> str:
        return self.name or " × ".join(p.path for p in self.params)

    @property
    def total_epochs(self) -> int:
        return self.epochs or self.base.train.epochs

    @property
    def size(self) -> int:
        """How many trials the sweep runs: the grid's size × ``trials`` (1 for a pure grid)."""
        grid = math.prod(len(p.values) for p in self.params if p.kind == "grid")
        return grid * (self.trials if any(p.random for p in self.params) else 1)

    def describe_size(self) -> str:
        """``"3 × 4 × 2 trials = 24"``: how :attr:`size` comes about."""
        factors = [str(len(p.values)) for p in self.params if p.kind == "grid"]
        if any(p.random for p in self.params):
            factors.append(f"{self.trials} trials")
        return f"{' × '.join(factors)} = {self.size:,}"

    def check_size(self, setting: str = "") -> None:
        """Refuse a sweep of more trials than ``CNNLAB_MAX_SWEEP_TRIALS``."""
        cap = settings.limit("sweep_trials")
        if self.size > cap:
            raise InvalidInput("sweep_trials_over_cap", f"the sweep would run {self.size:,} trials; the "
                               f"limit is {cap:,}{setting}. Received: {self.describe_size()}",
                               trials=self.size, cap=cap)

    def grid(self) -> list[dict[str, Any]]:
        """Every combination of the grid parameters, in the order the trials run."""
        self.check_size()
        grid = [p for p in self.params if p.kind == "grid"]
        return [dict(zip([p.path for p in grid], combo))
                for combo in itertools.product(*(p.values for p in grid))]

    def trial_config(self, values: dict[str, Any]) -> RunConfig:
        """The run of a trial given ``values`` ({path: value})."""
        config = replace(self.base, train=replace(self.base.train, epochs=self.total_epochs))
        return apply(config, values)

    def to_dict(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        return data | {"base": self.base.to_dict(), "params": [p.to_dict() for p in self.params]}

    @classmethod
    def from_dict(cls, data: dict) -> "SweepConfig":
        data = checked_fields(cls, data)
        if "base" in data:
            data["base"] = RunConfig.from_dict(data["base"])
        if "params" in data:
            data["params"] = tuple(Param.from_dict(p) for p in data["params"])
        return cls(**data)


def parse(path: str, text: str, *, random: bool = False) -> Param:
    """A :class:`Param` from the CLI's and the page's spelling.

    ``"0, 0.2, 0.4"`` is a list: a grid, or a random choice when ``random``;
    ``"1e-4:1e-2"`` is a range (random only), ``"1e-4:1e-2:log"`` a log-uniform one.
    """
    path, text = str(path).strip(), str(text).strip()
    resolve(path)
    if ":" in text and path != "model":
        if not random:
            raise InvalidInput("sweep_range_needs_random", f"a range low:high needs random sampling; a grid "
                               f"takes a list of values. Received: {path}={text!r}",
                               text=shown(text)).within(path)
        parts = [p.strip() for p in text.split(":")]
        log = len(parts) == 3 and parts[2].lower() == "log"
        if len(parts) not in (2, 3) or (len(parts) == 3 and not log):
            raise InvalidInput("sweep_range_format", f"a range is low:high or low:high:log. "
                               f"Received: {path}={text!r}", text=shown(text)).within(path)
        try:
            low, high = float(parts[0]), float(parts[1])
        except ValueError:
            raise InvalidInput("sweep_range_not_numbers", f"a range needs numbers. Received: {path}={text!r}",
                               text=shown(text)).within(path) from None
        return Param(path, "range", low=low, high=high, log=log)
    values = tuple(coerce(path, v) for v in text.split(",") if v.strip())
    if not values:
        raise InvalidInput("sweep_no_values", f"give at least one value. Received: {path}={text!r}",
                           value=shown(text)).within(path)
    return Param(path, "choice" if random else "grid", values=values)


def check_once(params) -> None:
    """Refuse parameters that name one path twice (``sweep_param_twice``)."""
    paths = [p.path for p in params]
    if len(set(paths)) != len(paths):
        raise InvalidInput("sweep_param_twice", f"each parameter may appear once. Received: paths={paths}",
                           paths=", ".join(map(str, paths))[:300])


def check_param(base: RunConfig, param: Param) -> None:
    """Every value (both ends of a range) builds a valid config; else a ValueError."""
    if not isinstance(param.path, str):
        raise InvalidInput("param_path_bad", f"a parameter path must be a string. Received: {param.path!r}",
                           value=shown(param.path))
    from cnncore.nn import models

    candidates = [param.low, param.high] if param.kind == "range" else list(param.values)
    if param.kind == "range":
        kind = kind_of(param.path)
        if not kind.startswith(("int", "float")):
            raise InvalidInput("sweep_range_not_numeric", f"a range needs a numeric field; list its values "
                               f"instead. Received: {param.describe()}", param=param.describe()).within(param.path)
        if kind.startswith("int"):
            candidates = [math.ceil(param.low), math.floor(param.high)]
            if candidates[0] > candidates[1]:
                raise InvalidInput("sweep_range_no_integer", f"the range holds no integer. "
                                   f"Received: {param.describe()}", param=param.describe()).within(param.path)
    for value in candidates:
        config = apply(base, {param.path: value})
        try:
            models.validate(config.model)
        except InvalidInput as exc:
            raise exc.within(f"{param.path}={value!r}") from None
