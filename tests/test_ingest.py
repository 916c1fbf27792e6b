"""The ingest: parsers on publisher-format snippets, bad input that stops the build and keeps the old
warehouse, determinism, the online overlay, and a clear message for a missing warehouse."""

from __future__ import annotations

import gzip
import shutil
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from minedash.data import db, paths
from minedash.data.ingest import (
    build,
    eurostat_sources,
    load_all,
    materials,
    nuts,
    overlay_sources,
    save_downloads,
    sites,
)
from minedash.data.ingest.common import stored
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


def _cut(path: Path, keep: float = 0.5) -> None:
    """Cut a (possibly gzip-compressed) text file short at a line boundary, keeping it valid gzip if it was."""
    raw = path.read_bytes()
    text = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    lines = text.splitlines(keepends=True)
    cut = b"".join(lines[: int(len(lines) * keep)])
    path.write_bytes(gzip.compress(cut, mtime=0) if raw[:2] == b"\x1f\x8b" else cut)


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
        # Accepted before: LFS employment fell from 28,616 to 13,430 rows, exit 0.
        (lambda d: _cut(d / "nuts2013-labels" / "NUTS_AT_2013.csv.gz"), "NUTS_AT_2013.csv.gz: 976 records where 1954"),
        (lambda d: (d / "crm_atlas_forlini" / "facilities.csv").write_text(""), "facilities.csv"),
    ],
)
def test_bad_source_stops_the_build_and_keeps_the_old_warehouse(tmp_path, sources_dir, damage, names):
    data = tmp_path / "data"
    (data / "warehouse").mkdir(parents=True)
    (data / "warehouse" / "marker.parquet").write_bytes(b"old")
    (data / "warehouse" / "manifest.json").write_text("{}")
    src = _copy_sources(sources_dir, tmp_path / "src")
    damage(src)
    with pytest.raises(SourceError) as err:
        build(src, data)
    assert names in str(err.value)
    assert (data / "warehouse" / "marker.parquet").read_bytes() == b"old"
    assert (data / "warehouse" / "manifest.json").read_text() == "{}"
    assert [p.name for p in data.iterdir()] == ["warehouse"]  # no temporary folder left
    assert not (tmp_path / "static").exists() or not list((tmp_path / "static").glob(".*"))


def _read(sources_dir: Path, tmp_path: Path, folder: str, name: str, expect, edit, **kw) -> str:
    """The refusal of a source file after `edit(text) -> text`, as the ingest's reader words it."""
    from minedash.data.ingest.common import SourceReport, read_csv

    src = sources_dir / folder / name
    path = tmp_path / name
    raw = stored(src).read_bytes()
    text = (gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw).decode(kw.get("encoding", "utf-8"))
    path.write_text(edit(text), encoding=kw.get("encoding", "utf-8"))
    with pytest.raises(SourceError) as err:
        read_csv(SourceReport("t", "", "", None, "", "", "", ""), path, expect, dtype=str, keep_default_na=False, **kw)
    return str(err.value)


def _line(text: str, n: int) -> str:
    return text.splitlines(keepends=True)[n - 1]


@pytest.mark.parametrize(
    "folder, name, expect, edit, words",
    [
        # Accepted before (63 -> 66 projects: the key was a row number).
        (
            "eu_crma_strategic_projects",
            "eu_strategic_projects_2025.csv",
            sites.EU_PROJECTS,
            lambda t: t.rstrip("\n") + "\n" + _line(t, 3),
            "51 records where 50",
        ),
        (
            "eu_crma_strategic_projects",
            "eu_strategic_projects_2025.csv",
            replace(sites.EU_PROJECTS, rows=None),
            lambda t: t.rstrip("\n") + "\n" + _line(t, 3),
            "line 52: the same crma_project, country_code, crma_value_chain_stage, atlas_site_id as line 3",
        ),
        (
            "eu_crma_strategic_projects",
            "non_eu_strategic_projects_2025_partial.csv",
            replace(sites.NON_EU_PROJECTS, rows=None),
            lambda t: t + _line(t, 8),
            "line 15: the same project_name, country_or_territory as line 8",
        ),
        # Blamed on cities.csv before.
        (
            "crm_atlas_forlini",
            "facilities.csv",
            sites.FACILITIES,
            lambda t: t[: len(t) - 300],
            "facilities.csv: line 138: ",
        ),
        # Named no file before.
        (
            "world_mining_data_2024",
            "wmd2024_production_by_country_long.csv",
            materials.WMD_PRODUCTION,
            lambda t: t.replace("Algeria,DZA,12,2018,1178800.0", "Algeria,DZA,12,2018,-1178800.0", 1),
            "wmd2024_production_by_country_long.csv: line 2: value -1178800.0 is outside 0–",
        ),
        (
            "nuts2013-labels",
            "NUTS_AT_2013.csv",
            nuts.NUTS_2013,
            lambda t: t.replace(_line(t, 153), "9999,CY,CY001,Kypros,Kypros,Kypros,Kypros\r\n", 1),
            "line 153: the known defect",
        ),
        (
            "crm_atlas_forlini",
            "cities.csv",
            sites.CITIES,
            lambda t: t.replace('"lat",', '"latitude",', 1),
            "columns ['lat'] missing",
        ),
        (
            "s3-mining-partnership",
            "partnership_regions.csv",
            sites.MEMBERS,
            lambda t: t.replace(",lead,", ",leader,", 1),
            "role 'leader' is not a valid code",
        ),
    ],
    ids=[
        "duplicate-project-count",
        "duplicate-project-key",
        "duplicate-non-eu-project",
        "truncated-facilities",
        "negative-output",
        "known-defect-gone",
        "renamed-column",
        "bad-code",
    ],
)
def test_source_contract_refusals_name_file_line_and_problem(sources_dir, tmp_path, folder, name, expect, edit, words):
    encoding = {"encoding": "latin-1"} if name.startswith("NUTS_AT") else {}
    message = _read(sources_dir, tmp_path, folder, name, expect, edit, **encoding)
    assert words in message, message


def test_known_defects_are_recorded_not_skipped():
    _, reps = load_all(paths.default_sources_dir())
    nuts2013 = next(r for r in reps if r.source_id == "nuts2013")
    assert nuts2013.rows_read == 1954 and nuts2013.rows_written["regions"] == 1951
    assert [d["reason"].split(":")[0] for d in nuts2013.dropped] == [
        "NUTS_AT_2013.csv.gz line 138",
        "NUTS_AT_2013.csv.gz line 153",
        "NUTS_AT_2013.csv.gz line 154",
    ]


def test_rebuild_is_deterministic_and_matches_the_shipped_warehouse(tmp_path, sources_dir):
    build(sources_dir, tmp_path / "data")
    for f in sorted(paths.WAREHOUSE_DIR.glob("*.parquet")):
        assert (tmp_path / "data" / "warehouse" / f.name).read_bytes() == f.read_bytes(), (
            f"{f.name} differs: rebuild and commit data/"
        )
    assert (tmp_path / "data" / "warehouse" / "manifest.json").read_text() == paths.MANIFEST_PATH.read_text()
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
