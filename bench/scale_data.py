"""Build a synthetic warehouse N times the size of the shipped one (default 100x), for bench/scale.py.

The growth a regional warehouse sees is more datasets: observations gains N-1 synthetic copies of every indicator
(ids `zsyn<k>_<indicator>`, values scaled by a factor per copy and region), written as the ingest writes the table:
one Parquet file sorted by its key (indicator_id, geo, year), row groups of pyarrow's default 1,048,576 rows.
The indicator catalogue is unchanged, so the pages show what they showed; every other table and
the manifest are copied, the manifest recording the new file's checksum and rows.
Synthetic figures never leave bench/output: they are for timing only.

    python bench/scale_data.py [--times 100] [--out bench/output/warehouse-100x]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from minedash.data import paths  # noqa: E402


def build(times: int, out: Path) -> Path:
    """Write the N-times warehouse (and its manifest) into out/warehouse; returns out."""
    wh = out / "warehouse"
    if wh.exists():
        shutil.rmtree(wh)
    wh.mkdir(parents=True)
    for f in paths.WAREHOUSE_DIR.glob("*.parquet"):
        if f.stem != "observations":
            shutil.copy2(f, wh / f.name)
    src = str(paths.WAREHOUSE_DIR / "observations.parquet").replace("'", "''")
    dst = str(wh / "observations.parquet").replace("'", "''")
    config = {"memory_limit": "2GB", "preserve_insertion_order": True, "temp_directory": str(out / ".tmp")}
    con = duckdb.connect(config=config)
    # The shipped file is sorted by the key and every synthetic id sorts after the real ones, copy by copy: the
    # rows come out in key order without a sort.
    copies = " union all ".join(
        f"""select 'zsyn{k:02d}_' || indicator_id as indicator_id, geo, year,
                   value * (0.8 + 0.4 * ((hash({k}, geo) % 1000) / 1000.0)) as value, flag, source_id, geo_2013
            from read_parquet('{src}')"""
        for k in range(1, int(times))
    )
    con.execute(
        f"copy (select * from read_parquet('{src}') union all {copies}) to '{dst}' "
        "(format parquet, compression zstd, row_group_size 1048576)"
    )
    # The manifest records the new file, so the app's checks (verify) accept it as the warehouse it is.
    manifest = json.loads(paths.MANIFEST_PATH.read_text(encoding="utf-8"))
    entry = manifest["tables"]["observations"]
    entry["sha256"] = hashlib.sha256((wh / "observations.parquet").read_bytes()).hexdigest()
    entry["rows"] = con.execute(f"select count(*) from read_parquet('{dst}')").fetchone()[0]
    (wh / paths.MANIFEST_NAME).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--times", type=int, default=100)
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "output" / "warehouse-100x")
    args = p.parse_args()
    t0 = time.perf_counter()
    out = build(args.times, args.out)
    rows = duckdb.connect().execute(f"select count(*) from '{out / 'warehouse' / 'observations.parquet'}'").fetchone()
    print(f"{out}: observations {rows[0]:,} rows ({args.times}x), built in {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
