"""Regions: map, profile, comparison and ranking of regional indicators (render only)."""
import pandas as pd
import streamlit as st

from minedash import db, maps, state, ui
from minedash.charts import PLOTLY_CONFIG, regions as rc


@st.cache_resource(show_spinner=False)
def level_geometry(level: int) -> tuple[pd.DataFrame, dict]:
    """Shapes and FeatureCollection of one NUTS level: geometry-heavy, built once per level."""
    shapes = db.query("region_shapes", level=level)
    return shapes[["nuts_id", "name_latn", "country_code"]], rc.lean(maps.feature_collection(shapes))


@st.cache_resource(show_spinner=False)
def member_geometry() -> dict:
    return rc.lean(maps.feature_collection(db.query("region_member_shapes")))


present = state.present_mode()

cat = db.query("region_indicators").set_index("indicator_id")
regs = db.query("regions").set_index("nuts_id")
members = db.query("partnership_regions")
member_ids = set(members["nuts_id"])


@st.cache_resource(show_spinner=False)
def region_labels() -> dict[str, str]:
    """'Name / Native (CODE)' for every region, built once: pickers format ~2,000 options on every rerun."""
    r = db.query("regions")
    native = r["name_native"].where(r["name_native"].notna() & (r["name_native"] != r["name_latn"]))
    text = r["name_latn"] + native.map(lambda n: f" / {n}", na_action="ignore").fillna("") + " (" + r["nuts_id"] + ")"
    return dict(zip(r["nuts_id"], text))


@st.cache_resource(show_spinner=False, max_entries=64)
def map_figure(indicator: str, level: int, year: int, region: str, present: bool):
    """The map for one view, built once per session set (GeoJSON validation in plotly is the slow part)."""
    info = cat.loc[indicator]
    shapes, fc = level_geometry(level)
    return rc.choropleth(db.query("region_values", indicator=indicator, level=level), shapes, fc, member_geometry(),
                         year=year, title=info["name"], unit=info["unit"], diverging=bool(info["diverging"]),
                         selected=region, present=present, geojson_url=maps.nuts_geojson_url(level))


label = region_labels().__getitem__


# --- view state from the URL ---------------------------------------------------------------------------------
indicator = state.param("indicator", "gdp_pps_hab_eu", choices=set(cat.index), label="indicator",
                        describe=lambda i: cat.loc[i, "name"])
info = cat.loc[indicator]
levels = [int(x) for x in info["levels"]]
level = state.param("level", 2 if 2 in levels else levels[-1], choices=levels, parse=int, label="NUTS level")
years = [int(y) for y in info["years"]]
values = db.query("region_values", indicator=indicator, level=level)
# default: the latest year where at least 80% of the best-covered year's regions have data (the newest year is often sparse)
coverage = values.groupby("year")["value"].count()
good = coverage[coverage >= 0.8 * coverage.max()].index if len(coverage) else years
year = state.param("year", int(max(good)), choices=years, parse=int)
region = state.param("region", "FI1D7", choices=set(regs.index), label="region", describe=label)
unit = info["unit"]
compare = state.param_list("regions", [region], choices=set(regs.index), label="regions", max_items=6)
norms = rc.norm_options(unit)
NORM_NAMES = {"none": "as published", "pop": "per inhabitant", "gdp": "per GDP"}
norm = state.param("norm", "none", choices=norms, label="normalisation", describe=NORM_NAMES.get)
cyears = sorted(db.query("region_series", regions=compare).query("indicator_id == @indicator")["year"].unique().tolist())
base = state.param("base", None, choices=cyears, parse=int, label="index base year")
ui.page_header("Regions", "Where does a region stand on GDP, population, employment and CRM sites — against whom, and since when?")

# --- controls ------------------------------------------------------------------------------------------------
ids = list(cat.index)
c1, c2, c3 = st.columns([4, 4, 3])
choice = c1.selectbox("Indicator", ids, index=ids.index(indicator),
                      format_func=lambda i: f"{cat.loc[i, 'topic']} · {cat.loc[i, 'name']} ({cat.loc[i, 'unit']})")
new_level = c2.segmented_control("NUTS level", levels, default=level, format_func=lambda v: f"NUTS {v}")
new_year = c3.select_slider("Year", years, value=year) if len(years) > 1 else years[0]
if choice != indicator or (new_level is not None and new_level != level) or new_year != year:
    state.set_params(indicator=choice, level=new_level if new_level is not None else level,
                     year=new_year if choice == indicator else None)
    st.rerun()

