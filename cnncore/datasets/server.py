"""The data files an admin offers on the server (``CNNLAB_DATA``), listed by name.

A browser can name only these (as ``"data:<name>"``) or its own uploads; nothing else on
the server's disk is reachable from a page.
"""

from __future__ import annotations

import re
from pathlib import Path

from cnncore import settings
from cnncore.errors import InvalidInput

SUFFIXES = (".csv", ".npz", ".zip")
DATA_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}\.(csv|npz|zip)")  # a plain file name


def server_files(suffixes: tuple[str, ...] = SUFFIXES) -> list[str]:
    """The data files an admin offers in ``CNNLAB_DATA``, by name (``[]`` when unset).

    A page lists these and loads one as ``"data:<name>"``; nothing else on the server is
    reachable from a browser.
    """
    folder = settings.data_dir()
    if folder is None or not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir()
                  if DATA_FILE.fullmatch(p.name) and p.suffix.lower() in suffixes and p.is_file())


def server_file(name: str, suffixes: tuple[str, ...] = SUFFIXES) -> Path:
    """The path of ``CNNLAB_DATA``'s file ``name``: a plain listed name, never a path."""
    if not isinstance(name, str) or not DATA_FILE.fullmatch(name) or name not in server_files(suffixes):
        offered = server_files(suffixes)
        raise InvalidInput("data_file_unknown", f"a server data file must be one of "
                           f"{offered or 'none (CNNLAB_DATA is not set)'}. Received: {str(name)[:200]!r}",
                           value=repr(str(name)[:200]), offered=", ".join(offered)[:500])
    return settings.data_dir() / name
