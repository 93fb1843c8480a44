"""A warm first click: one training worker started in the background when the server starts.

The first training run otherwise waits for Ray to start and for its worker to import
Keras and the backend (tens of seconds on a small machine); :func:`start` has that done
once per server process, in a daemon thread, a moment after the first page is served,
so the first paint and ``/_stcore/health`` never wait on it. ``CNNLAB_WARM_UP=0`` turns
it off (the tests do).
"""

from __future__ import annotations

import logging
import threading
import time

import streamlit as st

from cnncore import jobs, settings

DELAY_S = 2.0        # let the first page paint before Ray and the worker take the CPUs

log = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def start() -> threading.Thread | None:
    """Start warming the training worker, once per server process; never blocks."""
    if not settings.warm_up():
        return None
    thread = threading.Thread(target=_warm, name="cnnlab-warm-up", daemon=True)
    thread.start()
    return thread


def _warm() -> None:
    time.sleep(DELAY_S)
    try:
        jobs.warm_up()
    except Exception as exc:        # the first run starts Ray itself, and says what fails
        log.warning("could not warm up a training worker: %s: %s", type(exc).__name__, exc)
