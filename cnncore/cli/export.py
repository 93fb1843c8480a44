"""``export``: take a run home as a Keras script, a notebook, its model or its history.

    python -m cnncore export RUN_ID --script > run.py
    python -m cnncore export RUN_ID --notebook --lang ko --out run.ipynb
    python -m cnncore export RUN_ID --story --out story.ipynb
    python -m cnncore export RUN_ID --history --out history.csv
    python -m cnncore export RUN_ID --model model.keras

The script, the notebooks and the history are text: written to ``--out FILE`` or, without
it, to standard output. The model is a binary ``.keras`` file and always goes to the path
given with ``--model``. An unknown run, or the model of a run still training, ends with a
one-line ``cnnlab: error: …`` and exit status 2 (:func:`cnncore.cli.main`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from cnncore import export
from cnncore.cli.options import PROG


def add_commands(commands) -> None:
    """Add ``export`` to the CLI's subparsers."""
    command = commands.add_parser(
        "export", help="a run as a Keras script or a notebook; its model or history",
        description="Write a run out: a Keras 3 script or a Jupyter notebook that reproduces it, "
        "the notebook of its story (the run and its remedies), its metrics per epoch as CSV, or "
        "its trained .keras model.")
    command.add_argument("run_id", metavar="RUN_ID")
    what = command.add_mutually_exclusive_group(required=True)
    what.add_argument("--script", action="store_true", help="a Python script (Keras 3) that reproduces the run")
    what.add_argument("--notebook", action="store_true", help="the same as a Jupyter notebook")
    what.add_argument("--story", action="store_true",
                      help="one notebook that trains the run and each of its remedies")
    what.add_argument("--history", action="store_true",
                      help="CSV: epoch, loss, accuracy, val_loss, val_accuracy")
    what.add_argument("--model", metavar="PATH", help="save the trained model (.keras) to PATH")
    command.add_argument("--lang", choices=export.LANGUAGES, default="en",
                         help="the language of the comments and the notebook's text")
    command.add_argument("--out", metavar="FILE", help="write the text here instead of standard output")
    command.set_defaults(handler=_export)


def _export(args) -> int:
    if args.model:
        if args.out:
            raise ValueError("--out is for text; --model takes the path of the .keras file")  # cli-only
        data = export.model_file(args.run_id)
        Path(args.model).write_bytes(data)
        print(f"{PROG}: wrote {args.model} ({len(data):,} bytes)", file=sys.stderr)
        return 0
    if args.script:
        text = export.script(args.run_id, lang=args.lang)
    elif args.notebook:
        text = export.notebook(args.run_id, lang=args.lang)
    elif args.story:
        text = export.story_notebook(args.run_id, lang=args.lang)
    else:
        text = export.history_csv(args.run_id)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"{PROG}: wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
