"""Raw-materials pages in a real browser: render, keep the view in the URL, draw the offline map."""

from .conftest import expect, load, wait_idle


def test_criticality_page(page):
    load(page, "criticality?year=2020&moves=1&material=cobalt")
    expect(page.get_by_text("Criticality of raw materials").first).to_be_visible()
    expect(page.locator(".js-plotly-plot").first).to_be_visible()  # drawn once plotly's bundle has arrived
    expect(page.get_by_text("Open the Cobalt factsheet")).to_have_count(1)
    page.get_by_text("Open the Cobalt factsheet").click()
    page.wait_for_url("**/material?**")
    wait_idle(page)
    assert "material=cobalt" in page.url and "/material" in page.url


def test_material_factsheet(page):
    load(page, "material?material=pgms&element=platinum")
    expect(page.get_by_text("Material factsheet").first).to_be_visible()
    # The world map is drawn from the warehouse outlines (fetched from the app itself): country fills are SVG
    # paths, not an empty frame, and nothing came from plotly's CDN.
    page.locator(".choroplethlayer path.choroplethlocation").nth(150).wait_for(state="attached")
    assert page.locator(".choroplethlayer path.choroplethlocation").count() > 150
    assert page.external_requests == []
    expect(page.get_by_text("Palladium", exact=False).first).to_be_attached()


def test_material_without_production(page):
    load(page, "material?material=hafnium")
    expect(page.get_by_text("has no commodity that matches Hafnium", exact=False)).to_have_count(1)


def test_production_explorer(page):
    load(page, "production?commodity=diamonds-gem&year=2021&countries=RU,BW")
    expect(page.get_by_text("Producers of Diamonds", exact=False).first).to_be_visible()
    expect(page.get_by_text("Unit as WMD gives it: ct", exact=False)).to_have_count(1)
    assert "countries=RU%2CBW" in page.url or "countries=RU,BW" in page.url
