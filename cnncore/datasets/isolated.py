"""Parse a data file in a child process whose memory is capped, so a bomb kills only the child.

The parsers check every declared size first (:mod:`cnncore.datasets.files`); this is the
backstop for what no header declares (a ZIP directory of a million entries, an image
codec's own buffers). The child's address space may grow by ``CNNLAB_PARSE_MEMORY_BYTES``
over what it has after its imports (``RLIMIT_AS``, Linux and other Unixes; elsewhere the
header checks alone apply). It runs ``python -m cnncore.datasets.isolated`` — not a fork
of this process, whose threads (Streamlit's, Ray's) a fork would copy mid-flight.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from cnncore import settings
from cnncore.checks import nbytes_text

TIMEOUT_S = 600.0            # a parse that takes longer is stuck, not slow


def parse(filename: str, data: bytes | None = None, *, path: Path | None = None, **opts):
    """:func:`cnncore.datasets.files.parse_file` in a memory-capped child process.

    Give the file's ``data``, or a ``path`` to read it from (the child reads it).
    Returns ``(x, y, class_names, notes)``; a bad file raises the parser's ``ValueError``
    (or ``TypeError``), and one that needs more memory than the cap a ``ValueError``
    saying so.
    """
    memory = settings.limit("parse_memory_bytes")
    with tempfile.TemporaryDirectory(prefix="cnnlab-parse-") as tmp:
        out = Path(tmp) / "result.npz"
        request = pickle.dumps({"filename": filename, "data": data, "path": str(path) if path else None,
                                "opts": opts, "out": str(out), "memory": memory})
        env = os.environ | {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        try:
            done = subprocess.run([sys.executable, "-m", "cnncore.datasets.isolated"], input=request,
                                  capture_output=True, timeout=TIMEOUT_S, env=env)
        except subprocess.TimeoutExpired:
            raise ValueError(f"parsing {filename!r} took over {TIMEOUT_S:g} s. "
                             f"Received: {filename!r}") from None
        answer = _answer(done.stdout)
        if answer is None:
            raise ValueError(
                f"parsing {filename!r} needed more than the limit of {nbytes_text(memory)} "
                f"(CNNLAB_PARSE_MEMORY_BYTES); the parser process ended with status {done.returncode}. "
                f"Received: {filename!r}")
        if answer["kind"] != "ok":
            error = {"TypeError": TypeError}.get(answer["kind"], ValueError)
            raise error(answer["message"])
        with np.load(out, allow_pickle=False) as arrays:
            x, y = arrays["x"], arrays["y"]
        return x, y, tuple(answer["names"]), tuple(answer["notes"])


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


def _child() -> None:
    reply = sys.stdout
    sys.stdout = sys.stderr                      # stray prints must not garble the answer
    request = pickle.loads(sys.stdin.buffer.read())
    from PIL import Image  # noqa: F401  (imported before the cap: its size is not the file's)

    from cnncore.datasets.files import parse_file

    _cap_memory(request["memory"])
    try:
        data = request["data"]
        if data is None:
            data = Path(request["path"]).read_bytes()
        x, y, names, notes = parse_file(request["filename"], data, **request["opts"])
        np.savez(request["out"], x=x, y=y)
        answer = {"kind": "ok", "names": [str(n) for n in names], "notes": list(notes)}
    except MemoryError:
        answer = None
    except (ValueError, TypeError, OSError) as exc:
        answer = {"kind": type(exc).__name__ if isinstance(exc, TypeError) else "ValueError",
                  "message": str(exc)}
    if answer is None:
        sys.exit(3)
    reply.write(json.dumps(answer) + "\n")
    reply.flush()


if __name__ == "__main__":
    _child()
