"""Regions page: queries, figure builders, AppTest of the page and its controls, figures against the raw files."""

from __future__ import annotations

import csv
import gzip

import pandas as pd
import pytest

from minedash.charts import regions as rc
from minedash.data import db, geo, paths
from minedash.domain import regions as rules
from tests.conftest import assert_clean, notices, open_page

# ---------------------------------------------------------------- queries


def test_indicator_catalog_has_computed_counts_and_eu_average_is_diverging():
    cat = db.query("region_indicators").set_index("indicator_id")
    assert {"gdp_meur", "pop", "emp_lfs_b_e", "facilities_n", "projects_n"} <= set(cat.index)
    assert cat.loc["facilities_n", "source_id"] == "crm_atlas" and cat.loc["projects_n", "source_id"] == "crma_projects"
    assert cat.loc["projects_n", "years"].tolist() == [2025]  # the CRM Act selection's vintage
    assert cat.loc["gdp_pps_hab_eu", "diverging"] and not cat.loc["gdp_meur", "diverging"]
    assert cat.loc["emp_lfs_b_e", "levels"].tolist() == [2]


def test_values_one_row_per_region_and_year():
    v = db.query("region_values", indicator="pop", level=3)
    assert not v.duplicated(["nuts_id", "year"]).any()
    assert v["nuts_id"].str.len().eq(5).all()
    assert set(v.loc[v.role.notna(), "nuts_id"]) == {"FI1D3", "FI1D7", "FI1D8", "SE331"}


def test_counts_are_zero_inside_coverage_and_missing_outside():
    p = db.query("region_values", indicator="projects_n", level=0).set_index("nuts_id")["value"]
    assert p["FI"] >= 1 and "NO" not in p.index and "CH" not in p.index  # CRM Act projects: EU-27 only
    f = db.query("region_values", indicator="facilities_n", level=3).set_index("nuts_id")["value"]
    assert f["FI1D7"] == 2 and f["FI1D3"] == 0  # Kevitsa and Sakatti in Lapland; none listed in North Karelia


def test_profile_ranks_and_change_since_2019():
    prof = db.query("region_profile", region="FI1D7").set_index("indicator_id")
    g = prof.loc["gdp_meur"]
    assert g["year"] == 2020 and g["value"] == pytest.approx(6909.75)
    assert 1 <= g["rank_country"] <= g["n_country"] == 19  # Finland has 19 NUTS 3 regions with GDP data
    assert g["n_members"] == 4  # FI1D3, FI1D7, FI1D8, SE331 are the NUTS 3 members
    assert g["change_since_2019"] == pytest.approx(6909.75 - g["value_2019"])
    # ranks computed independently from region_values
    v = db.query("region_values", indicator="gdp_meur", level=3).query("year == 2020")
    assert g["rank_level"] == (v["value"] > 6909.75).sum() + 1 and g["n_level"] == len(v)
    fi, members = v[v["country_code"] == "FI"], v[v["role"].notna()]
    assert g["rank_country"] == (fi["value"] > 6909.75).sum() + 1 and g["n_country"] == len(fi)
    assert g["rank_members"] == (members["value"] > 6909.75).sum() + 1 and g["n_members"] == len(members)


def test_series_carries_population_for_per_capita():
    s = db.query("region_series", regions=["FI1D7"]).query("indicator_id == 'gdp_meur' and year == 2020").iloc[0]
    assert s["pop_persons"] == 177161 and s["gdp_meur"] == pytest.approx(6909.75)
    out, unit = rules.normalise(pd.DataFrame([s]), "million EUR", "pop")
    assert unit == "EUR per inhabitant" and out["value"].iloc[0] == pytest.approx(6909.75e6 / 177161)


def test_sites_and_undrawn():
    sites = db.query("region_sites", region="FI1D7")
    assert {"Kevitsa mine", "Sakatti"} <= set(sites["name"]) and set(sites["kind"]) == {"CRM site", "Strategic project"}
    und = db.query("region_undrawn", indicator="emp_lfs_total", level=2)
    assert {"IE01", "HU10"} <= set(und["geo"])
    assert "EU27_2020" not in set(
        db.query("region_undrawn", indicator="pop", level=3)["geo"]
    )  # not a NUTS 3-length code


# ---------------------------------------------------------------- figures against the raw files


def raw_cell(path, key, year):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        header = [h.strip() for h in f.readline().split("\t")]
        for line in f:
            cells = line.rstrip("\n").split("\t")
            if cells[0] == key:
                return float(cells[header.index(str(year))].split(" ")[0])
    raise KeyError(key)


