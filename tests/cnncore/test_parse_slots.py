"""Upload parses at once: CNNLAB_MAX_PARSES in all, CNNLAB_MAX_USER_PARSES per user."""

from __future__ import annotations

import threading

import pytest

from cnncore.datasets import isolated
from cnncore.errors import InvalidInput


@pytest.fixture
def no_wait(monkeypatch):
    """Slots are never waited for, and a parse that gets one returns at once (no child)."""
    monkeypatch.setattr(isolated, "SLOT_WAIT_S", 0)
    monkeypatch.setattr(isolated, "_parse", lambda filename, data, path, opts: ("parsed", filename))


class Holder:
    """A thread that holds a parse slot for ``user`` until :meth:`release`."""

    def __init__(self, user):
        self._held, self._release = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._hold, args=(user,))
        self._thread.start()
        assert self._held.wait(10), "the holder got no slot"

    def _hold(self, user):
        with isolated._slot(user):
            self._held.set()
            self._release.wait()

    def release(self):
        self._release.set()
        self._thread.join()


def test_one_user_parses_one_upload_at_once(no_wait):
    holder = Holder("ana@example.com")
    try:
        with pytest.raises(InvalidInput) as refused:
            isolated.parse("a.csv", b"", user="ana@example.com")
        assert refused.value.code == "parse_busy_user"
        assert refused.value.values == {"running": 1, "cap": 1}
        assert "CNNLAB_MAX_USER_PARSES" in str(refused.value)
        assert isolated.parse("b.csv", b"", user="ben@example.com") == ("parsed", "b.csv")
    finally:
        holder.release()
    assert isolated.parse("a.csv", b"", user="ana@example.com") == ("parsed", "a.csv")


def test_the_server_parses_at_most_its_limit(no_wait, monkeypatch):
    monkeypatch.setenv("CNNLAB_MAX_PARSES", "2")
    holders = [Holder("ana@example.com"), Holder(None)]     # an unnamed parse counts in all
    try:
        with pytest.raises(InvalidInput) as refused:
            isolated.parse("c.csv", b"", user="cleo@example.com")
        assert refused.value.code == "parse_busy"
        assert refused.value.values == {"running": 2, "cap": 2}
        assert "CNNLAB_MAX_PARSES" in str(refused.value)
        with pytest.raises(InvalidInput):
            isolated.parse("c.csv", b"")
    finally:
        for holder in holders:
            holder.release()
    assert isolated.parse("c.csv", b"", user="cleo@example.com") == ("parsed", "c.csv")
    assert not isolated._running                    # every slot given back


def test_a_failed_parse_gives_its_slot_back(no_wait, monkeypatch):
    def broken(filename, data, path, opts):
        raise ValueError("a bad file")

    monkeypatch.setattr(isolated, "_parse", broken)
    with pytest.raises(ValueError, match="a bad file"):
        isolated.parse("a.csv", b"", user="ana@example.com")
    assert not isolated._running


def test_a_waiting_parse_takes_the_slot_when_it_is_given_back(no_wait, monkeypatch):
    monkeypatch.setattr(isolated, "SLOT_WAIT_S", 60)    # far longer than the release takes
    holder = Holder("ana@example.com")
    results = []
    waiter = threading.Thread(target=lambda: results.append(isolated.parse("b.csv", b"", user="ana@example.com")))
    waiter.start()
    holder.release()
    waiter.join()
    assert results == [("parsed", "b.csv")]
