"""bench/load.py against a real server, briefly: two sessions walk the whole journey over Streamlit's websocket
(every widget the journey changes must still be on its page) with no error, and the report carries each kind of
step, bytes, and the server's CPU and memory. A smoke test of the tool, not a benchmark: no timing is asserted."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from minedash.data import paths

sys.path.insert(0, str(paths.ROOT / "bench"))
import load  # noqa: E402


def _server():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, STREAMLIT_SERVER_FILE_WATCHER_TYPE="none", STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    cmd = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port)]
    proc = subprocess.Popen(cmd + ["--server.address", "127.0.0.1", "--server.headless", "true"], cwd=paths.ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).close()
            return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("streamlit did not start")


def test_two_sessions_walk_the_journey_without_errors():
    proc, url = _server()
    try:
        # Long enough for each session to go round the whole journey once even on a busy machine: think time 0.
        args = ["--url", url, "--sessions", "2", "--think", "0", "0", "--ramp", "0", "--linger", "0", "--every", "1"]
        args += ["--duration", "1", "--pids", str(proc.pid), "--rounds", "1"]
        # A thread of its own: a browser test on the same worker may leave Playwright's event loop set on this one.
        with ThreadPoolExecutor(1) as pool:
            summary = pool.submit(load.main, args).result()
        # The server runs on uvloop (pinned in requirements.txt; Streamlit uses it when installed): each message of
        # a run wakes the event loop, and on uvloop a warm rerun costs 15-30 % less server CPU (bench/warm.py).
        assert "/uvloop/" in (Path("/proc") / str(proc.pid) / "maps").read_text()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert summary["errors"] == 0, summary["error_kinds"]
    kinds = {k for k, _ in load.JOURNEY}
    assert kinds | {"open", "all"} == set(summary["steps"]), summary["steps"].keys()
    assert summary["steps"]["all"]["n"] == 2 * (len(load.JOURNEY) + 1)
    assert all(s["kb_mean"] > 0 for s in summary["steps"].values())
    assert summary["timeline"] and summary["memory"]["peak_mb"] > 50  # the server's processes were found
