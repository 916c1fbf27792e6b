"""The warehouse read in place: DuckDB's buffers are bounded; a process keeps reading the files it opened when a new
warehouse is swapped in on disk, and refuses to go on once the manifest it started with has changed."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from minedash.data import db, paths


@pytest.fixture
def own_warehouse(tmp_path, monkeypatch):
    """A copy of the shipped warehouse and manifest that the test may replace."""
    shutil.copytree(paths.WAREHOUSE_DIR, tmp_path / "warehouse")
    shutil.copy2(paths.MANIFEST_PATH, tmp_path / "manifest.json")
    monkeypatch.setattr(paths, "WAREHOUSE_DIR", tmp_path / "warehouse")
    monkeypatch.setattr(paths, "MANIFEST_PATH", tmp_path / "manifest.json")
    db.reset()
    yield tmp_path
    db.reset()


def test_memory_is_bounded_and_tables_are_files(own_warehouse):
    cur = db.connection()
    try:
        limit = cur.execute("select current_setting('memory_limit')").fetchone()[0]
        kinds = dict(cur.execute("select table_name, table_type from information_schema.tables").fetchall())
    finally:
        cur.close()
    number, unit = limit.split()
    assert unit == "MiB" and abs(float(number) * 1.048576 - int(db.MEMORY_LIMIT.removesuffix("MB"))) < 1, limit
    assert kinds["observations"] == "VIEW"  # read in place, not loaded
    assert "observations" in db.table_names() and "material_family" not in db.table_names()
    assert db.manifest_checksum() and len(db.manifest_checksum()) == 64


def test_a_swapped_warehouse_is_not_read_half_way(own_warehouse):
    before = db.query("region_values", indicator="pop", level=2)
    # The ingest swaps a new warehouse folder in: here one whose observations are empty.
    new = own_warehouse / "new"
    shutil.copytree(own_warehouse / "warehouse", new)
    obs = pd.read_parquet(new / "observations.parquet").head(0)
    obs.to_parquet(new / "observations.parquet", index=False)
    (own_warehouse / "warehouse").rename(own_warehouse / "old")
    new.rename(own_warehouse / "warehouse")
    # The process still reads the files it opened (an uncached query, all rows there) ...
    again = db.query("region_values", indicator="pop", level=1)
    assert len(again) > 0 and len(before) > 0
    # ... until the manifest says the warehouse changed: then it stops, asking for a restart.
    manifest = own_warehouse / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"about"', '"about_new"', 1))
    with pytest.raises(db.WarehouseChanged, match="restart"):
        db.query("region_values", indicator="pop", level=3)
    db.reset()  # a restart opens the new warehouse
    assert db.query("region_values", indicator="pop", level=3).empty
