"""Accessibility in a real browser: axe-core on every page (normal and presentation mode), a keyboard-only walk that
changes the view, small screens without sideways scrolling, and pages in every language with no English left."""

from __future__ import annotations

import re

import pytest

from minedash import i18n

from . import axe
from .conftest import expect, load, registered_pages, screenshot, wait_idle

PAGES = [path for path, _ in registered_pages()]


@pytest.mark.parametrize("mode", ["", "present=1"])
@pytest.mark.parametrize("url_path", PAGES)
def test_no_serious_accessibility_violation_of_ours(page, url_path, mode):
    """axe-core's WCAG 2.1 A/AA rules; and headings in order: one h1 (the page title), no level skipped going down."""
    load(page, f"{url_path}?{mode}" if mode else url_path, name=f"axe_{url_path or 'overview'}_{mode or 'normal'}")
    found = axe.run(page)
    ours = axe.ours(page, found)
    assert not ours, "\n".join(ours)
    levels = page.locator("[data-testid=stMain] :is(h1,h2,h3,h4)").evaluate_all("hs => hs.map(h => +h.tagName[1])")
    assert levels[0] == 1 and levels.count(1) == 1, levels
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels


def test_every_accepted_violation_still_happens(page):
    """An accepted entry that Streamlit no longer causes must go: the list stays the truth."""
    load(page, "sources", name="axe_accepted")
    found = axe.run(page)
    seen = {a for v in found for t in v["targets"] if (a := axe.accepted(page, v["rule"], t))}
    assert seen == set(axe.ACCEPTED), set(axe.ACCEPTED) - seen