codes = list(regs.index)
# bind: the picker shows the URL's region even when a button or a map click changed it
st.selectbox("Region (search by code or name, Latin or native script; or click the map)", codes,
             format_func=label, **state.bind("region", "region_picker", region))

# --- map -----------------------------------------------------------------------------------------------------
unit = info["unit"]
shapes, _ = level_geometry(level)
fig = map_figure(indicator, level, year, region, present)
with st.container():
    event = st.plotly_chart(fig, config=PLOTLY_CONFIG, on_select="rerun", selection_mode="points", width="stretch")
    clicked = [p.get("location") for p in (event.selection.points if event else []) if p.get("location")]
    if clicked and clicked[0] in regs.index and clicked[0] != region:
        state.set_params(region=clicked[0])
        st.rerun()
    this_year = values[values["year"] == year]
    ui.cite([info["source_id"], "nuts2021"], years=[year], flags=this_year["flag"],
            note="Partnership regions outlined in orange; grey = no data. ▶ Play steps through the years.")
    n_missing = len(set(shapes["nuts_id"]) - set(this_year["nuts_id"]))
    undrawn = db.query("region_undrawn", indicator=indicator, level=level)
    notes = [f"{n_missing} of {len(shapes)} NUTS {level} regions have no data for {year} (grey)."] if n_missing else []
    if len(undrawn):
        notes.append(f"Could not be drawn: {len(undrawn)} codes with data but no NUTS 2021 shape at this level "
                     f"({', '.join(undrawn['geo'].head(12))}{', …' if len(undrawn) > 12 else ''}).")
    if notes:
        st.caption(" ".join(notes), help="The map uses NUTS 2021 boundaries. Aggregates, 'extra-regio' (ZZ) codes, "
                   "retired codes and LFS regions coded in NUTS 2013 with no 2021 counterpart cannot be drawn.")

tab_profile, tab_rank, tab_compare = st.tabs(["Region profile", f"Ranking, {year}", "Compare regions"])

# --- ranking -------------------------------------------------------------------------------------------------
with tab_rank:
    ranking = this_year.sort_values("value", ascending=False).assign(rank=lambda d: d["value"].rank(ascending=False, method="min").astype(int))
    shown = ranking[["rank", "name_latn", "nuts_id", "country_code", "value", "flag", "role"]].rename(columns={
        "rank": "Rank", "name_latn": "Region", "nuts_id": "Code", "country_code": "Country", "value": unit,
        "flag": "Flag", "role": "Partnership"})
    shown["Partnership"] = shown["Partnership"].map({"lead": "★ lead", "partner": "★ partner"})
    ranked_members = shown[shown["Partnership"].notna()]
    if len(ranked_members):  # the member regions first, then the full table (a Styler would cost ~1 s at NUTS 3)
        st.markdown("**Partnership regions:** " + " · ".join(
            f"{n} **#{k}** of {len(shown)}" for n, k in zip(ranked_members["Region"], ranked_members["Rank"])))
    st.dataframe(shown, hide_index=True, width="stretch", height=520)
    ui.cite([info["source_id"]], years=[year], flags=shown["Flag"], note="Partnership regions marked ★; rank 1 = highest.")
    ui.downloads(shown, f"ranking_{indicator}_nuts{level}_{year}", [info["source_id"]], key="ranking")

