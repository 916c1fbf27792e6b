"""Map geometry helpers shared by the pages: GeoJSON FeatureCollections from the warehouse shapes.
No tiles, no network: outlines come from the warehouse (GISCO NUTS, Natural Earth)."""
from __future__ import annotations

import json

import pandas as pd


def feature_collection(shapes: pd.DataFrame, id_col: str = "nuts_id", props: list[str] | None = None) -> dict:
    """Shapes with a GeoJSON `geometry` text column -> FeatureCollection (feature id = id_col)."""
    props = props or []
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": row[id_col], "geometry": json.loads(row["geometry"]),
         "properties": {id_col: row[id_col], **{p: row[p] for p in props}}}
        for row in shapes.to_dict("records")]}


def nuts_geojson_url(level: int) -> str:
    """URL of the level's outlines as served by Streamlit (static/geo, written by the ingest). Relative, so it
    resolves against the app's own address: no network beyond the app. Plotly fetches it once per page load."""
    return f"app/static/geo/nuts2021_l{int(level)}.geojson"


def world_geojson_url() -> str:
    """URL of the world country outlines (Natural Earth 1:110m, feature id = ISO3), as nuts_geojson_url."""
    return "app/static/geo/world_110m.geojson"
