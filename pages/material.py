"""Material factsheet: supply by country, concentration, EU sourcing, recycling, end uses, production, projects."""

import streamlit as st

from minedash.app import state, tables, ui
from minedash.charts import materials as charts
from minedash.data import db, geo
from minedash.domain import materials as rules
from minedash.domain.vocabulary import named
from minedash.i18n import _

ui.page_header(_("Material factsheet"), _(rules.FACTSHEET_QUESTION))
STAGES = rules.SUPPLY_STAGES
present = state.present_mode()
mats = db.query("material_list")
# What the page derives from the view is built once for everyone on it (ui.shared), in the view's language; the URL
# keeps the ids.
names, labels = ui.shared("material-names", lambda: (rules.names(mats), rules.labels(mats)))
material = state.get("material", "cobalt", choices=names, describe=names.get)
stage = state.get("stage", "processing", choices=STAGES)
facts_df, supply, conc, with_global = ui.shared("material-frames", lambda: rules.factsheet_frames(material))
facts, name = facts_df.iloc[0], facts_df.iloc[0]["material"]
# Groups (HREEs, LREEs, PGMs): supply shares are published per element, so the page offers the elements (with_global).
element = state.get("element", with_global[0], choices=with_global, describe=names.get) if with_global else None
supply_id = element or material
drop_element = {"also": lambda _: {"element": None}}  # another material: the previous group's element goes

kw = dict(key="mat_material", value=material, format_func=labels.get, width=420)
state.control(st.selectbox, "material", _("Material"), list(names), **kw, **drop_element)
with st.container(horizontal=True):  # where else this material appears
    ui.page_link(
        "pages/criticality.py", _("On the criticality chart"), ":material/scatter_plot:", {"material": material}
    )
    label = _("{material} in the value chains").format(material=name)
    ui.page_link("pages/value_chains.py", label, ":material/account_tree:", {"material": material})
    if isinstance(facts["group_id"], str):
        label = _("Part of the group {group}").format(group=facts["group_name"])
        ui.page_link("pages/material.py", label, ":material/workspaces:", {"material": facts["group_id"]})
ui.metrics(ui.shared("material-identity", lambda: rules.identity(facts)))
ui.cite(facts_df, years=[facts["latest_assessment"]], note=rules.eol_note(facts))
if rules.elements(facts):
    label = _("{material} groups these elements — open one").format(material=name)
    kw = dict(key="mat_elements", value=None, format_func=names.get)
    state.control(st.pills, "material", label, rules.elements(facts), **kw, **drop_element)
if element:
    kw = dict(key="mat_element", value=element, format_func=names.get, width=420)
    state.control(st.selectbox, "element", _("Global supply is published per element — show"), with_global, **kw)


def stage_charts(scope: str, mid: str) -> None:
    """One bar chart a stage (extraction, processing) of one supply scope, with its key figures and citation."""
    for col, stg in zip(st.columns(2), STAGES):
        d = ui.shared(f"supply-{scope}-{stg}", lambda stg=stg: rules.supply(supply, mid, scope, stg))
        with col:
            if d.empty:
                ui.missing(rules.no_shares(scope, names[mid], stg))
                continue
            k = ui.shared(f"conc-{scope}-{stg}", lambda stg=stg: rules.concentration(conc, mid, scope, stg))
            if scope == "eu_sourcing":
                st.metric(*rules.inside_eu(stg, k))
            title = rules.supply_title(names[mid], scope, stg)
            fig = lambda d=d, title=title: charts.supply_bar(d, title=title, present=present)
            ui.chart(fig, d, key=f"{scope}-{stg}", years=[2023], note=rules.supply_note(scope, k))
            if scope == "global":
                ui.metrics(rules.concentration_figures(k))
            ui.downloads(lambda d=d: d.drop(columns=["in_nuts"]), f"{mid}_{scope}_{stg}", key=f"dl-{scope}-{stg}")


st.header(_("Global supply"))
glob = ui.shared("supply-global", lambda: rules.supply(supply, supply_id, "global"))
if glob.empty:
    ui.missing(_("The 2023 CRM study gives no global supply shares for {material}.").format(material=names[supply_id]))
