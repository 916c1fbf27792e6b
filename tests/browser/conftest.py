"""Real-browser harness: `streamlit run dashboard.py` on a free port, driven by Playwright + Debian's chromium.

Fixtures: app_url (session; the running app's base URL), browser (session; chromium), page (a fresh tab).
Helper (import it with `from .conftest import load`): load(page, "overview?present=1") navigates, waits for the
script to finish, checks that no
exception is shown, and saves tests/output/screenshots/<name>.png.
Without /usr/bin/chromium the tests are skipped locally and fail in CI (CI=true).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

try:  # assertions wait for what they check (up to the timeout) instead of reading the page once
    from playwright.sync_api import expect

    expect.set_options(timeout=60_000)
except ImportError:  # the browser fixture says so (skip locally, fail in CI)
    expect = None

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "tests" / "output" / "screenshots"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
TIMEOUT_MS = 120_000  # a page on a machine loaded by other work can take a minute


def _unavailable(reason: str):
    # Locally a missing browser is a skip; in CI it must be a failure, or the browser tests silently vanish.
    if IN_CI:
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


def registered_pages() -> list[tuple[str, str]]:
    """(url_path, title) of every page of the shell's navigation.

    The default page's url_path is "" (Streamlit serves it at the root; /<its url_path> is "Page not found").
    """
    from minedash.app.shell import DEFAULT_PATH, PAGES

    return [("" if path == DEFAULT_PATH else path, title) for group in PAGES.values() for path, title, _ in group]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}; log:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"streamlit did not become healthy within {timeout}s; log:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def app_url():
    """Start the dashboard with `streamlit run` on a free port; yield its base URL; stop it at the end."""
    port = _free_port()
    SCREENSHOTS.parent.mkdir(parents=True, exist_ok=True)
    log = SCREENSHOTS.parent / "streamlit-browser.log"
    env = dict(
        os.environ,
        STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
        STREAMLIT_SERVER_HEADLESS="true",
        STREAMLIT_SERVER_FILE_WATCHER_TYPE="none",
        PYTHONUNBUFFERED="1",
    )
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "dashboard.py",
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -r requirements-dev.txt)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def offline(context, *allowed: str) -> list[str]:
    """Cut `context` off the network but for URLs starting with `allowed` (and data:/blob:); returns the list
    that records every other request, each refused."""
    refused: list[str] = []

    def route(r):
        if r.request.url.startswith((*allowed, "data:", "blob:")):
            return r.continue_()
        refused.append(r.request.url)
        return r.abort()

    context.route("**/*", route)
    return refused


@pytest.fixture
def page(browser, app_url):
    """A fresh tab (own context, so no shared session state); page.app_url is the app's base URL."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=app_url + "/")
    # No network beyond the app itself, as at a venue without internet; every attempt is recorded.
    external = offline(context, app_url)
    pg = context.new_page()
    pg.external_requests = external
    pg.set_default_timeout(TIMEOUT_MS)
    pg.app_url = app_url
    yield pg
    context.close()


def wait_idle(page) -> None:
    """Wait until the app has rendered its main block and the script has stopped running."""
    page.wait_for_selector("[data-testid=stMainBlockContainer] [data-testid=stElementContainer]", state="attached")
    page.wait_for_selector("[data-test-script-state=notRunning]", state="attached")
    # A rerun triggered by the page itself (query-param writes, st.rerun) may start just after; settle.
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-test-script-state=notRunning]", state="attached")
    # Elements whose code the browser is still fetching (plotly, the data grid) show as skeletons: wait them out.
    page.wait_for_function("() => !document.querySelector('[data-testid=stSkeleton]')")


def assert_no_exception(page) -> None:
    errors = page.locator("[data-testid=stException]")
    assert errors.count() == 0, errors.first.inner_text()[:2000]
    # An unknown URL path falls back to the main page behind a modal, dropping the query: a broken link.
    assert page.get_by_text("Page not found").count() == 0, f"Page not found: {page.url}"


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def load(page, url_path_and_query: str = "", name: str | None = None) -> Path:
    """Open the app at e.g. "overview?present=1", wait until rendered, assert no exception, screenshot.

    Returns the screenshot path; `name` defaults to the path and query made filename-safe.
    """
    page.goto(f"{page.app_url}/{url_path_and_query.lstrip('/')}")
    wait_idle(page)
    assert_no_exception(page)
    name = name or re.sub(r"[^A-Za-z0-9_.-]+", "_", url_path_and_query.strip("/")) or "home"
    return screenshot(page, name)


def open_from_sidebar(page, link: str, url_glob: str) -> None:
    """Switch page with the sidebar navigation link named `link`, as a user would; wait for the new page."""
    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=link).click()
    page.wait_for_url(url_glob)
    wait_idle(page)
    assert_no_exception(page)
