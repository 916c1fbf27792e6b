"""Production explorer: World Mining Data 2024, 65 commodities by country, 2018–2022."""

import streamlit as st

from minedash.app import state, ui
from minedash.charts import materials as charts
from minedash.data import db, geo
from minedash.domain import materials as rules
from minedash.domain.flags import FLAG_NAMES
from minedash.domain.vocabulary import named
from minedash.i18n import _

ui.page_header(
    _("Production explorer"),
    _(
        "Who produces which mineral commodity, how has it changed since 2018, and how much comes from the EU and the "
        "partnership countries?"
    ),
)
YEARS = rules.WMD_YEARS
present = state.present_mode()
# What the page derives from the view is built once for everyone on it (ui.shared): names and units in the view's
# language, ids as ever.
coms = ui.shared("production-commodities", lambda: rules.commodities(db.query("production_commodities")))
labels = ui.shared("production-labels", lambda: dict(zip(coms["commodity_id"], coms["label"])))
commodity = state.get("commodity", "cobalt", choices=labels, describe=labels.get)
com = ui.shared("production-commodity", lambda: coms.set_index("commodity_id").loc[commodity])
unit = com["unit"]
all_iso, default = ui.shared("production-producers", lambda: rules.producers(commodity))
year = state.get("year", YEARS[-1], choices=YEARS)
countries = state.get_list("countries", default, choices=all_iso, max_items=10)

c1, c2 = st.columns([2, 3], vertical_alignment="bottom")
with c1:  # another commodity has other producers: the country choice starts again from its defaults
    state.control(
        st.selectbox,
        "commodity",
        _("Commodity"),
        list(labels),
        key="prod_commodity",
        value=commodity,
        format_func=labels.get,
        also=lambda _: {"countries": None},
    )
with c2:
    state.control(st.segmented_control, "year", _("Year"), YEARS, key="prod_year", value=year, required=True)

st.header(_("Producers of {commodity}, {year}").format(commodity=com["commodity"], year=year))
prod = ui.shared("production-map", lambda: named(db.query("production_map", commodity=commodity, year=year)))
if prod.empty:
    ui.missing(
        _("World Mining Data lists no production of {commodity} in {year}.").format(
            commodity=com["commodity"], year=year
        )
    )
else:
    prod = ui.shared("prod-hover", lambda: rules.production_hover(prod, unit, FLAG_NAMES))
    shapes = ui.shared("production-shapes", lambda: named(db.query("country_shapes")))
    fig = lambda: charts.world_map(  # noqa: E731 - built once for everyone on this view (ui.chart)
        shapes, prod, value="value", hover="hover", colorbar=unit, present=present, geojson_url=geo.world_geojson_url()
    )
    ev = ui.chart(
        fig,
        prod,
        shapes,
        key="prod-map",
        on_select="rerun",
        years=[year],
        flags=prod["flag"],
        note=rules.producers_note(unit, prod["world_value"].iloc[0]),
    )
    for iso2 in charts.picked_countries(ev, set(prod.loc[prod["in_nuts"], "iso2"])):
        label = _("Regions of {country} on the regions page").format(country=iso2)
        ui.page_link("pages/regions.py", label, ":material/map:", {"region": iso2})
    with st.expander(_("Table: {n} producers").format(n=len(prod))):
        table = ui.shared("production-table", lambda: prod.drop(columns=["hover", "in_nuts"]))
        st.dataframe(table, hide_index=True, width="stretch")
        ui.cite(prod, years=[year], flags=prod["flag"])
        ui.downloads(table, f"{commodity}_{year}_producers", key="dl-map")

st.header(_("Trend for chosen countries"))
state.control(
    st.multiselect,
    "countries",
    _("Countries"),
    list(all_iso),
    key="prod_countries",
    value=countries,
    format_func=lambda i: all_iso.get(i, i),
    max_selections=10,
)
trend = ui.shared(
    "production-trend", lambda: named(db.query("production_trend", commodity=commodity, countries=countries))
)
if trend.empty:
    ui.missing(_("World Mining Data lists no production of this commodity for the chosen countries."))
else:
    absent = sorted(set(countries) - set(trend["iso2"]))
    ui.chart(
        lambda: charts.trend_lines(trend, unit=unit, present=present),
        trend,
        key="prod-trend",
        years=trend["year"],
        flags=trend["flag"],
        note=rules.trend_note(unit, absent),
    )
    ui.downloads(trend, f"{commodity}_trend", key="dl-trend")

st.header(_("Share of world output: EU-27 and partnership countries"))
sh, flags = ui.shared("production-shares", lambda: rules.commodity_shares(commodity))
note = _(
    "World total: WMD's own total; EU-27: sum of the member states WMD lists. Partnership countries: Finland, Sweden, "
    "Spain, Greece. A gap means no output listed (not zero)."
)
if sh["value"].notna().any():
    fig = lambda: charts.share_lines(sh, present=present)  # noqa: E731
    ui.chart(fig, sh, key="prod-shares", years=sh["year"], flags=flags, note=note)
else:
    ui.missing(
        _("Neither the EU-27 nor the partnership countries are listed as producers of {commodity}.").format(
            commodity=com["commodity"]
        )
    )
    ui.cite(sh, years=sh["year"], flags=flags, note=note)
ui.downloads(sh, f"{commodity}_shares", key="dl-shares")
