"""Keras in the dashboard's process, made cheap for every later script run.

Once the server imports Keras (the Inside page does, to open a model), two things run
after every script run of every session:
- Streamlit calls ``keras.backend.clear_session()``, which with TensorFlow clears the
  kernel cache (the cached models' kernels are compiled again) and collects garbage;
- Streamlit's own full garbage collection now walks Keras's and TensorFlow's ~455,000
  module objects: 0.05 → 0.25 s each on this machine, holding the GIL.
A Home page run went from 0.16 to 0.71 s in a process that had imported Keras. The
dashboard never builds models in a script run (training happens on Ray workers; opened
models are ``st.cache_resource``), so :func:`keep` skips Streamlit's call (that caller's
only) and freezes the objects that exist once Keras is in (``gc.freeze``: never garbage).
"""

from __future__ import annotations

import functools
import gc
import sys

_STREAMLIT_RUNNER = "streamlit.runtime.scriptrunner.script_runner"


def keep() -> None:
    """Do the above if Keras is imported in this process (once; cheap otherwise)."""
    keras = sys.modules.get("keras")
    backend = getattr(keras, "backend", None)
    original = getattr(backend, "clear_session", None)
    if original is None or getattr(original, "_cnnlab_keeps_state", False):
        return

    @functools.wraps(original)
    def clear_session(*args, **kwargs):
        if sys._getframe(1).f_globals.get("__name__") == _STREAMLIT_RUNNER:
            return None                   # Streamlit's after-run cleanup
        return original(*args, **kwargs)

    clear_session._cnnlab_keeps_state = True
    backend.clear_session = clear_session
    gc.collect()                          # what is garbage now goes; what is left stays
    gc.freeze()
