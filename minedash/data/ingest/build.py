"""Write the warehouse: tables validated, written into a temporary folder with the manifest and the web copies of
the outlines, then swapped in; the old warehouse stays until the new one is valid."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from .. import paths
from .checks import KEYS, validate
from .errors import SourceError
from .load import load_all, overlay_sources


def _write_geojson(ids: pd.Series, geometries: pd.Series, path: Path) -> None:
    features = ",".join(
        f'{{"type":"Feature","id":{json.dumps(i)},"properties":{{}},"geometry":{g}}}' for i, g in zip(ids, geometries)
    )
    path.write_text('{"type":"FeatureCollection","features":[' + features + "]}\n", encoding="utf-8")


def _write_geo(shapes: pd.DataFrame, countries: pd.DataFrame, out: Path) -> None:
    """Web copies of the outlines: NUTS 2021 one GeoJSON a level (feature id = NUTS code), world countries
    (feature id = ISO3). Served by Streamlit as static files, the browser fetches each once and plotly caches
    it by URL, so a map redraw sends only codes and values instead of ~0.1-0.5 MB of geometry every rerun."""
    out.mkdir(parents=True)
    for level, part in shapes.sort_values("nuts_id").groupby("level"):
        _write_geojson(part["nuts_id"], part["geometry"], out / f"nuts2021_l{level}.geojson")
    world = countries.sort_values("iso3")
    _write_geojson(world["iso3"], world["geometry"], out / "world_110m.geojson")


def _write(tables: dict[str, pd.DataFrame], reps: list, out: Path) -> None:
    _write_geo(tables["region_shapes"], tables["country_shapes"], out / "geo")
    wh = out / "warehouse"
    wh.mkdir(parents=True)
    for name in sorted(tables):
        df = tables[name].sort_values(KEYS[name], na_position="first", kind="stable").reset_index(drop=True)
        df.to_parquet(wh / f"{name}.parquet", index=False, compression="zstd")
    manifest = {
        "about": "Mining Regions Dashboard warehouse: one Parquet file a table; provenance of every source below.",
        "tables": {
            name: {"rows": int(len(df)), "key": KEYS[name], "columns": list(df.columns)}
            for name, df in sorted(tables.items())
        },
        "sources": [r.as_dict() for r in reps],
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )


def static_geo_dir(data_dir: Path) -> Path:
    """Streamlit serves <project>/static/ at app/static/ (server.enableStaticServing)."""
    return data_dir.parent / "static" / "geo"


def build(src: Path, data_dir: Path = paths.DATA_DIR, online_dir: Path | None = None) -> dict:
    """Rebuild data/warehouse and data/manifest.json; the old warehouse stays until the new one is valid.

    With `online_dir` (the online refresh's downloads), those files replace their offline copies."""
    if online_dir is not None:
        with tempfile.TemporaryDirectory(prefix="minedash-sources-") as tmp:
            return build(overlay_sources(src, online_dir, Path(tmp)), data_dir)
    tables, reps = load_all(src)
    problems = validate(tables)
    if problems:
        raise SourceError(src, "the warehouse would be invalid:\n  " + "\n  ".join(problems))
    data_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".warehouse-", dir=data_dir))
    try:
        _write(tables, reps, tmp)
        for new, live in ((tmp / "warehouse", data_dir / "warehouse"), (tmp / "geo", static_geo_dir(data_dir))):
            old = live.parent / f".{live.name}-old"
            shutil.rmtree(old, ignore_errors=True)
            live.parent.mkdir(parents=True, exist_ok=True)
            if live.exists():
                live.rename(old)
            new.rename(live)
            shutil.rmtree(old, ignore_errors=True)
        (tmp / "manifest.json").replace(data_dir / "manifest.json")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {name: len(df) for name, df in tables.items()}
