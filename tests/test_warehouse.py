"""Warehouse invariants, and individual figures cross-checked against the raw source files
(read here independently of the ingest's parsers)."""

from __future__ import annotations

import csv
import gzip
import json

import duckdb
import pandas as pd
import pytest
from conftest import open_source

from minedash.data import paths
from minedash.data.ingest import KEYS

WH = paths.WAREHOUSE_DIR
SRC = paths.default_sources_dir()


def t(name: str) -> pd.DataFrame:
    return pd.read_parquet(WH / f"{name}.parquet")


def sql(q: str, *params):
    con = duckdb.connect()
    for name in KEYS:
        con.execute(f"create view {name} as select * from read_parquet('{WH / (name + '.parquet')}')")
    return con.execute(q, list(params)).fetchall()


# ---------------------------------------------------------------- invariants


@pytest.mark.parametrize("name", sorted(KEYS))
def test_keys_unique_and_present(name):
    df = t(name)
    assert len(df) > 0
    assert not df.duplicated(KEYS[name]).any()


def test_manifest_lists_every_table_and_source():
    m = json.loads(paths.MANIFEST_PATH.read_text())
    assert set(m["tables"]) == set(KEYS)
    for name, info in m["tables"].items():
        assert info["rows"] == len(t(name))
    ids = {s["source_id"] for s in m["sources"]}
    assert ids == set(t("sources")["source_id"])
    for s in m["sources"]:
        assert s["licence"] and s["url"] and s["publisher"] and s["vintage"]
        assert all(len(f["sha256"]) == 64 for f in s["files"])


def test_observation_geos_are_nuts_or_known_aggregates():
    geos = set(t("observations")["geo"])
    nuts = set(t("regions").query("nuts_version == 2021")["nuts_id"]) | set(
        t("regions").query("nuts_version == 2024")["nuts_id"]
    )
    other = geos - nuts
    # Eurostat aggregates and pre-2021 codes stay in the table; none is a partnership region.
    assert {"EU27_2020"} <= other
    assert not other & set(t("partnership_regions")["nuts_id"])


def test_years_units_flags_ranges():
    obs = t("observations")
    eurostat = obs["source_id"].isin(["nama_10r_3gdp", "demo_r_pjanaggr3", "lfst_r_lfe2en2"])
    assert obs.loc[eurostat, "year"].between(1990, 2023).all()
    counts = obs[~eurostat]  # CRM site counts: the year of the listing
    assert set(counts.groupby("indicator_id")["year"].unique().map(tuple)) == {(2026,), (2025,)}
    assert set("".join(obs["flag"].unique())) <= set("bepcdu")
    assert (obs["value"].dropna() >= 0).all()
    assert t("indicators")["unit"].str.len().gt(0).all()
    prod = t("production")
    assert set(prod["unit"]) == {"t", "kg", "million m³", "ct"}
    assert prod["year"].between(2018, 2022).all()
    assert prod["iso2"].notna().all() and prod["iso2"].str.fullmatch(r"[A-Z]{2}").all()
    assert "GR" not in set(prod["iso2"]) and "EL" in set(prod["iso2"])  # Eurostat-style ISO2


def test_iso_codes_valid_and_eu27_complete():
    c = t("countries")
    assert c.loc[c.eu27, "iso2"].nunique() == 27
    assert c["iso2"].str.fullmatch(r"[A-Z]{2}").all()


def test_missing_is_missing_not_zero():
    # ':' cells with a flag are kept as NaN with the flag (e.g. 15 in the population file).
    pop = t("observations").query("source_id == 'demo_r_pjanaggr3'")
    assert pop["value"].isna().sum() == 15
    assert (pop.loc[pop["value"].isna(), "flag"] != "").all()


def test_site_counts_match_the_site_tables():
    f, p = t("facilities"), t("strategic_projects")
    got = dict(
        sql(
            "select geo, value from observations "
            "where indicator_id = 'facilities_n' and geo in ('FI1D7', 'SE332', 'FI')"
        )
    )
    assert got == {
        "FI1D7": (f.nuts3 == "FI1D7").sum(),
        "SE332": (f.nuts3 == "SE332").sum(),
        "FI": (f.iso2 == "FI").sum(),
    }
    eu = p[p.scope == "EU"]
    assert (
        sql("select value from observations where indicator_id = 'projects_n' and geo = 'SE33'")[0][0]
        == eu.loc[eu.nuts2 == "SE33", "project"].nunique()
    )
    # A covered region with nothing listed is 0 (none listed); an uncovered country has no row (no data).
    assert sql("select value from observations where indicator_id = 'projects_n' and geo = 'ES12'") == [(0.0,)]
    assert sql("select count(*) from observations where indicator_id = 'projects_n' and geo like 'NO%'") == [(0,)]


