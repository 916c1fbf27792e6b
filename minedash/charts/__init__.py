"""Figure builders: pure functions DataFrame -> plotly Figure / pydeck Deck. One module per area
(regions.py, materials.py, value_chains.py, progress.py, overview.py); shared style here."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import PIL.Image  # noqa: F401 - plotly's JSON encoder imports it on first use; sessions serialising their first
import plotly.graph_objects as go  # figures at once on several threads raced in that import ("partially initialized")
import plotly.io as pio

from ..i18n import _

# Colours everyone can tell apart, set once here and in .streamlit/config.toml (tests/test_contrast.py checks them).
# Categorical: Okabe & Ito's colour-blind-safe set, with its orange and sky blue darkened and its yellow left out,
# so every mark stands out at least 3:1 from the white background (WCAG 1.4.11). Sequential: cividis (readable
# with any colour vision, light = low); diverging: ColorBrewer RdBu (colour-blind safe), centred on the reference.
OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#A0620A", "#767676"]
SEQUENTIAL = "cividis_r"
DIVERGING = "RdBu"
# Partnership roles and highlight colours; on maps the roles differ by outline and opacity too, never colour alone.
ROLE_COLOURS = {"lead": "#D55E00", "partner": "#0072B2", "network": "#009E73", "other": "#767676"}
HIGHLIGHT = "#D55E00"
NO_DATA = "#d9d9d9"  # a fill that means "nothing here" (said in the hover, the legend and the table view)
# The two colour scales as plotly's checks spell them out (a figure built in one go names no scale)
SCALES = {name: [list(stop) for stop in go.Choropleth(colorscale=name).colorscale] for name in (SEQUENTIAL, DIVERGING)}
STAGE_COLOURS = {
    "mining": "#A0620A",
    "extraction": "#A0620A",
    "processing": "#0072B2",
    "smelting": "#D55E00",
    "refining": "#CC79A7",
    "recovery": "#767676",
    "recycling": "#009E73",
    "substitution": "#000000",
}
FONT = dict(family="Arial, Helvetica, sans-serif", size=14, color="#1a1a1a")

CARTESIAN = {"scatter", "scattergl", "bar", "heatmap", "box", "histogram", "violin", "waterfall"}

# Europe frame for maps (lon/lat): mainland EU/EFTA plus Iceland and the north.
EUROPE_LON = (-25.0, 45.0)
EUROPE_LAT = (34.0, 72.0)


# The house template is plotly's default for every figure made in this process: a figure picks up the default
# template ready-validated (~1 ms), while `template="plotly_white"` on each figure re-validated it (~30 ms a figure,
# a third of a page's run).
pio.templates.default = "plotly_white"


def style_layout(*, height: int = 480, present: bool = False) -> dict:
    """The house style's layout properties (plain background, readable type; larger for projectors), spelled out
    for a figure built in one go."""
    font = dict(FONT, size=20 if present else FONT["size"])
    return dict(
        font=font,
        height=int(height * (1.25 if present else 1)),
        margin=dict(l=10, r=10, t=40, b=10),
        hoverlabel=dict(font=dict(size=font["size"])),
        legend=dict(font=dict(size=font["size"] - 1)),
    )


def figure(traces: list[dict], layout: dict, *, height: int = 480, present: bool = False) -> go.Figure:
    """A figure in the house style built in one go from its traces and layout, spelled out as plotly's checks would
    leave them (no magic underscores, titles as dicts, arrays as numpy arrays) and handed over unchecked: the checks
    took about three quarters of building a bar chart, and a factsheet draws six. Each builder using it is tested
    against plotly's checked figure."""
    layout = _merged(style_layout(height=height, present=present), layout)
    if present and any(t["type"] in CARTESIAN for t in traces):  # as style() does
        dark = dict(color=FONT["color"])
        for axis in ("xaxis", "yaxis"):
            layout[axis] = _merged(layout.get(axis, {}), dict(tickfont=dark, title=dict(font=dark)))
    return go.Figure(dict(data=traces, layout=layout), _validate=False)


def _merged(base: dict, more: dict) -> dict:
    """`more` over `base`, nested dicts merged (as update_layout merges them)."""
    out = dict(base)
    for k, v in more.items():
        out[k] = _merged(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def style(fig: go.Figure, *, height: int = 480, present: bool = False) -> go.Figure:
    """The house style: plain background, readable type; larger for projectors."""
    fig.update_layout(**style_layout(height=height, present=present))
    if present and any(t.type in CARTESIAN for t in fig.data):
        # Streamlit's chart theme greys axis text; on a projector it must be black (set only on cartesian
        # figures: an axis set on a map or Sankey would be drawn as an empty frame).
        dark = dict(color=FONT["color"])
        fig.update_xaxes(tickfont=dark, title_font=dark)
        fig.update_yaxes(tickfont=dark, title_font=dark)
    return fig


# The plotly toolbar: PNG/SVG download, no plotly.com link; nothing loaded from the network.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToAdd": ["toImage"],
    "showLink": False,
}


def feature_collection(shapes: pd.DataFrame, id_col: str = "nuts_id", props: list[str] | None = None) -> dict:
    """Shapes with a GeoJSON `geometry` text column -> FeatureCollection (feature id = id_col)."""
    props = props or []
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": row[id_col],
                "geometry": json.loads(row["geometry"]),
                "properties": {id_col: row[id_col], **{p: row[p] for p in props}},
            }
            for row in shapes.to_dict("records")
        ],
    }


