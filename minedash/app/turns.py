"""Page runs take turns: at most RUNS_AT_ONCE of a process's page runs at once, the others wait.

Python runs one thread at a time (the GIL): forty runs side by side each took forty times as long, with thread
switching on top, so in a room every click was late. One at a time measured best (bench/load.py, 40 sessions on
2 cores: p95 12.9 s side by side, 8.1 s two at a time, 6.9 s one at a time); more cores get more processes
(deploy/serve.py), not more threads. A fragment's rerun (a dialog, the comparison) does not take a turn: it is short.

A run that follows its own session's rerun (the playlist's Next switches page; a click that came while the session's
run was going) goes before the runs that wait for their first turn: it has queued once already.

A run lends its turn while it waits on something that needs no Python (a DuckDB query, another run building the same
result; see memo.on_blocked): the next run goes on meanwhile, and the lender takes a turn back first, as a rerun
does. Under a room's load a tenth of the time holding a turn was spent in DuckDB.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading

_log = logging.getLogger(__name__)


def _runs_at_once() -> int:
    value = os.environ.get("MINEDASH_RUNS_AT_ONCE", "1")
    if value.isdigit() and int(value) >= 1:
        return int(value)
    _log.warning("MINEDASH_RUNS_AT_ONCE=%r is not a whole number of 1 or more: using 1", value)
    return 1


RUNS_AT_ONCE = _runs_at_once()


class Turns:
    """At most `n` holders at once; waiters with `again` go first, the others in the order they came."""

    def __init__(self, n: int):
        self.free, self.waiting_again = n, 0
        self.lock = threading.Lock()
        self.again, self.first = threading.Condition(self.lock), threading.Condition(self.lock)
        self.holder = threading.local()  # whether this thread holds a turn (a fragment's run or a test may not)

    def acquire(self, again: bool = False, timeout: float | None = None) -> bool:
        """Wait for a turn (at most `timeout` seconds); True when it is taken."""
        with self.lock:
            if not again:
                got = self.first.wait_for(lambda: self.free > 0 and not self.waiting_again, timeout)
            else:
                self.waiting_again += 1
                try:
                    got = self.again.wait_for(lambda: self.free > 0, timeout)
                finally:
                    self.waiting_again -= 1
            if got:
                self.free -= 1
                self.holder.held = True
            if again and self.free and not self.waiting_again:
                self.first.notify()  # a turn still free: the first-turn runs held back for this one go on
            return got

    def release(self) -> None:
        with self.lock:
            self.holder.held = False
            self.free += 1
            # Conditions wake their longest waiter first: runs waiting for a first turn are served in order.
            (self.again if self.waiting_again else self.first).notify()

    @contextlib.contextmanager
    def lent(self):
        """While the block waits (on DuckDB, on another thread's build), this thread's turn, if it holds one, goes
        to the next run; it is taken back, ahead of first turns, when the block ends."""
        if not getattr(self.holder, "held", False):
            yield
            return
        self.release()
        try:
            yield
        finally:
            self.acquire(again=True)


TURNS = Turns(RUNS_AT_ONCE)
