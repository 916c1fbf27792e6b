"""Partnership overview (home): what the S3 partnership is, who takes part, headline figures, where to go next."""

import streamlit as st

from minedash.app import state, tables, ui
from minedash.charts.overview import partnership_map
from minedash.data import db, geo
from minedash.domain import partnership

ui.page_header(
    "S3 partnership “Mining industry”", "What is the partnership, which regions take part, and how large are they?"
)
present = state.present_mode()

# Prose facts (with the pages they were read from); every figure further down comes from the warehouse.
about, areas = st.columns([3, 2], gap="large")
with about:
    st.markdown("""
A **thematic Smart Specialisation (S3) partnership** of the
[S3 Platform for Industrial Modernisation](https://s3platform.jrc.ec.europa.eu/mining-industry) (European Commission,
JRC Seville) on the *mining industry, related industries and services and global value chains*.
It was announced at the 9th REMIX peer-review visit in Joensuu, North Karelia, in March 2019
([MIREU news, 20 May 2019](https://mireu.eu/news/mireu-regions-partner-s3-partnership)).

**Aims** ([JRC partnership page](https://s3platform.jrc.ec.europa.eu/mining-industry)): strengthen regional and
interregional innovation capacity to facilitate investments, growth and employment in mining and related industries and
services; identify opportunities for joint demonstration between regions. The integration of regional SMEs into mining
value chains is its starting point, with an emphasis on critical raw materials.

**Grew from two projects** whose work it operationalises, shifting the focus to interregional investment:
[REMIX](http://www.lappi.fi/lapinliitto/remix-hanke) — *Smart and Green Mining Regions of EU* (Interreg Europe,
2017–2021, coordinated by the Regional Council of Lapland) and [MIREU](https://mireu.eu/about-us) — *Mining and
Metallurgy Regions of EU* (Horizon 2020, grant [776811](https://cordis.europa.eu/project/id/776811/reporting),
coordinated by the Geological Survey of Finland).
""")
with areas:
    st.markdown("""
**Thematic areas**
1. Critical raw material production
2. SMEs in global value chains
3. New technologies and sustainable mining
4. Social acceptance through stakeholder involvement
5. Education and training

**Lead regions:** Lapland and North Karelia (Finland).
**Partners:** Kainuu (FI), Västerbotten (SE), Castilla y León and Asturias (ES), Sterea Ellada (EL).
""")

# --- Who takes part: map and member list -------------------------------------------------------
st.header("Member regions and related networks")
regions, members = db.query("partnership_map"), db.query("partnership_regions")
countries = db.query("region_shapes", level=0)
map_col, list_col = st.columns([3, 2], gap="large")
with map_col:
    fig = partnership_map(regions, countries, present=present, countries_url=geo.nuts_geojson_url(0))
    ui.chart(
        fig,
        regions,
        members,
        key="partnership-map",
        years=members["year_joined"],
        note=partnership.national_networks_note(regions),
    )
with list_col:
    table = partnership.members_table(members, regions)
    note = "Members as announced in 2019; no later changes are documented in the sources read."
    ui.table(
        table[list(tables.MEMBERS)],
        members,
        key="members",
        column_config=tables.MEMBERS,
        years=members["year_joined"],
        note=note,
    )
    ui.downloads(table.drop(columns=["evidence"]), "partnership_members", key="members")

# --- Headline figures ------------------------------------------------------------------------------
st.header("Headline figures for the member regions")
heads, sites = db.query("partnership_headlines"), db.query("partnership_crm_sites")
ui.table(
    partnership.headline_table(heads, sites),
    key="headline_table",
    column_config=tables.HEADLINES,
    years=heads["year"],
    flags=heads.loc[heads["value"].notna(), "flag"],
    note=partnership.parent_note(heads),
)
with st.expander("Which CRM sites and strategic projects?"):
    ui.table(sites[list(tables.SITES_BY_REGION)], sites, key="sites_by_region", column_config=tables.SITES_BY_REGION)
ui.downloads(partnership.headline_download(heads, sites), "partnership_headline_figures", key="headlines")

# --- Where to go next ---------------------------------------------------------------------------------
if not present:
    st.header("Where to go next")
    c1, c2, c3 = st.columns(3, gap="large")
    with c1:
        st.markdown("**Policymakers** — where does my region stand, against whom, from which source?")
        ui.page_link("pages/regions.py", "Compare regions", ":material/compare_arrows:")
        ui.page_link("pages/criticality.py", "Critical raw materials", ":material/diamond:")
        ui.page_link("pages/sources.py", "Data & sources: licences and vintages", ":material/database:")
    with c2:
        st.markdown("**Workshop presenters** — a link that reopens this view, a projector mode.")
        ui.page_link(
            "pages/overview.py", "Open this page in presentation mode", ":material/slideshow:", {"present": "1"}
        )
        st.caption("Every page has “Link to this view”; the sidebar holds the playlist of saved views.")
    with c3:
        st.markdown("**Lead regions** — progress against the baseline, peers and EU 2030 benchmarks.")
        ui.page_link("pages/progress.py", "Progress and benchmarks", ":material/trending_up:")
        ui.page_link("pages/value_chains.py", "Value chains", ":material/account_tree:")
        ui.page_link("pages/regions.py", "Peers of Lapland", ":material/groups:", {"region": "FI1D7"})
