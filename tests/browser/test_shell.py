"""Every page registered in dashboard.py opens in a real browser without an exception."""

import pytest

from minedash.app import playlist

from .conftest import assert_no_exception, expect, load, open_from_sidebar, registered_pages, screenshot, wait_idle

PAGES = registered_pages()


def test_pages_are_discovered():
    assert ("", "Partnership overview") in PAGES and ("sources", "Data & sources") in PAGES


@pytest.mark.parametrize("url_path", [p for p, _ in PAGES])
def test_page_loads_in_browser(page, url_path):
    shot = load(page, url_path)
    assert shot.is_file() and shot.stat().st_size > 5_000
    # The page ran inside dashboard.py's shell (its navigation and sidebar), not alone.
    title = dict(PAGES)[url_path]
    expect(page.locator("h1").first).to_be_visible()
    expect(page.locator("[data-testid=stSidebarNav]").get_by_text(title).first).to_be_attached()
    expect(page.get_by_text("Presentation mode").first).to_be_attached()
    assert page.external_requests == []  # offline first: no CDN, web font or map tiles


def test_shared_params_survive_a_sidebar_page_switch(page):
    load(page, "?region=FI1D7&year=2020&material=Cobalt", name="overview_with_params")
    open_from_sidebar(page, "Data & sources", "**/sources?**")
    for part in ("region=FI1D7", "year=2020", "material=Cobalt"):
        assert part in page.url


def test_presentation_mode_hides_chrome_and_has_a_way_out(page):
    load(page, "?present=1", name="overview_present")
    expect(page.locator("[data-testid=stSidebar]")).to_be_hidden()
    expect(page.locator("header[data-testid=stHeader]")).to_be_hidden()
    expect(page.locator("h1").first).to_be_visible()
    h1_px = float(page.locator("h1").first.evaluate("e => getComputedStyle(e).fontSize").rstrip("px"))
    assert h1_px >= 48
    page.locator("[data-testid=stMain]").get_by_role("button", name="Leave presentation mode").click()
    page.wait_for_url(lambda url: "present=1" not in url)  # the rerun may start after the click returns
    wait_idle(page)
    expect(page.locator("[data-testid=stSidebar]")).to_be_visible()
    assert "present=1" not in page.url


def test_playlist_next_and_previous_navigate_in_presentation_mode(page):
    views, _ = playlist.load(known_paths={p for p, _ in PAGES})
    second, third = (playlist.split(v["url"]) for v in views[1:3])
    load(page, "?present=1", name="playlist_start")
    main = page.locator("[data-testid=stMain]")
    for path, params in (second, third):
        main.get_by_role("button", name="Next").click()
        page.wait_for_url(f"**/{path}?**")
        wait_idle(page)
        assert_no_exception(page)
        assert "present=1" in page.url and all(f"{k}={v}" in page.url for k, v in params.items())
    main.get_by_role("button", name="Previous").click()
    page.wait_for_url(f"**{list(second[1].items())[-1][0]}={list(second[1].items())[-1][1]}**")
    wait_idle(page)
    assert all(f"{k}={v}" in page.url for k, v in second[1].items())
    screenshot(page, "playlist_back")
