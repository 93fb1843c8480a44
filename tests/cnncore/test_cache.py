"""ByteLRU: a cache bounded in bytes, least recently used out first, safe across threads."""

from __future__ import annotations

import random
import threading

import pytest

from cnncore.datasets.cache import ByteLRU


def filled(cache: ByteLRU, *keys: str, nbytes: int = 10) -> None:
    for key in keys:
        cache.get(key, lambda: b"x" * nbytes)


def test_the_least_recently_used_entries_go_first():
    cache = ByteLRU(30, size=len)
    filled(cache, "a", "b", "c")
    cache.get("a", lambda: pytest.fail("a is cached"))     # a is now the most recent
    filled(cache, "d")
    assert cache.keys() == ["c", "a", "d"]
    assert cache.nbytes == 30


def test_a_large_entry_evicts_as_many_as_it_needs():
    cache = ByteLRU(30, size=len)
    filled(cache, "a", "b", "c")
    filled(cache, "big", nbytes=25)
    assert cache.keys() == ["big"]
    assert cache.nbytes == 25


def test_an_entry_larger_than_the_budget_is_returned_not_kept():
    cache = ByteLRU(30, size=len)
    filled(cache, "a", "b")
    made = []
    for _ in range(2):
        assert cache.get("huge", lambda: made.append(1) or b"h" * 31) == b"h" * 31
    assert made == [1, 1]                       # not kept: made again
    assert cache.keys() == ["a", "b"]           # and nothing evicted for it


def test_the_budget_is_read_at_each_insertion():
    budget = [30]
    cache = ByteLRU(lambda: budget[0], size=len)
    filled(cache, "a", "b", "c")
    budget[0] = 15
    filled(cache, "d")
    assert cache.keys() == ["d"]


def test_a_size_for_one_value():
    cache = ByteLRU(30, size=len)
    filled(cache, "a", "b")
    cache.get("view", lambda: b"", size=lambda _: 25)     # counted as what it keeps alive
    assert cache.keys() == ["view"] and cache.nbytes == 25


def test_a_failed_make_is_not_kept_and_is_tried_again():
    cache = ByteLRU(30, size=len)
    with pytest.raises(ZeroDivisionError):
        cache.get("a", lambda: 1 / 0)
    assert cache.get("a", lambda: b"ok") == b"ok"


def test_threads_asking_for_one_key_make_it_once():
    cache = ByteLRU(100, size=len)
    started, release, made = threading.Event(), threading.Event(), []

    def make():
        made.append(1)
        started.set()
        release.wait()
        return b"v" * 10

    first = threading.Thread(target=cache.get, args=("k", make))
    first.start()
    started.wait()                              # the first thread is making it now
    results = []
    others = [threading.Thread(target=lambda: results.append(cache.get("k", make))) for _ in range(8)]
    for thread in others:
        thread.start()
    release.set()
    for thread in [first, *others]:
        thread.join()
    assert made == [1]
    assert results == [b"v" * 10] * 8


def test_threads_keep_the_budget_and_the_count():
    cache = ByteLRU(500, size=len)
    wrong = []

    def work(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(500):
            key = rng.randrange(40)
            if cache.get(key, lambda: bytes(key * 3)) != bytes(key * 3):
                wrong.append(key)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not wrong
    assert cache.nbytes <= 500
    assert cache.nbytes == sum(key * 3 for key in cache.keys())
