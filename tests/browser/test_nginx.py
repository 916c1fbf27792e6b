"""Two app processes behind deploy/nginx.conf, driven in Chromium through nginx: each browser stays on its process
(page, websocket and survey upload alike), and when one process is killed the sessions on the other keep working,
a new browser is served, and the killed process's browsers reconnect to the survivor and reopen their view.

Each app process runs on a host of its own where the machine allows it: a network namespace made by this test
(`ip netns`, addresses 10.213.x.y on a veth pair); otherwise both run on 127.0.0.1 (said in the test's output).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

from minedash.app import export

from .conftest import IN_CI, ROOT, TIMEOUT_MS, offline, screenshot, wait_idle

sys.path.insert(0, str(ROOT / "deploy"))
import serve  # noqa: E402

COOKIE = "minedash_route"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sh(*cmd: str) -> None:
    subprocess.run(cmd, check=True, capture_output=True)


class Farm:
    """App processes (in network namespaces when possible) and nginx in front, torn down by close()."""

    def __init__(self, tmp: Path):
        self.tmp, self.namespaces, self.apps, self.nginx = tmp, [], [], None
        tag = os.getpid() % 10000
        self.hosts = self._namespaces(tag) if os.geteuid() == 0 else []
        if not self.hosts:
            print("network namespaces not available: both app processes on 127.0.0.1")
            self.hosts = [(None, "127.0.0.1", _free_port()) for _ in range(2)]
        for ns, addr, port in self.hosts:
            cmd = serve.app_command(port, addr)
            if ns:
                cmd = ["ip", "netns", "exec", ns, *cmd]
            log = open(tmp / f"app-{addr}-{port}.log", "wb")  # noqa: SIM115
            self.apps.append(subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT))
        self.backends = [f"{addr}:{port}" for _, addr, port in self.hosts]
        serve.wait_healthy([f"http://{b}" for b in self.backends])
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        prefix = tmp / "nginx"
        self.nginx = serve.start_nginx(serve.nginx_conf(self.backends, f"127.0.0.1:{self.port}", prefix), prefix)
        self.log = prefix / "access.log"
        serve.wait_healthy([self.url])

    def _namespaces(self, tag: int) -> list:
        hosts = []
        try:
            for i in range(2):
                ns, here, there = f"mdhost{tag}{i}", f"mdv{tag}{i}", f"mdp{tag}{i}"
                net = f"10.213.{tag % 250}"
                _sh("ip", "netns", "add", ns)
                self.namespaces.append(ns)
                _sh("ip", "link", "add", here, "type", "veth", "peer", "name", there)
                _sh("ip", "link", "set", there, "netns", ns)
                _sh("ip", "addr", "add", f"{net}.{4 * i + 1}/30", "dev", here)
                _sh("ip", "link", "set", here, "up")
                _sh("ip", "netns", "exec", ns, "ip", "addr", "add", f"{net}.{4 * i + 2}/30", "dev", there)
                _sh("ip", "netns", "exec", ns, "ip", "link", "set", there, "up")
                _sh("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up")
                hosts.append((ns, f"{net}.{4 * i + 2}", 8501))
        except (subprocess.CalledProcessError, FileNotFoundError) as exc:
            print(f"could not make network namespaces ({exc}); using 127.0.0.1")
            self._drop_namespaces()
            return []
        return hosts

    def _drop_namespaces(self) -> None:
        for ns in self.namespaces:
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)  # takes its end of the veth pair along
        self.namespaces = []

    def routes(self) -> list[tuple[str, str, str]]:
        """(request line, upstream, route cookie) of every request nginx has logged."""
        pattern = re.compile(r'"(?P<req>[^"]*)" \d+ \d+ upstream=(?P<up>\S+) route=(?P<route>\S+)')
        return [(m["req"], m["up"], m["route"]) for m in map(pattern.search, self.log.read_text().splitlines()) if m]

    def cookie_for(self, backend: str) -> str:
        """A route cookie value that nginx sends to `backend` (found by asking: the hash is nginx's own)."""
        for i in range(200):
            value = f"probe{i}x{os.getpid()}"
            req = urllib.request.Request(f"{self.url}/", headers={"Cookie": f"{COOKIE}={value}"})
            urllib.request.urlopen(req, timeout=5).read()
            for _ in range(20):  # the log line lands just after the response
                ups = [up for _, up, route in self.routes() if route == value]
                if ups:
                    break
                time.sleep(0.05)
            if ups and ups[-1] == backend:
                return value
        raise AssertionError(f"no route cookie reaches {backend}")

    @contextlib.contextmanager
    def explained(self):
        """On a failure, print what the processes were doing (the test's output shows it): each live app's threads
        (py-spy dump) and the end of its log, nginx's errors and its last routed requests."""
        try:
            yield
        except BaseException:
            print(self.diagnosis())
            raise

    def diagnosis(self) -> str:
        out = []
        for (_ns, addr, port), app in zip(self.hosts, self.apps, strict=True):
            log = (self.tmp / f"app-{addr}-{port}.log").read_text(errors="replace").splitlines()
            out += [f"--- app {addr}:{port}: {'running' if app.poll() is None else f'ended ({app.returncode})'}"]
            out += ["its log's end:", *log[-60:]]
            if app.poll() is None and shutil.which("py-spy"):
                try:  # the diagnosis must not hide the failure it explains
                    cmd = ["py-spy", "dump", "--pid", str(app.pid)]
                    dump = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
                    out += ["its threads:", dump.stdout[-6000:], dump.stderr[-500:]]
                except subprocess.TimeoutExpired:
                    out += ["its threads: py-spy did not answer within 30 s"]
        for name, lines in (("error.log", 20), ("access.log", 40)):
            path = self.tmp / "nginx" / name
            tail = path.read_text(errors="replace").splitlines()[-lines:] if path.exists() else ["(none)"]
            out += [f"--- nginx {name}:", *tail]
        return "\n".join(out)

    def close(self) -> None:
        for proc in [*self.apps, *([self.nginx] if self.nginx else [])]:
            if proc.poll() is None:
                proc.terminate()
        for proc in [*self.apps, *([self.nginx] if self.nginx else [])]:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        self._drop_namespaces()


@pytest.fixture
def farm(tmp_path):
    try:
        serve.nginx_binary()
    except SystemExit as exc:
        if IN_CI:
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    f = Farm(tmp_path)
    try:
        yield f
    finally:
        f.close()


def _tab(browser, farm: Farm, route: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    offline(context, farm.url)
    context.add_cookies([{"name": COOKIE, "value": route, "url": farm.url}])
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return context, page


def _survey(tmp_path: Path) -> Path:
    tpl = pd.read_csv(pd.io.common.BytesIO(export.survey_template_csv()), encoding="utf-8-sig")
    row = {"organisation": "Nginx Test Mining", "nuts_region": "FI1D7", "size_class": "small"}
    row |= {"value_chain_stages": "exploration", "materials": "nickel", "services": "", "contact_role": ""}
    path = tmp_path / "survey.csv"
    pd.concat([tpl, pd.DataFrame([row])]).to_csv(path, index=False)
    return path


def test_two_processes_behind_nginx_keep_sessions_and_survive_a_kill(browser, farm, tmp_path):
    with farm.explained():
        first, second = farm.backends
        route_a, route_b = farm.cookie_for(first), farm.cookie_for(second)
        ctx_a, a = _tab(browser, farm, route_a)
        ctx_b, b = _tab(browser, farm, route_b)
        try:
            # A on the first process: the value-chains page, then a survey upload (a separate HTTP request).
            a.goto(f"{farm.url}/value_chains")
            wait_idle(a)
            a.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(_survey(tmp_path)))
            a.get_by_text("1 row checked: all valid.").wait_for()
            wait_idle(a)
            a_requests = [(req, up) for req, up, route in farm.routes() if route == route_a]
            assert any("/_stcore/upload_file" in req for req, _ in a_requests), a_requests
            assert {up for _, up in a_requests} == {first}, f"session A left its process: {a_requests}"
            # B on the second process: the regions page.
            b.goto(f"{farm.url}/regions?indicator=pop&level=2")
            wait_idle(b)
            assert {up for _, up, route in farm.routes() if route == route_b} == {second}
            screenshot(a, "nginx-a-before")

            farm.apps[0].kill()  # the first process (A's) dies
            farm.apps[0].wait(timeout=10)

            # B keeps working on the second process: a control change reruns and the page follows.
            b.get_by_role("tab", name="Ranking").click()
            b.get_by_text("Partnership regions:").first.wait_for()
            wait_idle(b)
            assert b.locator("[data-testid=stException]").count() == 0
            # A new browser whose cookie points at the dead process is served by the live one.
            ctx_c, c = _tab(browser, farm, route_a)
            try:
                response = c.goto(f"{farm.url}/?region=SE331")
                assert response is not None and response.ok, response and response.status
                wait_idle(c)
                c.get_by_role("heading", name=re.compile("Mining industry")).first.wait_for()
                screenshot(c, "nginx-new-session-after-kill")
            finally:
                ctx_c.close()
            # A's tab reconnects (to the survivor) and reopens its view from the URL.
            a.get_by_role("heading", name=re.compile("Value chains")).first.wait_for(timeout=TIMEOUT_MS)
            wait_idle(a)
            assert a.locator("[data-testid=stException]").count() == 0
            screenshot(a, "nginx-a-after-kill")
        finally:
            ctx_a.close()
            ctx_b.close()
        # nginx logs a websocket when it closes: A's first one went to its process, the one after the kill to the other.
        for _ in range(50):
            streams = [up for req, up, route in farm.routes() if route == route_a and "/_stcore/stream" in req]
            if len(streams) >= 2:
                break
            time.sleep(0.2)
        assert streams[0] == first and streams[-1] == second, streams
