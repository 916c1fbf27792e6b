"""CRM Act 2030 benchmarks: how far is the EU from each benchmark, strategic raw material by strategic raw material?"""

import streamlit as st

from minedash.app import state, tables, ui
from minedash.charts import benchmarks as charts
from minedash.data import db
from minedash.domain import benchmarks as rules
from minedash.i18n import _

ui.page_header(
    _("CRM Act 2030 benchmarks"),
    _("For each strategic raw material: how close is the EU to the 2030 benchmarks of the Critical Raw Materials Act?"),
)
status = db.query("benchmark_status")
# Built once for everyone on the view (ui.shared): the status rule, the grid, its colours and its summary.
table = ui.shared("status", lambda: rules.status_table(status))
grid = ui.shared("grid", lambda: rules.wide(table).drop(columns="material_id"))

key = _("**✓ meets** (blue) · **~ within reach** (yellow) · **✗ far** (orange) · **– no data** (grey).")
st.markdown(key + " " + _(rules.AMBER_RULE))
# the link right after the name, so a projector's larger type never clips it off the right edge
# on a projector the links are of no use and their column would push the last benchmark off the screen
order = ["material", *([] if state.present_mode() else ["factsheet"]), *rules.column_labels().values()]
st.dataframe(
    charts.styled(grid, ui.shared("grid-styles", lambda: charts.cell_styles(grid))),
    hide_index=True,
    width="stretch",
    height=38 + 35 * len(grid),
    column_order=order,
    column_config=tables.BENCHMARKS,
    alt=ui.shared("grid-summary", lambda: charts.grid_summary(table)),
)
ui.cite(
    status,
    years=[2023],
    note=_(
        "Supply shares: 2023 CRM study (EU sourcing); EoL-RIR: SCRREEN factsheets; "
        "benchmarks: Regulation (EU) 2024/1252, Art. 5"
    ),
)
ui.downloads(lambda: table.drop(columns=["symbol"]), "crma_benchmarks_status")

st.header(_("What each figure measures"))
st.markdown("\n\n".join(f"**{_(label)}** — {_(rules.NOTES[b])}" for b, label in rules.COLUMNS.items()))  # one element
st.caption(
    _(
        "HREEs and LREEs are both flagged strategic in the 2023 list; together they are the Act's entry “rare earth "
        "elements for magnets”, so the grid has 18 rows for the Act's 17 entries."
    )
)
