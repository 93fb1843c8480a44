"""The app shell warms one training worker per server process, in the background."""

from __future__ import annotations

import threading

from dashboard import warm


def test_the_warm_up_runs_once_per_process_in_a_daemon_thread(monkeypatch):
    calls, release = [], threading.Event()
    monkeypatch.setenv("CNNLAB_WARM_UP", "1")
    monkeypatch.setattr(warm, "DELAY_S", 0)
    monkeypatch.setattr(warm.jobs, "warm_up", lambda: (release.wait(10), calls.append(1)))
    warm.start.clear()
    try:
        first = warm.start()                      # returns at once: warm_up is still blocked
        assert first.daemon and first.is_alive() and not calls
        assert warm.start() is first              # the second page view starts nothing
        release.set()
        first.join(10)
        assert calls == [1]
    finally:
        warm.start.clear()


def test_cnnlab_warm_up_0_turns_it_off(monkeypatch):
    monkeypatch.setenv("CNNLAB_WARM_UP", "0")
    monkeypatch.setattr(warm.jobs, "warm_up", lambda: (_ for _ in ()).throw(AssertionError("warmed")))
    warm.start.clear()
    try:
        assert warm.start() is None
    finally:
        warm.start.clear()


def test_a_failing_warm_up_is_logged_not_raised(monkeypatch, caplog):
    monkeypatch.setattr(warm, "DELAY_S", 0)
    monkeypatch.setattr(warm.jobs, "warm_up", lambda: (_ for _ in ()).throw(RuntimeError("no Ray")))
    warm._warm()
    assert "could not warm up a training worker: RuntimeError: no Ray" in caplog.text
