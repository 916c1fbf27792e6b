"""Material factsheet: supply by country, concentration, EU sourcing, recycling, end uses, production, projects."""
import pandas as pd
import streamlit as st

from minedash import db, maps, state, ui
from minedash.charts import PLOTLY_CONFIG
from minedash.charts import materials as charts

STAGES = ["extraction", "processing"]
DEFAULT = "cobalt"
present = state.present_mode()

mats = db.query("material_list")
names = dict(zip(mats["material_id"], mats["material"]))
labels = dict(zip(mats["material_id"], mats["label"]))
material = state.param("material", DEFAULT, choices=names, label="material", describe=names.get)
stage = state.param("stage", "processing", choices=STAGES, label="stage")
facts = db.query("material_facts", material=material).iloc[0]
name = facts["material"]
# Groups (HREEs, LREEs, PGMs): supply shares are published per element, so the page offers the elements.
supply = db.query("material_supply", material=material)
conc = db.query("material_concentration", material=material)
elements = [] if pd.api.types.is_scalar(facts["elements"]) else list(facts["elements"])
with_global = [e for e in elements if ((supply["material_id"] == e) & (supply["scope"] == "global")).any()]
element = None
if with_global and not ((supply["material_id"] == material) & (supply["scope"] == "global")).any():
    element = state.param("element", with_global[0], choices=with_global, label="element", describe=names.get)
supply_id = element or material

ui.page_header("Material factsheet", "Where does this raw material come from, how concentrated is its supply, how much "
                                     "does Europe produce and recycle, and who in Europe handles it?")

# Choosing another material also drops the element of the previous group.
st.selectbox("Material", list(names), format_func=labels.get, width=420,
             **{**state.bind("material", "mat_material", material),
                "on_change": lambda: state.set_params(material=st.session_state["mat_material"], element=None)})

# Identity: list status, group, latest assessment; links to the group, the criticality chart and value chains.
status = ("Strategic" if facts["strategic"] else "Critical" if facts["crm_2023"] else "Not on the CRM list")
with st.container(horizontal=True):
    st.page_link("pages/criticality.py", label="On the criticality chart", icon=":material/scatter_plot:",
                 query_params={"material": material})
    ui.page_link("pages/value_chains.py", label=f"{name} in the value chains",
                               icon=":material/account_tree:", query_params={"material": material})
    if isinstance(facts["group_id"], str):
        st.page_link("pages/material.py", label=f"Part of the group {facts['group_name']}", icon=":material/workspaces:",
                     query_params={"material": facts["group_id"]})

m1, m2, m3 = st.columns(3)
m1.metric("EU 2023 list", status, help="Critical raw materials (Annex II) and strategic raw materials (Annex I) "
          "of Regulation (EU) 2024/1252.")
if pd.notna(facts["supply_risk"]):
    m2.metric(f"Supply risk / economic importance ({int(facts['latest_assessment'])})",
              f"{facts['supply_risk']:.1f} / {facts['economic_importance']:.1f}",
              help="Criticality thresholds: supply risk ≥ 1 and economic importance ≥ 2.8.")
else:
    m2.metric("Supply risk / economic importance", "not assessed",
              help=f"{name} is not assessed on its own; see its group." if isinstance(facts["group_id"], str) else None)
if pd.notna(facts["eol_rir_pct"]):
    m3.metric("End-of-life recycling input rate", f"{facts['eol_rir_pct']:.0f}%",
              help="Share of EU demand met from recycled end-of-life scrap (SCRREEN factsheet).")
else:
    m3.metric("End-of-life recycling input rate", "not available")
ui.cite(["crm_assessments", "crm_2023_list"], years=[facts["latest_assessment"]] if pd.notna(facts["latest_assessment"]) else None,
        note=f"EoL-RIR source: [SCRREEN factsheet]({facts['eol_rir_source']})" if isinstance(facts["eol_rir_source"], str)
        else "EoL-RIR: not available for this material in the 2023 compilation")

