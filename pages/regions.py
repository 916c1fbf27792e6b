"""Regions: map, profile, comparison and ranking of regional indicators (render only)."""

import streamlit as st

from minedash.app import regionview, state, tables, ui
from minedash.charts import regions as charts
from minedash.data import db
from minedash.domain import regions as rules
from minedash.domain.vocabulary import term
from minedash.i18n import _

ui.page_header(_("Regions"), _(rules.QUESTION))
present = state.present_mode()
cat = ui.shared("regions-catalogue", lambda: db.query("region_indicators").set_index("indicator_id"))
all_regions, members = db.query("regions"), db.query("partnership_regions")
regs = ui.shared("regions-by-code", lambda: all_regions.set_index("nuts_id"))
labels = ui.shared("region-labels", lambda: rules.labels(all_regions))
ind_labels = ui.shared("indicator-labels", lambda: rules.indicator_labels(cat))

# What only the map above the tabs depends on: a region's profile and sites are the same whichever map is shown
MAP_ONLY = ("indicator", "level", "year", "play", "show", "since")

# --- view state from the URL, and its controls ----------------------------------------------------------------
indicator = state.get("indicator", "gdp_pps_hab_eu", choices=set(cat.index), describe=ind_labels.get)
info, unit, title = cat.loc[indicator], cat.loc[indicator, "unit"], term(cat.loc[indicator, "name"])
levels, years = [int(x) for x in info["levels"]], [int(y) for y in info["years"]]
level = state.get("level", 2 if 2 in levels else levels[-1], choices=levels)
values = db.query("region_values", indicator=indicator, level=level)
year = state.get("year", ui.shared("regions-default-year", lambda: rules.default_year(values, years)), choices=years)
region = state.get("region", "FI1D7", describe=labels.get)
c1, c2, c3 = st.columns([4, 4, 3])
with c1:  # another indicator has other years: the year starts again from its default
    kw = dict(key="reg_indicator", value=indicator, format_func=ind_labels.get, also=lambda _: {"year": None})
    state.control(st.selectbox, "indicator", _("Indicator"), list(cat.index), **kw)
with c2:
    kw = dict(key="reg_level", value=level, required=True, format_func=str)
    state.control(st.segmented_control, "level", _("NUTS level"), levels, **kw)
play = len(years) > 1 and state.get("play") == "1"  # the years' frames travel only while playing
if len(years) > 1:
    state.control(c3.select_slider, "year", _("Year"), years, key="reg_year", value=year)
    kw = dict(key="reg_play", value=play, to_url=lambda on: "1" if on else None, help=_(charts.PLAY_HELP))
    state.control(c3.toggle, "play", _("Play through the years"), **kw)
label = _("Region (search by code or name, Latin or native script; or click the map)")
r1, r2, r3 = st.columns([4, 4, 3], vertical_alignment="bottom")  # one row: the map starts higher on a projector
state.control(r1.selectbox, "region", label, list(labels), key="region_picker", value=region, format_func=labels.get)

# --- map, chart or table; one year, or the change since an earlier one ------------------------------------------
kw = dict(level=level, year=year, years=years, region=region, labels=labels, play=play, present=present)
regionview.indicator(values, info, where=(r2, r3), **kw)

# Only the open tab is built (a tab switch reruns the page); the comparison reruns alone when its controls change.
comparing = _("Compare regions") if {"regions", "norm", "base", "view"} & set(state.current()) else None  # a link to it
tabs = st.tabs([_("Region profile"), _("Ranking"), _("Compare regions")], default=comparing, on_change="rerun")
tab_profile, tab_rank, tab_compare = tabs
with tab_rank:
    if tab_rank.open:
        ranking = ui.shared("ranking", lambda: rules.ranking(values, year, unit))
        if summary := rules.ranking_summary(ranking):  # the members first (a Styler would cost ~1 s at NUTS 3)
            st.markdown(summary)
        kw = dict(years=[year], flags=ranking["Flag"], note=_("Partnership regions marked ★; rank 1 = highest."))
        kw |= dict(column_config=tables.ranking(unit), download=f"ranking_{indicator}_nuts{level}_{year}")
        ui.table(ranking, key="ranking", height=520, **kw)

