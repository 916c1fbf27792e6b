"""Benchmark: median time of every queries/*.sql on the shipped warehouse (target: under 20 ms each).

Results are cached in db.query, so this times the uncached path (db._cached.__wrapped__) with the
sample parameters of tests/test_queries.py; the baseline is a trivial `select 1` through the same path.
    python bench/queries.py [repeats]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from test_queries import SAMPLES  # noqa: E402

from minedash.data import db, paths  # noqa: E402


def timed(fn, repeats: int) -> float:
    fn()  # connection and parse warm-up
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1000


def main(repeats: int = 25) -> None:
    cur = db.connection()
    floor = timed(lambda: cur.execute("select 1").df(), repeats)
    print(f"{'query':40s} {'median ms':>10s} {'x floor':>8s}")
    worst = 0.0
    for path in sorted(paths.QUERIES_DIR.glob("*.sql")):
        name = path.stem
        params = {p: SAMPLES[p] for p in db.parameters(name)}
        frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
        ms = timed(lambda name=name, frozen=frozen: db._cached.__wrapped__(name, frozen, ()), repeats)
        worst = max(worst, ms)
        print(f"{name:40s} {ms:10.1f} {ms / floor:8.1f}")
    print(f"floor (select 1): {floor:.2f} ms; slowest query {worst:.1f} ms (target < 20 ms)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 25)
