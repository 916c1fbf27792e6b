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
