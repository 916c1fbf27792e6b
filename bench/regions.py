"""Warm redraw timings of the Regions page (AppTest): indicator, year and level changes.
Prints medians and the ratio against a bare page with one chart measured in the same run. Not a test.
Run: python bench/regions.py"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.conftest import open_page  # noqa: E402

BARE = """
import plotly.express as px, streamlit as st
st.plotly_chart(px.line(x=[1, 2, 3], y=[1, 3, 2]))
"""


def timed(at, change, n=7) -> float:
    out = []
    for i in range(n):
        change(at, i)
        t = time.perf_counter()
        at.run()
        out.append(time.perf_counter() - t)
        assert not at.exception, at.exception
    return statistics.median(out) * 1000


def set_and_rerun(name, values):
    def change(at, i):
        at.query_params[name] = str(values[i % len(values)])

    return change


def main() -> None:
    from streamlit.testing.v1 import AppTest

    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(BARE)
    bare = AppTest.from_file(f.name, default_timeout=60)
    bare.run()
    base = timed(bare, lambda at, i: None)
    rows = [("bare page, one chart", base)]
    for level in (2, 3):
        at = open_page("regions", indicator="gdp_meur", level=level, year=2020)
        for name, values in [
            ("indicator", ["pop", "gdp_meur", "gdp_pps_hab_eu", "facilities_n"]),
            ("year", [2015, 2016, 2017, 2018, 2019, 2020]),
            ("same view (rerun)", [None]),
        ]:
            if values == [None]:
                ms = timed(at, lambda at, i: None)
            else:
                for v in values:  # warm the caches for every value first
                    at.query_params[name] = str(v)
                    at.run()
                ms = timed(at, set_and_rerun(name, values))
            at.query_params["indicator"] = "gdp_meur"
            at.query_params["year"] = "2020"
            at.run()
            rows.append((f"NUTS {level}: change {name}", ms))
    at = open_page("regions", indicator="gdp_meur", level=2, year=2020)
    for v in (0, 1, 2, 3):
        at.query_params["level"] = str(v)
        at.run()
    rows.append(("change level 0-3", timed(at, set_and_rerun("level", [0, 1, 2, 3]))))
    for label, ms in rows:
        print(f"{label:32s} {ms:8.0f} ms   x{ms / base:5.1f} bare")


if __name__ == "__main__":
    main()