def test_facilities_all_kept_and_flagged_when_outside_nuts():
    f = t("facilities")
    assert len(f) == 137
    outside = f[f.nuts3.isna()]
    assert (outside["nuts_match"] == "outside NUTS land").all()
    assert "UA" in set(outside["iso2"])  # Ukraine is not in NUTS 2021


def test_shapes_are_web_sized():
    s = t("region_shapes")
    for level, limit_kb in ((2, 400), (3, 1500)):
        size = s.loc[s.level == level, "geometry"].str.len().sum() / 1024
        assert size < limit_kb, f"NUTS {level} outlines {size:.0f} KB"


def test_crosswalk_knows_north_karelia_recode():
    cw = t("nuts_crosswalk")
    row = cw[(cw.code_2021 == "FI1D3") & (cw.change == "recoded")]
    assert row["code_2024"].tolist() == ["FI1DC"]
    assert "FI1D1" in set(cw.loc[cw.code_2024 == "FI1DA", "code_2021"])


# ---------------------------------------------------------------- figures vs raw files


def raw_eurostat_cell(path, key_prefix: str, year: int) -> str:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        col = [h.strip() for h in header].index(str(year))
        for line in f:
            cells = line.rstrip("\n").split("\t")
            if cells[0] == key_prefix:
                return cells[col].strip()
    raise KeyError(key_prefix)


def obs(indicator, geo, year):
    rows = sql(
        "select value, flag from observations where indicator_id = ? and geo = ? and year = ?", indicator, geo, year
    )
    assert len(rows) == 1, (indicator, geo, year)
    return rows[0]


GDP = SRC / "eurostat-nama_10r_3gdp" / "nama_10r_3gdp.tsv.gz"
POP = SRC / "eurostat-demo_r_pjanaggr3" / "demo_r_pjanaggr3.tsv.gz"


@pytest.mark.parametrize(
    "unit, indicator, geo, year",
    [
        ("MIO_EUR", "gdp_meur", "FI1D7", 2020),
        ("EUR_HAB", "gdp_eur_hab", "FI1D7", 2020),
        ("MIO_EUR", "gdp_meur", "ES41", 2019),
        ("MIO_EUR", "gdp_meur", "EL64", 2015),
        ("PPS_HAB_EU27_2020", "gdp_pps_hab_eu", "SE331", 2020),
        ("MIO_EUR", "gdp_meur", "FI1D3", 2020),
    ],
)
def test_gdp_figure_matches_raw_tsv(unit, indicator, geo, year):
    cell = raw_eurostat_cell(GDP, f"{unit},{geo}", year)
    value, flag = obs(indicator, geo, year)
    num, _, raw_flag = cell.partition(" ")
    assert value == pytest.approx(float(num)) and flag == raw_flag.strip()


@pytest.mark.parametrize(
    "key, indicator, geo, year",
    [
        ("NR,T,TOTAL,FI1D7", "pop", "FI1D7", 2021),
        ("NR,F,TOTAL,FI1D7", "pop_f", "FI1D7", 2021),
        ("NR,T,Y_GE65,ES12", "pop_y_ge65", "ES12", 2020),
        ("NR,T,TOTAL,SE331", "pop", "SE331", 2019),
    ],
)
def test_population_figure_matches_raw_tsv(key, indicator, geo, year):
    cell = raw_eurostat_cell(POP, key, year)
    value, _ = obs(indicator, geo, year)
    assert value == float(cell.split(" ")[0])
    if indicator == "pop" and geo == "FI1D7":
        assert value == 176665  # SOURCE.md example


def test_lfs_industry_employment_matches_raw_csv():
    with open_source(SRC / "eurostat-lfst_r_lfe2en2" / "lfst_r_lfe2en2_1_Data.csv") as f:
        raw = {(r["TIME"], r["GEO"], r["NACE_R2"]): r["Value"] for r in csv.DictReader(f)}
    for geo in ("FI1D", "ES41", "SE33"):
        want = float(raw[("2016", geo, "B-E")].replace(",", ""))
        assert obs("emp_lfs_b_e", geo, 2016)[0] == want
    assert obs("emp_lfs_b_e", "FI1D", 2016)[0] == 79.2  # SOURCE.md
    # Recoded: NUTS 2013 FR21 Champagne-Ardenne is stored under NUTS 2021 FRF2.
    assert obs("emp_lfs_total", "FRF2", 2016)[0] == float(raw[("2016", "FR21", "TOTAL")].replace(",", ""))


def wmd_raw(commodity, country, year):
    with open_source(SRC / "world_mining_data_2024" / "wmd2024_production_by_country_long.csv") as f:
        for r in csv.DictReader(f):
            if r["commodity"] == commodity and r["country"] == country and r["year"] == str(year):
                return float(r["value"]), r["unit"], r["data_source"]
    raise KeyError((commodity, country, year))


