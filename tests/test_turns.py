"""Page runs take turns (minedash/app/turns.py): never more than allowed at once, first-turn runs in the order they
came, and a run that follows its own session's rerun before them."""

from __future__ import annotations

import threading
import time

from minedash.app.turns import Turns


def _queue_up(turns: Turns, names_again: list[tuple[str, bool]], order: list[str]) -> list[threading.Thread]:
    """Start one thread per (name, again), each arriving after the previous is waiting; each notes its name when it
    gets its turn, then gives it back."""
    threads = []
    for name, again in names_again:

        def run(name=name, again=again):
            assert turns.acquire(again=again, timeout=10)
            order.append(name)
            turns.release()

        t = threading.Thread(target=run)
        t.start()
        threads.append(t)
        time.sleep(0.05)  # in this order
    return threads


def test_first_turns_in_order_and_reruns_go_first():
    turns, order = Turns(1), []
    assert turns.acquire()  # a run is going
    threads = _queue_up(turns, [("a", False), ("b", False), ("rerun", True), ("c", False)], order)
    turns.release()
    for t in threads:
        t.join(10)
    assert order == ["rerun", "a", "b", "c"]


def test_never_more_than_allowed_at_once():
    turns, lock = Turns(2), threading.Lock()
    now = peak = 0

    def run(i):
        nonlocal now, peak
        assert turns.acquire(again=i % 3 == 0, timeout=10)
        with lock:
            now += 1
            peak = max(peak, now)
        time.sleep(0.01)
        with lock:
            now -= 1
        turns.release()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert peak == 2 and turns.free == 2 and turns.waiting_again == 0


def test_a_free_turn_left_after_a_rerun_goes_to_the_next_in_line():
    turns, a_got_in, rerun_holds = Turns(2), threading.Event(), threading.Event()
    assert turns.acquire() and turns.acquire()  # both turns taken

    def first():
        assert turns.acquire(timeout=10)
        a_got_in.set()
        turns.release()

    def rerun():
        assert turns.acquire(again=True, timeout=10)
        rerun_holds.wait(10)  # keeps its turn until the test has seen "a" get the other one
        turns.release()

    threads = [threading.Thread(target=first), threading.Thread(target=rerun)]
    for t in threads:
        t.start()
        time.sleep(0.05)
    with turns.lock:  # both turns come back before the rerun wakes: one is left for "a"
        turns.free += 2
        turns.again.notify()
    assert a_got_in.wait(5), "a free turn was left idle while a run waited"
    rerun_holds.set()
    for t in threads:
        t.join(10)
    assert turns.free == 2


def test_a_wait_can_time_out():
    turns = Turns(1)
    assert turns.acquire()
    assert not turns.acquire(timeout=0.05) and not turns.acquire(again=True, timeout=0.05)
    assert turns.waiting_again == 0 and turns.free == 0


def test_a_run_lends_its_turn_while_it_waits_and_takes_it_back_first():
    turns, order = Turns(1), []
    waiting, done = threading.Event(), threading.Event()

    def lender():
        assert turns.acquire()
        with turns.lent():  # e.g. a DuckDB query
            waiting.set()
            assert done.wait(10)
        order.append("lender back")
        turns.release()

    a = threading.Thread(target=lender)
    a.start()
    assert waiting.wait(10)
    assert turns.acquire(timeout=10)  # the lent turn: another run goes on meanwhile
    threads = _queue_up(turns, [("c", False)], order)  # a first turn, queued before the lender comes back
    done.set()
    time.sleep(0.05)
    order.append("other")
    turns.release()
    for t in [a, *threads]:
        t.join(10)
    assert order == ["other", "lender back", "c"] and turns.free == 1


def test_lending_without_a_turn_does_nothing():
    turns = Turns(1)
    with turns.lent():  # a fragment's run, or code outside a page run
        assert turns.free == 1
    assert turns.free == 1


def test_a_run_waiting_for_another_runs_build_lends_its_turn():
    """The builder lends its turn during its query; the next run asks for the same result and waits for that build.
    If that run kept the turn while waiting, the builder could never take its turn back: both would wait forever."""
    from minedash.data import memo

    turns, cache = Turns(1), memo.Cache(8)
    querying, go_on, results = threading.Event(), threading.Event(), []
    before = memo.on_blocked(turns.lent)
    try:

        def build():
            with memo.while_blocked():  # as db.query does around DuckDB
                querying.set()
                assert go_on.wait(10)
            return 42

        def run(first: bool):
            assert turns.acquire(timeout=10)
            results.append(cache.get("k", build if first else lambda: -1))
            turns.release()

        builder = threading.Thread(target=run, args=(True,), daemon=True)  # a deadlock must not hang the suite
        builder.start()
        assert querying.wait(10)
        waiter = threading.Thread(target=run, args=(False,), daemon=True)
        waiter.start()  # takes the lent turn, then waits for the build
        time.sleep(0.1)
        go_on.set()
        builder.join(10)
        waiter.join(10)
        assert not builder.is_alive() and not waiter.is_alive()
        assert results == [42, 42] and turns.free == 1
    finally:
        memo.on_blocked(before)
