"""Figure builders: pure functions DataFrame -> plotly Figure / pydeck Deck. One module per area
(regions.py, materials.py, value_chains.py, progress.py, overview.py); shared style here."""

from __future__ import annotations

import json

import pandas as pd
import PIL.Image  # noqa: F401 - plotly's JSON encoder imports it on first use; sessions serialising their first
import plotly.graph_objects as go  # figures at once on several threads raced in that import ("partially initialized")
import plotly.io as pio

# Partnership roles and highlight colours (colour-blind safe; Okabe–Ito).
ROLE_COLOURS = {"lead": "#D55E00", "partner": "#0072B2", "network": "#009E73", "other": "#BBBBBB"}
HIGHLIGHT = "#D55E00"
NO_DATA = "#d9d9d9"
STAGE_COLOURS = {
    "mining": "#8c510a",
    "extraction": "#8c510a",
    "processing": "#01665e",
    "smelting": "#bf812d",
    "refining": "#35978f",
    "recovery": "#80cdc1",
    "recycling": "#1b7837",
    "substitution": "#762a83",
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


def style(fig: go.Figure, *, height: int = 480, present: bool = False) -> go.Figure:
    """The house style: plain background, readable type; larger for projectors."""
    font = dict(FONT, size=20 if present else FONT["size"])
    fig.update_layout(
        font=font,
        height=int(height * (1.25 if present else 1)),
        margin=dict(l=10, r=10, t=40, b=10),
        hoverlabel=dict(font_size=font["size"]),
        legend=dict(font=dict(size=font["size"] - 1)),
    )
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
