"""Criticality and material factsheet: queries, figures against the raw sources, pages and their URL controls."""

import csv

import pandas as pd
import pytest
from conftest import assert_clean, notices, open_page

from minedash.data import db
from minedash.data.ingest.common import stored

EMILSSON = "eu_crm_assessment_emilsson"


def _pct(text: str):
    return None if text.startswith("<") else float(text.rstrip("%"))


# ---- queries: run with sample parameters, columns checked ----


@pytest.mark.parametrize(
    "name, params, columns",
    [
        (
            "criticality_scatter",
            dict(year=2023),
            {
                "material_id",
                "supply_risk",
                "economic_importance",
                "crm_2023",
                "strategic",
                "prev_year",
                "prev_supply_risk",
                "prev_economic_importance",
            },
        ),
        ("criticality_crm_list", {}, {"crm_name", "strategic", "eol_rir_pct", "eol_rir_source"}),
        ("material_list", {}, {"material_id", "material", "strategic", "crm_2023", "group_id"}),
        ("material_facts", dict(material="hrees"), {"elements", "supply_risk", "eol_rir_pct"}),
        (
            "material_supply",
            dict(material="cobalt"),
            {"scope", "stage", "iso2", "iso3", "eu27", "share_pct", "share_max_pct"},
        ),
        (
            "material_concentration",
            dict(material="cobalt"),
            {"hhi", "top3_pct", "eu27_pct", "n_bounded", "bounded_max_pct"},
        ),
        ("material_end_uses", dict(material="cobalt"), {"application", "share_pct"}),
        ("material_commodities", dict(material="pgms"), {"commodity_id", "unit", "basis"}),
        ("material_projects", dict(material="dysprosium"), {"project", "stage", "listed_as"}),
        ("material_facilities", dict(material="cobalt"), {"name", "stage", "status", "listed_as"}),
    ],
)
def test_query_columns(name, params, columns):
    df = db.query(name, **params)
    assert not df.empty
    assert columns <= set(df.columns)


def test_scatter_counts_and_moves():
    df = db.query("criticality_scatter", year=2023)
    assert len(df) == 70 and df["material_id"].is_unique
    assert df["prev_year"].dropna().eq(2020).all()
    assert db.query("criticality_scatter", year=2011)["prev_year"].isna().all()
    assert len(db.query("criticality_crm_list")) == 34


# ---- figures cross-checked against the raw source files ----


