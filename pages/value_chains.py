"""Value chains and SMEs: where each region sits in the raw-material value chain."""

import streamlit as st

from minedash.app import state, tables, ui, uploads
from minedash.charts import value_chains as charts
from minedash.data import db, geo
from minedash.domain import value_chains as vc
from minedash.domain.vocabulary import named
from minedash.i18n import _

ui.page_header(
    _("Value chains and SMEs"),
    _(
        "Where does each region sit in the raw-material value chain — from mine to refinery and recycling — and "
        "where could regional SMEs plug in?"
    ),
)
present = state.present_mode()
materials = db.query("chain_materials")
mat_names = ui.shared("material-names", lambda: vc.materials_in_chains(materials))
everywhere = dict(material="", stage="", status="", country="")
all_sites = ui.shared("all-sites", lambda: named(db.query("facilities_sites", **everywhere)))
members, points = ui.shared("members", lambda: named(db.query("partnership_regions"))), db.query("chain_region_points")
member_names = dict(zip(members["nuts_id"], members["region_name"]))

# ---------------------------------------------------------------- 1. facilities map
st.header(_("Critical raw material sites in Europe"))
view = {}  # material, stage, status, country: '' = all
filters = ui.shared("filters", lambda: vc.site_filters(mat_names, all_sites))
for col, (name, label, options, everything) in zip(st.columns(4), filters):
    view[name] = state.get(name, "", choices=["", *options], describe=lambda v, e=everything: e.lower())
    with col:
        fmt = lambda v, o=options, e=everything: o.get(v, e)  # noqa: E731
        state.control(st.selectbox, name, label, ["", *options], key=f"w_{name}", value=view[name], format_func=fmt)
site_id = state.get("site", None, describe=lambda v: _("no site"))
sites = ui.shared("sites", lambda: named(db.query("facilities_sites", **view)))
where = {k: view[k] for k in ("material", "stage", "country")}
projects = ui.shared("projects", lambda: named(db.query("facilities_projects", **where)))
survey_pts = uploads.survey_points(points)
kw = dict(survey=survey_pts, selected=site_id, present=present)
deck = lambda: charts.site_map(sites, projects, geo.nuts_geojson_url(0), db.query("region_member_shapes"), **kw)  # noqa: E731
deck = ui.shared("sites-map", deck) if survey_pts is None else deck()  # a session's survey: its own map
pick = state.on_select("sites_map", "site", charts.picked_site)
summary = ui.shared("sites-summary", lambda: charts.sites_summary(sites, projects))
table = ui.shared("sites-table", lambda: charts.sites_table(sites, projects))
ui.deck(deck, key="sites_map", summary=summary, table=table, on_select=pick)
st.html(ui.shared("legend", charts.legend_html))
options = ui.shared("site-options", lambda: charts.site_options(sites))
ui.pick_list("site", _("Sites on the map"), options, key="w_site", value=site_id)
st.caption(charts.sites_caption(sites, projects))
note = _("CRM atlas: a seed dataset compiled from public knowledge (author's caveat); each site has its own source")
ui.cite(sites, projects, years=ui.shared("checked", lambda: vc.checked_years(all_sites)), note=note)
ui.downloads(sites, "crm_sites", key="sites")
if site_id:
    with st.container(border=True):
        left, right = st.columns([4, 1])
        row = all_sites.set_index("facility_id").loc[site_id]
        left.markdown(charts.site_card(row))
        with right:
            state.button(_("Clear selection"), key="clear_site", site=None)
        if isinstance(row["note"], str):
            st.caption(row["note"])
        ui.cite(all_sites, note=_("Site source: {url}").format(url=row["source_url"]))

# ---------------------------------------------------------------- 2. value-chain position
st.header(_("Value-chain position of the regions"))
level = state.get("level", 2, choices=vc.LEVELS, describe=lambda v: _(vc.LEVELS[v]))
rows = state.get("rows", "members", choices=vc.ROWS, describe=lambda v: _(vc.ROWS[v]))
region = state.get("region", None, describe=lambda v: _("the lead region"))
highlight = vc.nearest_member(region, members)  # narrowed for this page; the URL keeps `region`
c1, c2, c3 = st.columns([1, 1, 2])
with c1:
    kw = dict(key="w_level", value=level, format_func=lambda v: _(vc.LEVELS[v]))
    state.control(st.selectbox, "level", _("Level"), list(vc.LEVELS), **kw)
with c2:
    kw = dict(key="w_rows", value=rows, format_func=lambda v: _(vc.ROWS[v]))
    state.control(st.selectbox, "rows", _("Rows"), list(vc.ROWS), **kw)
