"""Where the browser finds the map outlines: web copies written by the ingest into static/geo and served by
Streamlit at app/static/geo (no tiles, no network beyond the app). Each URL is given only when its file is the one
the warehouse manifest records; otherwise WarehouseError names the file (a map would otherwise draw empty)."""

from __future__ import annotations

from . import verify


def nuts_geojson_url(level: int) -> str:
    """URL of one NUTS 2021 level's outlines (feature id = NUTS code). Relative, so it resolves against the app's
    own address; plotly fetches it once per page load."""
    name = f"nuts2021_l{int(level)}.geojson"
    verify.require_geo(name)
    return f"app/static/geo/{name}"


def world_geojson_url() -> str:
    """URL of the world country outlines (Natural Earth 1:110m, feature id = ISO3)."""
    verify.require_geo("world_110m.geojson")
    return "app/static/geo/world_110m.geojson"
