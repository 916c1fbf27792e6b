"""Data that grows: the heavy queries on the shipped warehouse (1x) and on bench/scale_data.py's 100x one, each in a
fresh process (its peak memory measured), and region_profile / region_values as pandas code on tables loaded into
memory, as the dashboard did before it queried the Parquet files in place. Targets: each query at 100x under 10x its
1x time, at least 5x faster than pandas, a process under 1 GB. Not a test.

    python bench/scale_data.py            # once: bench/output/warehouse-100x (~430 MB)
    python bench/scale.py [--data bench/output/warehouse-100x] [--repeats 5] [--no-pandas]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
QUERIES = {
    "region_profile": {"region": "FI1D7"},
    "region_values": {"indicator": "gdp_pps_hab_eu", "level": 3},
    "region_series": {"regions": ["FI1D7", "SE331", "ES41"]},
    "progress_series": {"indicator_ids": ["pop", "gdp_meur", "gdp_eur_hab", "emp_lfs_b_e"]},
    "region_undrawn": {"indicator": "pop", "level": 3},
    "partnership_headlines": {},
}


def use(data: Path) -> None:
    """Point the warehouse at `data` (a folder with warehouse/, the Parquet files and their manifest)."""
    from minedash.data import db, paths

    paths.WAREHOUSE_DIR, paths.MANIFEST_PATH = data / "warehouse", data / "warehouse" / paths.MANIFEST_NAME
    db.reset()


def median_ms(fn, repeats: int) -> float:
    fn()  # first call: opening, metadata
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return round(statistics.median(out) * 1000, 1)


def worker_duckdb(data: Path, repeats: int) -> dict:
    from minedash.data import db

    use(data)
    t0 = time.perf_counter()
    db.connection().close()
    times = {"open_ms": round((time.perf_counter() - t0) * 1000, 1)}
    for name, params in QUERIES.items():
        frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
        times[name] = median_ms(lambda name=name, frozen=frozen: db._cached.__wrapped__(name, frozen, ()), repeats)
    return times


def profile_pandas(obs, reg, members, catalogue, region: str):
    """region_profile.sql in pandas: latest value per indicator, ranks in level, country and partnership."""
    obs = obs[obs["indicator_id"].isin(catalogue) & obs["value"].notna()]
    mine = obs[obs["geo"] == region]
    latest = mine.groupby("indicator_id", as_index=False)["year"].max()
    level = reg.loc[reg["nuts_id"] == region, "level"].iloc[0]
    peers = obs.merge(latest, on=["indicator_id", "year"]).merge(
        reg.loc[reg["level"] == level, ["nuts_id", "country_code"]], left_on="geo", right_on="nuts_id"
    )
    by_ind = peers.groupby("indicator_id")["value"]
    peers["rank_level"], peers["n_level"] = by_ind.rank(ascending=False, method="min"), by_ind.transform("size")
    by_cty = peers.groupby(["indicator_id", "country_code"])["value"]
    peers["rank_country"], peers["n_country"] = by_cty.rank(ascending=False, method="min"), by_cty.transform("size")
    mem = peers[peers["geo"].isin(members) | (peers["geo"] == region)].copy()
    mem["rank_members"] = mem.groupby("indicator_id")["value"].rank(ascending=False, method="min")
    out = peers[peers["geo"] == region].merge(mem[["indicator_id", "rank_members"]], on="indicator_id")
    base = mine[mine["year"] == 2019][["indicator_id", "value"]].rename(columns={"value": "value_2019"})
    return out.merge(base, on="indicator_id", how="left")


def values_pandas(obs, reg, members, indicator: str, level: int):
    """region_values.sql in pandas."""
    o = obs[(obs["indicator_id"] == indicator) & obs["value"].notna()]
    r = reg[reg["level"] == level].merge(members, on="nuts_id", how="left")
    return o.merge(r, left_on="geo", right_on="nuts_id").sort_values(["year", "nuts_id"])


def worker_pandas(data: Path, repeats: int) -> dict:
    import pandas as pd

    t0 = time.perf_counter()
    cols = ["indicator_id", "geo", "year", "value"]  # only what the two queries use, to spare memory
    obs = pd.read_parquet(data / "warehouse" / "observations.parquet", columns=cols)
    reg = pd.read_parquet(data / "warehouse" / "regions.parquet")
    reg = reg[reg["nuts_version"] == 2021][["nuts_id", "level", "country_code", "name_latn"]]
    members = pd.read_parquet(data / "warehouse" / "partnership_regions.parquet")[["nuts_id", "role"]]
    ind = pd.read_parquet(data / "warehouse" / "indicators.parquet")
    catalogue = set(ind.loc[ind["n_obs"] > 0, "indicator_id"])
    out = {"load_ms": round((time.perf_counter() - t0) * 1000, 1)}
    args = QUERIES["region_profile"]["region"]
    out["region_profile"] = median_ms(
        lambda: profile_pandas(obs, reg, set(members["nuts_id"]), catalogue, args), repeats
    )
    v = QUERIES["region_values"]
    out["region_values"] = median_ms(lambda: values_pandas(obs, reg, members, v["indicator"], v["level"]), repeats)
    return out


def run_worker(kind: str, data: Path, repeats: int) -> dict:
    """Run one measurement in a fresh process; its result with its peak resident memory (MB)."""
    cmd = [sys.executable, __file__, "--worker", kind, "--data", str(data), "--repeats", str(repeats)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=ROOT / "bench" / "output" / "warehouse-100x")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--no-pandas", action="store_true", help="skip the pandas comparison (it needs ~10 GB at 100x)")
    p.add_argument("--worker", choices=["duckdb", "pandas"], help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.worker:
        out = (worker_duckdb if args.worker == "duckdb" else worker_pandas)(args.data, args.repeats)
        out["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        print(json.dumps(out))
        return
    if not (args.data / "warehouse" / "observations.parquet").exists():
        raise SystemExit(f"no {args.data}; build it first: python bench/scale_data.py")
    one = run_worker("duckdb", ROOT / "data", args.repeats)
    big = run_worker("duckdb", args.data, args.repeats)
    pandas = {} if args.no_pandas else run_worker("pandas", args.data, max(1, args.repeats // 2))
    print(f"{'query':24} {'1x ms':>8} {'100x ms':>9} {'x 1x':>6} {'pandas ms':>10} {'pandas/duckdb':>14}")
    for name in QUERIES:
        pd_ms = pandas.get(name)
        speedup = f"{pd_ms / big[name]:14.1f}" if pd_ms else f"{'':14}"
        pd_text = f"{pd_ms:10.0f}" if pd_ms else f"{'':10}"
        print(f"{name:24} {one[name]:8.1f} {big[name]:9.1f} {big[name] / one[name]:6.1f} {pd_text} {speedup}")
    print(f"opening: 1x {one['open_ms']:.0f} ms, 100x {big['open_ms']:.0f} ms")
    print(
        f"peak process memory: 1x {one['max_rss_mb']:.0f} MB, 100x {big['max_rss_mb']:.0f} MB (target < 1024 MB)",
        end="",
    )
    print(f"; pandas at 100x {pandas['max_rss_mb']:.0f} MB, load {pandas['load_ms'] / 1000:.0f} s" if pandas else "")
    print(json.dumps({"1x": one, "100x": big, "pandas_100x": pandas}))


if __name__ == "__main__":
    main()
