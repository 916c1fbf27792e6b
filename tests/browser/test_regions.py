"""Regions page in a real browser: the map draws offline, and clicking a region on it opens its profile."""

from minedash.data import db

from .conftest import expect, load, screenshot, wait_idle


def test_click_a_region_on_the_map_opens_its_profile(page):
    load(page, "regions?indicator=pop&level=3&region=FI1D7", name="regions-before-click")
    assert page.external_requests == []
    ids = db.query("region_shapes", level=3)["nuts_id"].tolist()
    target = "SE332"  # Norrbottens län: large, not a partnership member, so no outline trace lies on top
    # Choropleth traces in drawing order: no-data base, the data, member outlines, the selected outline.
    path = (
        page.locator(".choroplethlayer .trace.choropleth")
        .nth(1)
        .locator("path.choroplethlocation")
        .nth(ids.index(target))
    )
    path.wait_for(state="attached")
    path.click(force=True)
    page.wait_for_url(f"**region={target}**")
    wait_idle(page)
    expect(page.locator("h2, h3").filter(has_text="Norrbottens län").first).to_be_visible()
    screenshot(page, "regions-after-click")


def test_nuts2_map_and_ranking_tab(page):
    load(page, "regions?indicator=gdp_pps_hab_eu&level=2&year=2019", name="regions-nuts2")
    page.get_by_role("tab", name="Ranking").click()  # the ranking is built when its tab opens (a rerun)
    expect(page.get_by_text("Partnership regions:").first).to_be_visible()
    wait_idle(page)
    assert page.external_requests == []
