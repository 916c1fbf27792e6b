"""CRM Act 2030 benchmarks: how far is the EU from each benchmark, strategic raw material by strategic raw material?"""
import streamlit as st

from minedash import db, state, ui
from minedash.charts import benchmarks as bm

ui.page_header("CRM Act 2030 benchmarks",
               "For each strategic raw material: how close is the EU to the 2030 benchmarks of the Critical Raw Materials Act?")
table = bm.status_table(db.query("benchmark_status"))
wide = bm.wide(table)
present = state.present_mode()

st.markdown("**✓ meets** (green) · **~ within reach** (amber) · **✗ far** (red) · **– no data** (grey). " + bm.AMBER_RULE)
wide["factsheet"] = "/material?material=" + wide["material_id"]
shown = wide.drop(columns="material_id")
st.dataframe(bm.styled(shown), hide_index=True, width="stretch", height=38 + 35 * len(wide),
             # the link right after the name, so a projector's larger type never clips it off the right edge
             column_order=["material", "factsheet", *[c for c in shown.columns if c not in ("material", "factsheet")]],
             column_config={"material": "Strategic raw material",
                            "factsheet": st.column_config.LinkColumn("Factsheet", display_text="open")})
ui.cite(["crm_assessments", "crm_2023_list", "crma_benchmarks"], years=[2023],
        note="Supply shares: 2023 CRM study (EU sourcing); EoL-RIR: SCRREEN factsheets; benchmarks: Regulation (EU) 2024/1252, Art. 5")
ui.downloads(table.drop(columns=["symbol"]), "crma_benchmarks_status", ["crm_assessments", "crm_2023_list", "crma_benchmarks"])

st.subheader("What each figure measures")
for b, label in bm.COLUMNS.items():
    st.markdown(f"**{label}** — {bm.NOTES[b]}")
st.caption("HREEs and LREEs are both flagged strategic in the 2023 list; together they are the Act's entry “rare earth elements "
           "for magnets”, so the grid has 18 rows for the Act's 17 entries.")
