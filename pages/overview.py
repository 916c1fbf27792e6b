"""Partnership overview (home): what the S3 partnership is, who takes part, headline figures, where to go next."""
import pandas as pd
import streamlit as st

from minedash import db, maps, state, ui
from minedash.charts import PLOTLY_CONFIG
from minedash.charts.overview import partnership_map


@st.cache_resource(show_spinner=False)
def member_map(present: bool):
    """The map is the same for everyone: build it once (shared, not copied), country outlines by URL."""
    return partnership_map(db.query("partnership_map"), db.query("region_shapes", level=0), present=present,
                           countries_url=maps.nuts_geojson_url(0))


ui.page_header("S3 partnership “Mining industry”",
               "What is the partnership, which regions take part, and how large are they?")
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
st.subheader("Member regions and related networks")
regions = db.query("partnership_map")
members = db.query("partnership_regions")
map_col, list_col = st.columns([3, 2], gap="large")
with map_col:
    st.plotly_chart(member_map(present), config=PLOTLY_CONFIG, width="stretch",
                    key="partnership-map")
    national = regions[(regions["category"] == "network") & (regions["level"] == 0)]
    note = ("Network partners coded at country level are shaded over the whole country: "
            + ", ".join(national["region_name"]) + ".") if not national.empty else None
    ui.cite(["s3_partnership", "nuts2021"], years=members["year_joined"], note=note)
with list_col:
    table = members.merge(regions[["nuts_id", "networks"]], on="nuts_id", how="left")
    st.dataframe(table[["region_name", "nuts_id", "nuts_level", "role", "country", "year_joined", "networks"]],
                 hide_index=True, width="stretch",
                 column_config={"region_name": "Region", "nuts_id": "NUTS 2021", "nuts_level": "NUTS level",
                                "role": "Role", "country": "Country", "year_joined": "Joined",
                                "networks": "Also in (networks)"})
    ui.cite(["s3_partnership"], years=members["year_joined"],
            note="Members as announced in 2019; no later changes are documented in the sources read.")
    ui.downloads(table.drop(columns=["evidence"]), "partnership_members", ["s3_partnership"], key="members")

# --- Headline figures ------------------------------------------------------------------------------
st.subheader("Headline figures for the member regions")
heads = db.query("partnership_headlines")
sites = db.query("partnership_crm_sites")


def cell(row) -> str:
    """'176 494 (2022, b)' — value with its year and flag; 'no data' when missing (never zero)."""
    if pd.isna(row["value"]):
        return "no data"
    digits = 1 if row["unit"] == "thousand persons" else 0
    text = f"{row['value']:,.{digits}f}".replace(",", " ")
    year = f"{int(row['year'])}" + (f", {row['flag']}" if row["flag"] else "")
    parent = f" — {row['geo']}, NUTS 2 parent" if row["from_parent"] else ""
    return f"{text} ({year}){parent}"


heads["cell"] = heads.apply(cell, axis=1)
wide = heads.pivot(index="nuts_id", columns="indicator_id", values="cell")
names = {r.indicator_id: f"{r.indicator_name} ({r.unit})" for r in heads.drop_duplicates("indicator_id").itertuples()}
shown = (sites.set_index("nuts_id")[["region_name", "role", "facilities", "strategic_projects"]]
         .join(wide[["pop", "gdp_meur", "gdp_eur_hab", "emp_lfs_b_e"]]).reset_index())
st.dataframe(shown, hide_index=True, width="stretch", column_config={
    "nuts_id": "NUTS", "region_name": "Region", "role": "Role",
    "pop": "Population (persons)", "gdp_meur": "GDP (million EUR)", "gdp_eur_hab": "GDP per inhabitant (EUR)",
    "emp_lfs_b_e": "Industry employment, B–E (thousand persons)",
    "facilities": st.column_config.NumberColumn("CRM sites (CRM Atlas)", help="Critical raw material facilities located in the region"),
    "strategic_projects": st.column_config.NumberColumn("CRMA strategic projects", help="CRM Act strategic projects located in the region (2025 selection)"),
})
parented = heads[heads["from_parent"]]
ui.cite(["demo_r_pjanaggr3", "nama_10r_3gdp", "lfst_r_lfe2en2", "crm_atlas", "crma_projects"],
        years=heads["year"], flags=heads.loc[heads["value"].notna(), "flag"],
        note="Year and flag in brackets. Industry employment (LFS) exists for NUTS 2 only: for the NUTS 3 members ("
             + ", ".join(parented["region_name"]) + ") the figure shown is their NUTS 2 parent's ("
             + ", ".join(parented["geo"].unique()) + "). CRM sites and projects count what lies inside the region (a NUTS 2 member counts all its NUTS 3 areas).")
with st.expander("Which CRM sites and strategic projects?"):
    st.dataframe(sites[["region_name", "facility_names", "project_names"]], hide_index=True, width="stretch",
                 column_config={"region_name": "Region", "facility_names": "CRM sites", "project_names": "Strategic projects"})
    ui.cite(["crm_atlas", "crma_projects"])
ui.downloads(heads.drop(columns=["cell"]).merge(sites[["nuts_id", "facilities", "strategic_projects"]], on="nuts_id"),
             "partnership_headline_figures",
             ["demo_r_pjanaggr3", "nama_10r_3gdp", "lfst_r_lfe2en2", "crm_atlas", "crma_projects"], key="headlines")

# --- Where to go next ---------------------------------------------------------------------------------
if not present:
    st.subheader("Where to go next")
    c1, c2, c3 = st.columns(3, gap="large")
    with c1:
        st.markdown("**Policymakers** — where does my region stand, against whom, from which source?")
        ui.page_link("pages/regions.py", "Compare regions", ":material/compare_arrows:")
        ui.page_link("pages/criticality.py", "Critical raw materials", ":material/diamond:")
        ui.page_link("pages/sources.py", "Data & sources: licences and vintages", ":material/database:")
    with c2:
        st.markdown("**Workshop presenters** — a link that reopens this view, a projector mode.")
        ui.page_link("pages/overview.py", "Open this page in presentation mode", ":material/slideshow:",
                     query_params={"present": "1"})
        st.caption("Every page has “Link to this view”; the sidebar holds the playlist of saved views.")
    with c3:
        st.markdown("**Lead regions** — progress against the baseline, peers and EU 2030 benchmarks.")
        ui.page_link("pages/progress.py", "Progress and benchmarks", ":material/trending_up:")
        ui.page_link("pages/value_chains.py", "Value chains", ":material/account_tree:")
        ui.page_link("pages/regions.py", "Peers of Lapland", ":material/groups:", query_params={"region": "FI1D7"})
