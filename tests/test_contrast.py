"""Colours everyone can read, computed: WCAG 2.1 contrast ratios of text (at least 4.5:1) and of chart marks (at
least 3:1) against the backgrounds they sit on, in the theme, the chart palettes and presentation mode."""

from __future__ import annotations

import re
import tomllib

import pytest

from minedash import charts
from minedash.app import shell
from minedash.charts import benchmarks, materials, overview, progress, regions, value_chains
from minedash.data import paths

THEME = tomllib.loads((paths.ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
WHITE = "#ffffff"


def luminance(colour: str) -> float:
    h = colour.lstrip("#")
    rgb = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def ratio(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_ratio_matches_the_wcag_examples():
    assert ratio("#000000", "#ffffff") == pytest.approx(21)
    assert ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the lightest grey for text on white


@pytest.mark.parametrize("background", ["backgroundColor", "secondaryBackgroundColor"])
@pytest.mark.parametrize("text", ["textColor", "linkColor", "codeTextColor"])
def test_theme_text_is_readable(text, background):
    assert ratio(THEME[text], THEME[background]) >= 4.5, (text, background)


def test_buttons_and_focus_colour_stand_out():
    assert ratio(THEME["primaryColor"], THEME["backgroundColor"]) >= 3


MARKS = {
    "theme categorical": THEME["chartCategoricalColors"],
    "charts categorical": charts.OKABE_ITO,
    "partnership roles": list(charts.ROLE_COLOURS.values()),
    "highlight": [charts.HIGHLIGHT],
    "value-chain stages": list(charts.STAGE_COLOURS.values()),
    "compared regions": regions.LINE_COLOURS,
    "member trajectories": progress.MEMBER_COLOURS,
    "criticality status": list(materials.STATUS_COLOURS.values()),
    "EU or not": list(materials.EU_COLOURS.values()),
    "partnership countries": list(materials.GEO_COLOURS.values()),
    "SME size classes": list(value_chains.SIZE_COLOURS.values()),
}


@pytest.mark.parametrize("name", MARKS)
def test_chart_marks_stand_out_from_the_background(name):
    weak = [c for c in MARKS[name] if ratio(c, WHITE) < 3]
    assert not weak, f"{name}: {weak} under 3:1 against white"


def test_benchmark_cells_text_is_readable_on_every_fill():
    for status, fill in benchmarks.STATUS_COLOURS.items():
        assert ratio("#111111", fill) >= 4.5, status


def test_chart_text_is_readable():
    assert ratio(charts.FONT["color"], WHITE) >= 4.5


def test_presentation_mode_text_is_readable():
    """The projector style forces captions and text dark on white."""
    colours = re.findall(r"color: (#[0-9a-fA-F]{3,6})", shell.PRESENT_CSS)
    background = re.search(r"background: (#[0-9a-fA-F]{6})", shell.PRESENT_CSS).group(1)
    full = [c if len(c) == 7 else "#" + "".join(ch * 2 for ch in c[1:]) for c in colours]
    assert full and all(ratio(c, background) >= 7 for c in full)  # AAA on the projector: washed-out screens


def test_categorical_colours_are_distinct_and_set_once():
    assert len(set(charts.OKABE_ITO)) == len(charts.OKABE_ITO)
    assert THEME["chartCategoricalColors"] == charts.OKABE_ITO
    assert charts.SEQUENTIAL.startswith("cividis") and charts.DIVERGING == "RdBu"


def test_roles_on_the_map_differ_by_more_than_colour():
    import pandas as pd

    from minedash.data import db

    fig = overview.partnership_map(db.query("partnership_map"), pd.DataFrame({"nuts_id": [], "geometry": []}))
    by_name = {t.name: t for t in fig.data}
    lead, partner = by_name["Lead region"], by_name["Partner region"]
    assert (lead.marker.line.width, lead.marker.line.color) != (partner.marker.line.width, partner.marker.line.color)
