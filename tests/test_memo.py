"""The shared caches build a result once when a room asks for it at the same moment, stay bounded, and let a failed
build fail for everyone who asked (each gets the error, nobody gets a stale or missing result)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from minedash.data.memo import Cache, memo


def test_a_room_asking_at_once_gets_one_build():
    builds = []

    def build():
        builds.append(1)
        time.sleep(0.2)  # long enough for every thread below to arrive while it builds
        return object()

    cache = Cache(4)
    with ThreadPoolExecutor(16) as pool:
        got = list(pool.map(lambda _: cache.get("view", build), range(16)))
    assert len(builds) == 1
    assert all(g is got[0] for g in got)


def test_different_keys_build_side_by_side():
    started = threading.Barrier(2, timeout=5)  # both builds must be running at once, or this raises

    def build(key):
        started.wait()
        return key

    cache = Cache(4)
    with ThreadPoolExecutor(2) as pool:
        assert sorted(pool.map(lambda k: cache.get(k, lambda: build(k)), ["a", "b"])) == ["a", "b"]


def test_a_failed_build_fails_for_each_caller_and_is_not_kept():
    calls = []

    def build():
        calls.append(1)
        time.sleep(0.1)
        raise OSError("damaged")

    cache = Cache(4)

    def ask(_):
        try:
            cache.get("k", build)
        except OSError as exc:
            return str(exc)

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(ask, range(4))) == ["damaged"] * 4
    assert len(calls) == 4 and len(cache) == 0 and not cache.building
    assert cache.get("k", lambda: 1) == 1  # mended: built now


def test_bounded_least_recently_used_first():
    cache = Cache(2)
    for k in "abc":
        cache.get(k, lambda k=k: k)
    assert list(cache.results) == ["b", "c"]
    cache.get("b", lambda: pytest.fail("b is cached"))
    cache.get("d", lambda: "d")
    assert list(cache.results) == ["b", "d"]


def test_memo_decorator_keeps_the_function_and_clears():
    calls = []

    @memo(2)
    def square(x):
        """Squares."""
        calls.append(x)
        return x * x

    assert square(3) == square(3) == 9 and calls == [3]
    assert square.__name__ == "square" and square.__doc__ == "Squares." and square.__module__ == __name__
    assert square.__wrapped__(4) == 16  # the uncached function, for benchmarks
    square.cache_clear()
    assert square(3) == 9 and calls == [3, 4, 3]


def test_results_stay_within_their_byte_budget_many_small_or_few_large():
    cache = Cache(100, weigh=len, budget=10)
    for key in "abcde":
        cache.get(key, lambda: "xx")  # five small results: 10 bytes, all kept
    assert list(cache.results) == list("abcde") and cache.total == 10
    cache.get("a", lambda: pytest.fail("kept, not built again"))  # used again: now the most recent
    cache.get("big", lambda: "x" * 7)  # room made by dropping the least recently used: b, c, d, e
    assert list(cache.results) == ["a", "big"] and cache.total == 9
    cache.get("huge", lambda: "x" * 50)  # larger than the budget alone: kept (it is in use), the rest dropped
    assert list(cache.results) == ["huge"] and cache.total == 50
    cache.clear()
    assert cache.total == 0 and not cache.results


def test_memo_decorator_with_a_byte_budget():
    @memo(100, weigh=len, budget=6)
    def text(n):
        return "x" * n

    text(2), text(3)
    assert list(text.cache.results) == [(2,), (3,)] and text.cache.total == 5
    text(4)  # 9 bytes: the least recently used goes
    assert list(text.cache.results) == [(4,)] and text.cache.total == 4


def test_query_results_are_kept_by_their_memory_not_their_count():
    """A room runs about a thousand queries in two minutes: the cache of query results holds as many as fit in
    QUERY_BUDGET bytes (a count of 256 made a fifth of all query runs repeat an evicted one)."""
    from minedash.data import db

    df = db.query("region_values", indicator="pop", level=3)
    assert db._frame_bytes(df) == pytest.approx(df.memory_usage(index=False, deep=True).sum(), rel=0.05)
    cache = db._cached.cache
    assert cache.budget == db.QUERY_BUDGET and cache.size >= 4096 and cache.weigh is db._frame_bytes
