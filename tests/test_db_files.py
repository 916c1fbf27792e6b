"""The warehouse read in place: DuckDB's buffers are bounded; a process keeps reading the files it opened when a new
warehouse is swapped in on disk, and refuses to go on once the manifest it started with has changed."""

from __future__ import annotations

import hashlib
import json
import shutil
import time

import pandas as pd
import pytest

from minedash.data import db, paths, verify


@pytest.fixture
def own_warehouse(tmp_path, monkeypatch):
    """A copy of the shipped warehouse (with its manifest) that the test may replace."""
    shutil.copytree(paths.WAREHOUSE_DIR, tmp_path / "warehouse")
    monkeypatch.setattr(paths, "WAREHOUSE_DIR", tmp_path / "warehouse")
    monkeypatch.setattr(paths, "MANIFEST_PATH", tmp_path / "warehouse" / paths.MANIFEST_NAME)
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
    assert kinds["regions"] == "BASE TABLE"  # a small lookup table: held in memory (db.IN_MEMORY_BELOW)
    assert "observations" in db.table_names() and "material_family" not in db.table_names()
    assert db.manifest_checksum() and len(db.manifest_checksum()) == 64


def test_a_swapped_warehouse_is_not_read_half_way(own_warehouse, monkeypatch):
    monkeypatch.setattr(verify, "RECHECK_S", 0.1)
    before = db.query("region_values", indicator="pop", level=2)
    # The ingest swaps a new warehouse folder in (files and manifest, one unit): here one whose observations are empty.
    new = own_warehouse / "new"
    shutil.copytree(own_warehouse / "warehouse", new)
    pd.read_parquet(new / "observations.parquet").head(0).to_parquet(new / "observations.parquet", index=False)
    manifest = json.loads((new / paths.MANIFEST_NAME).read_text())
    manifest["tables"]["observations"].update(
        sha256=hashlib.sha256((new / "observations.parquet").read_bytes()).hexdigest(), rows=0
    )
    (new / paths.MANIFEST_NAME).write_text(json.dumps(manifest))
    (own_warehouse / "warehouse").rename(own_warehouse / "old")
    new.rename(own_warehouse / "warehouse")
    time.sleep(0.2)  # files are looked at again after verify.RECHECK_S
    # Nothing is read from the other warehouse, nor mixed with it: the process asks for a restart.
    assert len(before) > 0
    for level in (2, 3):
        with pytest.raises(db.WarehouseChanged, match="restart"):
            db.query("region_values", indicator="pop", level=level)
    db.reset()  # a restart opens the new warehouse
    assert db.query("region_values", indicator="pop", level=3).empty
