"""Real browser: the Benchmarks and Progress pages load; the edition report renders offline and prints to A4."""

import re

import pytest

from minedash.app import report
from minedash.data import paths
from minedash.domain import editions

from .conftest import expect, load, offline


@pytest.mark.parametrize("path", ["benchmarks", "progress", "progress?edition=2026-H2", "progress?edition=bogus"])
def test_pages_load(page, path):
    load(page, path, name="progress-" + re.sub(r"\W+", "-", path))
    assert page.external_requests == []
    if "bogus" in path:
        expect(page.get_by_text("bogus").first).to_be_visible()  # the notice names the unknown edition


def test_report_offline_and_print(browser, tmp_path):
    eds, _ = editions.list_editions(paths.DATA_DIR / "monitoring")
    html_file = tmp_path / "report.html"
    html_file.write_text(report.build_html(eds["2026-H2"]), encoding="utf-8")
    ctx = browser.new_context()
    blocked = offline(ctx, "file:")
    page = ctx.new_page()
    page.goto(html_file.as_uri())
    expect(page.locator(".plotly-graph-div .main-svg").nth(1)).to_be_attached()  # drawn by the embedded plotly.js
    assert blocked == []  # nothing was fetched from the network
    pdf = page.pdf(format="A4", print_background=True)
    n_pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 2 <= n_pages <= 30, n_pages
    ctx.close()
