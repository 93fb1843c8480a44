"""A class session's experiment: the teacher's question, a base run, and what students may set.

A :class:`ClassConfig` is what a teacher fixes before the class starts: the question on
the board, a base :class:`~cnncore.nn.training.RunConfig` (data set, model, epochs), the
parameters students may set, each with its allowed values (a list) or range, and how many
runs each student may have. Parameters are addressed by the sweep's paths
(:mod:`cnncore.nn.paths`: ``kernel_size``, ``stride``, ``padding``, ``pooling``,
``dropout``, ``learning_rate``, ``filters``, ``augment``…) and checked by the sweep's
rules (:class:`~cnncore.nn.space.Param`): one set of paths, one set of checks.

:meth:`ClassConfig.choose` is the only way from a student's values to a run: whatever
sent them (the page, a crafted URL, the command line), a path the teacher did not open or a
value outside the teacher's list or range is refused with a code.

Examples
--------
>>> from cnncore.nn.training import RunConfig
>>> lesson = ClassConfig("Which dropout closes the gap?", RunConfig(dataset="digits"),
...                      (allowed("dropout", "0, 0.2, 0.4"), allowed("learning_rate", "1e-4:1e-2")))
>>> lesson.choose({"dropout": "0.2", "learning_rate": 0.003}).model.conv_blocks[0].dropout
0.2
>>> lesson.choose({"dropout": 0.5})
Traceback (most recent call last):
...
cnncore.errors.InvalidInput: dropout: 0.5 is not one the teacher allows (0.0, 0.2, 0.4). Received: dropout=0.5
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from cnncore.checks import check_int, checked_fields, shown
from cnncore.errors import InvalidInput
from cnncore.nn.paths import apply, coerce, kind_of
from cnncore.nn.space import Param, check_once, check_param, parse
from cnncore.nn.training import RunConfig

# What the class page offers a teacher, in the order it lists them (any sweep path works).
CLASS_PATHS = ("kernel_size", "stride", "padding", "pooling", "dropout", "learning_rate", "filters", "augment")
MAX_QUESTION = 500               # characters: a question on a board, not an essay
MAX_NAME = 40                    # a student's display name


@dataclass(frozen=True)
class ClassConfig:
    """What a class session explores; see the module notes."""

    question: str
    base: RunConfig = field(default_factory=RunConfig)   # every student's run starts from it
    allowed: tuple[Param, ...] = ()                      # "grid": these values; "range": [low, high]
    runs_per_student: int = 2                            # runs a student may have in the session

    def __post_init__(self):
        object.__setattr__(self, "allowed", tuple(self.allowed))
        if not isinstance(self.question, str) or not self.question.strip() or len(self.question) > MAX_QUESTION:
            raise InvalidInput("class_question_bad", f"the question must be 1–{MAX_QUESTION} characters. "
                               f"Received: {len(self.question) if isinstance(self.question, str) else self.question!r}",
                               cap=MAX_QUESTION)
        if not isinstance(self.base, RunConfig):
            raise ValueError(f"base must be a RunConfig. Received: {type(self.base).__name__}")  # internal
        check_int("runs_per_student", self.runs_per_student, 1, 100)
        if not self.allowed or not all(isinstance(p, Param) for p in self.allowed):
            raise InvalidInput("class_no_params", "a session lets students set at least one parameter. "
                               f"Received: allowed={self.allowed!r}"[:300])
        check_once(self.allowed)
        for param in self.allowed:
            if param.kind not in ("grid", "range"):
                raise InvalidInput("choice_bad", f"an allowed parameter is a list of values or a range. "
                                   f"Received: kind={param.kind!r}", name="kind", value=shown(param.kind),
                                   options="grid, range").within(param.path)
            if param.path in ("model", "limit"):
                raise InvalidInput("class_path_fixed", f"{param.path} is part of the base experiment, not a "
                                   f"student's choice. Received: {param.path}", path=param.path)
            check_param(self.base, param)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(p.path for p in self.allowed)

    def default_values(self) -> dict:
        """A student's values before they touch a control: each list's first value, each
        range's low end (an integer field's first integer)."""
        return {p.path: (p.values[0] if p.kind == "grid" else _range_start(p)) for p in self.allowed}

    def check_values(self, values: dict) -> dict:
        """``values`` ({path: value}, strings allowed) coerced and checked against what the
        teacher allows; a path left out takes its default. Raises ``class_param_not_allowed``
        or ``class_value_not_allowed``."""
        if not isinstance(values, dict):
            raise InvalidInput("not_a_dict", f"values must be a dict. Received: {str(values)[:100]!r}",
                               kind="values", value=repr(str(values)[:100]))
        unknown = [str(k)[:50] for k in values if k not in self.paths]
        if unknown:
            raise InvalidInput("class_param_not_allowed", f"the teacher lets students set only "
                               f"{', '.join(self.paths)}. Received: {unknown[0]}",
                               path=unknown[0], allowed=", ".join(self.paths))
        chosen = self.default_values()
        for param in self.allowed:
            if param.path in values:
                chosen[param.path] = _checked(param, values[param.path])
        return chosen

    def choose(self, values: dict) -> RunConfig:
        """The run a student's ``values`` make (see :meth:`check_values`)."""
        return apply(self.base, self.check_values(values))

    def untried(self, tried: list[dict]) -> list[dict]:
        """Every combination of the listed values that no run in ``tried`` used, in grid
        order; a range parameter stays at its default. The class's "run the rest"."""
        grid = [p for p in self.allowed if p.kind == "grid"]
        if not grid:
            raise InvalidInput("class_rest_needs_values", "only listed values can be run for the rest; this "
                               f"session's parameters are ranges. Received: {', '.join(self.paths)}",
                               paths=", ".join(self.paths))
        seen = {tuple(_same(p, values.get(p.path)) for p in grid) for values in tried}
        defaults = self.default_values()
        return [defaults | dict(zip([p.path for p in grid], combo))
                for combo in itertools.product(*(p.values for p in grid))
                if tuple(_same(p, v) for p, v in zip(grid, combo)) not in seen]

    def to_dict(self) -> dict:
        return {"question": self.question, "base": self.base.to_dict(),
                "allowed": [p.to_dict() for p in self.allowed], "runs_per_student": self.runs_per_student}

    @classmethod
    def from_dict(cls, data: dict) -> "ClassConfig":
        data = checked_fields(cls, data)
        if "base" in data:
            data["base"] = RunConfig.from_dict(data["base"])
        if "allowed" in data:
            if not isinstance(data["allowed"], (list, tuple)):
                raise InvalidInput("class_no_params", "a session lets students set at least one parameter. "
                                   f"Received: allowed={str(data['allowed'])[:100]!r}")
            data["allowed"] = tuple(Param.from_dict(p) for p in data["allowed"])
        return cls(**data)


