"""Regions like mine: the regions most similar to a chosen one on a chosen set of indicators (render only)."""

import streamlit as st

from minedash.app import state, ui
from minedash.data import db
from minedash.domain import regions as rules
from minedash.i18n import _

ui.page_header(
    _("Regions like mine"),
    _("Which regions of the same NUTS level are most like this one in size, prosperity, industry and CRM sites?"),
)
regs = db.query("regions")
level = state.get("level", 2, choices={0, 1, 2, 3})
# Labels and the nearest regions are the same for everyone on this view: built once, shared (ui.shared).
labels = ui.shared("similar-labels", lambda: rules.labels(regs[regs["level"] == level]))
region = state.get("region", "FI1D", describe=labels.get)
region = rules.at_level(region, level) if rules.at_level(region, level) in labels else next(iter(labels))
chosen = state.get_list("like", rules.SIMILARITY_DEFAULT, choices=rules.SIMILARITY)
n = state.get("nearest", 5, choices=range(1, 21))

c1, c2, c3 = st.columns([4, 3, 2])
kw = dict(key="sim_region", value=region, format_func=labels.get)
state.control(c1.selectbox, "region", _("Region"), list(labels), **kw)
kw = dict(key="sim_level", value=level, required=True, format_func=str)
state.control(c2.segmented_control, "level", _("NUTS level"), [0, 1, 2, 3], **kw)
state.control(c3.number_input, "nearest", _("How many"), key="sim_n", value=n, min_value=1, max_value=20, step=1)
kw = dict(key="sim_like", value=chosen, format_func=lambda i: _(rules.SIMILARITY[i]))
state.control(st.multiselect, "like", _("Compare on"), list(rules.SIMILARITY), **kw)

build = lambda: rules.similar(rules.similarity_inputs(level, chosen), region, n)  # noqa: E731
table, years, left_out = ui.shared("similar-nearest", build)
if left_out:
    names = ", ".join(_(rules.SIMILARITY[i]) for i in left_out)
    st.info(
        _("Left out, with no value for this region at this level or the same everywhere: {names}").format(names=names)
    )
if table.empty:
    ui.missing(_("No region of this level has values for all the chosen indicators."))
else:
    st.header(_("The {n} regions most like {region}").format(n=len(table) - 1, region=labels[region]))
    ui.table(
        lambda: rules.similar_table(table, years, regs, rules.SIMILARITY),
        key="similar",
        years=list(years.values()),
        note=_("First row: the chosen region."),
        download="similar",
    )
st.caption(_(rules.SIMILARITY_METHOD))
