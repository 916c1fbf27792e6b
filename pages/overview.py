"""Partnership overview (home): what the S3 partnership is, who takes part, headline figures, its hub (members,
contacts, documents, news and events, kept by the lead regions in data/partnership), where to go next."""

import streamlit as st

from minedash.app import state, tables, ui
from minedash.charts.overview import partnership_map, timeline
from minedash.data import db, geo
from minedash.domain import partnership
from minedash.domain.vocabulary import named
from minedash.i18n import _

ui.page_header(partnership.name(), _("What is the partnership, which regions take part, and how large are they?"))
# What the page derives from the warehouse and the hub files is built once for everyone (ui.shared).
regions, members = ui.shared(
    "overview-regions", lambda: (named(db.query("partnership_map")), named(db.query("partnership_regions")))
)
hub = ui.shared("overview-hub", lambda: partnership.hub(set(db.query("regions")["nuts_id"])))
present = state.present_mode()
ui.refused(hub.problems)

# What it is: the lead regions' own text (data/partnership/about.yaml), each statement with its page. Hub text stays
# as they write it (in English); its containers are keyed "hub-text-…" so the language check can tell it apart.
about, areas = st.columns([3, 2], gap="large")
with about, st.container(key="hub-text-about"):
    if hub.about["summary"]:
        ui.cited(hub.about["summary"], "https://s3platform.jrc.ec.europa.eu/mining-industry", "S3 Platform")
    st.markdown(_("**Aims**"))
    ui.cited_lines((f"• {aim.text}", aim.source, None, None) for aim in hub.about["aims"].itertuples())
with areas, st.container(key="hub-text-themes"):
    st.markdown(_("**Focus**"))
    ui.cited_lines((t.text, t.source, None, t.title) for t in hub.about["themes"].itertuples())

# --- Who takes part: map and members panel ---------------------------------------------------------------
st.header(_("Member regions and related networks"))
countries = db.query("region_shapes", level=0)
map_col, list_col = st.columns([5, 4], gap="large")
with map_col:
    fig = lambda: partnership_map(regions, countries, present=present, countries_url=geo.nuts_geojson_url(0))  # noqa: E731
    note = ui.shared("overview-networks", lambda: partnership.national_networks_note(regions))
    ui.chart(fig, regions, members, key="partnership-map", years=members["year_joined"], note=note)
with list_col:
    panel = ui.shared("hub-members", lambda: partnership.hub_members(hub.members, regions))
    note = _("Members as documented in May 2019; no later joiners or leavers were found in public sources.")
    kw = dict(column_config=tables.HUB_MEMBERS, height=38 + 35 * len(panel), download="partnership_members")
    ui.table(panel, key="members", note=note, **kw)
    gap = ui.shared("overview-gap", lambda: partnership.membership_gap(hub.members, members))
    if gap:
        st.warning(gap, icon=":material/sync_problem:")

# --- Headline figures ------------------------------------------------------------------------------------
st.header(_("Headline figures for the member regions"))
heads, sites = ui.shared(
    "overview-headlines", lambda: (named(db.query("partnership_headlines")), named(db.query("partnership_crm_sites")))
)
flags, note = ui.shared("overview-headline-citation", lambda: partnership.headline_citation(heads))
kw = dict(column_config=tables.HEADLINES, years=heads["year"], flags=flags, note=note)
ui.table(lambda: partnership.headline_table(heads, sites), key="headline_table", **kw)
with st.expander(_("Which CRM sites and strategic projects?")):
    kw = dict(key="sites_by_region", column_config=tables.SITES_BY_REGION)
    ui.table(lambda: sites[list(tables.SITES_BY_REGION)], sites, **kw)
ui.downloads(lambda: partnership.headline_download(heads, sites), "partnership_headline_figures", key="headlines")

# --- News and events since 2017 ----------------------------------------------------------------------------
st.header(_("News and events since {year}").format(year=partnership.TIMELINE_SINCE))
events = ui.shared("overview-events", lambda: partnership.timeline(hub.events, hub.about["themes"]))
if events.empty:
    ui.missing(_("No events are recorded in data/partnership/events.yaml."))
else:
    note = _("Each entry links its source in the table below")
    ui.chart(
        lambda: timeline(events, present=present), events, key="timeline", years=events["start"].dt.year, note=note
    )
    with st.expander(_("Every event, with its place, theme and source"), expanded=not present):
        ui.table(lambda: events[list(tables.EVENTS)], events, key="events", column_config=tables.EVENTS)

# --- Documents and contacts --------------------------------------------------------------------------------
st.header(_("Documents"))
ui.table(lambda: partnership.documents(hub.documents), key="documents", column_config=tables.DOCUMENTS)
st.header(_("Contacts"))
st.caption(_("Organisations and their roles; reach people through each organisation's web page."))
with st.container(key="hub-text-contacts"):
    ui.contact_cards(hub.contacts, per_row=2 if present else 4)

# --- Where it comes from, and what is not documented -------------------------------------------------------
grew, gaps = st.columns(2, gap="large")
with grew, st.container(key="hub-text-origins"):
    st.markdown(_("**Grew from**"))
    ui.cited_lines((item.text, item.source, None, None) for item in hub.about["origins"].itertuples())
with gaps, st.container(key="hub-text-gaps"):
    st.markdown(_("**Not documented in the public sources read**"))
    ui.cited_lines((f"• {item.text}", item.source, None, None) for item in hub.about["not_documented"].itertuples())

# --- Where to go next ------------------------------------------------------------------------------------------
if not present:
    st.header(_("Where to go next"))
    c1, c2, c3 = st.columns(3, gap="large")
    with c1:
        st.markdown(_("**Policymakers** — where does my region stand, against whom, from which source?"))
        ui.page_link("pages/regions.py", _("Compare regions"), ":material/compare_arrows:")
        ui.page_link("pages/criticality.py", _("Critical raw materials"), ":material/diamond:")
        ui.page_link("pages/sources.py", _("Data & sources: licences and vintages"), ":material/database:")
    with c2:
        st.markdown(_("**Workshop presenters** — a link that reopens this view, a projector mode."))
        ui.page_link(
            "pages/overview.py", _("Open this page in presentation mode"), ":material/slideshow:", {"present": "1"}
        )
        st.caption(_("Every page has “Link to this view”; the sidebar holds the playlist of saved views."))
    with c3:
        st.markdown(_("**Lead regions** — progress, the monitoring report, the hub files."))
        ui.page_link("pages/progress.py", _("Progress and the monitoring report"), ":material/trending_up:")
        ui.page_link("pages/regions.py", _("Peers of Lapland"), ":material/groups:", {"region": "FI1D7"})
        st.caption(_("The text, members, contacts, documents and events above come from data/partnership/*.yaml."))