def allowed(path: str, text: str) -> Param:
    """A teacher's allowed values from the page's or the CLI's spelling: ``"0, 0.2, 0.4"``
    is a list, ``"1e-4:1e-2"`` a range (``"…:log"`` spreads a range's slider log-uniformly)."""
    text = str(text).strip()
    param = parse(path, text, random=":" in text and str(path).strip() != "model")
    return Param(param.path, "grid", values=param.values) if param.kind == "choice" else param


def display_name(name) -> str:
    """A student's display name, trimmed; ``class_name_bad`` if empty or too long."""
    text = " ".join(str(name).split()) if isinstance(name, str) else ""
    if not text or len(text) > MAX_NAME:
        raise InvalidInput("class_name_bad", f"a display name is 1–{MAX_NAME} characters. "
                           f"Received: name={str(name)[:60]!r}", cap=MAX_NAME)
    return text


def _checked(param: Param, value):
    value = coerce(param.path, value)
    if param.kind == "grid":
        match = [v for v in param.values if _same(param, v) == _same(param, value)]
        if not match:
            raise InvalidInput("class_value_not_allowed", f"{value!r} is not one the teacher allows "
                               f"({', '.join(map(str, param.values))}). Received: {param.path}={value!r}",
                               path=param.path, value=shown(value),
                               allowed=", ".join(map(str, param.values))).within(param.path)
        return match[0]
    if value is None or isinstance(value, bool) or not math.isfinite(value) or not param.low <= value <= param.high:
        raise InvalidInput("class_value_not_allowed", f"{value!r} is outside the teacher's range "
                           f"[{param.low:g}, {param.high:g}]. Received: {param.path}={value!r}",
                           path=param.path, value=shown(value),
                           allowed=f"{param.low:g} – {param.high:g}").within(param.path)
    return value


def _same(param: Param, value):
    """A value as compared with the teacher's: floats to 9 significant digits (a float typed
    on a page is the teacher's 0.2, not 0.20000000000000004)."""
    return float(f"{value:.9g}") if isinstance(value, float) else value


def _range_start(param: Param):
    return math.ceil(param.low) if kind_of(param.path).startswith("int") else param.low
