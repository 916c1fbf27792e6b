"""Write the warehouse: tables validated, then written with their manifest (each Parquet file's sha256 and schema)
into a temporary folder and swapped in one step; the old warehouse stays until the new one is complete.

data/warehouse/ holds the Parquet files and manifest.json: one unit, replaced as a whole by one rename (Linux
renameat2 RENAME_EXCHANGE), so a kill at any moment leaves the old unit or the new one, never a mix. The web copies
of the outlines (static/geo) are swapped just before; the manifest lists their checksums too, so the app can tell
when they do not belong to the warehouse. Leftovers of a killed run are removed when the next one starts.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
import signal
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from .. import paths
from .checks import KEYS, validate
from .common import sha256
from .errors import SourceError
from .load import load_all, overlay_sources

MANIFEST = paths.MANIFEST_NAME
STAGES = ("started", "loaded", "validated", "written", "geo swapped", "swapped")  # "<folder> moved aside": fallback
_KILL_AT = "MINEDASH_INGEST_KILL_AT"  # fault injection for the tests: SIGKILL the ingest at this stage


def _stage(name: str) -> None:
    if os.environ.get(_KILL_AT) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _write_geojson(ids: pd.Series, geometries: pd.Series, path: Path) -> None:
    features = ",".join(
        f'{{"type":"Feature","id":{json.dumps(i)},"properties":{{}},"geometry":{g}}}' for i, g in zip(ids, geometries)
    )
    path.write_text('{"type":"FeatureCollection","features":[' + features + "]}\n", encoding="utf-8")


def _write_geo(shapes: pd.DataFrame, countries: pd.DataFrame, out: Path) -> None:
    """Web copies of the outlines: NUTS 2021 one GeoJSON a level (feature id = NUTS code), world countries
    (feature id = ISO3). Served by Streamlit as static files, the browser fetches each once and plotly caches
    it by URL, so a map redraw sends only codes and values instead of ~0.1-0.5 MB of geometry every rerun."""
    for level, part in shapes.sort_values("nuts_id").groupby("level"):
        _write_geojson(part["nuts_id"], part["geometry"], out / f"nuts2021_l{level}.geojson")
    world = countries.sort_values("iso3")
    _write_geojson(world["iso3"], world["geometry"], out / "world_110m.geojson")


def _checksums(folder: Path, pattern: str) -> dict:
    return {f.name: {"sha256": sha256(f), "bytes": f.stat().st_size} for f in sorted(folder.glob(pattern))}


def _write(tables: dict[str, pd.DataFrame], reps: list, wh: Path, geo: Path) -> None:
    """The warehouse (Parquet files + manifest.json) into `wh`, the outlines into `geo`."""
    _write_geo(tables["region_shapes"], tables["country_shapes"], geo)
    for name in sorted(tables):
        df = tables[name].sort_values(KEYS[name], na_position="first", kind="stable").reset_index(drop=True)
        df.attrs = {}  # pandas would store attrs (e.g. the source lines read_csv keeps) in the file's metadata
        df.to_parquet(wh / f"{name}.parquet", index=False, compression="zstd")
    files = _checksums(wh, "*.parquet")
    manifest = {
        "about": "Mining Regions Dashboard warehouse: one Parquet file a table (sha256 and schema below, checked by "
        "the app), the web copies of the outlines in static/geo, and the provenance of every source.",
        "tables": {
            name: {
                "file": f"{name}.parquet",
                **files[f"{name}.parquet"],
                "rows": int(len(df)),
                "key": KEYS[name],
                "schema": {f.name: str(f.type) for f in pq.read_schema(wh / f"{name}.parquet")},
            }
            for name, df in sorted(tables.items())
        },
        "geo": _checksums(geo, "*.geojson"),
        "sources": [r.as_dict() for r in reps],
    }
    with open(wh / MANIFEST, "w", encoding="utf-8") as f:
        f.write(json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n")
    for f in [*wh.iterdir(), *geo.iterdir()]:  # on disk before the swap makes them live
        with open(f, "rb") as fh:
            os.fsync(fh.fileno())


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where that is not available."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL):  # an old kernel or a file system without it
        return False
    raise OSError(err, os.strerror(err), str(b))


def _swap(new: Path, live: Path) -> None:
    """Put folder `new` in the place of `live`; the previous content ends up at `new` (removed by the caller)."""
    live.parent.mkdir(parents=True, exist_ok=True)
    if not live.exists():
        new.rename(live)
    elif not _exchange(new, live):  # two steps; a kill between them is repaired by cleanup() at the next start
        old = _old(live)
        live.rename(old)
        _stage(f"{live.name} moved aside")
        new.rename(live)
        old.rename(new)


def _old(live: Path) -> Path:
    return live.with_name(f".{live.name}-old")


def _temp(live: Path) -> Path:
    live.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{live.name}-new-", dir=live.parent))


def cleanup(data_dir: Path) -> list[Path]:
    """Remove what a killed run left beside the warehouse and the outlines (temporary folders); put back a live
    folder that a kill between the two renames of the fallback swap left aside. Returns what was removed."""
    removed = []
    for live in (data_dir / "warehouse", static_geo_dir(data_dir)):
        old = _old(live)
        if old.is_dir() and not live.exists():
            old.rename(live)
        for leftover in sorted(live.parent.glob(f".{live.name}-*")) if live.parent.is_dir() else []:
            shutil.rmtree(leftover, ignore_errors=True)
            removed.append(leftover)
    return removed


def static_geo_dir(data_dir: Path) -> Path:
    """Streamlit serves <project>/static/ at app/static/ (server.enableStaticServing)."""
    return data_dir.parent / "static" / "geo"


def publish(tables: dict[str, pd.DataFrame], reps: list, data_dir: Path) -> dict:
    """Validate the tables, write them with their manifest and outlines into temporary folders, swap them in."""
    problems = validate(tables)
    if problems:
        raise SourceError("the sources", "the warehouse would be invalid:\n  " + "\n  ".join(problems))
    _stage("validated")
    live_wh, live_geo = data_dir / "warehouse", static_geo_dir(data_dir)
    tmp_wh = tmp_geo = None
    try:
        tmp_wh, tmp_geo = _temp(live_wh), _temp(live_geo)
        _write(tables, reps, tmp_wh, tmp_geo)
        _stage("written")
        _swap(tmp_geo, live_geo)
        _stage("geo swapped")
        _swap(tmp_wh, live_wh)  # the commit point: the new Parquet files and their manifest, in one step
        _stage("swapped")
    finally:
        for tmp in (tmp_wh, tmp_geo):
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)
    return {name: len(df) for name, df in tables.items()}


def build(src: Path, data_dir: Path = paths.DATA_DIR, online_dir: Path | None = None) -> dict:
    """Rebuild data/warehouse (Parquet files and manifest) and static/geo; the old ones stay until the new ones
    are valid and complete.

    With `online_dir` (the online refresh's downloads), those files replace their offline copies."""
    if online_dir is not None:
        with tempfile.TemporaryDirectory(prefix="minedash-sources-") as tmp:
            return build(overlay_sources(src, online_dir, Path(tmp)), data_dir)
    cleanup(data_dir)
    _stage("started")
    tables, reps = load_all(src)
    _stage("loaded")
    return publish(tables, reps, data_dir)
