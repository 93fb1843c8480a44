"""Parse a data file in a child process whose memory is capped, so a bomb kills only the child.

The parsers check every declared size first (:mod:`cnncore.datasets.files`); this is the
backstop for what no header declares (a ZIP directory of a million entries, an image
codec's own buffers). The child's address space may grow by ``CNNLAB_PARSE_MEMORY_BYTES``
over what it has after its imports (``RLIMIT_AS``, Linux and other Unixes; elsewhere the
header checks alone apply). It runs ``python -m cnncore.datasets.isolated`` — not a fork
of this process, whose threads (Streamlit's, Ray's) a fork would copy mid-flight.

At most ``CNNLAB_MAX_PARSES`` children run at once in this process, and
``CNNLAB_MAX_USER_PARSES`` for one user: each may take ``CNNLAB_PARSE_MEMORY_BYTES``. A parse
that finds no free slot within ``SLOT_WAIT_S`` is refused (:class:`InvalidInput`, code
``parse_busy`` or ``parse_busy_user``); the user tries again in a moment.

The child runs a *job*: a module of cnncore, named by the caller, with ``prepare(request)``
(imports, before the cap: their size is not the file's) and ``work(request, folder) -> dict``
(the capped part: a JSON answer, bulky results as files in ``folder``). Parsing a data file is
this module's own job; :mod:`cnncore.nn.model_upload` loads a ``.keras`` file with the same
slots and cap (``CNNLAB_MODEL_MEMORY_BYTES``), without this room importing the one above it.
"""

from __future__ import annotations

import importlib
import json
import os
import pickle
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from cnncore import settings
from cnncore.checks import nbytes_text
from cnncore.datasets.base import Note
from cnncore.errors import InvalidInput

TIMEOUT_S = 600.0            # a parse that takes longer is stuck, not slow
SLOT_WAIT_S = 5.0            # a click waits this long for a parse slot, then is told to retry

_slots = threading.Condition()
_running: Counter = Counter()      # user (None: unnamed) → parses running in this process


def parse(filename: str, data: bytes | None = None, *, path: Path | None = None,
          user: str | None = None, **opts):
    """:func:`cnncore.datasets.files.parse_file` in a memory-capped child process.

    Give the file's ``data``, or a ``path`` to read it from (the child reads it), and the
    ``user`` who asked, if any, for the per-user limit on parses at once.
    Returns ``(x, y, class_names, notes)``; a bad file raises the parser's
    :class:`InvalidInput` with its code and values, one that needs more memory than the cap
    ``parse_memory``, one that takes too long ``parse_timeout``, and one that finds every
    parse slot taken ``parse_busy`` or ``parse_busy_user``.
    """
    with _slot(user):
        return _parse(filename, data, path, opts)


@contextmanager
def _slot(user: str | None):
    """Hold one of the ``CNNLAB_MAX_PARSES`` slots (and of ``user``'s ``CNNLAB_MAX_USER_PARSES``)."""
    total, per_user = settings.limit("parses"), settings.limit("user_parses")

    def free() -> bool:
        return sum(_running.values()) < total and (user is None or _running[user] < per_user)

    with _slots:
        if not _slots.wait_for(free, timeout=SLOT_WAIT_S):
            if user is not None and _running[user] >= per_user:
                raise InvalidInput("parse_busy_user",
                                   f"one user may parse {per_user} upload(s) at once "
                                   "(CNNLAB_MAX_USER_PARSES); try again when yours is done. "
                                   f"Received: {_running[user]} parses by {user!r}",
                                   running=_running[user], cap=per_user)
            running = sum(_running.values())
            raise InvalidInput("parse_busy",
                               f"the server is parsing {running} uploads already, the most at once "
                               "(CNNLAB_MAX_PARSES); try again in a moment. "
                               f"Received: {running} parses running", running=running, cap=total)
        _running[user] += 1
    try:
        yield
    finally:
        with _slots:
            _running[user] -= 1
            if not _running[user]:
                del _running[user]
            _slots.notify_all()


def run(job: str, request: dict, *, name: str, user: str | None = None,
        memory: str = "parse_memory_bytes", env: dict | None = None, collect=None):
    """Run ``job`` on ``request`` in a memory-capped child, holding a parse slot.

    Parameters
    ----------
    job : str
        A cnncore module with ``prepare(request)`` and ``work(request, folder) -> dict``.
    request : dict
        What the job needs (picklable; it crosses to the child on its stdin).
    name : str
        The file's name, for the messages.
    user : str, optional
        Who asked, for ``CNNLAB_MAX_USER_PARSES``.
    memory : str
        The :data:`cnncore.settings.LIMITS` entry of the child's memory allowance.
    env : dict, optional
        Environment variables for the child on top of this process's.
    collect : callable, optional
        ``collect(answer, folder)`` reads the job's files before its folder is removed.

    Returns
    -------
    The job's answer, or what ``collect`` returns. Errors as :func:`parse`.
    """
    with _slot(user):
        return _run(job, request, name, memory, env or {}, collect)


