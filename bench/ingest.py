"""Benchmark: full warehouse rebuild from the offline sources (target: under 60 s here).

Prints the median of N rebuilds into a temporary folder, and as a ratio the time to merely read
(parse) the two largest Eurostat files measured in the same run, so the figure travels between machines.
    python bench/ingest.py [N]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from minedash.data import paths  # noqa: E402
from minedash.data.ingest import build  # noqa: E402
from minedash.data.ingest.eurostat import parse_bulk_tsv, read_text  # noqa: E402


def main(n: int = 3) -> None:
    src = paths.default_sources_dir()
    base = []
    for _ in range(n):
        t0 = time.perf_counter()
        for p in (
            src / "eurostat-nama_10r_3gdp" / "nama_10r_3gdp.tsv.gz",
            src / "eurostat-demo_r_pjanaggr3" / "demo_r_pjanaggr3.tsv.gz",
        ):
            parse_bulk_tsv(read_text(p), p)
        base.append(time.perf_counter() - t0)
    runs = []
    for _ in range(n):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            build(src, Path(tmp))
            runs.append(time.perf_counter() - t0)
    b, r = statistics.median(base), statistics.median(runs)
    print(f"full rebuild: median {r:.1f} s over {n} runs (target < 60 s)")
    print(f"baseline (parse GDP + population TSV): {b:.1f} s; rebuild / baseline = {r / b:.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
