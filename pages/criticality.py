"""EU criticality assessment: supply risk against economic importance, per assessment year; the 34 CRMs of 2023."""

import streamlit as st

from minedash.app import state, tables, ui
from minedash.charts import materials as charts
from minedash.data import db
from minedash.domain import materials as rules
from minedash.domain.vocabulary import named
from minedash.i18n import _

ui.page_header(
    _("Criticality of raw materials"),
    _(
        "Which raw materials does the EU rate as critical — high supply risk and high economic importance — "
        "and how did they move between assessments?"
    ),
)
YEARS = rules.ASSESSMENT_YEARS
# What the page derives from the view is built once for everyone on it (ui.shared).
names = ui.shared("criticality-names", lambda: rules.names(db.query("material_list")))
year = state.get("year", YEARS[-1], choices=YEARS)
material = state.get("material", None, choices=names, describe=names.get)
moves = state.get("moves", "0") == "1"
YEAR_ONLY = dict(regardless_of=("material", "moves"))  # the year's assessment, whichever material is chosen
df = ui.shared("criticality-scatter", lambda: named(db.query("criticality_scatter", year=year)), **YEAR_ONLY)
assessed = ui.shared("criticality-assessed", lambda: dict(zip(df["material_id"], df["material"])), **YEAR_ONLY)

# The year control gets the widest column: all five years must stay visible, in presentation mode too.
c1, c2, c3 = st.columns([5, 3, 5], vertical_alignment="bottom")
with c1:
    state.control(st.segmented_control, "year", _("Assessment year"), YEARS, key="crit_year", value=year, required=True)
with c2:
    state.control(
        st.toggle,
        "moves",
        _("Show moves"),
        key="crit_moves",
        value=moves,
        to_url=lambda on: "1" if on else None,
        disabled=year == YEARS[0],
        help=_("Since the previous assessment: a grey line from each material's position then to its position now."),
    )
with c3:
    state.control(
        st.selectbox,
        "material",
        _("Find a material"),
        list(assessed),
        key="crit_material",
        value=material if material in assessed else None,
        format_func=assessed.get,
        placeholder=_("Choose a material, or click a point"),
    )

present = state.present_mode()
fig = lambda: charts.criticality_scatter(  # noqa: E731 - built once for everyone on this view (ui.chart)
    df, show_moves=moves and year != YEARS[0], selected=material, present=present
)
ui.chart(
    fig,
    df,
    key="crit_scatter",
    on_select=state.on_select("crit_scatter", "material", charts.picked_material),
    years=[year, *ui.shared("criticality-years", lambda: df["prev_year"].dropna().unique(), **YEAR_ONLY)],
    note=ui.shared("criticality-note", lambda: rules.criticality_note(df, year), **YEAR_ONLY),
)
ui.downloads(df, f"criticality_{year}", key="crit")

if material:
    row = df[df["material_id"] == material]
    if row.empty:
        st.info(
            _("{material} was not assessed in {year}.").format(material=names[material], year=year),
            icon=":material/info:",
        )
    else:
        st.markdown(charts.criticality_sentence(row.iloc[0], year))
    l1, l2 = st.columns(2)
    with l1:
        ui.page_link(
            "pages/material.py",
            _("Open the {material} factsheet").format(material=names[material]),
            ":material/science:",
            {"material": material},
        )
    with l2:
        ui.page_link(
            "pages/value_chains.py",
            _("{material} in the value chains").format(material=names[material]),
            ":material/account_tree:",
            {"material": material},
        )

st.header(_("The 34 critical raw materials of 2023"))
crm = db.query("criticality_crm_list")
note = _(
    "{strategic} of {total} are also strategic raw materials (Annex I). “no data”: no recycling input rate in the "
    "SCRREEN factsheets."
).format(strategic=int(crm["strategic"].sum()), total=len(crm))
shown = ui.shared("criticality-crm", lambda: rules.crm_list_shown(crm), regardless_of=("year", "material", "moves"))
ui.table(shown, crm, key="crm", column_config=tables.CRM_LIST, years=[2023], note=note)
ui.downloads(crm, "crm_2023_list", key="crm")
