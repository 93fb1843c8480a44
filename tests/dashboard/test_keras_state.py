"""Streamlit clears Keras's session after every script run once Keras is imported; the
dashboard keeps it (dashboard/keras_state.py): its models are shared across sessions."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard import nav

APP = str(nav.ROOT / "dashboard" / "app.py")


def test_script_runs_leave_keras_alone_and_other_callers_still_clear_it(monkeypatch, empty_home):
    import keras

    calls = []
    monkeypatch.setattr(keras.backend, "clear_session", lambda *a, **k: calls.append(a or k or True))
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.run()                                          # a rerun, as a click makes
    assert not at.exception
    assert calls == []                                # Streamlit's after-run call was skipped
    keras.backend.clear_session(free_memory=False)     # anyone else's call goes through
    assert calls == [{"free_memory": False}]
