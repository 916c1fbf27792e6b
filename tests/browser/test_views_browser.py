"""The views policymakers and presenters reach for, in a real browser: embed, the map/chart/table switch, the zip."""

import json
import zipfile

from .conftest import expect, load, wait_idle


def test_embed_shows_the_main_chart_its_citation_and_a_link_back(page):
    load(page, "criticality?embed=true", name="views_embed_criticality")
    expect(page.locator(".st-key-embed-main [data-testid=stPlotlyChart]")).to_be_visible()
    expect(page.locator(".st-key-embed-main").get_by_text("Source:").first).to_be_visible()
    link = page.get_by_role("link", name="Open the full view")
    expect(link).to_be_visible()
    assert "embed" not in (link.get_attribute("href") or "")  # the full view, not another embed
    expect(page.get_by_role("heading", name="Criticality of raw materials")).to_be_hidden()
    expect(page.locator("[data-testid=stSidebar]")).to_be_hidden()
    expect(page.get_by_role("button", name="Download this view")).to_be_hidden()


def test_full_view_hides_the_embed_link(page):
    load(page, "criticality", name="views_full_criticality")
    expect(page.get_by_role("heading", name="Criticality of raw materials")).to_be_visible()
    expect(page.get_by_role("link", name="Open the full view")).to_be_hidden()


def test_switch_to_chart_and_change_since_writes_the_url(page):
    load(page, "regions?region=FI1D&indicator=gdp_pps_hab_eu", name="views_regions_map")
    page.get_by_role("radio", name="Chart", exact=True).click()  # the segmented control's option
    page.wait_for_url("**show=chart**")
    wait_idle(page)
    expect(page.locator("[data-testid=stPlotlyChart]").first).to_be_visible()
    expect(page.get_by_text("The chosen region (orange)")).to_be_visible()


def test_download_this_view_gives_the_zip(page):
    load(page, "similar?region=FI1D&level=2", name="views_similar")
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Download this view").click()
    z = zipfile.ZipFile(download.value.path())
    assert {"similar.csv", "metadata.json", "README.txt"} <= set(z.namelist())
    meta = json.loads(z.read("metadata.json"))
    assert "region=FI1D" in meta["url"] and meta["page"] == "similar"
    assert "Please cite" in z.read("README.txt").decode()
