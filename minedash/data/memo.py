"""Bounded caches that build each result once at a time.

functools.lru_cache lets every thread that misses build the result itself. In a workshop 40 sessions open the same
link at once: each session's script thread would build the same scorecard or figure side by side on the same cores,
each 40 times slower, and all of them late. Here the first thread builds and the others wait for its result; if the
build fails, each waiting thread tries again itself (so a damaged table is named to everyone who needs it)."""

from __future__ import annotations

import contextlib
import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

_while_blocked: Callable = contextlib.nullcontext


def while_blocked():
    """What a thread does while it waits on something that needs no Python: another thread's build of the same
    result (Cache.get), a DuckDB query (db). Nothing unless the app says (see on_blocked)."""
    return _while_blocked()


def on_blocked(context: Callable) -> Callable:
    """Have `while_blocked()` enter `context()` (the shell lends its page run's turn: turns.Turns.lent); returns the
    one it replaces."""
    global _while_blocked
    before, _while_blocked = _while_blocked, context
    return before


class Cache:
    """Least-recently-used results by key, at most `size` of them; one build per key at a time. With `weigh` (a
    result's size in bytes, roughly) the results also stay within `budget` bytes: many small results or a few large
    ones."""

    def __init__(self, size: int, *, weigh: Callable | None = None, budget: int = 0):
        self.size, self.lock = size, threading.Lock()
        self.results: OrderedDict = OrderedDict()
        self.building: dict[Hashable, threading.Lock] = {}
        self.weigh, self.budget, self.weights, self.total = weigh, budget, {}, 0

    def clear(self) -> None:
        with self.lock:
            self.results.clear()
            self.weights.clear()
            self.total = 0

    def __len__(self) -> int:
        return len(self.results)

    def get(self, key: Hashable, build: Callable):
        while True:
            with self.lock:
                if key in self.results:
                    self.results.move_to_end(key)
                    return self.results[key]
                gate = self.building.get(key)
                if gate is None:
                    gate = self.building[key] = threading.Lock()
                    gate.acquire()
                    break
            with while_blocked(), gate:  # another thread builds it: wait, then look again
                pass
        try:
            value = build()
            weight = self.weigh(value) if self.weigh else 0
            with self.lock:
                self.results[key] = value
                self.total += weight - self.weights.get(key, 0)
                self.weights[key] = weight
                while len(self.results) > self.size or (
                    self.budget and self.total > self.budget and len(self.results) > 1
                ):
                    old, _value = self.results.popitem(last=False)
                    self.total -= self.weights.pop(old, 0)
            return value
        finally:
            with self.lock:
                del self.building[key]
            gate.release()


def memo(maxsize: int, *, weigh: Callable | None = None, budget: int = 0):
    """Like functools.lru_cache(maxsize) for positional, hashable arguments, built once at a time, and within
    `budget` bytes if `weigh` is given (see Cache)."""

    def decorate(fn: Callable):
        cache = Cache(maxsize, weigh=weigh, budget=budget)

        @functools.wraps(fn)
        def wrapper(*args):
            return cache.get(args, lambda: fn(*args))

        wrapper.cache = cache
        wrapper.cache_clear = cache.clear
        return wrapper

    return decorate
