"""Start the real dashboard with `streamlit run` on a free port, for server and browser tests."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator

from dashboard import nav


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_health(port: int, deadline_s: float) -> str | None:
    """The body of ``/_stcore/health`` once it answers, or ``None`` after ``deadline_s``."""
    start = time.monotonic()
    while time.monotonic() - start < deadline_s:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                return r.read().decode()
        except OSError:
            time.sleep(0.1)
    return None


@contextlib.contextmanager
def running_app(*, health_deadline_s: float = 30.0, env: dict | None = None) -> Iterator[str]:
    """``with running_app() as url:`` serves ``dashboard/app.py`` and stops it afterwards.

    The server's output goes to a file (a pipe nobody reads would fill and block it) and
    is part of the error when the server does not come up.
    """
    port = free_port()
    with tempfile.TemporaryFile(mode="w+") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(nav.ROOT / "dashboard" / "app.py"),
             "--server.headless", "true", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
            cwd=nav.ROOT, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            if wait_for_health(port, health_deadline_s) != "ok":
                log.seek(0)
                raise RuntimeError(f"streamlit did not answer within {health_deadline_s} s:\n{log.read()}")
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
