"""Download this view: the zip holds exactly the frames each chart and table drew, with their sources and citation."""

import io
import json
import zipfile

import pandas as pd
from conftest import assert_clean, open_page

from minedash.app import export, ui
from minedash.data import db

README = "{title} {date}\n{citation}\n"


def _zip(page: str, **params) -> tuple[dict, zipfile.ZipFile]:
    at = open_page(page, **params)
    assert_clean(at)
    assert any(b.label == "Download this view" for b in at.get("download_button"))
    shown = at.session_state["_minedash_shown"]
    data = ui.view_zip(shown, "A page", "not used: the URL as drawn wins", "en", "2026-11-28", README, images=False)
    return shown, zipfile.ZipFile(io.BytesIO(data))


def test_zip_holds_every_drawn_frame_as_csv_with_its_sources():
    shown, z = _zip("regions", region="FI1D", indicator="no_such_indicator")
    assert {"region_map", "profile", "sites"} <= set(shown)
    meta = json.loads(z.read("metadata.json"))
    assert "region=FI1D" in meta["url"] and "no_such_indicator" not in meta["url"]  # the view as drawn
    assert meta["page"] == "regions" and meta["date"] == "2026-11-28"
    by_file = {f["file"]: f for f in meta["files"]}
    assert set(z.namelist()) == set(by_file) | {"metadata.json", "README.txt"}
    for key, item in shown.items():
        for i, frame in enumerate(item["frames"]):
            file = f"{key}.csv" if i == 0 else f"{key}-{i + 1}.csv"
            got = pd.read_csv(io.BytesIO(z.read(file)), encoding="utf-8-sig", keep_default_na=False, dtype=str)
            want = pd.read_csv(io.BytesIO(export.to_csv(frame)), encoding="utf-8-sig", keep_default_na=False, dtype=str)
            pd.testing.assert_frame_equal(got, want)
            assert len(got) == len(frame) == by_file[file]["rows"]
            assert [s["id"] for s in by_file[file]["sources"]] == (db.sources_of(frame) or item["sources"])
    gdp = by_file["region_map.csv"]
    src = {s["id"]: s for s in gdp["sources"]}["nama_10r_3gdp"]
    assert src["publisher"] == "Eurostat" and src["licence"] and src["vintage"] and src["url"].startswith("https://")
    assert gdp["data_years"] and gdp["citation"].startswith("Source:")
    readme = z.read("README.txt").decode()
    assert "A page 2026-11-28" in readme and "nama_10r_3gdp" in readme and meta["url"] in readme
    assert meta["images"] == [] and meta["images_note"]


def test_a_table_only_page_zips_its_tables():
    shown, z = _zip("sources")
    assert shown and all(item["kind"] == "table" for item in shown.values())
    assert sum(name.endswith(".csv") for name in z.namelist()) >= len(shown)


def test_images_name_their_absence_rather_than_fake_them(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "kaleido", None)  # as if not installed
    images, why = export.figure_images({"fig": object()})
    assert images == {} and "kaleido" in why


def test_charts_are_drawn_as_png_and_svg_offline():
    """kaleido drives the installed Chromium; the map's outlines come from static/geo, not from the app."""
    shown, _z = _zip("regions", indicator="gdp_pps_eu")
    images, why = export.figure_images({"region_map": shown["region_map"]["fig"]})
    assert why is None, why
    assert images["region_map.png"].startswith(b"\x89PNG") and len(images["region_map.png"]) > 20_000
    assert b"<svg" in images["region_map.svg"][:200] and b"path" in images["region_map.svg"]
