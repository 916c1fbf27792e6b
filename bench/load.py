"""Load benchmark: N concurrent sessions on Streamlit's own websocket (`/_stcore/stream`), each a scripted journey
of real widget changes, as a workshop room would click. A benchmark, not a test.

Each session speaks the browser's protocol with the installed Streamlit's protobufs: a BackMsg `rerun_script` with
the URL's query string, the changed widget's state (the formatted option, as the browser sends it), the fragment it
sits in, and the hashes of the messages it has cached; the server answers with ForwardMsgs until `script_finished`.
A step's time is request -> script finished. The journey (each session starts at a random point of it):

    playlist  click "Next" in the saved-views playlist (opens that view: its page and parameters)
    page      switch page from the navigation (Regions, Material factsheet, or any other page)
    year, indicator, level        the Regions controls; region: a click on the Regions map (a plotly selection)
    material  the factsheet's material;  scorecard: open the Progress page (its scorecard first)

Run it against a running server (one process, or nginx in front of several):
    python bench/load.py --url http://127.0.0.1:8501 --sessions 40 --think 2 6 --duration 300
or let it start the servers (K app processes; K > 1 puts deploy/serve.py's nginx in front):
    python bench/load.py --serve 1 --sessions 40 --think 2 6 --duration 300
Server CPU and memory are read from /proc for the served processes (--serve), the --pids given, or every process
whose command line matches --match. Output: a table per step kind (p50/p95/max seconds, errors, KB received), the
server's CPU (cores) and memory over time, and a final JSON line with all of it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
STEP_TIMEOUT = 120.0  # a step slower than this counts as an error
JOURNEY = [
    ("playlist", None),
    ("page", "regions"),
    ("year", "reg_year"),
    ("indicator", "reg_indicator"),
    ("level", "reg_level"),
    ("region", "region_map"),
    ("page", "material"),
    ("material", "mat_material"),
    ("scorecard", "progress"),
    ("page", None),  # any other page
]
OTHER_PAGES = ["", "criticality", "production", "benchmarks", "value_chains", "sources"]
# Map clicks: real NUTS 2021 codes (member regions and some others) by level, as the map reports `location`.
CLICKS = {
    0: ["FI", "SE", "ES", "EL", "DE", "PL"],
    1: ["FI1", "SE3", "ES1", "ES4", "EL6", "DE2"],
    2: ["FI1D", "SE33", "ES41", "ES12", "EL64", "DE21"],
    3: ["FI1D7", "FI1D3", "FI1D8", "SE332", "ES120", "EL644"],
}
_ID = re.compile(r"^\$\$ID-[0-9a-f]+-(.+)$")


@dataclass
class Widget:
    kind: str  # the element type: selectbox, slider, button_group, button, plotly_chart, ...
    id: str
    options: list[str]
    fragment_id: str


@dataclass
class Result:
    kind: str
    seconds: float
    bytes: int
    error: str | None = None


class Session:
    """One browser tab: a websocket, the URL it shows, the widgets on its page and the messages it has cached."""

    def __init__(self, base: str, rng: random.Random):
        self.base = base.rstrip("/")
        self.rng = rng
        self.query = ""
        self.path = ""
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.page_hash = ""  # the page shown (the browser sends it with every rerun)
        self.widgets: dict[str, Widget] = {}
        self.cache: dict[str, bytes] = {}
        self.ws = None

    async def connect(self) -> None:
        """Load the page's HTML first, as a browser does (a load balancer may set its route cookie there), then open
        the websocket with the cookies."""
        parts = urlsplit(self.base)
        cookies = await asyncio.to_thread(_cookies_of, self.base + "/")
        scheme = "wss" if parts.scheme == "https" else "ws"
        self.ws = await websockets.connect(
            f"{scheme}://{parts.netloc}{parts.path}/_stcore/stream",
            subprotocols=["streamlit"],
            origin=f"{parts.scheme}://{parts.netloc}",
            additional_headers={"Cookie": cookies} if cookies else None,
            max_size=None,
            open_timeout=STEP_TIMEOUT,
            ping_interval=None,
        )

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def rerun(
        self, *, page_hash: str | None = None, page_name: str = "", widget=None, fragment_id: str = ""
    ) -> int:
        """Send one rerun request; wait until the script has finished (not for a rerun). Returns bytes received."""
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_script_hash = self.page_hash if page_hash is None else page_hash
        cs.page_name = page_name
        cs.fragment_id = fragment_id
        cs.cached_message_hashes.extend(self.cache)
        cs.context_info.url = f"{self.base}/{self.path}" + (f"?{self.query}" if self.query else "")
        cs.context_info.timezone = "Europe/Helsinki"
        cs.context_info.locale = "en-GB"
        if widget is not None:
            cs.widget_states.widgets.append(widget)
        await self.ws.send(msg.SerializeToString())
        return await self._until_finished()

    async def _until_finished(self) -> int:
        received = 0
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), STEP_TIMEOUT)
            received += len(raw)
            fmsg = ForwardMsg()
            fmsg.ParseFromString(raw)
            if fmsg.HasField("ref_hash"):  # a message this tab has cached: the server sent only its hash
                cached = self.cache[fmsg.ref_hash]
                fmsg = ForwardMsg()
                fmsg.ParseFromString(cached)
            elif fmsg.metadata.cacheable and fmsg.hash:
                self.cache[fmsg.hash] = raw
            kind = fmsg.WhichOneof("type")
            if kind == "new_session":
                self.widgets.clear()
            elif kind == "navigation":
                nav = fmsg.navigation
                self.pages = {p.url_pathname: p.page_script_hash for p in nav.app_pages}
                self.page_hash = nav.page_script_hash
                self.path = next((p for p, h in self.pages.items() if h == self.page_hash), self.path)
            elif kind == "page_info_changed":
                self.query = fmsg.page_info_changed.query_string
            elif kind == "delta":
                self._element(fmsg)
            elif kind == "page_not_found":
                raise StepError(f"page not found: {fmsg.page_not_found.page_name}")
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(fmsg.script_finished)
                if status == "FINISHED_WITH_COMPILE_ERROR":
                    raise StepError("script compile error")
                if status in ("FINISHED_SUCCESSFULLY", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"):
                    return received
                # FINISHED_EARLY_FOR_RERUN: a switch_page or st.rerun follows; keep reading

    def _element(self, fmsg) -> None:
        delta = fmsg.delta
        if delta.WhichOneof("type") != "new_element":
            return
        el = delta.new_element
        kind = el.WhichOneof("type")
        if kind == "exception":
            raise StepError(f"exception on the page: {el.exception.type}: {el.exception.message[:200]}")
        inner = getattr(el, kind)
        wid = getattr(inner, "id", "")
        m = _ID.match(wid if isinstance(wid, str) else "")
        if not m:
            return
        options = inner.options if hasattr(inner, "options") else []
        opts = [o.content if hasattr(o, "content") else o for o in options]
        self.widgets[m.group(1)] = Widget(kind, wid, list(opts), delta.fragment_id)

    # --- steps -------------------------------------------------------------------------------------------------
    async def open(self, path: str, query: str = "") -> int:
        self.path, self.query = path, query
        self.widgets.clear()
        return await self.rerun(page_hash="", page_name=path)

    async def switch_page(self, path: str) -> int:
        if path not in self.pages:
            raise StepError(f"no page {path!r} in the navigation")
        self.path, self.query = path, ""  # the browser's navigation link clears the query (the shell carries)
        self.widgets.clear()
        return await self.rerun(page_hash=self.pages[path])

    async def change(self, key: str, value=None) -> int:
        """Change widget `key` as the browser would: a different option (or `value`), or a click."""
        w = self.widgets.get(key)
        if w is None:
            raise StepError(f"widget {key!r} not on page {self.path!r}")
        state = BackMsg().rerun_script.widget_states.widgets.add()
        state.id = w.id
        if w.kind == "button":
            state.trigger_value = True
        elif w.kind == "plotly_chart":
            point = {"location": value, "curve_number": 2, "point_number": 0, "point_index": 0}
            sel = {"selection": {"points": [point], "point_indices": [0], "box": [], "lasso": []}}
            state.string_value = json.dumps(sel)
        elif w.kind in ("selectbox", "radio"):
            state.string_value = value if value is not None else self.rng.choice(w.options)
        elif w.kind in ("slider", "button_group", "multiselect"):
            state.string_array_value.data.append(value if value is not None else self.rng.choice(w.options))
        elif w.kind == "checkbox":
            state.bool_value = bool(value)
        else:
            raise StepError(f"widget kind {w.kind} not scripted")
        return await self.rerun(widget=state, fragment_id=w.fragment_id)

    async def step(self, kind: str, arg: str | None) -> int:
        if kind == "playlist":
            return await self.change("pl-next-sidebar")
        if kind == "page":
            target = arg if arg is not None else self.rng.choice([p for p in OTHER_PAGES if p != self.path])
            return await self.switch_page(target)
        if kind == "scorecard":
            return await self.switch_page(arg)
        if kind == "region":
            level = int(dict(p.split("=", 1) for p in self.query.split("&") if "=" in p).get("level", 2))
            return await self.change(arg, self.rng.choice(CLICKS[level]))
        return await self.change(arg)


class StepError(RuntimeError):
    pass


def _cookies_of(url: str) -> str:
    with urllib.request.urlopen(url, timeout=STEP_TIMEOUT) as r:
        r.read()
        return "; ".join(c.split(";", 1)[0] for c in r.headers.get_all("Set-Cookie") or [])


async def run_session(n: int, args, results: list[Result], stop_at: float, seed: int) -> None:
    rng = random.Random(seed * 1000 + n)
    sess = Session(args.url, rng)
    await asyncio.sleep(rng.uniform(0, args.ramp))
    t0 = time.perf_counter()
    try:
        await sess.connect()
        path, _, query = args.start.partition("?")
        size = await sess.open(path, query)
        results.append(Result("open", time.perf_counter() - t0, size))
    except Exception as exc:  # noqa: BLE001 - every failure is a counted error, the run goes on
        results.append(Result("open", time.perf_counter() - t0, 0, f"{type(exc).__name__}: {exc}"[:200]))
        await sess.close()
        return
    # start anywhere a step needs no particular page (a widget step follows the page switch that shows it)
    i = rng.choice([j for j, (kind, _) in enumerate(JOURNEY) if kind in ("playlist", "page", "scorecard")])
    steps = 0
    while True:
        await asyncio.sleep(rng.uniform(*args.think))
        if (steps >= args.rounds * len(JOURNEY)) if args.rounds else time.monotonic() >= stop_at:
            break
        steps += 1
        kind, arg = JOURNEY[i % len(JOURNEY)]
        i += 1
        t0 = time.perf_counter()
        try:
            size = await sess.step(kind, arg)
            results.append(Result(kind, time.perf_counter() - t0, size))
        except Exception as exc:  # noqa: BLE001
            results.append(Result(kind, time.perf_counter() - t0, 0, f"{type(exc).__name__}: {exc}"[:200]))
            if isinstance(exc, (websockets.ConnectionClosed, OSError, asyncio.TimeoutError)):
                break  # the tab lost its server; a person would reload
            i = JOURNEY.index(("page", "regions"))  # after a failed step, on from a known page
            try:
                await sess.switch_page("regions")
            except Exception:  # noqa: BLE001
                break
    await sess.close()


# --- the server's processes: CPU and memory from /proc ---------------------------------------------------------
_TICKS = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


def _children(pids: set[int]) -> set[int]:
    parent: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                parent[int(d.name)] = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
    out, todo = set(pids), list(pids)
    while todo:
        p = todo.pop()
        for c, pp in parent.items():
            if pp == p and c not in out:
                out.add(c)
                todo.append(c)
    return out


def matching(pattern: str) -> set[int]:
    rx, me = re.compile(pattern), os.getpid()
    out = set()
    for d in Path("/proc").iterdir():
        if d.name.isdigit() and int(d.name) != me:
            try:
                cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if rx.search(cmd) and "bench/load.py" not in cmd:
                out.add(int(d.name))
    return out


def sample(pids: set[int]) -> tuple[float, int]:
    """(CPU seconds used so far, resident bytes) summed over the processes still alive."""
    cpu, rss = 0.0, 0
    for p in pids:
        try:
            stat = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            cpu += (int(stat[11]) + int(stat[12])) / _TICKS
            rss += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * _PAGE
        except (OSError, IndexError, ValueError):
            pass
    return cpu, rss


async def monitor(pids_of, timeline: list[dict], t_start: float, every: float, done: asyncio.Event) -> None:
    last_t, last_cpu = time.monotonic(), sample(pids_of())[0]
    while not done.is_set():
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(done.wait(), every)
        now = time.monotonic()
        cpu, rss = sample(pids_of())
        timeline.append(
            {
                "t": round(now - t_start, 1),
                "cpu_cores": round((cpu - last_cpu) / (now - last_t), 2),
                "rss_mb": rss / 2**20,
            }
        )
        last_t, last_cpu = now, cpu


# --- starting servers (--serve) ---------------------------------------------------------------------------------
def serve(k: int, port: int) -> tuple[subprocess.Popen, set[int]]:
    """Start deploy/serve.py with K app processes (K = 1: one bare `streamlit run`, no nginx); wait until healthy."""
    cmd = [sys.executable, str(ROOT / "deploy" / "serve.py"), "--processes", str(k), "--port", str(port)]
    if k == 1:
        cmd.append("--no-nginx")
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL)
    sys.path.insert(0, str(ROOT / "deploy"))
    import serve as deploy  # noqa: PLC0415 - deploy/ is not a package

    deploy.wait_healthy([f"http://127.0.0.1:{port}"], timeout=180)
    return proc, {proc.pid}


def percentile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(q * (len(xs) - 1))))] if xs else float("nan")


def summarise(results: list[Result]) -> dict:
    kinds = ["open", *dict.fromkeys(k for k, _ in JOURNEY)]
    out = {}
    for kind in [*kinds, "all"]:
        rs = [r for r in results if kind in ("all", r.kind)]
        ok = [r.seconds for r in rs if r.error is None]
        if not rs:
            continue
        out[kind] = {
            "n": len(rs),
            "errors": len(rs) - len(ok),
            "p50_s": round(percentile(ok, 0.5), 3),
            "p95_s": round(percentile(ok, 0.95), 3),
            "max_s": round(max(ok), 3) if ok else None,
            "kb_mean": round(statistics.mean(r.bytes for r in rs if r.error is None) / 1024, 1) if ok else None,
        }
    return out


def report(args, results: list[Result], timeline: list[dict], wall: float, closed_at: float) -> dict:
    table = summarise(results)
    print(f"\n{'step':10} {'n':>6} {'err':>5} {'p50 s':>7} {'p95 s':>7} {'max s':>7} {'KB/step':>8}")
    for kind, s in table.items():
        print(
            f"{kind:10} {s['n']:6} {s['errors']:5} {s['p50_s']:7.2f} {s['p95_s']:7.2f} "
            f"{(s['max_s'] or 0):7.2f} {(s['kb_mean'] or 0):8.1f}"
        )
    errors = sorted({r.error for r in results if r.error})
    for e in errors[:10]:
        print("error:", e)
    print(f"\n{'t s':>6} {'CPU cores':>10} {'RSS MB':>8}")
    every = max(1, len(timeline) // 30)
    for row in timeline[::every]:
        print(f"{row['t']:6.0f} {row['cpu_cores']:10.2f} {row['rss_mb']:8.0f}")
    rss = [r["rss_mb"] for r in timeline]
    during = [r for r in timeline if r["t"] <= closed_at]
    half = [r["rss_mb"] for r in during if r["t"] >= closed_at / 2]
    after = [r["rss_mb"] for r in timeline if r["t"] > closed_at]
    mem = {
        "start_mb": round(rss[0], 1) if rss else None,
        "peak_mb": round(max(rss), 1) if rss else None,
        "end_of_load_mb": round(during[-1]["rss_mb"], 1) if during else None,
        "growth_second_half_mb": round(half[-1] - half[0], 1) if len(half) > 1 else None,
        "after_close_mb": round(after[-1], 1) if after else None,
    }
    n_ok = sum(1 for r in results if r.error is None and r.kind != "open")
    cpu = [r["cpu_cores"] for r in during]
    summary = {
        "target": args.url,
        "sessions": args.sessions,
        "think_s": args.think,
        "duration_s": args.duration,
        "steps": table,
        "errors": sum(1 for r in results if r.error),
        "error_kinds": errors[:10],
        "requests_per_s": round(n_ok / wall, 2),
        "server_cpu_cores_mean": round(statistics.mean(cpu), 2) if cpu else None,
        "server_cpu_s_per_request": round(sum(cpu) * args.every / n_ok, 3) if n_ok and cpu else None,
        "memory": mem,
        "timeline": timeline,
        "load_generator_cpu_s": round(time.process_time(), 1),
    }
    print(
        f"\n{n_ok} steps in {wall:.0f} s ({summary['requests_per_s']} /s); server CPU "
        f"{summary['server_cpu_cores_mean']} cores on average, {summary['server_cpu_s_per_request']} s per step; "
        f"memory {mem['start_mb']} -> peak "
        f"{mem['peak_mb']} MB, +{mem['growth_second_half_mb']} MB over the second half, {mem['after_close_mb']} MB "
        f"{args.linger:.0f} s after the sessions closed; load generator used {summary['load_generator_cpu_s']} s CPU"
    )
    return summary


async def main_async(args, pids_of) -> dict:
    results: list[Result] = []
    timeline: list[dict] = []
    done = asyncio.Event()
    t_start = time.monotonic()
    mon = asyncio.create_task(monitor(pids_of, timeline, t_start, args.every, done))
    stop_at = t_start + args.ramp + args.duration
    await asyncio.gather(*(run_session(i, args, results, stop_at, args.seed) for i in range(args.sessions)))
    closed_at = time.monotonic() - t_start
    await asyncio.sleep(args.linger)
    done.set()
    await mon
    return report(args, results, timeline, closed_at, closed_at)


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--url", default="http://127.0.0.1:8501", help="the app or the load balancer in front of it")
    p.add_argument("--serve", type=int, metavar="K", help="start K app processes (deploy/serve.py) and load them")
    p.add_argument("--sessions", type=int, default=10)
    p.add_argument("--think", type=float, nargs=2, default=(2.0, 6.0), metavar=("MIN", "MAX"), help="seconds")
    p.add_argument("--duration", type=float, default=60, help="seconds of clicking after the ramp")
    p.add_argument("--rounds", type=int, default=0, help="instead: each session goes round the journey this often")
    p.add_argument("--ramp", type=float, default=10, help="sessions arrive spread over this many seconds")
    p.add_argument("--start", default="", help="the shared link's path and query, e.g. 'regions?level=3'")
    p.add_argument("--linger", type=float, default=5, help="seconds to keep measuring memory after the sessions")
    p.add_argument("--every", type=float, default=2, help="seconds between CPU/memory samples")
    p.add_argument("--pids", default="", help="server process ids (their children count too)")
    p.add_argument("--match", default=r"streamlit run|nginx|deploy/serve.py", help="else: command lines matching")
    p.add_argument("--seed", type=int, default=1)
    return p.parse_args(argv)


def main(argv=None) -> dict:
    args = parse(argv)
    proc = None
    if args.serve:
        port = urlsplit(args.url).port or 8501
        proc, roots = serve(args.serve, port)
        args.url = f"http://127.0.0.1:{port}"
    elif args.pids:
        roots = {int(p) for p in args.pids.split(",")}
    else:
        roots = matching(args.match)
    known = {"pids": _children(roots), "at": time.monotonic()}

    def pids_of() -> set[int]:  # refreshed now and then: a restarted process is counted too
        if time.monotonic() - known["at"] > 10:
            fresh = roots if (args.serve or args.pids) else matching(args.match)
            known.update(pids=_children(fresh), at=time.monotonic())
        return known["pids"]

    try:
        summary = asyncio.run(main_async(args, pids_of))
    finally:
        if proc is not None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
    print(json.dumps(summary), flush=True)  # the last line: the whole result
    return summary


if __name__ == "__main__":
    main()
