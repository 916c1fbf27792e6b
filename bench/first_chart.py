"""First chart in the browser: a fresh Chromium tab (empty cache) opens a page and waits until its first plotly chart
is drawn; the floor is bench/floor_app.py (a bare page with one plotly chart) the same way. Each is served directly
by `streamlit run` and through nginx (deploy/serve.py, one process: compression of the JavaScript bundle).
Prints the medians and the ratio to the floor (target: at most 1.5x). Not a test.

    python bench/first_chart.py [--repeats 5] [--pages overview regions progress]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHART = ".js-plotly-plot .main-svg"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str) -> None:
    for _ in range(240):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not start")


def start(cmd: list[str], url: str) -> subprocess.Popen:
    env = dict(os.environ, STREAMLIT_SERVER_FILE_WATCHER_TYPE="none", STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # fmt: skip
    _wait(url)
    return proc


def first_chart(browser, url: str, repeats: int) -> tuple[float, int]:
    """Median seconds from navigation to the first drawn plotly chart, and the bytes the page transferred."""
    times, sizes = [], []
    for _ in range(repeats + 1):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        got = []
        page.on("response", lambda r, got=got: got.append(int(r.headers.get("content-length") or 0)))
        t0 = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(CHART, timeout=120_000)
        times.append(time.perf_counter() - t0)
        sizes.append(sum(got))
        context.close()
    return statistics.median(times[1:]), int(statistics.median(sizes[1:]))  # the first warms the server


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--pages", nargs="+", default=["", "regions", "progress"])
    args = p.parse_args()
    st = [sys.executable, "-m", "streamlit", "run"]
    direct, floor, proxied = _port(), _port(), _port()
    procs = [
        start([*st, "dashboard.py", "--server.port", str(direct)], f"http://127.0.0.1:{direct}"),
        start([*st, "bench/floor_app.py", "--server.port", str(floor)], f"http://127.0.0.1:{floor}"),
        start([sys.executable, "deploy/serve.py", "-k", "1", "--port", str(proxied)], f"http://127.0.0.1:{proxied}"),
    ]
    out = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            base, base_bytes = first_chart(browser, f"http://127.0.0.1:{floor}/", args.repeats)
            out["floor"] = {"s": round(base, 2), "kb": base_bytes // 1024, "x_floor": 1.0}
            for via, port in (("direct", direct), ("nginx", proxied)):
                for page in args.pages:
                    secs, size = first_chart(browser, f"http://127.0.0.1:{port}/{page}", args.repeats)
                    out[f"{page or 'overview'} ({via})"] = {
                        "s": round(secs, 2), "kb": size // 1024, "x_floor": round(secs / base, 2)
                    }  # fmt: skip
            browser.close()
    finally:
        for proc in procs:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
    print(f"{'page':24} {'first chart s':>14} {'KB':>8} {'x floor':>8}")
    for name, r in out.items():
        print(f"{name:24} {r['s']:14.2f} {r['kb']:8} {r['x_floor']:8.2f}")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
