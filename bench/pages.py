"""Page timings: for each page registered in dashboard.py, the median time of a cold first session (a new
AppTest: first run plus the switch to the page) and of a warm rerun (run() again), each as a ratio to the
same measurement of bench/floor_app.py (a bare page with one plotly chart) taken in the same process.

Not part of pytest. Run: python bench/pages.py [repeats]
"""

from __future__ import annotations

import ast
import os
import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
FLOOR = ROOT / "bench" / "floor_app.py"
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
import conftest  # noqa: E402,F401  (AppTest as on a live server: no legacy pages/ rerun on every run)


def registered_pages() -> list[str]:
    """Script paths of the st.Page(...) entries in dashboard.py, parsed (not executed)."""
    tree = ast.parse((ROOT / "dashboard.py").read_text(encoding="utf-8"))
    return [
        n.args[0].value
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and getattr(n.func, "attr", None) == "Page" and n.args
    ]


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def measure(script: Path, page: str | None, repeats: int) -> tuple[float, float]:
    """(median cold seconds, median warm seconds)."""
    cold, warm = [], []
    for _ in range(repeats):
        at = AppTest.from_file(str(script), default_timeout=120)

        def first(at=at):
            at.run()
            if page:
                at.switch_page(page)
                at.run()

        cold.append(timed(first))
        assert not at.exception, [e.value for e in at.exception]
        warm.append(timed(at.run))
    return statistics.median(cold), statistics.median(warm)


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    os.chdir(ROOT)
    measure(FLOOR, None, 1)  # import plotly/streamlit once so the floor is not charged for it
    floor_cold, floor_warm = measure(FLOOR, None, repeats)
    print(
        f"floor (bare page, one plotly chart): cold {floor_cold * 1000:.0f} ms, warm {floor_warm * 1000:.0f} ms; "
        f"median of {repeats}"
    )
    print(f"{'page':28} {'cold ms':>8} {'× floor':>8} {'warm ms':>8} {'× floor':>8}")
    for page in registered_pages():
        cold, warm = measure(ROOT / "dashboard.py", page, repeats)
        print(f"{page:28} {cold * 1000:8.0f} {cold / floor_cold:8.1f} {warm * 1000:8.0f} {warm / floor_warm:8.1f}")


if __name__ == "__main__":
    main()