with tab_profile:
    if tab_profile.open:
        st.header(labels[region])
        st.caption(
            ui.shared("region-role", lambda: rules.describe_region(regs, members, region), regardless_of=MAP_ONLY)
        )
        family = ui.shared("region-family", lambda: rules.family(regs, region), regardless_of=MAP_ONLY)
        cols = st.columns(min(len(family), 6)) if family else []
        for i, code in enumerate(family):
            with cols[i % len(cols)]:
                up = "↑ " if code == regs.loc[region, "parent_id"] else ""
                state.button(up + labels[code], key=f"nav-{code}", region=code)
        profile, series = db.query("region_profile", region=region), db.query("region_series", regions=[region])
        if profile.empty:
            ui.missing(_("No indicator in the warehouse has data for {region}.").format(region=labels[region]))
        else:
            r = regs.loc[region]
            build = lambda: rules.profile_table(profile, series, cat, r["level"], r["country_code"])  # noqa: E731
            table = ui.shared("profile", build, regardless_of=MAP_ONLY)
            kw = dict(years=profile["year"], flags=profile["flag"], note=_(rules.PROFILE_NOTE))
            kw["column_config"] = tables.profile(r["level"], r["country_code"])
            ui.table(table, key="profile", **kw)
            ui.downloads(lambda: table.drop(columns="Trend"), f"profile_{region}", key="profile")
        site_rows = db.query("region_sites", region=region)  # queried here, so a damaged table is always named
        sites = ui.shared("sites", lambda: rules.sites_shown(site_rows), regardless_of=MAP_ONLY)
        st.subheader(_("CRM sites and strategic projects here"))
        if sites.empty:
            st.caption(_("None listed in the CRM Atlas or the CRM Act strategic projects for this region."))
        else:
            kw = dict(column_config=tables.REGION_SITES, key="sites")
            note = _("Locations are city-level, joined to NUTS 2021.")
            shown = ui.shared("sites-shown", lambda: sites.drop(columns=["source_id"]), regardless_of=MAP_ONLY)
            ui.table(shown, sites, note=note, **kw)


@st.fragment
def comparison() -> None:
    compare = state.get_list("regions", [region], choices=labels, max_items=rules.MAX_COMPARED)
    presets = rules.member_presets(members)
    cols = st.columns(len(presets) + 1)
    for col, (lvl, codes) in zip(cols, presets.items()):
        with col:
            state.button(_("Partnership regions, NUTS {level}").format(level=lvl), key=f"preset-{lvl}", regions=codes)
    with cols[-1]:
        full = region in compare or len(compare) >= rules.MAX_COMPARED
        state.button(_("Add the selected region"), key="add-region", regions=[*compare, region], disabled=full)
    kw = dict(key="reg_compare", value=compare, max_selections=rules.MAX_COMPARED, format_func=labels.get)
    state.control(st.multiselect, "regions", _("Regions to compare (up to six)"), list(labels), **kw)
    cseries = db.query("region_series", regions=compare)
    norms, cyears = rules.norm_options(unit), rules.compare_years(cseries, indicator)
    norm = state.get("norm", "none", choices=norms, describe=rules.norm_name)
    base = state.get("base", None, choices=cyears)
    facets = state.get("view") == "panels"
    k1, k2, k3 = st.columns(3)
    kw = dict(horizontal=True, format_func=rules.norm_name, to_url=lambda n: None if n == "none" else n)
    state.control(k1.radio, "norm", _("Normalise"), norms, key="reg_norm", value=norm, **kw)
    kw = dict(key="reg_base", value=base, format_func=lambda y: _("off") if y is None else str(y))
    state.control(k2.selectbox, "base", _("Index (base year = 100)"), [None, *cyears], **kw)
    kw = dict(key="reg_facets", value=facets, to_url=lambda on: "panels" if on else None)
    state.control(k3.toggle, "view", _("Small multiples"), **kw)
    cdata, cunit = rules.compared(cseries, indicator, unit, norm, base)
    if cdata["value"].notna().sum() == 0:
        ui.missing(_("No data for {indicator} in the chosen regions.").format(indicator=title))
    else:
        lbl = {c: labels[c] for c in compare}
        fig = lambda: charts.compare_lines(  # noqa: E731
            cdata, lbl, title=title, unit=term(cunit), facets=facets, present=present, indexed=base is not None
        )
        no_data = rules.without_data(cdata, compare)
        note = _("No data for: {regions}").format(regions=", ".join(labels[c] for c in no_data)) if no_data else None
        drawn = cdata.dropna(subset=["value"])
        ui.chart(fig, cdata, key="compare_chart", years=drawn["year"], flags=cdata["flag"], note=note)
        ui.downloads(rules.compare_download(cdata, lbl, cunit), f"compare_{indicator}", key="compare")


if tab_compare.open:
    with tab_compare:
        comparison()
