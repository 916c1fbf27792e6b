"""Production explorer: World Mining Data 2024, 65 commodities by country, 2018–2022."""
import streamlit as st

from minedash import db, maps, state, ui
from minedash.charts import PLOTLY_CONFIG
from minedash.charts import materials as charts

YEARS = [2018, 2019, 2020, 2021, 2022]
present = state.present_mode()

coms = db.query("production_commodities")
labels = dict(zip(coms["commodity_id"], coms["commodity"] + " (" + coms["unit"] + ")"))
commodity = state.param("commodity", "cobalt", choices=labels, label="commodity", describe=labels.get)
year = state.param("year", YEARS[-1], choices=YEARS, parse=int, label="year")
com = coms.set_index("commodity_id").loc[commodity]
unit = com["unit"]
producers = db.query("production_countries", commodity=commodity)
all_iso = dict(zip(producers["iso2"], producers["country_name"]))
# Default: the three largest producers plus any partnership country that produces it.
default = list(producers["iso2"].head(3)) + [i for i in ("FI", "SE", "ES", "EL") if i in all_iso][:2]
countries = state.param_list("countries", dict.fromkeys(default), choices=all_iso, label="countries", max_items=10)
choices = list(all_iso)
ui.page_header("Production explorer", "Who produces which mineral commodity, how has it changed since 2018, and how "
                                      "much comes from the EU and the partnership countries?")

c1, c2 = st.columns([2, 3], vertical_alignment="bottom")
# Another commodity has other producers: the country choice starts again from its defaults.
c1.selectbox("Commodity", list(labels), format_func=labels.get, **{**state.bind("commodity", "prod_commodity", commodity),
             "on_change": lambda: state.set_params(commodity=st.session_state["prod_commodity"], countries=None)})
c2.segmented_control("Year", YEARS, required=True, **state.bind("year", "prod_year", year))

st.subheader(f"Producers of {com['commodity']}, {year}")
prod = db.query("production_map", commodity=commodity, year=year)
if prod.empty:
    ui.missing(f"World Mining Data lists no production of {com['commodity']} in {year}.")
else:
    flagged = prod["flag"].map(ui.FLAG_NAMES).fillna("")
    prod["hover"] = (prod["country_name"] + ": " + prod["value"].map("{:,.0f}".format) + f" {unit}"
                     + prod["share_of_world_pct"].map(lambda s: f" ({s:.1f}% of world)" if s == s else "")
                     + " · " + flagged)
    shapes = db.query("country_shapes")
    ev = st.plotly_chart(charts.world_map(shapes, prod, value="value", hover="hover", colorbar=unit, present=present,
                                         geojson_url=maps.world_geojson_url()),
                         config=PLOTLY_CONFIG, on_select="rerun", selection_mode="points", key="prod-map")
    ui.cite(["wmd2024", "naturalearth"], years=[year], flags=prod["flag"],
            note=f"Unit as WMD gives it: {unit}. World total {prod['world_value'].iloc[0]:,.0f} {unit} (WMD's own total). "
                 "Grey: no production listed. Click a European country to open its regions.")
    picked = [p["customdata"][0] for p in ((ev.selection.points if ev else None) or []) if p.get("customdata")]
    for iso2 in (i for i in picked if i in set(prod.loc[prod["in_nuts"], "iso2"])):
        ui.page_link("pages/regions.py", label=f"Regions of {iso2} on the regions page",
                                   icon=":material/map:", query_params={"region": iso2})
    with st.expander(f"Table: {len(prod)} producers"):
        table = prod.drop(columns=["hover", "in_nuts"])
        st.dataframe(table, hide_index=True, width="stretch")
        ui.cite(["wmd2024"], years=[year], flags=prod["flag"])
        ui.downloads(table, f"{commodity}_{year}_producers", ["wmd2024"], key="dl-map")

st.subheader("Trend for chosen countries")
st.multiselect("Countries", choices, format_func=lambda i: all_iso.get(i, i), max_selections=10,
               **state.bind("countries", "prod_countries", countries, to_url=list))
trend = db.query("production_trend", commodity=commodity, countries=countries)
if trend.empty:
    ui.missing("World Mining Data lists no production of this commodity for the chosen countries.")
else:
    st.plotly_chart(charts.trend_lines(trend, unit=unit, present=present), config=PLOTLY_CONFIG, key="prod-trend")
    absent = sorted(set(countries) - set(trend["iso2"]))
    ui.cite(["wmd2024"], years=trend["year"], flags=trend["flag"],
            note=f"Unit: {unit}. Hollow markers: estimated or provisional." + (
                f" No production listed for {', '.join(absent)}." if absent else ""))
    ui.downloads(trend, f"{commodity}_trend", ["wmd2024"], key="dl-trend")

st.subheader("Share of world output: EU-27 and partnership countries")
sh = db.query("production_shares", commodity=commodity)
if sh["value"].notna().any():
    st.plotly_chart(charts.share_lines(sh, present=present), config=PLOTLY_CONFIG, key="prod-shares")
else:
    ui.missing(f"Neither the EU-27 nor the partnership countries are listed as producers of {com['commodity']}.")
ui.cite(["wmd2024"], years=sh["year"], flags=sh["flags"].dropna().str.split(",").explode(),
        note="World total: WMD's own total; EU-27: sum of the member states WMD lists. Partnership countries: "
             "Finland, Sweden, Spain, Greece. A gap means no output listed (not zero).")
ui.downloads(sh, f"{commodity}_shares", ["wmd2024"], key="dl-shares")
