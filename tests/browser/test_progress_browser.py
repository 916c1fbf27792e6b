"""Real browser: the Benchmarks and Progress pages load; the edition report renders offline and prints to A4."""
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from minedash import editions, paths, report

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists() or shutil.which("streamlit") is None,
                                reason="chromium or streamlit not installed")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
                             "--server.headless", "true"], cwd=paths.ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.mark.parametrize("path", ["benchmarks", "progress", "progress?edition=2026-H2", "progress?edition=bogus"])
def test_pages_load(browser, server, path, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/{path}")
    page.wait_for_selector("[data-test-script-state=notRunning]", timeout=90000)
    page.wait_for_timeout(1000)
    assert page.locator("[data-testid=stException]").count() == 0
    page.screenshot(path=str(tmp_path / "page.png"))
    page.close()


def test_report_offline_and_print(browser, tmp_path):
    eds, _ = editions.list_editions(paths.DATA_DIR / "monitoring")
    html_file = tmp_path / "report.html"
    html_file.write_text(report.build_html(eds["2026-H2"]), encoding="utf-8")
    ctx = browser.new_context()
    blocked = []

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()
    ctx.route("**/*", route)
    page = ctx.new_page()
    page.goto(html_file.as_uri())
    page.wait_for_selector(".plotly-graph-div .main-svg", timeout=30000)
    assert page.locator(".plotly-graph-div").count() >= 2
    assert page.locator(".plotly-graph-div .main-svg").count() >= 2  # drawn by the embedded plotly.js
    assert blocked == []  # nothing was fetched from the network
    pdf = page.pdf(format="A4", print_background=True)
    n_pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 2 <= n_pages <= 30, n_pages
    ctx.close()
