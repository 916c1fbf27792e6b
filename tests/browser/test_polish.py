"""Workshop review checks in a real browser: controls not cut off on a projector, links that reopen the view,
choices carried from another page that do not fit fall back silently."""

from .conftest import TIMEOUT_MS, assert_no_exception, expect, load, open_from_sidebar, wait_idle


def test_criticality_offers_all_five_years_in_presentation_mode(page):
    load(page, "criticality?present=1", name="polish_criticality_present")
    main = page.locator("[data-testid=stMain]").bounding_box()
    for year in ("2011", "2014", "2017", "2020", "2023"):
        button = page.get_by_role("radio", name=year, exact=True)
        expect(button).to_be_visible()
        box = button.bounding_box()
        assert box["x"] >= main["x"] and box["x"] + box["width"] <= main["x"] + main["width"], year
    assert page.external_requests == []


def test_progress_region_link_reopens_in_a_fresh_browser(page, browser):
    load(page, "progress", name="polish_progress")
    page.get_by_role("radio", name="Lapland", exact=True).click()
    page.wait_for_url("**region=FI1D7**")
    wait_idle(page)
    link = page.url
    fresh = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    fresh.set_default_timeout(TIMEOUT_MS)  # as patient as the other tabs on a busy machine
    try:
        fresh.goto(link)
        wait_idle(fresh)
        assert_no_exception(fresh)
        expect(fresh.get_by_role("radio", name="Lapland", exact=True)).to_have_attribute("aria-checked", "true")
    finally:
        fresh.context.close()


def test_a_carried_year_that_does_not_fit_falls_back_silently(page):
    load(page, "production?year=2022", name="polish_production_2022")
    open_from_sidebar(page, "Criticality", "**/criticality**")
    expect(page.get_by_role("radio", name="2023", exact=True)).to_have_attribute("aria-checked", "true")
    expect(page.get_by_text("The link asked for")).to_have_count(0)  # 2022 is no assessment year: not the link's fault
