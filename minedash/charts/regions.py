"""Figure builders for the Regions page: choropleth with a year animation, comparison charts.
Pure functions: DataFrames in, plotly Figures out."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from .. import i18n
from ..i18n import N_, _
from . import (
    BACKGROUND,
    DIVERGING,
    EUROPE_LAT,
    EUROPE_LON,
    HIGHLIGHT,
    NO_DATA,
    OKABE_ITO,
    SCALES,
    SEQUENTIAL,
    describe,
    feature_collection,
    lean,
    offline_geo_anchor,
    style,
    style_layout,
)

DATA_TRACE = 2  # index of the value trace in the choropleth (frames update it)
LINE_COLOURS = OKABE_ITO[:6]


def colour_range(values: pd.Series, diverging: bool, centre: float = 100) -> dict:
    """zmin/zmax fixed over all years (so animation frames compare); clipped at the 2nd/98th percentile so one
    metropolis does not wash out the map; diverging scales are centred on `centre` (100 = EU average; 0 for
    changes)."""
    v = values.dropna()
    if v.empty:
        return {}
    lo, hi = (v.quantile(0.02), v.quantile(0.98)) if len(v) > 50 else (v.min(), v.max())
    if diverging:
        half = max(abs(hi - centre), abs(centre - lo), 1)
        return dict(zmin=centre - half, zmax=centre + half, zmid=centre)
    if lo >= 0 and v.min() >= 0 and (v.round() == v).all() and hi < 50:
        lo = 0  # small counts: start at zero
    return dict(zmin=float(lo), zmax=float(hi if hi > lo else lo + 1))


def _year_z(values: pd.DataFrame, ids: list[str], year: int) -> np.ndarray:
    # numpy arrays skip plotly's per-element validation and travel as compact typed arrays (NaN = no data)
    return values[values["year"] == year].set_index("nuts_id")["value"].reindex(ids).to_numpy(dtype="float64")


def _outlines(shapes: pd.DataFrame) -> dict:
    """The outlines drawn over a map (the partnership's regions, the chosen one) as GeoJSON, without properties."""
    return _parsed_outlines(tuple(shapes["nuts_id"].tolist()), tuple(shapes["geometry"].tolist()))


@functools.lru_cache(maxsize=64)
def _parsed_outlines(ids: tuple[str, ...], geometries: tuple[str, ...]) -> dict:
    # Keyed by the outlines' text itself: the same few regions are outlined on every map a room opens, and reading
    # their GeoJSON again each time cost more than the rest of the outline. (A handful of regions: the whole level's
    # outlines go to the browser as a file, see choropleth's geojson_url.)
    return lean(feature_collection(pd.DataFrame({"nuts_id": ids, "geometry": geometries})))


def choropleth(
    values: pd.DataFrame,
    shapes: pd.DataFrame,
    member_shapes: pd.DataFrame,
    *,
    year: int,
    title: str,
    unit: str,
    diverging: bool,
    selected: str | None = None,
    present: bool = False,
    animate: bool = True,
    geojson_url: str | None = None,
    centre: float = 100,
) -> go.Figure:
    """Map of one indicator at one NUTS level.

    values: nuts_id, year, value (all years); shapes: nuts_id, name_latn, geometry (GeoJSON text) of every region
    drawn; member_shapes: the same for the partnership regions (outlined).
    geojson_url: where the browser can fetch the level's outlines (then the figure carries codes and values, and
    geometry only for the outlined regions). Regions without a value that year are grey and say "no data".
    With animate, one frame a year and a Play button.
    """
    # lists, not arrays of objects: plotly writes the figure's JSON ten times faster (orjson takes lists directly)
    ids, names = shapes["nuts_id"].tolist(), shapes["name_latn"].tolist()
    years = sorted(values["year"].dropna().unique().astype(int).tolist())
    rng = colour_range(values["value"], diverging, centre)
    geojson = geojson_url or lean(feature_collection(shapes))
    z = _year_z(values, ids, year)
    # The whole figure is written out as plotly spells it (no named colour scales, no magic underscores) and handed
    # to go.Figure unchecked: checking 1,100 codes and names took half of a map's build, paid by every view a room
    # opens first. tests/test_regions.py checks that plotly's checks would change nothing.
    base = dict(
        type="choropleth",
        geojson=geojson,
        locations=ids,
        z=np.zeros(len(ids)),
        customdata=names,
        colorscale=[[0.0, NO_DATA], [1.0, NO_DATA]],
        showscale=False,
        marker=dict(line=dict(color="white", width=0.3)),
        name=_("no data"),
        meta=BACKGROUND,
        hovertemplate="%{customdata} (%{location})<br>" + _("no data") + "<extra></extra>",
    )
    data = dict(
        type="choropleth",
        geojson=geojson,
        locations=ids,
        z=z,
        customdata=names,
        colorscale=SCALES[DIVERGING if diverging else SEQUENTIAL],
        marker=dict(line=dict(color="white", width=0.3)),
        name=title,
        colorbar=dict(title=dict(text=unit, side="right"), thickness=14, len=0.75),
        hovertemplate="%{customdata} (%{location})<br>%{z:,.6~g} " + unit + "<extra></extra>",
        **rng,
    )
    traces = [offline_geo_anchor().to_plotly_json(), base, data]
    if len(member_shapes):
        mids = member_shapes["nuts_id"].tolist()
        traces.append(
            dict(
                type="choropleth",
                geojson=_outlines(member_shapes),
                locations=mids,
                z=[0] * len(mids),
                colorscale=[[0.0, "rgba(0,0,0,0)"], [1.0, "rgba(0,0,0,0)"]],
                showscale=False,
                marker=dict(line=dict(color=HIGHLIGHT, width=2.5)),
                hoverinfo="skip",
                name="partnership regions",
            )
        )
    if selected and selected in ids:
        traces.append(_selected_trace(shapes, selected))
    layout = dict(
        geo=dict(
            visible=False,
            projection=dict(type="conic equal area", rotation=dict(lon=10), parallels=[43, 62]),
            lonaxis=dict(range=list(EUROPE_LON)),
            lataxis=dict(range=list(EUROPE_LAT)),
            bgcolor="rgba(0,0,0,0)",
        ),
        title=dict(text=f"{title}, {year}"),
        dragmode=False,
        clickmode="event+select",
        showlegend=False,
        meta=dict(summary=map_summary(values, shapes, year=year, title=title, unit=unit, selected=selected, z=z)),
        **style_layout(height=620, present=present),
    )
    frames = []
    if animate and len(years) > 1:
        frames = [
            dict(
                name=str(y),
                data=[dict(type="choropleth", z=_year_z(values, ids, y))],
                traces=[DATA_TRACE],
                layout=dict(title=dict(text=f"{title}, {y}")),
            )
            for y in years
        ]
        step = dict(frame=dict(duration=700, redraw=True), transition=dict(duration=0))
        play = [[str(y) for y in years], dict(step, fromcurrent=False, mode="immediate")]
        stop = [[None], dict(frame=dict(duration=0, redraw=False), mode="immediate")]
        layout["updatemenus"] = [
            dict(
                type="buttons",
                direction="left",
                x=0.0,
                y=0.02,
                xanchor="left",
                yanchor="bottom",
                showactive=False,
                buttons=[
                    dict(label="▶ Play years", method="animate", args=play),
                    dict(label="■ Stop", method="animate", args=stop),
                ],
            )
        ]
    return go.Figure(dict(data=traces, layout=layout, frames=frames), _validate=False)


def _selected_trace(shapes: pd.DataFrame, selected: str) -> dict:
    return dict(
        type="choropleth",
        geojson=_outlines(shapes[shapes["nuts_id"] == selected]),
        locations=[selected],
        z=[0],
        showscale=False,
        colorscale=[[0.0, "rgba(0,0,0,0)"], [1.0, "rgba(0,0,0,0)"]],
        marker=dict(line=dict(color="black", width=3)),
        hoverinfo="skip",
        name="selected",
    )


def with_selected(
    base: go.Figure, values: pd.DataFrame, shapes: pd.DataFrame, *, year: int, title: str, unit: str, selected: str
) -> go.Figure:
    """The choropleth `base` (drawn without a selected region) with `selected` outlined and named in its summary:
    the same figure choropleth(..., selected=selected) draws, made from the base's dict. So a room picking many
    regions on one map builds the map once. The base's layout and frames are taken from its dict as they are (a
    shared base hands out the one it was sent as; plotly checked nothing of it either, see choropleth); its traces
    are copied with their arrays as arrays (the table view reads them)."""
    spec = base.to_dict()
    data = [t.to_plotly_json() for t in base.data]
    if selected in shapes["nuts_id"].tolist():
        data.append(_selected_trace(shapes, selected))
    z = np.asarray(data[DATA_TRACE]["z"], dtype="float64")  # the year's values as drawn (not worked out again)
    summary = map_summary(values, shapes, year=year, title=title, unit=unit, selected=selected, z=z)
    layout = {**spec["layout"], "meta": dict(summary=summary)}
    return go.Figure(dict(data=data, layout=layout, frames=spec.get("frames", [])), _validate=False)


def map_summary(
    values: pd.DataFrame,
    shapes: pd.DataFrame,
    *,
    year: int,
    title: str,
    unit: str,
    selected: str | None,
    z: np.ndarray | None = None,
) -> str:
    """'GDP per inhabitant, 2021: 242 of 244 regions with data, from … to …; Lappi: 103 (rank 120 of 242).'
    `z`: the year's values in the order of `shapes`, as the map draws them (worked out here if not given). Ties go
    to the region drawn first."""
    ids, names = shapes["nuts_id"].tolist(), shapes["name_latn"].tolist()  # (iterating Arrow strings is slow)
    z = _year_z(values, ids, year) if z is None else z
    has = ~np.isnan(z)
    n = int(has.sum())
    if not n:
        return _("{title}, {year}: no region has data.").format(title=title, year=year)
    order = np.flatnonzero(has)[np.argsort(-z[has], kind="stable")]  # highest first
    top, low = order[0], order[np.flatnonzero(z[order] == z[order[-1]])[0]]
    text = _(
        "{title}, {year}: {n} of {total} regions with data, from {high} ({high_value} {unit}) to {low} "
        "({low_value} {unit})."
    ).format(
        title=title,
        year=year,
        n=n,
        total=len(ids),
        unit=unit,
        high=names[top],
        high_value=i18n.number(z[top]),
        low=names[low],
        low_value=i18n.number(z[low]),
    )
    at = ids.index(selected) if selected in ids else None
    if at is not None and has[at]:
        text += " " + _("{name}: {value} {unit}, rank {rank} of {n}.").format(
            name=names[at], value=i18n.number(z[at]), unit=unit, rank=int((z[has] > z[at]).sum()) + 1, n=n
        )
    return text


def compare_lines(
    series: pd.DataFrame,
    labels: dict[str, str],
    *,
    title: str,
    unit: str,
    facets: bool = False,
    present: bool = False,
    indexed: bool = False,
) -> go.Figure:
    """Aligned time series (one line a region), or small multiples (one panel a region, shared y axis)."""
    df = series.dropna(subset=["value"]).assign(region=lambda d: d["nuts_id"].map(labels))
    order = [labels[c] for c in labels if c in set(df["nuts_id"])]
    kw = dict(facet_col="region", facet_col_wrap=3, facet_row_spacing=0.12) if facets else {}
    fig = px.line(
        df,
        x="year",
        y="value",
        color="region",
        markers=True,
        symbol="region",  # each line its own marker too: told apart without colour
        category_orders={"region": order},
        color_discrete_sequence=LINE_COLOURS,
        labels={"value": unit, "year": "", "region": _("Region")},
        title=title,
        **kw,
    )
    if facets:
        fig.for_each_annotation(lambda a: a.update(text=a.text.split("=", 1)[-1]))
        fig.update_layout(showlegend=False)
    if indexed:
        fig.add_hline(y=100, line_dash="dot", line_color="#666")
    fig.update_traces(hovertemplate="%{fullData.name}<br>%{x}: %{y:,.4~g} " + unit + "<extra></extra>")
    rows = int(np.ceil(len(order) / 3)) if facets else 1
    describe(fig, lines_summary(df, "region", title=title, unit=unit))
    return style(fig, height=300 + 220 * (rows - 1) if facets else 420, present=present)


def lines_summary(df: pd.DataFrame, by: str, *, title: str, unit: str) -> str:
    """'Title: 3 lines, 2010–2021; latest: A 103 (2021), B 98 (2021).' for long data with year, value and `by`."""
    d = df.dropna(subset=["value"]).sort_values("year")
    if d.empty:
        return _("{title}: no data to draw.").format(title=title)
    last = d.groupby(by, sort=False).tail(1)
    latest = ", ".join(f"{r[by]} {i18n.number(r['value'])} ({int(r['year'])})" for r in last.to_dict("records"))
    return _("{title} ({unit}): {n} lines, {first}–{last}; latest: {latest}.").format(
        title=title, unit=unit, n=len(last), first=int(d["year"].min()), last=int(d["year"].max()), latest=latest
    )


def picked_region(selection) -> str | None:
    """The NUTS code of the first region clicked on the choropleth, or None."""
    points = (selection or {}).get("points") or []
    return next((p["location"] for p in points if p.get("location")), None)


PLAY_HELP = N_(
    "Adds a ▶ Play button to the map that steps through the years (the map then carries every year's values)."
)
UNDRAWN_HELP = N_(
    "The map uses NUTS 2021 boundaries. Aggregates, 'extra-regio' (ZZ) codes, retired codes and LFS regions "
    "coded in NUTS 2013 with no 2021 counterpart cannot be drawn."
)


def region_bars(
    values: pd.DataFrame, labels: dict[str, str], *, title: str, unit: str, selected: str | None, present: bool = False
) -> go.Figure:
    """Horizontal bars of one year's values (or changes) of a few regions (rules.chart_regions), the chosen region in
    the highlight colour, partnership regions blue, the others grey; highest on top."""
    df = values.dropna(subset=["value"]).sort_values("value")
    colour = np.where(df["nuts_id"] == selected, HIGHLIGHT, np.where(df["role"].notna(), OKABE_ITO[0], OKABE_ITO[6]))
    names = df["nuts_id"].map(labels).fillna(df["nuts_id"])
    fig = go.Figure(
        go.Bar(
            x=df["value"],
            y=names,
            orientation="h",
            marker_color=colour,
            hovertemplate="%{y}: %{x:,.4~g} " + unit + "<extra></extra>",
            name=unit,
        )
    )
    fig.update_layout(title=title, xaxis_title=unit, yaxis_title=None, showlegend=False)
    if len(df):
        top, low = df.iloc[-1], df.iloc[0]
        text = _("{title}: {n} regions, from {high} ({high_value} {unit}) to {low} ({low_value} {unit}).").format(
            title=title,
            n=len(df),
            high=labels.get(top["nuts_id"], top["nuts_id"]),
            high_value=i18n.number(top["value"]),
            low=labels.get(low["nuts_id"], low["nuts_id"]),
            low_value=i18n.number(low["value"]),
            unit=unit,
        )
    else:
        text = _("{title}: no region has data.").format(title=title)
    describe(fig, text)
    return style(fig, height=max(320, 140 + 26 * len(df)), present=present)
