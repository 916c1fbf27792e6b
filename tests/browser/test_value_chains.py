"""Value chains page in a real browser: the map draws offline, a click selects a site, a survey upload shows up."""

import pandas as pd

from minedash.app import export

from .conftest import assert_no_exception, expect, load, screenshot, wait_idle


def test_map_click_selects_a_site(page):
    # One site only (Treibacher, Althofen), so the map is centred on it: a click at the centre picks it.
    load(page, "value_chains?country=AT&material=vanadium", name="value-chains-one-site")
    canvas = page.locator("[data-testid=stDeckGlJsonChart] canvas").first
    canvas.wait_for(state="visible")
    page.wait_for_timeout(1500)
    # Streamlit sometimes shows a transient "Page not found" dialog on a fresh server's first load; it would
    # swallow the click.
    if page.get_by_text("Page not found").count():
        page.keyboard.press("Escape")
        page.wait_for_timeout(500)
    box = canvas.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    # deck.gl picks on hover: the tooltip shows, then the click selects. On a loaded machine (the whole suite
    # on two workers) the first hover can come before deck.gl is ready, so try a few times.
    for attempt in range(5):
        page.mouse.move(x - 3 + attempt, y)
        try:
            page.locator(".deck-tooltip").get_by_text("Treibacher Althofen").wait_for(timeout=5000)
            page.mouse.click(x - 3 + attempt, y)
            page.wait_for_function("location.search.includes('site=at-althofen-treibacher')", timeout=10000)
            break
        except Exception:
            if attempt == 4:
                raise
            page.wait_for_timeout(1000)
    wait_idle(page)
    assert_no_exception(page)
    expect(page.get_by_text("Treibacher Althofen").first).to_be_visible()
    screenshot(page, "value-chains-site-selected")


def test_survey_upload_is_checked_and_shown(page, tmp_path):
    load(page, "value_chains", name="value-chains")
    # Start from the template the page offers, fill in two rows.
    tpl = pd.read_csv(pd.io.common.BytesIO(export.survey_template_csv()), encoding="utf-8-sig")
    filled = pd.concat(
        [
            tpl,
            pd.DataFrame(
                [
                    {
                        "organisation": "Browser Test Drilling",
                        "nuts_region": "FI1D7",
                        "size_class": "small",
                        "value_chain_stages": "exploration|services",
                        "materials": "nickel|cobalt",
                        "services": "drilling",
                        "contact_role": "sales",
                    },
                    {
                        "organisation": "Browser Test Recycling",
                        "nuts_region": "SE331",
                        "size_class": "micro",
                        "value_chain_stages": "recycling",
                        "materials": "",
                        "services": "",
                        "contact_role": "",
                    },
                ]
            ),
        ]
    )
    good = tmp_path / "survey.csv"
    filled.to_csv(good, index=False)
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(good))
    expect(page.get_by_text("2 rows checked: all valid.")).to_be_visible()
    wait_idle(page)
    assert_no_exception(page)
    expect(page.get_by_text("Your survey (this session only)").first).to_be_visible()
    screenshot(page, "value-chains-survey-ok")
    # A Latin-1 file: a clear message, and the survey already loaded stays.
    bad = tmp_path / "latin1.csv"
    bad.write_bytes("organisation,nuts_region\nÄänekoski Oy,FI1D3\n".encode("latin-1"))
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(bad))
    expect(page.get_by_text("not UTF-8 encoded").first).to_be_visible()
    wait_idle(page)
    expect(page.get_by_text("Your previously uploaded survey is still shown.")).to_be_visible()
    screenshot(page, "value-chains-survey-bad")
