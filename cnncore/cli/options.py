"""Options that several commands share, and turning them into configs."""

from __future__ import annotations

import json
from pathlib import Path

from cnncore import datasets, settings
from cnncore.nn.models import PRESETS, ModelConfig
from cnncore.nn.training import OPTIMIZERS, RunConfig, TrainConfig

PROG = "cnnlab"


def add_run_options(parser) -> None:
    """``--dataset``, ``--limit``, ``--option``, ``--model`` and the optimiser's settings."""
    d = TrainConfig()
    parser.add_argument("--dataset", default="mnist-5k", metavar="NAME|FILE",
                        help=f"one of {', '.join(datasets.NAMES)}, or a .csv/.npz/.zip file")
    parser.add_argument("--limit", type=int, default=None,
                        help="use only this many images (a stratified subset)")
    parser.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                        help="a data set option, e.g. n=3000 for shapes or path=FILE.csv for "
                        "sign-language-mnist (repeatable)")
    parser.add_argument("--model", default="dli-cnn", metavar="PRESET|JSON",
                        help=f"a preset ({', '.join(PRESETS)}) or a ModelConfig JSON file")
    parser.add_argument("--batch-size", type=int, default=d.batch_size)
    parser.add_argument("--optimizer", choices=OPTIMIZERS, default=d.optimizer)
    parser.add_argument("--learning-rate", type=float, default=d.learning_rate)
    parser.add_argument("--seed", type=int, default=d.seed,
                        help="seeds the split, the weights and the shuffling")


def add_user_option(parser) -> None:
    """``--user``: who owns the runs and sweeps this command makes, or who asks to stop one
    (default: the operating-system user, who may also act on the open dashboard's runs)."""
    parser.add_argument("--user", default=settings.os_user(), metavar="NAME|EMAIL",
                        help="act as this user: the owner recorded in the store (mlflow.user)")


def run_config(args, **train) -> RunConfig:
    """The :class:`RunConfig` of :func:`add_run_options`' arguments; ``train`` adds
    :class:`TrainConfig` fields (epochs, augmentation…)."""
    dataset = args.dataset
    if dataset not in datasets.NAMES and Path(dataset).is_file():
        dataset = str(Path(dataset).resolve())     # the store outlives this directory
    return RunConfig(dataset=dataset, limit=args.limit, dataset_options=dataset_options(args.option),
                     model=model_config(args.model),
                     train=TrainConfig(batch_size=args.batch_size, optimizer=args.optimizer,
                                       learning_rate=args.learning_rate, seed=args.seed, **train))


def model_config(spec: str) -> ModelConfig:
    """A preset's name or a ModelConfig JSON file → :class:`ModelConfig`."""
    if spec in PRESETS:
        return PRESETS[spec]
    path = Path(spec)
    if path.suffix == ".json" and path.is_file():
        try:
            return ModelConfig.from_dict(json.loads(path.read_text()))
        except (json.JSONDecodeError, TypeError) as exc:
            raise ValueError(f"cannot read a ModelConfig from {spec}: {exc}. Received: {spec!r}") from None  # cli-only
    raise ValueError(f"--model must be a preset ({', '.join(PRESETS)}) or a ModelConfig .json file. "  # cli-only
                     f"Received: {spec!r}")


def dataset_options(pairs: list[str]) -> dict:
    """``["n=3000", "path=a.csv"]`` → ``{"n": 3000, "path": "a.csv"}`` (numbers cast)."""
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ValueError(f"--option takes KEY=VALUE. Received: {pair!r}")  # cli-only
        for cast in (int, float):
            try:
                value = cast(value)
                break
            except ValueError:
                pass
        out[key] = value
    return out