@pytest.mark.parametrize(
    "commodity, country, iso2, year",
    [
        ("Cobalt", "Finland", "FI", 2021),
        ("Copper", "Sweden", "SE", 2020),
        ("Lithium (Li2O)", "Portugal", "PT", 2022),
        ("Tungsten (W)", "Spain", "ES", 2019),
        ("Nickel", "Greece", "EL", 2018),
    ],
)
def test_wmd_production_matches_raw_csv(commodity, country, iso2, year):
    value, unit, flag = wmd_raw(commodity, country, year)
    rows = sql(
        "select value, unit, flag from production where commodity = ? and iso2 = ? and year = ?", commodity, iso2, year
    )
    assert rows == [(value, {"metr. t": "t"}.get(unit, unit), flag)]


def test_wmd_world_total_kept_apart():
    value, _, _ = wmd_raw("Cobalt", "Total", 2021)
    assert sql("select value from production_world where commodity = 'Cobalt' and year = 2021") == [(value,)]
    assert not sql("select 1 from production where country_name = 'Total'")


def raw_rows(name):
    with open_source(SRC / "eu_crm_assessment_emilsson" / name) as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize(
    "material, material_id, year",
    [("Cobalt", "cobalt", 2023), ("Lithium", "lithium", 2020), ("Tungsten", "tungsten", 2011)],
)
def test_supply_risk_matches_raw_csv(material, material_id, year):
    raw = next(
        r for r in raw_rows("dimension_CRMsOverTime.csv") if r["Material"] == material and r["Year"] == str(year)
    )
    got = sql(
        "select supply_risk, economic_importance from criticality where material_id = ? and year = ?", material_id, year
    )
    assert got == [(float(raw["SR"]), float(raw["EI"]))]


def test_global_share_and_bounds_match_raw_csv():
    raw = {(r["Material"], r["Stage"], r["Country"]): r["Share"] for r in raw_rows("fact_GlobalSupplyShares&t.csv")}
    china = sql(
        "select share_pct from supply_shares "
        "where material_id='cobalt' and scope='global' and stage='processing' and iso2='CN'"
    )
    assert china[0][0] == float(raw[("Cobalt", "P", "China")].rstrip("%"))
    lt = sql(
        "select share_pct, share_min_pct, share_max_pct, share_text from supply_shares "
        "where material_id='gypsum' and scope='global' and stage='extraction' and country_name='Afghanistan'"
    )
    assert raw[("Gypsum", "E", "Afghanistan")] == "<0.1%"
    assert lt[0][0] is None and lt[0][1:] == (0.0, 0.1, "<0.1%")  # a bound, not a guess


def test_eol_rir_and_strategic_flag_match_compiled_list():
    with open(SRC / "eu_crm_2023_compiled" / "crm_2023_per_material.csv", newline="") as f:
        raw = {r["material"]: r for r in csv.DictReader(f)}
    got = dict(sql("select crm_name, eol_rir_pct from crm_list"))
    assert got["Tungsten"] == pytest.approx(float(raw["Tungsten"]["eol_rir_scrreen"]) * 100)
    assert got["Copper"] == pytest.approx(55.0)
    assert pd.isna(got["Gallium"])  # blank = not available, not zero
    assert sql("select count(*) from crm_list where strategic")[0][0] == 18


def test_facility_regions_by_spatial_join():
    got = dict(sql("select facility_id, nuts3 from facilities"))
    assert got["se-aitik-boliden"] == "SE332"  # Aitik, Gällivare: Norrbotten
    assert got["fi-kevitsa-boliden"] == "FI1D7"  # Kevitsa, Sodankylä: Lapland
    assert got["fi-sotkamo-terrafame"] == "FI1D8"  # Terrafame, Sotkamo: Kainuu
    assert got["se-ronnskar-smelt"] == "SE331"  # Rönnskär, Skellefteå: Västerbotten


def test_partnership_members_and_projects():
    m = dict(sql("select nuts_id, role from partnership_regions"))
    assert m == {
        "FI1D7": "lead",
        "FI1D3": "lead",
        "FI1D8": "partner",
        "SE331": "partner",
        "ES41": "partner",
        "ES12": "partner",
        "EL64": "partner",
    }
    assert sql("select count(distinct project) from strategic_projects where scope = 'EU'")[0][0] == 47


def test_world_outlines_do_not_span_the_antimeridian():
    # A ring running +180 -> -180 would cover the whole map in plotly's geo projection (seen with Fiji, Chukotka).
    from shapely.geometry import shape

    for r in t("country_shapes").itertuples():
        g = shape(json.loads(r.geometry))
        for p in getattr(g, "geoms", [g]):
            xs = [x for x, _ in p.exterior.coords]
            assert max(xs) - min(xs) <= 180, r.iso3
            assert not p.exterior.is_ccw, r.iso3  # clockwise exteriors, as d3-geo expects
    assert {"FJI", "RUS"} <= set(t("country_shapes")["iso3"])