def focused(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement, s = getComputedStyle(e);
        return {name: (e.getAttribute('aria-label') || e.innerText || '').trim(), role: e.getAttribute('role'),
                ring: s.outlineStyle !== 'none' || s.boxShadow !== 'none'}; }"""
    )


def tab_to(page, name: str, role: str | None = None, limit: int = 40) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["name"] == name and (role is None or now["role"] == role):
            return now
    raise AssertionError(f"{name!r} not reached with {limit} presses of Tab")


def test_keyboard_only_walk_changes_the_view(page):
    """Skip link, then Tab to the year and Enter; then type and arrow through the material list and Enter."""
    load(page, "criticality", name="keyboard_start")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "Skip to main content"
    page.keyboard.press("Enter")
    year = tab_to(page, "2011", role="radio")
    assert year["ring"], "no visible focus on the year control"
    page.keyboard.press("Enter")
    page.wait_for_url("**year=2011**")
    wait_idle(page)
    found = tab_to(page, "Find a material")
    assert found["ring"], "no visible focus on the material list"
    page.keyboard.type("Cob")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**material=cobalt**")
    wait_idle(page)
    assert "year=2011" in page.url
    tab_to(page, "Show the figures as a table", role="switch")
    page.keyboard.press("Space")  # the table view: the chart's summary sentence and its figures
    page.get_by_text("Supply risk against economic importance for").wait_for()
    wait_idle(page)
    assert page.locator("[data-testid=stDataFrame]").count() == 2  # the figures' table above the CRM list
    screenshot(page, "keyboard_end")


@pytest.mark.parametrize("url_path", PAGES)
def test_small_screen_has_no_sideways_scrolling(browser, app_url, url_path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.set_default_timeout(60_000)
    try:
        phone.goto(f"{app_url}/{url_path}")
        wait_idle(phone)
        screenshot(phone, f"mobile_{url_path or 'overview'}")
        width = phone.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1] + 1, f"the page scrolls sideways: {width}"
        # wide tables keep their width inside their own frame
        for box in phone.locator("[data-testid=stDataFrame]").evaluate_all(
            "els => els.map(e => e.getBoundingClientRect().right)"
        ):
            assert box <= width[1] + 1
    finally:
        context.close()


# Words that are English and no word of Finnish, Swedish, Spanish or Greek.
ENGLISH = re.compile(r"\b(the|and|which|with|this|from|where|what|every|each|are|is|of|for|you|your|not|shown)\b", re.I)


OTHER_LANGUAGES = [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT]
# Every page in one other language (turn by turn), three of them in all four: browser time stays bounded.
IN_ALL_LANGUAGES = ["", "regions", "sources"]
LANGUAGE_CASES = [(p, lang) for p in IN_ALL_LANGUAGES for lang in OTHER_LANGUAGES] + [
    (p, OTHER_LANGUAGES[i % len(OTHER_LANGUAGES)]) for i, p in enumerate(x for x in PAGES if x not in IN_ALL_LANGUAGES)
]


@pytest.mark.parametrize(("url_path", "lang"), LANGUAGE_CASES)
def test_a_wrapped_page_shows_no_english(page, url_path, lang):
    load(page, f"{url_path}?lang={lang}", name=f"lang_{url_path or 'overview'}_{lang}")
    page.wait_for_function(f"() => document.documentElement.lang === '{lang}'")
    # What is said in the interface; the sources' own names (link texts: publishers and titles), code and table
    # cells (data, drawn on a canvas) are figures and sources, which stay as published.
    text = interface_text(page, lang)
    english = sorted({m.group(0) for m in ENGLISH.finditer(text)})
    assert not english, f"{url_path} in {lang} still shows English: {english}\n" + "\n".join(
        line for line in text.splitlines() if ENGLISH.search(line)
    )


def interface_text(page, lang: str, grid: bool = False) -> str:
    """What the interface says; the sources' own names (link texts: publishers and titles), code and table cells
    (data, drawn on a canvas) are figures and sources, which stay as published. So are the titles of cited works (in
    italics), the saved views' titles (data/playlist.json, the presenter's own words) and text marked as English
    (lang="en": the hub's text as the lead regions write it, data/partnership/*.yaml). The grids' headers are
    interface (read from their accessible table). With `grid`: the cells of the page's first grid, after a line
    "--- cells ---"."""
    text = page.evaluate(
        """(grid) => { const app = document.querySelector('[data-testid=stAppViewContainer]');
        const heads = [...app.querySelectorAll('[data-testid=stDataFrame] th')].map(e => e.textContent);
        const first = app.querySelector('[data-testid=stDataFrame]');
        const cells = grid && first ? [...first.querySelectorAll('td')].map(e => e.textContent) : [];
        const root = app.cloneNode(true);
        root.querySelectorAll('a[href^="http"], code, em, [data-testid=stDataFrame], svg, style, script, '
            + '[class*="st-key-pl-go-"], [lang="en"]').forEach(e => e.remove());
        return [root.innerText, ...heads, '--- cells ---', ...cells].join('\\n'); }""",
        grid,
    )
    with i18n.language(lang):  # a citation's licence and vintage are the publisher's words: taken out
        template = re.escape(i18n._("Source: {source} · Licence: {licence} · Vintage: {vintage}"))
    for name, pattern in (("source", ".*?"), ("licence", ".*?"), ("vintage", r".*?(?= · | \| |$)")):
        template = template.replace(re.escape("{" + name + "}"), pattern)
    return re.sub(template, "", text, flags=re.M)


def open_wide(page, url_path: str, lang: str, name: str, size: tuple[int, int]) -> None:
    """Open `url_path` in `lang` on a wide screen (every column of a grid in view), once the page says its language."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    sep = "&" if "?" in url_path else "?"
    load(page, f"{url_path}{sep}lang={lang}", name=name)
    page.wait_for_function(f"() => document.documentElement.lang === '{lang}'")


# Names and tables in Finnish and Greek, word by word: material names (pickers, links, headings, key figures), the
# frozen scorecard (its grids' headers and cells), the ranking and the profile (headers and cells). Each view lists
# English it once showed; the English words above count too. (view, the grid whose cells are read (the page's first),
# English). World Mining Data's commodity names too: the picker, headings and notices (Lithium (Li2O), Li2O content).
NAMED_VIEWS = [
    ("material?material=lithium", None, ["Lithium", "content", "strategic", "Project", "Promoter", "listed_as"]),
    ("production?commodity=lithium-li2o", None, ["Lithium", "Producers", "Commodity"]),
    ("material?material=hrees", None, ["HREEs", "Heavy rare earth", "Thulium"]),
    ("progress?edition=2026-H2", "glance", ["up", "down", "flat", "Region", "GDP", "Population"]),
    ("progress?edition=2026-H2&region=FI1D7", "detail", ["Indicator", "Unit", "checked", "measurable", "Latest"]),
    ("regions?region=FI1D7", "profile", ["Indicator", "Unit", "Rank", "Latest", "Change"]),
    ("regions?region=FI1D7", "ranking", ["Rank", "Region", "lead", "Partnership", "Code"]),
]


@pytest.mark.parametrize("lang", ["fi", "el"])
@pytest.mark.parametrize(("url_path", "grid", "words"), NAMED_VIEWS)
def test_names_scorecard_and_tables_show_no_english(page, url_path, grid, words, lang):
    open_wide(page, url_path, lang, f"names_{url_path.split('?')[0]}_{grid}_{lang}", (2400, 1600))
    if grid == "ranking":  # the second tab; only the open tab is built
        page.get_by_role("tab").nth(1).click()
    if grid:
        expect(page.locator("[data-testid=stDataFrame] td").first).to_be_attached()
    wait_idle(page)
    text = interface_text(page, lang, bool(grid))
    english = re.compile(r"\b(" + "|".join(words) + r")\b")
    said = text.split("--- cells ---")[0]  # cells hold names ("Eastern and Midland"): checked for `words` only
    found = sorted({m.group(0) for m in [*english.finditer(text), *ENGLISH.finditer(said)]})
    assert not found, f"{url_path} ({grid}) in {lang} still shows English: {found}\n" + "\n".join(
        line for line in text.splitlines() if english.search(line) or ENGLISH.search(line)
    )


# What the charts draw and the grids hold, in Finnish and Greek: country names (CLDR's), member regions (as NUTS names
# them in their country's language), stage and membership words, event kinds, axis notes and the ingest's notes.
# Each view lists English it once showed there (charts were not read before: their text is SVG, their summaries
# labels). `first_grid`: only the page's first grid is read (the overview's others hold the hub's own text).
CHART_VIEWS = [
    ("material?material=lithium", False, ["China", "Argentina", "no data"]),
    ("production?commodity=cobalt", False, ["Russia", "Finland", "Congo", "world output"]),
    ("progress", False, ["Lapland", "North Karelia", "baseline", "GDP per inhabitant", "Population"]),
    ("value_chains", False, ["member", "contains members", "smelting", "refining", "city-level"]),
    # (events' titles are the hub's own text, "North Karelia launches GloMine …": members are checked by their
    # bracketed partnership name, which no title has)
    ("", True, [r"Sterea Ellada \(Central Greece\)", "Conference", "Workshop", "Milestone", "News"]),
    ("sources", False, ["not stored", "shown as missing", "spilled", "exact duplicate"]),
]


@pytest.mark.parametrize("lang", ["fi", "el"])
@pytest.mark.parametrize(("url_path", "first_grid", "words"), CHART_VIEWS)
def test_charts_and_grids_show_no_english(page, url_path, first_grid, words, lang):
    open_wide(page, url_path, lang, f"charts_{url_path.split('?')[0] or 'overview'}_{lang}", (2000, 1400))
    expect(page.locator("[data-testid=stDataFrame] td, .js-plotly-plot .main-svg").first).to_be_attached()
    wait_idle(page)
    text = page.evaluate(
        """(first) => { const app = document.querySelector('[data-testid=stAppViewContainer]');
        const grids = [...app.querySelectorAll('[data-testid=stDataFrame]')].slice(0, first ? 1 : undefined);
        const cells = grids.flatMap(g => [...g.querySelectorAll('th, td')].map(e => e.textContent));
        const svg = [...app.querySelectorAll('svg text')].map(e => e.textContent);
        const labels = [...app.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label'));
        return [...svg, ...cells, ...labels].join('\\n'); }""",
        first_grid,
    )
    english = re.compile(r"(?<!\w)(" + "|".join(words) + r")(?!\w)")
    found = sorted({m.group(0) for m in english.finditer(text)})
    assert not found, f"{url_path} in {lang} still shows English: {found}\n" + "\n".join(
        line for line in text.splitlines() if english.search(line)
    )
