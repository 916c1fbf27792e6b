"""Read every source into tables, with a provenance report per source (offline files and the online refresh)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd

from . import eurostat_sources, materials, nuts, sites
from .common import EU27
from .errors import SourceError

# Where each file of the online refresh stands in the sources layout; sbs_* have no offline copy.
SBS_FOLDER = "eurostat-sbs"
ONLINE_FOLDERS = {
    "nama_10r_3gdp.tsv.gz": "eurostat-nama_10r_3gdp",
    "demo_r_pjanaggr3.tsv.gz": "eurostat-demo_r_pjanaggr3",
    "lfst_r_lfe2en2.tsv.gz": "eurostat-lfst_r_lfe2en2",
    "NUTS_RG_20M_2024_4326.geojson": "nuts2024-20m-4326",
    **{f"NUTS_RG_20M_2021_4326_LEVL_{n}.geojson": "nuts2021-20m-4326" for n in range(4)},
    "sbs_r_nuts2021.tsv.gz": SBS_FOLDER,
    "sbs_sc_ovw.tsv.gz": SBS_FOLDER,
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


_SBS_TITLES = {
    "sbs_r_nuts2021": "Local units and persons employed by NACE Rev. 2 and NUTS 2 region (SBS)",
    "sbs_sc_ovw": "Enterprises and persons employed by size class and NACE Rev. 2 (SBS)",
}


def _sbs(folder: Path, reps: dict) -> tuple[pd.DataFrame, list[dict]]:
    from . import online
    from .common import SourceReport

    frames = []
    for code in ("sbs_r_nuts2021", "sbs_sc_ovw"):
        path = folder / f"{code}.tsv.gz"
        rep = reps[code] = SourceReport(
            code,
            _SBS_TITLES[code],
            "Eurostat",
            code,
            online.eurostat_url(code),
            eurostat_sources.EUROSTAT_LICENCE,
            eurostat_sources.EUROSTAT_ATTR,
            "downloaded by the online refresh",
        )
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
    extra_iso = (
        set(tables["production"]["iso2"].dropna())
        | set(tables["supply_shares"]["iso2"].dropna())
        | set(tables["facilities"]["iso2"].dropna())
        | set(tables["strategic_projects"]["iso2"].dropna())
    )
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
    return {
        "source_id": d["source_id"],
        "title": d["title"],
        "publisher": d["publisher"],
        "dataset_code": d["dataset_code"],
        "url": d["url"],
        "licence": d["licence"],
        "attribution": d["attribution"],
        "vintage": d["vintage"],
        "rows_read": d["rows_read"],
        "rows_written": int(sum(d["rows_written"].values())),
        "rows_dropped": int(sum(x["rows"] for x in d["rows_dropped"])),
        "files": ", ".join(f["file"] for f in d["files"]),
        "sha256": ", ".join(f["sha256"][:12] for f in d["files"]),
    }