else:
    stage_charts("global", supply_id)
    st.subheader(_("On the map"))
    kw = dict(key="mat_stage", value=stage, required=True, format_func=rules.stage_name)
    stage = state.control(st.segmented_control, "stage", _("Stage"), STAGES, **kw)
    d = ui.shared("map-shares", lambda: rules.map_shares(glob, stage))
    shapes = ui.shared("material-shapes", lambda: named(db.query("country_shapes")))
    if d.empty:
        ui.missing(rules.no_shares("global", names[supply_id], stage))
    else:
        kw = dict(value="share", hover="hover", colorbar=_("Share (%)"), geojson_url=geo.world_geojson_url())
        fig = lambda: charts.world_map(shapes, d, present=present, **kw)  # noqa: E731
        note = _("Grey: no share published. Bounded shares ('<0.1%') coloured at their upper bound.")
        ev = ui.chart(fig, d, shapes, key="sup-map", years=[2023], note=note, on_select="rerun")
        for iso2 in charts.picked_countries(ev, set(d.loc[d["in_nuts"], "iso2"])):
            label = _("Regions of {country} on the regions page").format(country=iso2)
            ui.page_link("pages/regions.py", label, ":material/map:", {"region": iso2})

st.header(_("EU sourcing"))
if ui.shared("supply-eu", lambda: rules.supply(supply, material, "eu_sourcing")).empty:
    ui.missing(_("The 2023 CRM study gives no EU sourcing shares for {material}.").format(material=name))
else:
    stage_charts("eu_sourcing", material)

st.header(_("End uses"))
uses, uses_id = rules.end_uses(db.query("material_end_uses", material=material), material, supply_id)
if uses_id != material:  # a group without its own end uses: the chosen element's
    uses = db.query("material_end_uses", material=uses_id)
    st.caption(_("End uses of {material}, the element chosen above.").format(material=names[uses_id]))
if uses.empty:
    ui.missing(_("The 2023 CRM study gives no end-use shares for {material}.").format(material=name))
else:
    note = _("Share of EU end use by application; NACE sector in the hover.")
    kw = dict(key="uses", years=[2023], note=note, download=f"{uses_id}_end_uses")
    ui.chart(lambda: charts.end_uses_bar(uses, present=present), uses, **kw)

st.header(_("World production (World Mining Data)"))
coms = ui.shared("material-commodities", lambda: rules.commodities(db.query("material_commodities", material=material)))
if coms.empty:
    ui.missing(rules.no_commodity(name))
for c in coms.itertuples():
    sh, flags = ui.shared(f"material-shares-{c.commodity_id}", lambda c=c: rules.commodity_shares(c.commodity_id))
    st.markdown("### " + ui.plain(c.heading))
    figures = lambda sh=sh, c=c: rules.production_figures(sh, c.unit)  # noqa: E731
    ui.metrics(ui.shared(f"material-figures-{c.commodity_id}", figures))
    kw = dict(years=sh["year"], flags=flags, note=rules.production_note(c.unit))
    fig = lambda sh=sh: charts.share_lines(sh, present=present)  # noqa: E731
    ui.chart(fig, sh, key=f"prod-{c.commodity_id}", download=f"{c.commodity_id}_shares", **kw)
    label = _("Explore {commodity} in the production explorer").format(commodity=c.commodity)
    ui.page_link("pages/production.py", label, ":material/public:", {"commodity": c.commodity_id})

st.header(_("Strategic projects and sites in Europe"))
proj = ui.shared(
    "material-projects", lambda: rules.listed(named(db.query("material_projects", material=material)), "scope")
)
fac = ui.shared(
    "material-sites", lambda: rules.listed(named(db.query("material_facilities", material=material)), "status")
)
if proj.empty:
    ui.missing(_("No CRM Act strategic project lists {material}.").format(material=name))
else:
    note = _(
        "Strategic projects (EU and outside) matched on the material, its group or its elements (column “{column}”)."
    ).format(column=_("Matched on"))
    kw = dict(column_config=tables.MATERIAL_TABLES, download=f"{material}_strategic_projects")
    ui.table(proj, key="proj", years=[2025], note=note, **kw)
if fac.empty:
    ui.missing(_("The CRM atlas lists no European site handling {material}.").format(material=name))
else:
    note = _("Sites matched on the material, its group or its elements; status as last checked.")
    kw = dict(column_config=tables.MATERIAL_TABLES, download=f"{material}_facilities")
    ui.table(fac, key="fac", years=ui.shared("material-checked", lambda: rules.checked_years(fac)), note=note, **kw)
