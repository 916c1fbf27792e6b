"""A single warm interaction on an idle server, per kind of step of bench/load.py's journey, against the floor: a rerun
of bench/floor_app.py (a bare page with one plotly chart) on its own server. Prints the median request -> script
finished time and the bytes received of each kind, and the ratio to the floor (target: at most 2x). Not a test.

    python bench/warm.py [--repeats 9]
Starts `streamlit run dashboard.py` (of --root, default this checkout) and `streamlit run bench/floor_app.py` on
free ports and stops them at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
STEPS = [
    ("year", "regions", lambda s: s.change("reg_year")),
    ("indicator", "regions", lambda s: s.change("reg_indicator")),
    ("level", "regions", lambda s: s.change("reg_level")),
    ("region", "regions", lambda s: s.step("region", "region_map")),
    ("show", "regions", lambda s: s.change("reg_show")),  # map / chart / table (issue 13)
    ("since", "regions", lambda s: s.change("reg_since")),  # the change since an earlier year
    ("similar", "similar", lambda s: s.change("sim_region")),  # Regions like mine: another region
    ("material", "material", lambda s: s.change("mat_material")),
    ("page", "overview", lambda s: s.switch_page(s.rng.choice(["regions", "criticality", "production"]))),
    ("scorecard", "overview", lambda s: s.switch_page("progress")),
    ("playlist", "overview", lambda s: s.change("pl-next-sidebar")),
]


def start(script: str, root: Path = ROOT) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, STREAMLIT_SERVER_FILE_WATCHER_TYPE="none", STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
    ]
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{script} did not start")


async def timed(session, action, repeats: int, back_to: str | None = None) -> tuple[float, float]:
    times, sizes = [], []
    for i in range(repeats + 2):
        t0 = time.perf_counter()
        size = await action(session)
        if i >= 2:  # the first two warm the caches for the values the session cycles through
            times.append(time.perf_counter() - t0)
            sizes.append(size)
        if back_to is not None and session.path != back_to:  # a page step: back for the next one (not timed)
            await session.switch_page(back_to)
    return statistics.median(times), statistics.median(sizes)


async def measure(url: str, floor_url: str, repeats: int) -> dict:
    floor = load.Session(floor_url, random.Random(1))
    await floor.connect()
    await floor.open("")
    floor_s, floor_b = await timed(floor, lambda s: s.rerun(), repeats)
    await floor.close()
    out = {"floor": {"median_s": round(floor_s, 4), "kb": round(floor_b / 1024, 1), "x_floor": 1.0}}
    for kind, page, action in STEPS:
        sess = load.Session(url, random.Random(2))
        await sess.connect()
        await sess.open("")
        back_to = "" if page == "overview" else page
        if back_to:
            await sess.switch_page(page)
        secs, size = await timed(sess, action, repeats, back_to)
        await sess.close()
        out[kind] = {"median_s": round(secs, 4), "kb": round(size / 1024, 1), "x_floor": round(secs / floor_s, 1)}
    return out


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--repeats", type=int, default=9)
    p.add_argument("--root", type=Path, default=ROOT, help="the checkout to serve (e.g. an older one, to compare)")
    args = p.parse_args()
    procs = []
    try:
        app, url = start("dashboard.py", args.root)
        procs.append(app)
        floor, floor_url = start("bench/floor_app.py")
        procs.append(floor)
        out = asyncio.run(measure(url, floor_url, args.repeats))
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
    print(f"{'step':10} {'median ms':>10} {'KB':>8} {'x floor':>8}")
    for kind, r in out.items():
        print(f"{kind:10} {r['median_s'] * 1000:10.0f} {r['kb']:8.1f} {r['x_floor']:8.1f}")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
