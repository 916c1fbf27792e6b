"""Real browser: the overview's hub panels (members, contacts, documents, timeline) at 1400 px and on a projector."""

from playwright.sync_api import expect

from .conftest import SCREENSHOTS, TIMEOUT_MS, load, wait_idle


def test_overview_hub_panels(page):
    shot = load(page, "", name="overview-hub-1400")
    main = page.locator("[data-testid=stMainBlockContainer]")
    for heading in ("Member regions and related networks", "News and events since 2017", "Documents", "Contacts"):
        expect(main.get_by_role("heading", name=heading)).to_be_visible(timeout=TIMEOUT_MS)
    expect(main.get_by_text("Not documented in the public sources read")).to_be_visible()
    expect(main.locator(".js-plotly-plot")).to_have_count(2, timeout=TIMEOUT_MS)  # the map and the timeline
    assert page.external_requests == []
    assert shot.stat().st_size > 50_000


def test_overview_on_a_projector(browser, app_url):
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    page = ctx.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{app_url}/?present=1")
    wait_idle(page)
    main = page.locator("[data-testid=stMainBlockContainer]")
    expect(main.get_by_role("heading", name="News and events since 2017")).to_be_visible(timeout=TIMEOUT_MS)
    expect(main.get_by_text("Where to go next")).to_have_count(0)  # presentation mode drops the chrome
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "overview-present-1280x720-first-screen.png"))
    page.screenshot(path=str(SCREENSHOTS / "overview-present-1280x720.png"), full_page=True)
    timeline = main.locator(".js-plotly-plot").nth(1)
    timeline.scroll_into_view_if_needed()
    box = timeline.bounding_box()
    assert box and box["width"] <= 1280  # the timeline fits the projector's width
    page.screenshot(path=str(SCREENSHOTS / "overview-present-1280x720-timeline.png"))
    ctx.close()


def test_progress_page_builds_the_monitoring_report(page, tmp_path):
    import pypdf

    load(page, "progress?edition=2026-H2", name="progress-monitoring-report")
    main = page.locator("[data-testid=stMainBlockContainer]")
    expect(main.get_by_text("opens with the lead regions' management report")).to_be_visible(timeout=TIMEOUT_MS)
    with page.expect_download(timeout=TIMEOUT_MS) as got:
        main.get_by_role("button", name="Monitoring report (HTML: works offline, prints to A4)").click()
    got.value.save_as(tmp_path / "report.html")
    document = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Part A — Management report" in document and "Part B — Progress report, edition 2026-H2" in document
    with page.expect_download(timeout=2 * TIMEOUT_MS) as got:
        main.get_by_role("button", name="Monitoring report (PDF, A4)").click()
    got.value.save_as(tmp_path / "report.pdf")
    pdf = pypdf.PdfReader(tmp_path / "report.pdf")
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert len(pdf.pages) >= 6 and "Management report, 2026-H2" in text and "1. Scorecard" in text
    assert page.external_requests == []