def _parse(filename: str, data: bytes | None, path: Path | None, opts: dict):
    request = {"filename": filename, "data": data, "path": str(path) if path else None, "opts": opts}
    return _run(__name__, request, filename, "parse_memory_bytes", {}, _arrays)


def _arrays(answer: dict, folder: Path):
    with np.load(folder / "result.npz", allow_pickle=False) as arrays:
        x, y = arrays["x"], arrays["y"]
    return x, y, tuple(answer["names"]), tuple(Note(code, values) for code, values in answer["notes"])


def _run(job: str, request: dict, name: str, memory_limit: str, extra_env: dict, collect):
    memory = settings.limit(memory_limit)
    shown_name = str(name)[:100]
    with tempfile.TemporaryDirectory(prefix="cnnlab-parse-") as tmp:
        envelope = pickle.dumps({"job": job, "request": request, "folder": tmp, "memory": memory})
        env = os.environ | {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        try:
            done = subprocess.run([sys.executable, "-m", "cnncore.datasets.isolated"], input=envelope,
                                  capture_output=True, timeout=TIMEOUT_S, env=env | extra_env)
        except subprocess.TimeoutExpired:
            raise InvalidInput("parse_timeout", f"reading {name!r} took over {TIMEOUT_S:g} s. "
                               f"Received: {name!r}", name=shown_name, seconds=TIMEOUT_S) from None
        answer = _answer(done.stdout)
        if answer is None:
            setting = settings.LIMITS[memory_limit][0]
            raise InvalidInput(
                "parse_memory",
                f"reading {name!r} needed more than the limit of {nbytes_text(memory)} "
                f"({setting}); the child process ended with status {done.returncode}. "
                f"Received: {name!r}", name=shown_name, limit=nbytes_text(memory))
        if answer["kind"] == "coded":            # the job's InvalidInput, code and values intact
            raise InvalidInput(answer["code"], answer["message"], **answer["values"])
        if answer["kind"] != "ok":               # the job's own bug, or a file that vanished
            error = {"TypeError": TypeError}.get(answer["kind"], ValueError)
            raise error(answer["message"])  # internal: an uncoded error of the child, as it was
        return collect(answer, Path(tmp)) if collect else answer


def _plain(values: dict) -> dict:
    """``values`` as JSON keeps them: NumPy scalars as Python numbers, anything else not a
    number or a string as its ``str``."""
    plain = {}
    for name, value in values.items():
        value = value.item() if isinstance(value, np.generic) else value
        plain[name] = value if value is None or isinstance(value, (str, int, float, bool)) else str(value)
    return plain


def _answer(stdout: bytes) -> dict | None:
    lines = stdout.decode("utf-8", "replace").strip().splitlines()
    try:
        return json.loads(lines[-1]) if lines else None
    except json.JSONDecodeError:
        return None


def _cap_memory(extra: int) -> None:
    try:
        import resource
    except ImportError:                          # Windows: the header checks alone apply
        return
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
        current = pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        current = 2 * 2**30                      # no /proc (macOS): a generous guess
    limit = current + extra
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass


def prepare(request: dict) -> None:
    """The parse job's imports, before the cap (their size is not the file's)."""
    for name in ("PIL.Image", "cnncore.datasets.files"):
        importlib.import_module(name)


def work(request: dict, folder: str) -> dict:
    """The parse job: :func:`cnncore.datasets.files.parse_file`, arrays saved in ``folder``."""
    from cnncore.datasets.files import parse_file

    data = request["data"]
    if data is None:
        data = Path(request["path"]).read_bytes()
    x, y, names, notes = parse_file(request["filename"], data, **request["opts"])
    np.savez(Path(folder) / "result.npz", x=x, y=y)
    return {"names": [str(n) for n in names], "notes": [(note.code, _plain(note.values)) for note in notes]}


def _child() -> None:
    reply = sys.stdout
    sys.stdout = sys.stderr                      # stray prints must not garble the answer
    envelope = pickle.loads(sys.stdin.buffer.read())
    if not envelope["job"].startswith("cnncore."):
        raise ValueError(f"a job is a cnncore module. Received: {envelope['job']!r}")  # internal
    job = importlib.import_module(envelope["job"])
    job.prepare(envelope["request"])
    _cap_memory(envelope["memory"])
    try:
        answer = {"kind": "ok"} | job.work(envelope["request"], envelope["folder"])
    except MemoryError:
        answer = None
    except InvalidInput as exc:
        answer = {"kind": "coded", "code": exc.code, "message": str(exc), "values": _plain(exc.values)}
    except (ValueError, TypeError, OSError) as exc:
        answer = {"kind": type(exc).__name__ if isinstance(exc, TypeError) else "ValueError",
                  "message": str(exc)}
    if answer is None:
        sys.exit(3)
    reply.write(json.dumps(answer) + "\n")
    reply.flush()


if __name__ == "__main__":
    _child()
