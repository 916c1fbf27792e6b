"""The ingest: read every source, validate, and swap in a new warehouse atomically.

    sources dir ──load()──▶ tables ──validate()──▶ tmp/warehouse/*.parquet + manifest.json ──swap──▶ data/
"""
from __future__ import annotations

import gzip
import json
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from .. import paths
from . import eurostat_sources, materials, nuts, sites
from .common import EU27
from .errors import SourceError

__all__ = ["build", "load_all", "save_downloads", "SourceError", "validate"]

# Primary key of every table; validate() checks each is unique and complete. Rows are written sorted by it.
KEYS = {
    "regions": ["nuts_version", "nuts_id"],
    "region_shapes": ["nuts_id"],
    "nuts_crosswalk": ["level", "code_2021", "code_2024"],
    "nuts2013_crosswalk": ["code_2013"],
    "countries": ["iso2"],
    "country_shapes": ["iso3"],
    "indicators": ["indicator_id"],
    "observations": ["indicator_id", "geo", "year"],
    "production": ["commodity", "iso3", "year"],
    "production_world": ["commodity", "year"],
    "commodities": ["commodity"],
    "material_commodities": ["material_id", "commodity"],
    "materials": ["material_id"],
    "crm_list": ["crm_name"],
    "criticality": ["material_id", "year"],
    "supply_shares": ["material_id", "scope", "stage", "country_name"],
    "end_uses": ["material_id", "application", "nace_sector"],
    "benchmarks": ["benchmark_id"],
    "facilities": ["facility_id"],
    "facility_materials": ["facility_id", "material_id"],
    "strategic_projects": ["project_row"],
    "project_materials": ["project_row", "material_id"],
    "partnership_regions": ["nuts_id"],
    "network_regions": ["network", "nuts_id"],
    "mining_figures": ["row_id"],
    "sme_size_classes": ["row_id"],
    "sources": ["source_id"],
}


# Where each file of the online refresh stands in the sources layout; sbs_* have no offline copy.
SBS_FOLDER = "eurostat-sbs"
ONLINE_FOLDERS = {
    "nama_10r_3gdp.tsv.gz": "eurostat-nama_10r_3gdp", "demo_r_pjanaggr3.tsv.gz": "eurostat-demo_r_pjanaggr3",
    "lfst_r_lfe2en2.tsv.gz": "eurostat-lfst_r_lfe2en2", "NUTS_RG_20M_2024_4326.geojson": "nuts2024-20m-4326",
    **{f"NUTS_RG_20M_2021_4326_LEVL_{n}.geojson": "nuts2021-20m-4326" for n in range(4)},
    "sbs_r_nuts2021.tsv.gz": SBS_FOLDER, "sbs_sc_ovw.tsv.gz": SBS_FOLDER,
}


def overlay_sources(src: Path, online_dir: Path, into: Path) -> Path:
    """A sources tree in `into` where the downloaded files stand in for the offline copies (symlinks)."""
    for folder in Path(src).iterdir():
        if folder.is_dir():
            (into / folder.name).mkdir(parents=True, exist_ok=True)
            for f in folder.iterdir():
                (into / folder.name / f.name).symlink_to(f.resolve())
    for f in Path(online_dir).iterdir():
        target = into / ONLINE_FOLDERS.get(f.name, "unplaced") / f.name
        target.parent.mkdir(exist_ok=True)
        target.unlink(missing_ok=True)
        target.symlink_to(f.resolve())
    return into


def save_downloads(online_dir: Path, src: Path) -> list[Path]:
    """Keep the online refresh's downloads in the sources tree, in the offline layout (after a build from them
    succeeded), so the next offline rebuild reads the same inputs. Plain-text downloads are stored gzip-compressed
    (deterministically: no name or time in the header), replacing the older copy of the same file."""
    saved = []
    for f in sorted(Path(online_dir).iterdir()):
        folder = Path(src) / ONLINE_FOLDERS.get(f.name, "unplaced")
        folder.mkdir(parents=True, exist_ok=True)
        data = f.read_bytes()
        name = f.name if data[:2] == b"\x1f\x8b" else f.name + ".gz"
        for old in (folder / f.name, folder / (f.name + ".gz")):
            old.unlink(missing_ok=True)
        target = folder / name
        target.write_bytes(data if name == f.name else gzip.compress(data, compresslevel=9, mtime=0))
        saved.append(target)
    return saved


_SBS_TITLES = {"sbs_r_nuts2021": "Local units and persons employed by NACE Rev. 2 and NUTS 2 region (SBS)",
               "sbs_sc_ovw": "Enterprises and persons employed by size class and NACE Rev. 2 (SBS)"}


def _sbs(folder: Path, reps: dict) -> tuple[pd.DataFrame, list[dict]]:
    from . import online
    from .common import SourceReport

    frames = []
    for code in ("sbs_r_nuts2021", "sbs_sc_ovw"):
        path = folder / f"{code}.tsv.gz"
        rep = reps[code] = SourceReport(code, _SBS_TITLES[code], "Eurostat", code, online.eurostat_url(code),
                                        eurostat_sources.EUROSTAT_LICENCE, eurostat_sources.EUROSTAT_ATTR, "downloaded by the online refresh")
        from .eurostat import read_text

        long = online.parse_api_tsv(read_text(rep.read_file(path)), path)
        rep.rows_read = len(long)
        obs = online.to_observations(code, long).assign(source_id=code, geo_2013=None)
        frames.append(rep.wrote("observations", obs))
    return pd.concat(frames, ignore_index=True), online.INDICATORS


