"""Material factsheet: supply by country, concentration, EU sourcing, recycling, end uses, production, projects."""

import streamlit as st

from minedash.app import state, ui
from minedash.charts import materials as charts
from minedash.data import db, geo
from minedash.domain import materials as rules

QUESTION = (
    "Where does this raw material come from, how concentrated is its supply, how much does Europe produce and "
    "recycle, and who in Europe handles it?"
)
ui.page_header("Material factsheet", QUESTION)
STAGES = rules.SUPPLY_STAGES
present = state.present_mode()
mats = db.query("material_list")
names, labels = dict(zip(mats["material_id"], mats["material"])), dict(zip(mats["material_id"], mats["label"]))
material = state.get("material", "cobalt", choices=names, describe=names.get)
stage = state.get("stage", "processing", choices=STAGES)
facts_df = db.query("material_facts", material=material)
facts, name = facts_df.iloc[0], facts_df.iloc[0]["material"]
supply, conc = db.query("material_supply", material=material), db.query("material_concentration", material=material)
# Groups (HREEs, LREEs, PGMs): supply shares are published per element, so the page offers the elements.
with_global = rules.elements_with_global_supply(facts, supply)
element = state.get("element", with_global[0], choices=with_global, describe=names.get) if with_global else None
supply_id = element or material
drop_element = {"also": lambda _: {"element": None}}  # another material: the previous group's element goes

kw = dict(key="mat_material", value=material, format_func=labels.get, width=420)
state.control(st.selectbox, "material", "Material", list(names), **kw, **drop_element)
with st.container(horizontal=True):  # where else this material appears
    ui.page_link("pages/criticality.py", "On the criticality chart", ":material/scatter_plot:", {"material": material})
    ui.page_link(
        "pages/value_chains.py", f"{name} in the value chains", ":material/account_tree:", {"material": material}
    )
    if isinstance(facts["group_id"], str):
        label = f"Part of the group {facts['group_name']}"
        ui.page_link("pages/material.py", label, ":material/workspaces:", {"material": facts["group_id"]})
ui.metrics(rules.identity(facts))
ui.cite(facts_df, years=[facts["latest_assessment"]], note=rules.eol_note(facts))
if rules.elements(facts):
    label = f"{name} groups these elements — open one"
    kw = dict(key="mat_elements", value=None, format_func=names.get)
    state.control(st.pills, "material", label, rules.elements(facts), **kw, **drop_element)
if element:
    kw = dict(key="mat_element", value=element, format_func=names.get, width=420)
    state.control(st.selectbox, "element", "Global supply is published per element — show", with_global, **kw)


def stage_charts(scope: str, mid: str, what: str) -> None:
    """One bar chart a stage (extraction, processing) of one supply scope, with its key figures and citation."""
    for col, stg in zip(st.columns(2), STAGES):
        d = rules.supply(supply, mid, scope, stg)
        with col:
            if d.empty:
                ui.missing(f"No {what} shares for {names[mid]} at the {stg} stage.")
                continue
            k = rules.concentration(conc, mid, scope, stg)
            if scope == "eu_sourcing":
                st.metric(f"Sourced from inside the EU-27 ({stg})", f"{k['eu27_pct']:.0f}%")
            fig = lambda d=d, stg=stg: charts.supply_bar(d, title=f"{names[mid]}: {what}, {stg}", present=present)
            ui.chart(fig, d, key=f"{scope}-{stg}", years=[2023], note=rules.supply_note(scope, k))
            if scope == "global":
                ui.metrics(rules.concentration_figures(k))
            ui.downloads(d.drop(columns=["in_nuts"]), f"{mid}_{scope}_{stg}", key=f"dl-{scope}-{stg}")


st.header("Global supply")
glob = rules.supply(supply, supply_id, "global")
if glob.empty:
    ui.missing(f"The 2023 CRM study gives no global supply shares for {names[supply_id]}.")
else:
    stage_charts("global", supply_id, "global")
    st.subheader("On the map")
    stage = state.control(st.segmented_control, "stage", "Stage", STAGES, key="mat_stage", value=stage, required=True)
    d, shapes = rules.map_shares(glob, stage), db.query("country_shapes")
    if d.empty:
        ui.missing(f"No global {stage} shares for {names[supply_id]}.")
    else:
        kw = dict(value="share", hover="hover", colorbar="Share (%)", geojson_url=geo.world_geojson_url())
        fig = lambda: charts.world_map(shapes, d, present=present, **kw)  # noqa: E731
        note = "Grey: no share published. Bounded shares ('<0.1%') coloured at their upper bound."
        ev = ui.chart(fig, d, shapes, key="sup-map", years=[2023], note=note, on_select="rerun")
        for iso2 in charts.picked_countries(ev, set(d.loc[d["in_nuts"], "iso2"])):
            ui.page_link(
                "pages/regions.py", f"Regions of {iso2} on the regions page", ":material/map:", {"region": iso2}
            )

st.header("EU sourcing")
if rules.supply(supply, material, "eu_sourcing").empty:
    ui.missing(f"The 2023 CRM study gives no EU sourcing shares for {name}.")
else:
    stage_charts("eu_sourcing", material, "EU sourcing")

st.header("End uses")
uses, uses_id = rules.end_uses(db.query("material_end_uses", material=material), material, supply_id)
if uses_id != material:  # a group without its own end uses: the chosen element's
    uses = db.query("material_end_uses", material=uses_id)
    st.caption(f"End uses of {names[uses_id]}, the element chosen above.")
if uses.empty:
    ui.missing(f"The 2023 CRM study gives no end-use shares for {name}.")
else:
    note = "Share of EU end use by application; NACE sector in the hover."
    ui.chart(
        lambda: charts.end_uses_bar(uses, present=present),
        uses,
        key="uses",
        years=[2023],
        note=note,
        download=f"{uses_id}_end_uses",
    )

st.header("World production (World Mining Data)")
coms = db.query("material_commodities", material=material)
if coms.empty:
    ui.missing(f"World Mining Data 2024 has no commodity that matches {name}, so no production figures are shown.")
for c in coms.itertuples():
    sh = db.query("production_shares", commodity=c.commodity_id)
    st.subheader(f"{c.commodity} ({c.basis})")
    ui.metrics(rules.production_figures(sh, c.unit))
    note = f"World total: WMD's own total. Unit: {c.unit}. A gap means WMD lists no output for that country."
    ui.chart(
        lambda sh=sh: charts.share_lines(sh, present=present),
        sh,
        key=f"prod-{c.commodity_id}",
        years=sh["year"],
        flags=rules.flag_list(sh["flags"]),
        note=note,
        download=f"{c.commodity_id}_shares",
    )
    ui.page_link(
        "pages/production.py",
        f"Explore {c.commodity} in the production explorer",
        ":material/public:",
        {"commodity": c.commodity_id},
    )

st.header("Strategic projects and sites in Europe")
proj, fac = db.query("material_projects", material=material), db.query("material_facilities", material=material)
if proj.empty:
    ui.missing(f"No CRM Act strategic project lists {name}.")
else:
    note = "Strategic projects (EU and outside) matched on the material, its group or its elements (column listed_as)."
    ui.table(proj, key="proj", years=[2025], note=note, download=f"{material}_strategic_projects")
if fac.empty:
    ui.missing(f"The CRM atlas lists no European site handling {name}.")
else:
    note = "Sites matched on the material, its group or its elements; status as last checked."
    ui.table(fac, key="fac", years=rules.checked_years(fac), note=note, download=f"{material}_facilities")
