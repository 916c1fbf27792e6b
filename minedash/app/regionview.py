"""The regional indicator shown as a map, a chart or a table, for one year or as the change between two years
(the Map / Chart / Table switch OWID and Eurostat users expect). Both choices live in the URL (`show`, `since`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..charts import figure_table
from ..charts import regions as charts
from ..data import db, geo
from ..domain import regions as rules
from ..domain.vocabulary import term
from ..i18n import N_, _
from . import state, ui

SHOW = {"map": N_("Map"), "chart": N_("Chart"), "table": N_("Table")}


def indicator(
    values: pd.DataFrame,
    info: pd.Series,
    *,
    level: int,
    year: int,
    years: list[int],
    region: str,
    labels: dict[str, str],
    where: tuple,
    play: bool,
    present: bool,
) -> None:
    show = state.get("show", "map", choices=SHOW, describe=lambda v: _(SHOW[v]))
    earlier = [y for y in years if y < year]
    since = state.get("since", None, choices=earlier)
    c1, c2 = where  # the page's columns for the two controls
    kw = dict(key="reg_show", value=show, required=True, format_func=lambda v: _(SHOW[v]))
    state.control(c1.segmented_control, "show", _("Show as"), list(SHOW), **kw)
    if earlier:
        # 0 stands for "no earlier year" (a selectbox shows None as an empty choice)
        kw = dict(key="reg_since", value=since or 0, to_url=lambda y: y or None)
        fmt = lambda y: str(y) if y else _("one year only")  # noqa: E731
        state.control(c2.selectbox, "since", _("Change since"), [0, *reversed(earlier)], format_func=fmt, **kw)
    unit, name, shapes = term(info["unit"]), term(info["name"]), db.query("region_shapes", level=level)
    if since is None:
        drawn, title, cited, diverging, centre = values, name, [year], bool(info["diverging"]), 100
    else:  # one frame of changes: the map shows it with a diverging scale (gains blue, losses red), no animation
        drawn, diverging, centre, cited, play = rules.change(values, since, year), True, 0, [since, year], False
        title = _("Change since {start} in {name}").format(name=name, start=since)
        unit = _("change in {unit}").format(unit=unit)
    this_year = ui.shared("region-year-values", lambda: drawn[drawn["year"] == year], regardless_of=("region", "show"))
    kw = dict(years=cited, flags=this_year["flag"])
    if show == "chart":
        bars = rules.chart_regions(drawn, region, year)
        build = lambda: charts.region_bars(
            bars, labels, title=f"{title}, {year}", unit=unit, selected=region, present=present
        )  # noqa: E731
        note = _("The chosen region (orange), the regions of its country (grey) and the partnership's (blue).")
        ui.chart(build, bars, key="region_bars", note=note, **kw)
        return
    drawing = dict(year=year, title=title, unit=unit)
    base = lambda: charts.choropleth(  # noqa: E731 - one map for everyone on this view, whatever region they chose
        drawn,
        shapes,
        db.query("region_member_shapes"),
        **drawing,
        diverging=diverging,
        present=present,
        animate=play,
        geojson_url=geo.nuts_geojson_url(level),
        centre=centre,
    )
    build = lambda: charts.with_selected(  # noqa: E731 - built once for everyone on this view (ui.chart)
        ui.shared("region_map_base", base, regardless_of=("region", "show")), drawn, shapes, **drawing, selected=region
    )
    if show == "table":  # exactly the figures the map draws, with the citation
        ui.table(figure_table(ui.shared("region_map", build)), drawn, shapes, key="region_table", **kw)
        return
    note = _("Partnership regions outlined in orange; grey = no data.")
    pick = state.on_select("region_map", "region", charts.picked_region)
    ui.chart(build, drawn, shapes, key="region_map", note=note, on_select=pick, **kw)
    undrawn = db.query("region_undrawn", indicator=info.name, level=level)
    notes = ui.shared(
        "region-map-notes", lambda: rules.map_notes(shapes, this_year, undrawn, level, year), regardless_of=("region",)
    )
    if notes:
        st.caption(notes, help=_(charts.UNDRAWN_HELP))