# --- region profile ------------------------------------------------------------------------------------------
with tab_profile:
    r = regs.loc[region]
    st.header(label(region))
    role = members.set_index("nuts_id")["role"].get(region)
    st.caption(f"NUTS {r['level']} region in {r['country_code']}" + (f" · partnership {role} region" if role else ""))
    family = [("↑ " + label(r["parent_id"]), r["parent_id"])] if pd.notna(r["parent_id"]) else []
    family += [(label(c), c) for c in regs.index[regs["parent_id"] == region]]
    if family:
        cols = st.columns(min(len(family), 6))
        for i, (text, code) in enumerate(family):
            if cols[i % len(cols)].button(text, key=f"nav-{code}", width="stretch"):
                state.set_params(region=code)
                st.rerun()

    profile = db.query("region_profile", region=region)
    series = db.query("region_series", regions=[region])
    if profile.empty:
        ui.missing(f"No indicator in the warehouse has data for {label(region)}.")
    else:
        trends = series.groupby("indicator_id")["value"].apply(list)
        table = pd.DataFrame({
            "Indicator": profile["indicator_id"].map(cat["name"]),
            "Unit": profile["indicator_id"].map(cat["unit"]),
            "Latest": profile["value"], "Year": profile["year"].astype(str), "Flag": profile["flag"],
            "Trend": profile["indicator_id"].map(trends),
            f"Rank, NUTS {r['level']}": [f"{a} / {b}" for a, b in zip(profile["rank_level"], profile["n_level"])],
            f"Rank in {r['country_code']}": [f"{a} / {b}" for a, b in zip(profile["rank_country"], profile["n_country"])],
            "Rank in partnership": [f"{a} / {b}" for a, b in zip(profile["rank_members"], profile["n_members"])],
            "Change since 2019": profile["change_since_2019"], "Change since 2019, %": profile["change_since_2019_pct"],
        })
        st.dataframe(table, hide_index=True, width="stretch", column_config={
            "Trend": st.column_config.LineChartColumn("Trend (all years)", width="small"),
            "Latest": st.column_config.NumberColumn(format="localized"),
            "Change since 2019": st.column_config.NumberColumn(format="%+.4g"),
            "Change since 2019, %": st.column_config.NumberColumn(format="%+.1f%%")})
        srcs = list(dict.fromkeys(profile["indicator_id"].map(cat["source_id"])))
        ui.cite(srcs, years=profile["year"], flags=profile["flag"],
                note="Ranks among regions of the same NUTS level with data that year (1 = highest); partnership = member regions at this level.")
        ui.downloads(table.drop(columns="Trend"), f"profile_{region}", srcs, key="profile")

    sites = db.query("region_sites", region=region)
    st.subheader("CRM sites and strategic projects here")
    if sites.empty:
        st.caption("None listed in the CRM Atlas or the CRM Act strategic projects for this region.")
    else:
        st.dataframe(sites.drop(columns=["source_id"]), hide_index=True, width="stretch",
                     column_config={"source_url": st.column_config.LinkColumn("Source")})
    ui.cite(["crm_atlas", "crma_projects"], note="Locations are city-level, joined to NUTS 2021.")


# --- compare -------------------------------------------------------------------------------------------------
with tab_compare:
    presets = members.groupby("nuts_level")["nuts_id"].apply(list)
    pc = st.columns(len(presets) + 1)
    for i, (lvl, codes_) in enumerate(presets.items()):
        if pc[i].button(f"Partnership regions, NUTS {lvl}", key=f"preset-{lvl}", width="stretch"):
            state.set_params(regions=codes_[:6])
            st.rerun()
    if pc[-1].button("Add the selected region", key="add-region", width="stretch", disabled=region in compare or len(compare) >= 6):
        state.set_params(regions=compare + [region])
        st.rerun()
    chosen = st.multiselect("Regions to compare (up to six)", codes, default=compare, max_selections=6, format_func=label)
    if chosen != compare and chosen:
        state.set_params(regions=chosen)
        st.rerun()

    k1, k2, k3 = st.columns(3)
    new_norm = k1.radio("Normalise", norms, index=norms.index(norm), format_func=NORM_NAMES.get, horizontal=True)
    new_base = k2.selectbox("Index (base year = 100)", [None] + cyears, index=([None] + cyears).index(base),
                            format_func=lambda y: "off" if y is None else str(y))
    facets = k3.toggle("Small multiples", value=st.query_params.get("view") == "panels")
    if new_norm != norm or new_base != base or facets != (st.query_params.get("view") == "panels"):
        state.set_params(norm=None if new_norm == "none" else new_norm, base=new_base, view="panels" if facets else None)
        st.rerun()

    cseries = db.query("region_series", regions=compare).query("indicator_id == @indicator")
    cdata, cunit = rc.normalise(cseries, unit, norm)
    if base is not None:
        cdata, cunit = rc.index_to_base(cdata, base), f"index, {base} = 100"
    if cdata["value"].notna().sum() == 0:
        ui.missing(f"No data for {info['name']} in the chosen regions.")
    else:
        lbl = {c: label(c) for c in compare}
        st.plotly_chart(rc.compare_lines(cdata, lbl, title=info["name"], unit=cunit, facets=facets, present=present,
                                         indexed=base is not None), config=PLOTLY_CONFIG, width="stretch")
        no_data = [label(c) for c in compare if c not in set(cdata.dropna(subset=["value"])["nuts_id"])]
        srcs = [info["source_id"]] + (["demo_r_pjanaggr3"] if norm == "pop" else ["nama_10r_3gdp"] if norm == "gdp" else [])
        ui.cite(srcs, years=cdata.dropna(subset=["value"])["year"], flags=cseries["flag"],
                note=("No data for: " + ", ".join(no_data)) if no_data else None)
        out = cdata.assign(region=lambda d: d["nuts_id"].map(lbl))[["region", "nuts_id", "year", "value", "flag"]].rename(columns={"value": cunit})
        ui.downloads(out, f"compare_{indicator}", srcs, key="compare")