with c3:
    kw = dict(key="w_region", value=highlight, format_func=lambda v: f"{v} {member_names[v]}")
    state.control(st.selectbox, "region", _("Member region to highlight"), list(member_names), **kw)
if region and region != highlight:
    nearest = _("{region} is not a member region: {member}, the member nearest to it, is shown.")
    st.caption(nearest.format(region=region, member=member_names[highlight]))
table = ui.shared("matrix-table", lambda: vc.matrix_view(named(db.query("chain_matrix", level=level)), rows))
fig = lambda: charts.matrix_figure(table, highlight=vc.matrix_highlight(table, highlight), present=present)  # noqa: E731
ui.chart(fig, table, key="matrix", note=_(charts.MATRIX_KEY), download=f"value_chain_matrix_nuts{level}")
uploads.survey_matrix(present)

st.markdown(_("**Material → stage → place**"))
first = ui.shared("flow-default", lambda: vc.default_flow_materials(materials))
chosen = state.get_list("materials", first, choices=mat_names, max_items=12)
flow_level = state.get("flow_level", 0, choices=vc.PLACES, describe=lambda v: _(vc.PLACES[v]))
c1, c2 = st.columns([3, 1])
with c1:
    kw = dict(key="w_materials", value=chosen, format_func=mat_names.get, max_selections=12)
    state.control(st.multiselect, "materials", _("Materials"), list(mat_names), **kw)
with c2:
    kw = dict(key="w_flow_level", value=flow_level, format_func=lambda v: _(vc.PLACES[v]), horizontal=True)
    state.control(st.radio, "flow_level", _("Places"), list(vc.PLACES), **kw)
flows = ui.shared("flows", lambda: named(db.query("chain_flows", materials=chosen, level=flow_level)))
if flows.empty:
    ui.missing(_("No atlas site handles the chosen materials."))
else:
    note = _("Width = number of atlas sites; a site handling two of the chosen materials counts once for each.")
    fig = lambda: charts.sankey_figure(flows, present=present)  # noqa: E731
    ui.chart(fig, flows, key="sankey", note=note, download="material_stage_place")

st.markdown(_("**Member region profiles**"))
profiles = ui.shared("profiles", lambda: named(db.query("chain_profiles")))
cols = st.columns(2)
for i, nuts_id in enumerate(member_names):
    with cols[i % 2].container(border=True):
        title = f"{nuts_id} {member_names[nuts_id]}"
        st.markdown(f"**{title}**" if nuts_id != highlight else f"**:orange[{title}]**")
        sentences = ui.shared(f"profile-{nuts_id}", lambda n=nuts_id: vc.profile_sentences(profiles, n))
        st.markdown("\n".join(f"- {s}" for s in sentences))
ui.cite(profiles, note=_(vc.PROFILES_NOTE))
ui.downloads(profiles, "member_chain_profiles", key="profiles")

# ---------------------------------------------------------------- 3. SME structure, 4. the partnership's SME mapping
st.header(_("SME structure"))
shares = db.query("chain_sme_shares")
if shares.empty:
    ui.missing(_(vc.NO_SBS))
else:
    naces = sorted(set(shares["nace"]))
    nace = state.get("nace", "B" if "B" in naces else naces[0], choices=naces)
    measure = state.get("measure", "enterprises", choices=vc.MEASURES)
    c1, c2 = st.columns(2)
    with c1:
        state.control(st.selectbox, "nace", _("Activity (NACE Rev. 2)"), naces, key="w_nace", value=nace)
    with c2:
        kw = dict(key="w_measure", value=measure, format_func=vc.measure_name)
        state.control(st.selectbox, "measure", _("Share of"), vc.MEASURES, **kw)
    d = db.with_sources(vc.sme_latest(shares, nace, measure), shares)
    if d.empty:
        ui.missing(_("No size-class shares for this activity and measure."))
    else:
        kw = dict(years=d["year"], flags=d["flag"], note=_("latest year per country"), download=f"sme_shares_{nace}")
        ui.chart(lambda: charts.sme_figure(d, present=present), d, key="sme", **kw)
for query, title, columns, note in vc.TRANSCRIBED:
    st.markdown(_(title))
    t = db.query(query)
    view = lambda t=t, columns=columns: vc.transcribed_view(t, columns)  # noqa: E731
    ui.table(view, t, key=query, column_config=tables.TRANSCRIBED, years=t["year"], note=_(note))
    ui.downloads(t, query.removeprefix("chain_") + "_transcribed", key=query)

st.header(_("Map your region's SMEs"))
uploads.section(points["nuts_id"], materials)