def load_all(src: Path) -> tuple[dict[str, pd.DataFrame], list]:
    """Read every source into tables. Returns the tables and the per-source reports."""
    src = Path(src)
    if not src.is_dir():
        raise SourceError(src, "sources directory not found (set --sources or MINEDASH_SOURCES)")
    reps = {**nuts.reports(), **eurostat_sources.reports(), **materials.reports(), **sites.reports()}
    tables = nuts.load(src, reps)
    tables.update(eurostat_sources.load(src, reps, tables["regions"]))
    tables.update(materials.load(src, reps))
    tables.update(sites.load(src, reps, tables["region_shapes"]))
    counts = sites.site_counts(tables["facilities"], tables["strategic_projects"], tables["regions"], EU27)
    tables["observations"] = pd.concat([tables["observations"], counts], ignore_index=True)
    catalog = eurostat_sources.indicator_catalog() + sites.SITE_INDICATORS
    if (src / SBS_FOLDER).is_dir():
        obs, indicators = _sbs(src / SBS_FOLDER, reps)
        tables["observations"] = pd.concat([tables["observations"], obs], ignore_index=True)
        catalog += indicators
    tables["indicators"] = _indicators(catalog, reps, tables["observations"], tables["regions"])
    extra_iso = set(tables["production"]["iso2"].dropna()) | set(tables["supply_shares"]["iso2"].dropna()) \
        | set(tables["facilities"]["iso2"].dropna()) | set(tables["strategic_projects"]["iso2"].dropna())
    tables["countries"] = nuts.countries(tables["regions"], extra_iso)
    tables["sources"] = pd.DataFrame([_source_row(r) for r in reps.values()])
    return tables, list(reps.values())


def _indicators(catalog: list[dict], reps: dict, obs: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """The catalog plus the coverage of each indicator (years, NUTS levels), so pickers need no scan."""
    df = pd.DataFrame(catalog)
    df["dataset_code"] = df["source_id"].map(lambda s: reps[s].dataset_code if s in reps else s)
    level = regions[regions.nuts_version == 2021].set_index("nuts_id")["level"]
    o = obs[["indicator_id", "geo", "year", "value"]].assign(level=obs["geo"].map(level))
    o = o[o["level"].notna() & o["value"].notna()]
    cov = o.groupby("indicator_id").agg(first_year=("year", "min"), last_year=("year", "max"), n_obs=("value", "size"))
    cov["levels"] = o.groupby("indicator_id")["level"].agg(lambda s: ",".join(str(int(v)) for v in sorted(s.unique())))
    cov["years"] = o.groupby("indicator_id")["year"].agg(lambda s: ",".join(str(int(v)) for v in sorted(s.unique())))
    df = df.join(cov, on="indicator_id")
    df["n_obs"] = df["n_obs"].fillna(0).astype("int64")
    return df


def _source_row(rep) -> dict:
    d = rep.as_dict()
    return {"source_id": d["source_id"], "title": d["title"], "publisher": d["publisher"], "dataset_code": d["dataset_code"],
            "url": d["url"], "licence": d["licence"], "attribution": d["attribution"], "vintage": d["vintage"],
            "rows_read": d["rows_read"], "rows_written": int(sum(d["rows_written"].values())),
            "rows_dropped": int(sum(x["rows"] for x in d["rows_dropped"])),
            "files": ", ".join(f["file"] for f in d["files"]), "sha256": ", ".join(f["sha256"][:12] for f in d["files"])}


def validate(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Warehouse invariants. Returns a list of problems (empty when the warehouse is sound)."""
    problems = []
    for name, key in KEYS.items():
        df = tables.get(name)
        if df is None or df.empty:
            problems.append(f"{name}: table missing or empty")
            continue
        if df[key].isna().all(axis=1).any():
            problems.append(f"{name}: rows with an empty key {key}")
        if df.duplicated(key).any():
            problems.append(f"{name}: duplicate keys {key}, e.g. {df.loc[df.duplicated(key), key].iloc[0].tolist()}")
    obs, ind = tables["observations"], tables["indicators"]
    if not set(obs["indicator_id"]) <= set(ind["indicator_id"]):
        problems.append(f"observations: undocumented indicators {sorted(set(obs['indicator_id']) - set(ind['indicator_id']))}")
    if ind["unit"].isna().any() or (ind["unit"] == "").any():
        problems.append("indicators: an indicator has no unit")
    if not obs["year"].between(1990, 2030).all():
        problems.append("observations: year out of 1990–2030")
    if (tables["production"]["value"] < 0).any():
        problems.append("production: negative output")
    shares = tables["supply_shares"]
    if not shares["share_max_pct"].between(0, 100).all():
        problems.append("supply_shares: share outside 0–100 %")
    r21 = tables["regions"].query("nuts_version == 2021")
    if not set(tables["partnership_regions"]["nuts_id"]) <= set(r21["nuts_id"]):
        problems.append("partnership_regions: code not in NUTS 2021")
    if not tables["facilities"]["nuts3"].dropna().isin(r21["nuts_id"]).all():
        problems.append("facilities: NUTS 3 code not in NUTS 2021")
    if not set(tables["material_commodities"]["commodity"]) <= set(tables["production"]["commodity"]):
        problems.append("material_commodities: commodity without production data")
    return problems


def _write_geojson(ids: pd.Series, geometries: pd.Series, path: Path) -> None:
    features = ",".join('{"type":"Feature","id":%s,"properties":{},"geometry":%s}' % (json.dumps(i), g)
                        for i, g in zip(ids, geometries))
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
        "tables": {name: {"rows": int(len(df)), "key": KEYS[name], "columns": list(df.columns)} for name, df in sorted(tables.items())},
        "sources": [r.as_dict() for r in reps],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")


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