if elements:
    pick = st.pills(f"{name} groups these elements — open one", elements, format_func=names.get, key="mat_elements")
    if pick:
        state.set_params(material=pick, element=None)
        st.rerun()
    if element:
        st.selectbox("Global supply is published per element — show", with_global, format_func=names.get, width=420,
                     **state.bind("element", "mat_element", element))

st.header("Global supply")
glob = supply[(supply["material_id"] == supply_id) & (supply["scope"] == "global")]
if glob.empty:
    ui.missing(f"The 2023 CRM study gives no global supply shares for {names[supply_id]}.")
else:
    cols = st.columns(2)
    for col, stg in zip(cols, STAGES):
        d = glob[glob["stage"] == stg]
        with col:
            if d.empty:
                ui.missing(f"No global {stg} shares for {names[supply_id]}.")
                continue
            st.plotly_chart(charts.supply_bar(d, title=f"{names[supply_id]}: global {stg}", present=present),
                            config=PLOTLY_CONFIG, key=f"sup-{stg}")
            k = conc[(conc["material_id"] == supply_id) & (conc["scope"] == "global") & (conc["stage"] == stg)].iloc[0]
            a, b = st.columns(2)
            a.metric("HHI (0–10 000)", f"{k['hhi']:,.0f}", help="Herfindahl–Hirschman index: sum of squared % shares.")
            b.metric("Top-3 share", f"{k['top3_pct']:.1f}%", help=f"Largest: {k['top1_country']} {k['top1_pct']:.1f}%")
            bounded = (f" {int(k['n_bounded'])} countries are published only as a bound (e.g. '<0.1%'): they are drawn "
                       f"in grey at their upper bound and left out of the HHI (together at most "
                       f"{k['bounded_max_pct']:.1f}%)." if k["n_bounded"] else "")
            ui.cite(["crm_assessments"], years=[2023],
                    note=f"Shares as published (average of recent years, EC 2023). HHI and top-3 from the point values "
                         f"(they sum to {k['total_pct']:.1f}%).{bounded} Blue: EU-27.")
            ui.downloads(d.drop(columns=["in_nuts"]), f"{supply_id}_global_{stg}", ["crm_assessments"], key=f"dl-sup-{stg}")

    st.subheader("On the map")
    stage = st.segmented_control("Stage", STAGES, required=True, **state.bind("stage", "mat_stage", stage))
    d = glob[(glob["stage"] == stage) & glob["iso3"].notna()].assign(
        hover=lambda x: x["country_name"] + ": " + x["share_text"],
        share=lambda x: x["share_pct"].fillna(x["share_max_pct"]))
    if d.empty:
        ui.missing(f"No global {stage} shares for {names[supply_id]}.")
    else:
        shapes = db.query("country_shapes")
        ev = st.plotly_chart(charts.world_map(shapes, d, value="share", hover="hover", colorbar="Share (%)", present=present,
                                             geojson_url=maps.world_geojson_url()),
                             config=PLOTLY_CONFIG, on_select="rerun", selection_mode="points", key="sup-map")
        ui.cite(["crm_assessments", "naturalearth"], years=[2023],
                note="Grey: no share published. Bounded shares ('<0.1%') coloured at their upper bound.")
        picked = [p["customdata"][0] for p in ((ev.selection.points if ev else None) or []) if p.get("customdata")]
        nuts = set(d.loc[d["in_nuts"], "iso2"])
        for iso2 in picked:
            if iso2 in nuts:
                ui.page_link("pages/regions.py", label=f"Regions of {iso2} on the regions page",
                                           icon=":material/map:", query_params={"region": iso2})

st.header("EU sourcing")
eu = supply[(supply["material_id"] == material) & (supply["scope"] == "eu_sourcing")]
if eu.empty:
    ui.missing(f"The 2023 CRM study gives no EU sourcing shares for {name}.")
