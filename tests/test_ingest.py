"""The ingest: parsers on publisher-format snippets, bad input that stops the build and keeps the old
warehouse, determinism, the online overlay, and a clear message for a missing warehouse."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from minedash.data import db, paths
from minedash.data.ingest import build, eurostat_sources, load_all, overlay_sources, save_downloads
from minedash.data.ingest.errors import SourceError
from minedash.data.ingest.eurostat import parse_bulk_tsv, parse_data_explorer_csv, read_text

FIX = Path(__file__).parent / "fixtures" / "online"

BULK = (
    "unit,geo\\time\t2021 \t2020 \t2019 \nMIO_EUR,FI1D7\t: \t6909.75 \t7000.1 p\nEUR_HAB,FI1D7\t: c\t39000 \t40100 be\n"
)


def test_bulk_tsv_keeps_flags_and_missing_cells():
    df = parse_bulk_tsv(BULK, "x.tsv")
    assert len(df) == 6
    row = df[(df.unit == "MIO_EUR") & (df.year == 2019)].iloc[0]
    assert row.value == 7000.1 and row.flag == "p"
    conf = df[(df.unit == "EUR_HAB") & (df.year == 2021)].iloc[0]
    assert pd.isna(conf.value) and conf.flag == "c"  # confidential: missing, not zero
    assert df[(df.unit == "EUR_HAB") & (df.year == 2019)].iloc[0].flag == "be"


@pytest.mark.parametrize(
    "text, problem",
    [
        (BULK.replace("6909.75", "6,909.75"), "not 'number [flags]'"),
        (BULK.replace("unit,geo\\time", "unit,geo"), "is not 'dims,geo\\time'"),
        (BULK.replace("2019 ", "total "), "is not a year"),
        (BULK.replace("MIO_EUR,FI1D7", "MIO_EUR"), "one code per dimension"),
    ],
)
def test_bulk_tsv_errors_name_the_file(text, problem):
    with pytest.raises(SourceError) as err:
        parse_bulk_tsv(text, "nama.tsv")
    assert "nama.tsv" in str(err.value) and problem in str(err.value)


def test_truncated_gzip_names_the_file(tmp_path):
    raw = gzip.compress(BULK.encode())
    p = tmp_path / "cut.tsv.gz"
    p.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(SourceError, match="cut.tsv.gz.*truncated or corrupt"):
        read_text(p)


def test_data_explorer_csv_thousands_and_missing(tmp_path):
    p = tmp_path / "lfs.csv"
    p.write_text(
        '"TIME","GEO","NACE_R2","UNIT","AGE","Value"\n"2016","FI1D","B-E","THS","Y_GE15","1,060.2"\n'
        '"2016","FI1D","A","THS","Y_GE15",":"\n'
    )
    df = parse_data_explorer_csv(p)
    assert df.value.iloc[0] == 1060.2 and pd.isna(df.value.iloc[1])


def test_lfs_crosswalk_maps_recoded_french_regions_and_reports_unmatched():
    tables, reps = load_all(paths.default_sources_dir())
    cw = tables["nuts2013_crosswalk"].set_index("code_2013")
    assert cw.loc["FI1D", "code_2021"] == "FI1D"
    assert cw.loc["FR21", "code_2021"] == "FRF2"  # Champagne-Ardenne recoded in NUTS 2016
    assert pd.isna(cw.loc["LT00", "code_2021"])  # Lithuania split in two: no single match
    lfs = next(r for r in reps if r.source_id == "lfst_r_lfe2en2")
    assert "LT00" in {u["code"] for u in lfs.unmatched}
    dropped = sum(d["rows"] for d in lfs.dropped)
    assert lfs.rows_read == lfs.rows_written["observations"] + dropped  # no silent drops


def test_every_source_accounts_for_its_rows():
    _, reps = load_all(paths.default_sources_dir())
    for rep in reps:
        assert rep.files, rep.source_id
        assert all(len(f["sha256"]) == 64 for f in rep.files)
    gdp = next(r for r in reps if r.source_id == "nama_10r_3gdp")
    assert gdp.rows_read == 273966 and gdp.rows_written["observations"] == 253544  # figures of SOURCE.md


def _copy_sources(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    for p in dst.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    return dst


@pytest.mark.parametrize(
    "damage, names",
    [
        (lambda d: (d / "eurostat-nama_10r_3gdp" / "nama_10r_3gdp.tsv.gz").unlink(), "nama_10r_3gdp.tsv.gz"),
        (
            lambda d: (d / "eurostat-demo_r_pjanaggr3" / "demo_r_pjanaggr3.tsv.gz").write_bytes(
                (d / "eurostat-demo_r_pjanaggr3" / "demo_r_pjanaggr3.tsv.gz").read_bytes()[:5000]
            ),
            "demo_r_pjanaggr3.tsv.gz",
        ),
        (
            lambda d: (d / "world_mining_data_2024" / "wmd2024_production_by_country_long.csv").write_text(
                "commodity,land,year,value\nCobalt,Finland,2020,1\n"
            ),
            "wmd2024_production_by_country_long.csv",
        ),
        (lambda d: (d / "crm_atlas_forlini" / "facilities.csv").write_text(""), "facilities.csv"),
        (
            lambda d: (d / "eu_crm_2023_compiled" / "crm_2023_per_material.csv").write_text(
                "\n".join((d / "eu_crm_2023_compiled" / "crm_2023_per_material.csv").read_text().splitlines()[:20])
            ),
            "expected 34 CRMs",
        ),
    ],
)
def test_bad_source_stops_the_build_and_keeps_the_old_warehouse(tmp_path, sources_dir, damage, names):
    data = tmp_path / "data"
    (data / "warehouse").mkdir(parents=True)
    (data / "warehouse" / "marker.parquet").write_bytes(b"old")
    (data / "manifest.json").write_text("{}")
    src = _copy_sources(sources_dir, tmp_path / "src")
    damage(src)
    with pytest.raises(SourceError) as err:
        build(src, data)
    assert names in str(err.value)
    assert (data / "warehouse" / "marker.parquet").read_bytes() == b"old"
    assert (data / "manifest.json").read_text() == "{}"
    assert sorted(p.name for p in data.iterdir()) == ["manifest.json", "warehouse"]  # no temp folder left


def test_rebuild_is_deterministic_and_matches_the_shipped_warehouse(tmp_path, sources_dir):
    build(sources_dir, tmp_path / "data")
    for f in sorted(paths.WAREHOUSE_DIR.glob("*.parquet")):
        assert (tmp_path / "data" / "warehouse" / f.name).read_bytes() == f.read_bytes(), (
            f"{f.name} differs: rebuild and commit data/"
        )
    assert (tmp_path / "data" / "manifest.json").read_text() == paths.MANIFEST_PATH.read_text()
    shipped = sorted((paths.ROOT / "static" / "geo").glob("*.geojson"))  # the maps' web copies of the outlines
    assert len(shipped) == 5
    for f in shipped:
        assert (tmp_path / "static" / "geo" / f.name).read_bytes() == f.read_bytes(), f.name


def test_online_overlay_adds_sbs_indicators_and_uses_the_current_lfs(tmp_path, sources_dir):
    online_dir = tmp_path / "dl"
    online_dir.mkdir()
    for name in ("sbs_r_nuts2021.tsv.gz", "sbs_sc_ovw.tsv.gz", "lfst_r_lfe2en2.tsv.gz"):
        shutil.copy(FIX / name, online_dir / name)
    build(sources_dir, tmp_path / "data", online_dir)
    obs = pd.read_parquet(tmp_path / "data" / "warehouse" / "observations.parquet")
    ind = pd.read_parquet(tmp_path / "data" / "warehouse" / "indicators.parquet")
    assert obs["indicator_id"].str.startswith("sbs_emp_loc_").any()
    assert obs["indicator_id"].str.startswith("sbs_sc_").any()
    assert set(obs["indicator_id"]) <= set(ind["indicator_id"])
    lfs = obs[(obs.indicator_id == "emp_lfs_b_e") & (obs.geo == "FI1D")]
    assert set(lfs["year"]) == {2021, 2022, 2023}  # the downloaded LFS replaced the 2008-2016 extract
    assert lfs.set_index("year").loc[2022, "value"] == 81.3
    assert not (tmp_path / "sources-overlay").exists()


def test_online_downloads_are_kept_in_the_offline_layout(tmp_path, sources_dir):
    """After an online build, the downloads join the sources tree, so an offline rebuild reads the same inputs."""
    online_dir = tmp_path / "dl"
    online_dir.mkdir()
    for name in ("sbs_r_nuts2021.tsv.gz", "lfst_r_lfe2en2.tsv.gz", "NUTS_RG_20M_2024_4326.geojson"):
        shutil.copy(FIX / name, online_dir / name)
    src = _copy_sources(sources_dir, tmp_path / "src")
    saved = save_downloads(online_dir, src)
    assert sorted(p.relative_to(src).as_posix() for p in saved) == [
        "eurostat-lfst_r_lfe2en2/lfst_r_lfe2en2.tsv.gz",
        "eurostat-sbs/sbs_r_nuts2021.tsv.gz",
        "nuts2024-20m-4326/NUTS_RG_20M_2024_4326.geojson.gz",
    ]
    stored_geo = src / "nuts2024-20m-4326" / "NUTS_RG_20M_2024_4326.geojson.gz"
    assert gzip.decompress(stored_geo.read_bytes()) == (FIX / "NUTS_RG_20M_2024_4326.geojson").read_bytes()
    assert save_downloads(online_dir, src) and stored_geo.read_bytes() == stored_geo.read_bytes()  # idempotent
    assert not (src / "nuts2024-20m-4326" / "NUTS_RG_20M_2024_4326.geojson").exists()


def test_overlay_links_downloads_in_place_of_offline_copies(tmp_path, sources_dir):
    dl = tmp_path / "dl"
    dl.mkdir()
    (dl / "nama_10r_3gdp.tsv.gz").write_bytes(b"new")
    tree = overlay_sources(sources_dir, dl, tmp_path / "tree")
    assert (tree / "eurostat-nama_10r_3gdp" / "nama_10r_3gdp.tsv.gz").read_bytes() == b"new"
    assert (tree / "crm_atlas_forlini" / "facilities.csv").resolve() == (
        sources_dir / "crm_atlas_forlini" / "facilities.csv"
    ).resolve()


def test_missing_or_corrupt_warehouse_says_how_to_rebuild(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "WAREHOUSE_DIR", tmp_path / "nowhere")
    db.reset()
    try:
        with pytest.raises(db.WarehouseError, match="python -m minedash ingest"):
            db.query("sources")
        bad = tmp_path / "bad"
        bad.mkdir()
        (bad / "sources.parquet").write_bytes(b"not parquet at all")
        monkeypatch.setattr(paths, "WAREHOUSE_DIR", bad)
        with pytest.raises(db.WarehouseError, match="sources.parquet is damaged"):
            db.query("sources")
    finally:
        monkeypatch.undo()
        db.reset()


def test_query_takes_bound_parameters_only():
    with pytest.raises(TypeError, match="takes"):
        db.query("region_shapes")  # missing $level
    with pytest.raises(TypeError):
        db.query("region_shapes", level=2, extra=1)
    with pytest.raises(ValueError):
        db.query("../etc/passwd")
    # A value that looks like SQL is bound as a value: it fails to convert, nothing is executed.
    with pytest.raises(duckdb.ConversionException):
        db.query("region_shapes", level="2; drop table regions")
    assert len(db.query("region_shapes", level=2)) == 333  # GISCO NUTS 2021 level 2 features (SOURCE.md)


def test_indicator_catalog_documents_every_observation():
    ind = db.query("indicators")
    assert ind["unit"].notna().all() and (ind["unit"] != "").all()
    assert set(eurostat_sources.GDP_UNITS) and (ind["n_obs"] > 0).sum() >= 20
