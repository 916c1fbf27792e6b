"""Every page registered in dashboard.py opens in a real browser without an exception."""
import pytest

from .conftest import load, registered_pages

PAGES = registered_pages()


def test_pages_are_discovered():
    assert ("overview", "Partnership overview") in PAGES and len(PAGES) >= 2


@pytest.mark.parametrize("url_path", [p for p, _ in PAGES])
def test_page_loads_in_browser(page, url_path):
    shot = load(page, url_path)
    assert shot.is_file() and shot.stat().st_size > 5_000
    # The page ran inside dashboard.py's shell (its navigation and sidebar), not alone.
    title = dict(PAGES)[url_path]
    assert page.locator("h1").first.is_visible()
    assert page.locator("[data-testid=stSidebarNav]").get_by_text(title).count() >= 1
    assert page.get_by_text("Presentation mode").count() >= 1