def lean(fc: dict) -> dict:
    """The FeatureCollection without per-feature properties (maps match on feature ids): a smaller payload."""
    return {"type": "FeatureCollection", "features": [{**f, "properties": {}} for f in fc["features"]]}


def offline_geo_anchor() -> go.Scattergeo:
    """An empty first trace for plotly geo maps. plotly.js fetches a world topojson from its CDN when the first
    geo trace is a choropleth (it has a `locationmode`); with this first, only our own GeoJSON is drawn."""
    return go.Scattergeo(lon=[None], lat=[None], mode="markers", hoverinfo="skip", showlegend=False)


# --- Charts everyone can read: the summary sentence and the table of the figures each chart draws ---------------------

BACKGROUND = "background"  # a trace's meta when it draws no figures (a grey "no data" layer, outlines)
_TAG = re.compile(r"<[^>]+>")


def describe(fig: go.Figure, summary: str) -> go.Figure:
    """Give the figure its one-sentence summary (what it shows, its extremes, the selected item), for screen readers
    and the table view; ui.chart reads it back with summary_of. Each builder writes its own from the frame it draws."""
    fig.update_layout(meta={"summary": summary})
    return fig


def summary_of(fig: go.Figure) -> str | None:
    meta = fig.layout.meta
    return meta.get("summary") if isinstance(meta, dict) else None


def _label(values) -> list[str] | None:
    """Per-point labels from text/customdata: the first line of each, without markup."""
    if values is None:
        return None
    out = []
    for v in values:
        v = v[0] if isinstance(v, (list, tuple, np.ndarray)) and len(v) else v
        out.append(_TAG.sub("", str(v).split("<br>")[0]).strip() if v is not None else "")
    return out


def _axis_title(fig: go.Figure, ref: str, values) -> str:
    """The axis title, else what the values are: names, years or values."""
    text = fig.layout[ref.replace("x", "xaxis").replace("y", "yaxis")].title.text
    if text:
        return _TAG.sub("", text)
    v = pd.Series(list(values)).dropna()
    if v.map(lambda x: isinstance(x, str)).any():
        return _("Name")
    if len(v) and v.map(lambda x: float(x).is_integer() and 1900 <= x <= 2100).all():
        return _("Year")
    return _("Value")


def _trace_rows(fig: go.Figure, t) -> pd.DataFrame | None:
    series = _TAG.sub("", t.name) if t.name else None
    if t.type in ("choropleth", "choroplethmap", "choroplethmapbox"):
        names = _label(t.text if t.text is not None and not isinstance(t.text, str) else t.customdata)
        z = np.asarray(t.z, dtype="float64") if t.z is not None else None
        d = pd.DataFrame({_("Code"): list(t.locations)})
        if names and any(names):
            d.insert(0, _("Name"), names)
        if t.showscale is False:  # one colour a trace: the trace says what the regions are
            d[_("Group")] = series
        else:
            title = t.colorbar.title.text if t.colorbar and t.colorbar.title else None
            d[title or series or _("Value")] = z
            d = d[~np.isnan(z)]
        return d
    if t.type in ("scatter", "scattergl", "bar"):
        if t.x is None or t.y is None:
            return None
        x_name = _axis_title(fig, "x" + (t.xaxis or "x")[1:], t.x)
        y_name = _axis_title(fig, "y" + (t.yaxis or "y")[1:], t.y)
        if x_name == y_name:
            x_name = x_name + " (x)"
        d = pd.DataFrame({x_name: list(t.x), y_name: list(t.y)})
        labels = _label(t.text if t.text is not None and not isinstance(t.text, str) else None)
        if labels and any(labels) and getattr(t, "mode", None) != "text":
            d.insert(0, _("Label"), labels)
        if series:
            d.insert(0, _("Series"), series)
        d = d.dropna(subset=[x_name, y_name], how="any")
        return d[sorted(d.columns, key=lambda c: d[c].dtype != object)]  # names first, then the figures
    if t.type == "heatmap":
        z = np.asarray(t.z, dtype="float64")
        d = pd.DataFrame(z, index=list(t.y), columns=list(t.x)).stack().reset_index()
        d.columns = [_("Row"), _("Column"), _("Value")]
        return d
    if t.type == "sankey":
        labels = list(t.node.label)
        return pd.DataFrame(
            {
                _("From"): [labels[i] for i in t.link.source],
                _("To"): [labels[i] for i in t.link.target],
                _("Value"): list(t.link.value),
            }
        )
    if t.type == "table":
        heads = [_TAG.sub("", str(h)) for h in t.header.values]
        return pd.DataFrame(dict(zip(heads, t.cells.values)))
    return None


def figure_table(fig: go.Figure) -> pd.DataFrame:
    """The figures a chart draws, one row a mark (region, point, bar, cell, flow), read from the figure itself, so
    the table view shows exactly what is drawn. Traces that draw no figures (hover skipped, or meta BACKGROUND:
    outlines, grey 'no data' layers, labels) are left out; empty columns are dropped."""
    parts = [
        rows
        for t in fig.data
        if t.hoverinfo != "skip" and t.meta != BACKGROUND and (rows := _trace_rows(fig, t)) is not None
    ]
    if not parts:
        return pd.DataFrame()
    table = pd.concat(parts, ignore_index=True)
    return table.dropna(axis=1, how="all")