def test_map_values_match_raw_files(sources_dir):
    gdp = db.query("region_values", indicator="gdp_meur", level=3).set_index(["nuts_id", "year"])["value"]
    assert (
        gdp["FI1D7", 2020]
        == raw_cell(sources_dir / "eurostat-nama_10r_3gdp" / "nama_10r_3gdp.tsv.gz", "MIO_EUR,FI1D7", 2020)
        == 6909.75
    )
    pop = db.query("region_values", indicator="pop", level=3).set_index(["nuts_id", "year"])["value"]
    assert (
        pop["FI1D7", 2021]
        == raw_cell(sources_dir / "eurostat-demo_r_pjanaggr3" / "demo_r_pjanaggr3.tsv.gz", "NR,T,TOTAL,FI1D7", 2021)
        == 176665
    )
    ge = db.query("region_values", indicator="gdp_pps_hab_eu", level=2).set_index(["nuts_id", "year"])["value"]
    assert ge["ES41", 2019] == raw_cell(
        sources_dir / "eurostat-nama_10r_3gdp" / "nama_10r_3gdp.tsv.gz", "PPS_HAB_EU27_2020,ES41", 2019
    )
    with open(sources_dir / "crm_atlas_forlini" / "facilities.csv", newline="", encoding="utf-8") as f:
        finland = sum(r["country"] == "Finland" for r in csv.DictReader(f))
    fac = db.query("region_values", indicator="facilities_n", level=0).set_index("nuts_id")["value"]
    assert fac["FI"] == finland


# ---------------------------------------------------------------- figure builders


def _map(level, indicator="pop"):
    shapes = db.query("region_shapes", level=level)
    values = db.query("region_values", indicator=indicator, level=level)
    return rc.choropleth(
        values,
        shapes,
        db.query("region_member_shapes"),
        year=2020,
        title="t",
        unit="u",
        diverging=indicator.endswith("_eu"),
        selected="FI1D7",
    )


def test_nuts3_map_is_small_enough_and_offline():
    fig = _map(3)
    # What the browser gets: the figure (codes, values, frames) plus the outlines, fetched once from static/geo.
    url_fig = rc.choropleth(
        db.query("region_values", indicator="pop", level=3),
        db.query("region_shapes", level=3),
        db.query("region_member_shapes"),
        year=2020,
        title="t",
        unit="u",
        diverging=False,
        geojson_url=geo.nuts_geojson_url(3),
    )
    outlines = (paths.ROOT / "static" / "geo" / "nuts2021_l3.geojson").stat().st_size
    size = len(url_fig.to_json()) + outlines
    assert size < 1_500_000, size
    assert url_fig.data[1].geojson == "app/static/geo/nuts2021_l3.geojson"
    assert fig.data[0].type == "scattergeo"  # keeps plotly.js from fetching its CDN topojson
    assert len(fig.frames) == 33 and fig.layout.geo.visible is False


@pytest.mark.parametrize(
    ("level", "indicator", "animate", "present"),
    [(3, "gdp_pps_hab_eu", False, False), (2, "pop", True, True), (0, "gdp_pps_hab_eu", True, False)],
)
def test_the_map_is_built_as_plotly_would_check_it(level, indicator, animate, present):
    """choropleth hands go.Figure its dict unchecked (to save a room's first views half a build): every property
    must already be spelled as plotly's checks would leave it, or the browser would get something else."""
    import json

    import plotly.graph_objects as go
    import plotly.io as pio

    values, shapes = db.query("region_values", indicator=indicator, level=level), db.query("region_shapes", level=level)
    kw = dict(year=2020, title="t", unit="u", diverging=indicator.endswith("_eu"), present=present, animate=animate)
    fig = rc.choropleth(values, shapes, db.query("region_member_shapes"), **kw, selected="FI1D7")
    checked = go.Figure(fig.to_dict())  # plotly's own checks of every property
    assert json.loads(pio.to_json(fig)) == json.loads(pio.to_json(checked))


def test_the_map_summary_names_extremes_and_the_chosen_regions_rank():
    shapes = pd.DataFrame({"nuts_id": ["A", "B", "C", "D"], "name_latn": ["Aa", "Bb", "Cc", "Dd"]})
    values = pd.DataFrame({"nuts_id": ["A", "B", "C", "D"], "year": 2020, "value": [5.0, 9.0, None, 5.0]})
    text = rc.map_summary(values, shapes, year=2020, title="T", unit="u", selected="D")
    # ties go to the region drawn first; the missing one is not counted; D shares rank 2 with A
    assert text == "T, 2020: 3 of 4 regions with data, from Bb (9 u) to Aa (5 u). Dd: 5 u, rank 2 of 3."
    assert rc.map_summary(values, shapes, year=2020, title="T", unit="u", selected="C").endswith("(5 u).")
    assert "no region has data" in rc.map_summary(values, shapes, year=2019, title="T", unit="u", selected=None)


def test_map_no_data_is_grey_and_missing_not_zero():
    fig = _map(2, "gdp_pps_hab_eu")
    base, data = fig.data[1], fig.data[rc.DATA_TRACE]
    assert "no data" in base.hovertemplate and {c[1] for c in base.colorscale} == {rc.NO_DATA}
    z = dict(zip(data.locations, data.z))
    assert pd.isna(z["UKC1"])  # no UK figures after Brexit: missing (NaN, drawn grey), not 0
    assert data.zmid == 100


