"""``class``: start a class session, train a student's setting in it, print its board.

    python -m cnncore class create --question "Which dropout closes the gap?" --dataset digits \\
        --epochs 5 --allow dropout=0,0.2,0.4 --allow learning_rate=1e-4:1e-2
    python -m cnncore class submit SESSION --set dropout=0.2 --name Ada
    python -m cnncore class board SESSION

``submit`` passes the same checks as the Class page (the session open, only the values the
teacher allows, the runs per student, the one door) and then trains in this terminal, as
``train`` does.
"""

from __future__ import annotations

import argparse
import sys

from cnncore import jobs, store
from cnncore.cli import options
from cnncore.nn.classroom import ClassConfig, allowed
from cnncore.nn.training import TrainConfig


def add_commands(commands) -> None:
    """Add ``class`` (``create``, ``submit``, ``board``) to the CLI's subparsers."""
    top = commands.add_parser("class", help="class sessions: one question, every student's run, one board")
    sub = top.add_subparsers(title="class commands", required=True, metavar="ACTION")

    create = sub.add_parser("create", help="start a session (a teacher: an admin or this machine's user)",
                            formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    create.add_argument("--question", required=True)
    options.add_run_options(create)
    create.add_argument("--epochs", type=int, default=TrainConfig().epochs)
    create.add_argument("--allow", action="append", required=True, metavar="PATH=VALUES",
                        help="what students may set: dropout=0,0.2,0.4 (a list) or learning_rate=1e-4:1e-2 "
                        "(a range); repeatable")
    create.add_argument("--runs-per-student", type=int, default=2)
    options.add_user_option(create)
    create.set_defaults(handler=_create)

    submit = sub.add_parser("submit", help="train a student's setting in a session, in this terminal")
    submit.add_argument("session")
    submit.add_argument("--set", action="append", default=[], metavar="PATH=VALUE", dest="values",
                        help="a value the teacher allows, e.g. dropout=0.2 (repeatable)")
    submit.add_argument("--name", default=None, help="the name shown on the board")
    submit.add_argument("--quiet", action="store_true", help="no progress bar")
    options.add_user_option(submit)
    submit.set_defaults(handler=_submit)

    board = sub.add_parser("board", help="print a session's runs, best validation accuracy first")
    board.add_argument("session")
    options.add_user_option(board)
    board.set_defaults(handler=_board)


def _pairs(flag: str, items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"{flag} takes PATH=VALUE. Received: {item!r}")  # cli-only
        out[key.strip()] = value
    return out


def _create(args) -> int:
    base = options.run_config(args, epochs=args.epochs)
    config = ClassConfig(args.question, base, tuple(allowed(p, v) for p, v in _pairs("--allow", args.allow).items()),
                         args.runs_per_student)
    print(jobs.classes.create(config, user=args.user))
    return 0


def _submit(args) -> int:
    import os

    from cnncore.cli.progress import ProgressBar
    from cnncore.jobs import door

    config, tags = jobs.classes.prepare(args.session, _pairs("--set", args.values), user=args.user,
                                        name=args.name, shown_name=args.name or "")
    door.admit(config, user=args.user)            # the page's door: a browser's data sets, the caps
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    run_id = store.create_run(config, status="queued", tags=tags, owner=args.user)
    print(f"run {run_id}", file=sys.stderr)
    status = jobs.execute(run_id, callbacks=[] if args.quiet else [ProgressBar(config.train.epochs)])
    record = store.get_run(run_id)
    print(f"{run_id} {status} " + " ".join(f"{k}={record.metrics[k]:.4f}" for k in store.METRICS
                                            if k in record.metrics))
    return 1 if status == "failed" else 0


def _board(args) -> int:
    board = jobs.classes.board(args.session, user=args.user)
    print(board.record.config.question)
    if not board.visible:
        print("(the teacher has not shown the board)")
        return 0
    columns = ["student", *[f"value.{p}" for p in board.record.config.paths], "status", "val_accuracy", "gap",
               "verdict"]
    shown = board.runs.reindex(columns=columns)
    print(store.redacted(shown.to_string(index=False, float_format=lambda v: f"{v:.3f}", na_rep="-"))
          if len(shown) else "(no runs yet)")
    return 0
