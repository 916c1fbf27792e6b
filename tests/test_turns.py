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
