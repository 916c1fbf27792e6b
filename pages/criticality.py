"""EU criticality assessment: supply risk against economic importance, per assessment year; the 34 CRMs of 2023."""
import pandas as pd
import streamlit as st

from minedash import db, state, ui
from minedash.charts import PLOTLY_CONFIG
from minedash.charts import materials as charts

YEARS = [2011, 2014, 2017, 2020, 2023]
present = state.present_mode()

mats = db.query("material_list")
names = dict(zip(mats["material_id"], mats["material"]))
year = state.param("year", 2023, choices=YEARS, parse=int, label="assessment year")
material = state.param("material", None, choices=names, label="material", describe=names.get)
moves = state.param("moves", "0", choices=("0", "1")) == "1"
ui.page_header("Criticality of raw materials",
               "Which raw materials does the EU rate as critical — high supply risk and high economic importance — "
               "and how did they move between assessments?")

# The year control gets the widest column: all five years must stay visible, in presentation mode too.
c1, c2, c3 = st.columns([5, 3, 5], vertical_alignment="bottom")
c1.segmented_control("Assessment year", YEARS, required=True, **state.bind("year", "crit_year", year))
c2.toggle("Show moves", disabled=year == YEARS[0],
          help="Since the previous assessment: a grey line from each material's position then to its position now.",
          **state.bind("moves", "crit_moves", moves, to_url=lambda v: "1" if v else None))

df = db.query("criticality_scatter", year=year)
assessed = dict(zip(df["material_id"], df["material"]))
with c3:
    st.selectbox("Find a material", list(assessed), format_func=assessed.get, index=None,
                 placeholder="Choose a material, or click a point", **state.bind("material", "crit_material",
                                                                               material if material in assessed else None))

fig = charts.criticality_scatter(df, show_moves=moves and year != YEARS[0], selected=material, present=present)
event = st.plotly_chart(fig, config=PLOTLY_CONFIG, on_select="rerun", selection_mode="points", key="crit_scatter")
points = (event.selection.points if event else None) or []
clicked = next((p["customdata"][0] for p in points if p.get("customdata")), None)
if clicked and clicked != material:
    state.set_params(material=clicked)
    st.rerun()
prev_year = df["prev_year"].dropna()
ui.cite(["crm_assessments", "crm_2023_list"], years=[year, *prev_year.unique()],
        note=f"{len(df)} materials assessed in {year}; {int(df['critical'].sum())} above both thresholds "
             f"(SR ≥ {charts.SR_THRESHOLD:g}, EI ≥ {charts.EI_THRESHOLD:g}). Marking by the 2023 CRM list "
             "(Regulation (EU) 2024/1252). Before 2017 the EC used other scales and thresholds, so early points are "
             "not strictly comparable.")
ui.downloads(df, f"criticality_{year}", ["crm_assessments", "crm_2023_list"], key="crit")

if material:
    row = df[df["material_id"] == material]
    if row.empty:
        st.info(f"{names[material]} was not assessed in {year}.", icon=":material/info:")
    else:
        r = row.iloc[0]
        since = (f" ({int(r.prev_year)}: SR {r.prev_supply_risk:.1f}, EI {r.prev_economic_importance:.1f})"
                 if pd.notna(r.prev_supply_risk) else "")
        st.markdown(f"**{r.material}** in {year}: supply risk **{r.supply_risk:.1f}**, economic importance "
                    f"**{r.economic_importance:.1f}**{since} — {r.status_2023.lower()}.")
    l1, l2 = st.columns(2)
    with l1:
        st.page_link("pages/material.py", label=f"Open the {names[material]} factsheet", icon=":material/science:",
                     query_params={"material": material})
    with l2:
        ui.page_link("pages/value_chains.py", label=f"{names[material]} in the value chains",
                                   icon=":material/account_tree:", query_params={"material": material})

st.subheader("The 34 critical raw materials of 2023")
crm = db.query("criticality_crm_list")
# Missing recycling figures read "no data", not a bare "None" that could pass for zero.
shown = crm.assign(eol_rir_pct=crm["eol_rir_pct"].map(lambda v: "no data" if pd.isna(v) else f"{v:.0f}"),
                   eol_rir_source=crm["eol_rir_source"].where(crm["eol_rir_source"].notna(), None))
st.dataframe(shown, hide_index=True, width="stretch", column_config={
    "crm_name": "Critical raw material", "material_id": None,
    "strategic": st.column_config.CheckboxColumn("Strategic"),
    "supply_risk_2023": st.column_config.NumberColumn("Supply risk 2023", format="%.1f"),
    "economic_importance_2023": st.column_config.NumberColumn("Economic importance 2023", format="%.1f"),
    "eol_rir_pct": st.column_config.TextColumn("End-of-life recycling input rate (%)"),
    "eol_rir_source": st.column_config.LinkColumn("EoL-RIR source", display_text="SCRREEN factsheet")})
ui.cite(["crm_2023_list", "crm_assessments"], years=[2023],
        note=f"{int(crm['strategic'].sum())} of {len(crm)} are also strategic raw materials (Annex I). "
             "“no data”: no recycling input rate in the SCRREEN factsheets.")
ui.downloads(crm, "crm_2023_list", ["crm_2023_list"], key="crm")