def test_supply_risk_matches_source(sources_dir):
    with open(sources_dir / EMILSSON / "dimension_CRMsOverTime.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    src = {(r["Material"], int(r["Year"])): r for r in rows}
    for year in (2011, 2023):
        df = db.query("criticality_scatter", year=year).set_index("material")
        for material in ("Cobalt", "Lithium", "Tungsten"):
            r = src[(material, year)]
            if r["SR"] in ("-", ""):
                continue
            assert df.at[material, "supply_risk"] == pytest.approx(float(r["SR"]))
            assert df.at[material, "economic_importance"] == pytest.approx(float(r["EI"]))


def test_china_processing_share_and_hhi_match_source(sources_dir):
    raw = pd.read_csv(stored(sources_dir / EMILSSON / "fact_GlobalSupplyShares&t.csv"), encoding="utf-8-sig")
    for material, mid in (("Cobalt", "cobalt"), ("Gallium", "gallium"), ("Natural graphite", "natural-graphite")):
        r = raw[(raw["Material"] == material) & (raw["Stage"] == "P")]
        if r.empty:
            continue
        shares = [s for s in map(_pct, r["Share"]) if s is not None]
        china = _pct(r.loc[r["Country"] == "China", "Share"].iloc[0])
        sup = db.query("material_supply", material=mid)
        mine = sup[(sup["scope"] == "global") & (sup["stage"] == "processing") & (sup["iso2"] == "CN")]
        assert mine["share_pct"].iloc[0] == pytest.approx(china)
        conc = (
            db.query("material_concentration", material=mid).set_index(["scope", "stage"]).loc[("global", "processing")]
        )
        assert conc["hhi"] == pytest.approx(sum(s * s for s in shares), abs=1)  # HHI from point values only
        assert conc["top3_pct"] == pytest.approx(sum(sorted(shares)[-3:]), abs=0.05)


def test_eol_rir_matches_compiled_list(sources_dir):
    raw = pd.read_csv(sources_dir / "eu_crm_2023_compiled" / "crm_2023_per_material.csv")
    for material, mid in (("Cobalt", "cobalt"), ("Lithium", "lithium"), ("Tungsten", "tungsten")):
        expected = raw.loc[raw["material"] == material, "eol_rir_scrreen"].iloc[0] * 100
        assert db.query("material_facts", material=mid)["eol_rir_pct"].iloc[0] == pytest.approx(expected)


def test_missing_data_stays_missing():
    assert db.query("material_commodities", material="hafnium").empty
    assert db.query("material_commodities", material="helium").empty
    assert pd.isna(db.query("material_facts", material="hafnium")["eol_rir_pct"].iloc[0])
    facts = db.query("material_facts", material="hrees").iloc[0]
    assert "dysprosium" in list(facts["elements"])


# ---- pages ----


def test_criticality_page_controls():
    at = open_page("criticality")
    assert_clean(at)
    assert len(at.dataframe) == 1  # the 34 CRMs
    at.segmented_control(key="crit_year").set_value(2017).run()
    assert at.query_params["year"] in ("2017", ["2017"])
    at.toggle(key="crit_moves").set_value(True).run()
    assert at.query_params["moves"] in ("1", ["1"])
    at.selectbox(key="crit_material").select("cobalt").run()
    assert_clean(at)
    assert at.query_params["material"] in ("cobalt", ["cobalt"])
    assert any("Cobalt" in m.value and "supply risk" in m.value for m in at.markdown)


def test_criticality_bad_params_give_notices():
    at = open_page("criticality", year=1999, material="unobtainium")
    assert_clean(at)
    text = " ".join(notices(at))
    assert "1999" in text and "unobtainium" in text


@pytest.mark.parametrize("material", ["cobalt", "hrees", "pgms", "dysprosium", "hafnium", "helium", "lithium"])
def test_material_page_renders(material):
    at = open_page("material", material=material)
    assert_clean(at)
    assert not notices(at)


def test_material_page_says_no_production_match():
    at = open_page("material", material="hafnium")
    assert any("no commodity that matches Hafnium" in w.value for w in at.warning)


def test_material_page_controls_and_bad_params():
    at = open_page("material", material="nonsense")
    assert_clean(at)
    assert any("nonsense" in n for n in notices(at))
    at.selectbox(key="mat_material").select("lithium").run()
    assert_clean(at)
    assert at.query_params["material"] in ("lithium", ["lithium"])
    at.segmented_control(key="mat_stage").set_value("extraction").run()
    assert at.query_params["stage"] in ("extraction", ["extraction"])
    at = open_page("material", material="lrees", element="bad")
    assert any("bad" in n for n in notices(at))
    at.selectbox(key="mat_element").select("neodymium").run()
    assert_clean(at)
    assert at.query_params["element"] in ("neodymium", ["neodymium"])


def test_a_room_on_one_factsheet_shares_what_it_derives(monkeypatch):
    """The factsheet's frames, key figures, production shares and site lists are built once for everyone on the same
    view (ui.shared), in its language, and each session sees the same."""
    from conftest import calls_of, page_content

    from minedash.app import ui
    from minedash.domain import materials as rules

    ui.FIGURES.clear()
    built = (
        "labels",
        "factsheet_frames",
        "identity",
        "commodities",
        "commodity_shares",
        "production_figures",
        "listed",
    )
    calls = {name: calls_of(monkeypatch, rules, name) for name in built}
    first, second = (
        open_page("material", material="lithium", lang="fi"),
        open_page("material", material="lithium", lang="fi"),
    )
    assert_clean(first)
    assert_clean(second)
    assert page_content(first) == page_content(second)
    # listed: once for the projects, once for the sites
    assert {name: len(c) for name, c in calls.items()} == dict.fromkeys(built, 1) | {"listed": 2}
    open_page("material", material="lithium")  # the same material in English: built again, in English
    assert len(calls["factsheet_frames"]) == 2


def test_criticality_all_years_offered_and_missing_recycling_reads_no_data():
    at = open_page("criticality", present=1)
    assert_clean(at)
    assert list(at.segmented_control(key="crit_year").options) == ["2011", "2014", "2017", "2020", "2023"]
    crm = at.dataframe[0].value
    gallium = crm[crm["material_id"] == "gallium"].iloc[0]
    assert gallium["eol_rir_pct"] == "no data"
    assert pd.isna(db.query("criticality_crm_list").set_index("material_id").loc["gallium", "eol_rir_pct"])


def test_criticality_bad_material_notice_is_plain():
    at = open_page("criticality", material="unobtainium")
    text = " ".join(notices(at))
    assert "none is chosen" in text and "the default" not in text


def test_present_style_dark_axis_text_on_cartesian_only():
    import plotly.graph_objects as go

    from minedash.charts import FONT, style

    fig = style(go.Figure(go.Scatter(x=[1], y=[1])), present=True)
    assert fig.layout.xaxis.tickfont.color == FONT["color"] and fig.layout.yaxis.title.font.color == FONT["color"]
    geo = style(go.Figure(go.Scattergeo()), present=True)
    assert "xaxis" not in geo.to_plotly_json()["layout"]  # an axis on a map would draw an empty frame


def test_a_room_on_the_criticality_chart_shares_the_years_assessment(monkeypatch):
    """The assessment of a year is built once for everyone on it, whichever material each has chosen (ui.shared),
    and the CRM list once; each session sees the same."""
    from conftest import calls_of, page_content

    from minedash.app import ui
    from minedash.domain import materials as rules
    from minedash.domain import vocabulary

    ui.FIGURES.clear()
    calls = {name: calls_of(monkeypatch, rules, name) for name in ("criticality_note", "crm_list_shown")}
    named = calls_of(monkeypatch, vocabulary, "named")
    first = open_page("criticality", year="2020", material="cobalt", lang="fi")
    second = open_page("criticality", year="2020", material="cobalt", lang="fi")
    assert_clean(first)
    assert_clean(second)
    assert page_content(first) == page_content(second)
    other = open_page("criticality", year="2020", material="lithium", moves="1", lang="fi")
    assert_clean(other)
    assert {name: len(c) for name, c in calls.items()} == {"criticality_note": 1, "crm_list_shown": 1}
    assert len([args for args in named if "prev_year" in args[0]]) == 1  # the year's rows, named once
    scatter = [at.session_state["_minedash_shown"]["crit_scatter"]["frames"][0] for at in (first, other)]
    assert scatter[0] is scatter[1]


@pytest.mark.parametrize("material", ["cobalt", "hrees", "lithium", "copper"])
@pytest.mark.parametrize("present", [False, True])
def test_factsheet_charts_are_built_as_plotly_would_check_them(material, present):
    """The factsheet's charts and world map are handed to go.Figure unchecked (charts.figure: three times faster to
    build): every property must already be spelled as plotly's checks would leave it."""
    import json

    import plotly.graph_objects as go
    import plotly.io as pio

    from minedash.charts import materials as charts
    from minedash.data import geo
    from minedash.domain import materials as rules
    from minedash.domain.vocabulary import named

    def same_as_checked(fig):
        assert json.loads(pio.to_json(fig)) == json.loads(pio.to_json(go.Figure(fig.to_dict())))

    _facts, supply, _conc, with_global = rules.factsheet_frames(material)
    drawn = 0
    for mid in with_global or [material]:
        for scope in ("global", "eu_sourcing"):
            for stage in rules.SUPPLY_STAGES:
                if not (d := rules.supply(supply, mid, scope, stage)).empty:
                    same_as_checked(charts.supply_bar(d, title="T", present=present))
                    drawn += 1
    uses = db.query("material_end_uses", material=material)
    if uses["share_pct"].notna().any():
        same_as_checked(charts.end_uses_bar(uses, present=present))
        drawn += 1
    for c in rules.commodities(db.query("material_commodities", material=material)).itertuples():
        same_as_checked(charts.share_lines(rules.commodity_shares(c.commodity_id)[0], present=present))
        drawn += 1
    glob = rules.supply(supply, (with_global or [material])[0], "global")
    shapes = named(db.query("country_shapes"))
    for stage in rules.SUPPLY_STAGES:
        if not (d := rules.map_shares(glob, stage)).empty:
            kw = dict(value="share", hover="hover", colorbar="%", present=present)
            same_as_checked(charts.world_map(shapes, d, geojson_url=geo.world_geojson_url(), **kw))
            same_as_checked(charts.world_map(shapes, d, **kw))  # the outlines in the figure
            drawn += 1
    assert drawn >= 4
