"""``python -m cnncore``: the command line (:mod:`cnncore.cli`)."""

import sys

from cnncore.cli import main

if __name__ == "__main__":
    sys.exit(main())