def test_index_and_options():
    df = pd.DataFrame({"nuts_id": ["A", "A", "B"], "year": [2019, 2020, 2020], "value": [50.0, 75.0, 10.0]})
    out = rules.index_to_base(df, 2019)
    assert out["value"].tolist()[:2] == [100.0, 150.0] and pd.isna(out["value"].iloc[2])
    assert rules.norm_options("% of EU27 (2020) average") == ["none"]
    assert rules.norm_options("thousand persons") == ["none", "pop", "gdp"]


# ---------------------------------------------------------------- page (AppTest)


def test_page_renders_default_view():
    at = open_page("regions")
    assert_clean(at)
    assert at.query_params.get("region", "FI1D7") == "FI1D7"
    assert any("Lappi" in h.value for h in at.header)
    assert any("Source:" in c.value and "nama_10r_3gdp" in c.value for c in at.caption)


@pytest.mark.parametrize(
    "params, word",
    [
        ({"indicator": "nonsense"}, "indicator"),
        ({"year": "1700"}, "year"),
        ({"region": "XX999"}, "region"),
        ({"level": "9"}, "NUTS level"),
        ({"regions": "FI1D7,ZZ1"}, "regions"),
        ({"norm": "gdp", "indicator": "gdp_pps_hab_eu"}, "normalisation"),
    ],
)
def test_bad_params_give_a_notice_and_a_default(params, word):
    at = open_page("regions", **params)
    assert_clean(at)
    assert any(word in n for n in notices(at)), notices(at)


def test_url_round_trip_and_controls():
    at = open_page(
        "regions",
        indicator="emp_lfs_b_e",
        level="2",
        year="2012",
        region="ES41",
        regions="ES41,ES12,EL64",
        base="2010",
        norm="pop",
    )
    assert_clean(at)
    assert not notices(at)
    assert at.query_params["indicator"] == "emp_lfs_b_e" and at.query_params["year"] == "2012"
    assert at.selectbox(key="region_picker").value == "ES41"
    # a link with regions opens the comparison
    assert at.multiselect(key="reg_compare").value == ["ES41", "ES12", "EL64"]
    # change the year with the slider -> URL follows
    at.select_slider[0].set_value(2014).run()
    assert at.query_params["year"] == "2014"
    # pick a region by search
    at.selectbox[1].set_value("FI1D3").run()
    assert at.query_params["region"] == "FI1D3"
    assert_clean(at)


def test_parent_button_and_member_preset():
    at = open_page("regions", region="FI1D7", indicator="pop", level="3")
    next(b for b in at.button if b.label.startswith("↑")).click().run()
    assert at.query_params["region"] == "FI1D"
    at = open_page("regions", region="FI1D7", indicator="pop", level="3", regions="FI1D7")  # opens the comparison
    next(b for b in at.button if "NUTS 3" in b.label and "Partnership" in b.label).click().run()
    assert at.query_params["regions"].split(",") == ["FI1D3", "FI1D7", "FI1D8", "SE331"]
    assert_clean(at)


def test_region_without_data_says_so():
    at = open_page("regions", region="FRY5", indicator="pop", level="2")  # Mayotte: NUTS 2 with little data
    assert_clean(at)


@pytest.mark.parametrize(("level", "region", "animate"), [(3, "FI1D7", False), (3, "XX99", False), (2, "ES41", True)])
def test_a_map_with_a_region_chosen_is_the_shared_map_plus_its_outline(level, region, animate):
    import json

    import plotly.io as pio

    values, shapes = db.query("region_values", indicator="pop", level=level), db.query("region_shapes", level=level)
    kw = dict(year=2020, title="Population", unit="persons")
    other = dict(diverging=False, animate=animate, geojson_url=geo.nuts_geojson_url(level))
    members = db.query("region_member_shapes")
    direct = rc.choropleth(values, shapes, members, **kw, selected=region, **other)
    base = rc.choropleth(values, shapes, members, **kw, **other)
    before = pio.to_json(base)
    made = rc.with_selected(base, values, shapes, **kw, selected=region)
    assert json.loads(pio.to_json(made)) == json.loads(pio.to_json(direct))
    assert pio.to_json(base) == before  # the shared base is not changed
    if region == "XX99":
        assert len(made.data) == len(base.data)  # a code not on the map: nothing outlined


def test_a_room_choosing_different_regions_shares_one_map():
    from minedash.app import ui

    ui.FIGURES.clear()
    for region in ("FI1D7", "SE332", "ES41"):
        assert_clean(open_page("regions", region=region, level=3, year=2020, indicator="pop"))
    bases = [k for k in ui.FIGURES.results if k[0] == "region_map_base"]
    maps = [k for k in ui.FIGURES.results if k[0] == "region_map"]
    assert len(bases) == 1 and len(maps) == 3


def test_a_regions_profile_is_shared_whichever_map_is_shown():
    from minedash.app import ui

    ui.FIGURES.clear()
    for indicator, year in (("pop", 2020), ("gdp_pps_hab_eu", 2021)):
        assert_clean(open_page("regions", region="FI1D7", level=3, year=year, indicator=indicator))
    assert len([k for k in ui.FIGURES.results if k[0] == "profile"]) == 1
    assert len([k for k in ui.FIGURES.results if k[0] == "region_map"]) == 2