else:
    cols = st.columns(2)
    for col, stg in zip(cols, STAGES):
        d = eu[eu["stage"] == stg]
        with col:
            if d.empty:
                ui.missing(f"No EU sourcing shares for {name} at the {stg} stage.")
                continue
            k = conc[(conc["material_id"] == material) & (conc["scope"] == "eu_sourcing") & (conc["stage"] == stg)].iloc[0]
            st.metric(f"Sourced from inside the EU-27 ({stg})", f"{k['eu27_pct']:.0f}%")
            st.plotly_chart(charts.supply_bar(d, title=f"{name}: EU sourcing, {stg}", present=present),
                            config=PLOTLY_CONFIG, key=f"eu-{stg}")
            ui.cite(["crm_assessments"], years=[2023], note="Where the EU's supply comes from (domestic production "
                    "plus imports). Blue: EU-27 countries.")
            ui.downloads(d.drop(columns=["in_nuts"]), f"{material}_eu_sourcing_{stg}", ["crm_assessments"], key=f"dl-eu-{stg}")

st.header("End uses")
uses, uses_id = db.query("material_end_uses", material=material), material
if uses.empty and supply_id != material:  # a group without its own end uses: show the chosen element's
    uses, uses_id = db.query("material_end_uses", material=supply_id), supply_id
if uses_id != material:
    st.caption(f"End uses of {names[uses_id]}, the element chosen above.")
if uses.empty:
    ui.missing(f"The 2023 CRM study gives no end-use shares for {name}.")
else:
    st.plotly_chart(charts.end_uses_bar(uses, present=present), config=PLOTLY_CONFIG, key="uses")
    ui.cite(["crm_assessments"], years=[2023], note="Share of EU end use by application; NACE sector in the hover.")
    ui.downloads(uses, f"{uses_id}_end_uses", ["crm_assessments"], key="dl-uses")

st.header("World production (World Mining Data)")
coms = db.query("material_commodities", material=material)
if coms.empty:
    ui.missing(f"World Mining Data 2024 has no commodity that matches {name}, so no production figures are shown.")
for c in coms.itertuples():
    sh = db.query("production_shares", commodity=c.commodity_id)
    eu27 = sh[sh["geo"] == "EU27"].sort_values("year")
    last = eu27.iloc[-1]
    st.subheader(f"{c.commodity} ({c.basis})")
    a, b = st.columns(2)
    a.metric(f"World output {int(last['year'])} ({c.unit})", f"{last['world_value']:,.0f}")
    b.metric(f"EU-27 share {int(last['year'])}",
             "none listed" if pd.isna(last["value"]) else f"{last['share_of_world_pct']:.2f}%")
    st.plotly_chart(charts.share_lines(sh, present=present), config=PLOTLY_CONFIG, key=f"prod-{c.commodity_id}")
    ui.cite(["wmd2024"], years=sh["year"], flags=sh["flags"].dropna().str.split(",").explode(),
            note=f"World total: WMD's own total. Unit: {c.unit}. A gap means WMD lists no output for that country.")
    ui.downloads(sh, f"{c.commodity_id}_shares", ["wmd2024"], key=f"dl-prod-{c.commodity_id}")
    st.page_link("pages/production.py", label=f"Explore {c.commodity} in the production explorer",
                 icon=":material/public:", query_params={"commodity": c.commodity_id})

st.header("Strategic projects and sites in Europe")
proj = db.query("material_projects", material=material)
if proj.empty:
    ui.missing(f"No CRM Act strategic project lists {name}.")
else:
    st.dataframe(proj, hide_index=True, width="stretch")
    ui.cite(["crma_projects"], years=[2025], note="Strategic projects (EU and outside) matched on the material, "
            "its group or its elements (column listed_as).")
    ui.downloads(proj, f"{material}_strategic_projects", ["crma_projects"], key="dl-proj")
fac = db.query("material_facilities", material=material)
if fac.empty:
    ui.missing(f"The CRM atlas lists no European site handling {name}.")
else:
    st.dataframe(fac, hide_index=True, width="stretch")
    ui.cite(["crm_atlas"], years=fac["last_checked"].astype(str).str[:4].astype(int),
            note="Sites matched on the material, its group or its elements; status as last checked.")
    ui.downloads(fac, f"{material}_facilities", ["crm_atlas"], key="dl-fac")
