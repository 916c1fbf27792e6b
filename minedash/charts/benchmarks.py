"""CRM Act 2030 benchmarks grid: status of each strategic raw material against the four benchmarks.

Pure: the benchmark_status query result -> status table -> plotly table figure. Used by the
Benchmarks page, the Progress page and the edition report.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from . import NO_DATA, style

# Traffic light; never colour alone: each status also has a symbol and a word.
STATUS = {
    "meets": ("✓", "meets", "#1a9850"),
    "within reach": ("~", "within reach", "#fdae61"),
    "far": ("✗", "far", "#d73027"),
    "no data": ("–", "no data in the 2023 study", NO_DATA),
}
COLUMNS = {"extraction": "Extraction ≥10%", "processing": "Processing ≥40%", "recycling": "Recycling ≥25%",
           "single_third_country_max": "One third country ≤65%"}
AMBER_RULE = ("Within reach = the figure has closed at least half the way to the benchmark: for an “at least” benchmark "
              "T, at least T/2 (e.g. ≥5% for 10%); for the 65% ceiling, at most 65% + (100%−65%)/2 = 82.5%.")
NOTES = {
    "extraction": "Share of EU sourcing of the ore/concentrate that comes from EU-27 countries (incl. domestic output), "
                  "2023 CRM study. The Act measures EU extraction capacity against annual EU consumption.",
    "processing": "Share of EU sourcing of the processed material that comes from EU-27 countries, 2023 CRM study. "
                  "The Act measures EU processing capacity against annual EU consumption.",
    "recycling": "End-of-life recycling input rate (share of secondary material in EU input), SCRREEN factsheets. "
                 "The Act measures EU recycling capacity against annual EU consumption.",
    "single_third_country_max": "Largest single non-EU country's share of EU sourcing, at the stage where it is largest "
                                "(2023 CRM study). The Act's ceiling applies to each processing stage of EU consumption.",
}


def status(value: float | None, target: float, direction: str) -> str:
    if value is None or pd.isna(value):
        return "no data"
    if direction == "at_most":
        if value <= target:
            return "meets"
        return "within reach" if value <= target + (100 - target) / 2 else "far"
    if value >= target:
        return "meets"
    return "within reach" if value >= target / 2 else "far"


def status_table(df: pd.DataFrame) -> pd.DataFrame:
    """Adds status, symbol and a cell text ('✓ 11% meets') to the benchmark_status rows."""
    out = df.copy()
    out["status"] = [status(v, t, d) for v, t, d in zip(out["value_pct"], out["target_pct"], out["direction"])]
    out["symbol"] = out["status"].map(lambda s: STATUS[s][0])
    out["cell"] = [f"{STATUS[s][0]} {v:.0f}% · {STATUS[s][1]}" if s != "no data"
                   else ("– no EoL-RIR figure" if b == "recycling" else f"– {STATUS[s][1]}")
                   for s, v, b in zip(out["status"], out["value_pct"], out["benchmark_id"])]
    return out


def wide(table: pd.DataFrame) -> pd.DataFrame:
    """One row per material, one text column per benchmark (for display and download)."""
    w = table.pivot(index=["material_id", "material"], columns="benchmark_id", values="cell").reset_index()
    w = w[["material_id", "material", *COLUMNS]].rename(columns=COLUMNS)
    return w.sort_values("material").reset_index(drop=True)


def grid_figure(table: pd.DataFrame, *, present: bool = False) -> go.Figure:
    """The traffic-light grid as a plotly table (works in the page and in the offline HTML report)."""
    mats = sorted(table["material"].unique(), key=str.lower)
    t = table.set_index(["material", "benchmark_id"])
    values, fills = [mats], [["#ffffff"] * len(mats)]
    for b in COLUMNS:
        cells = [t.loc[(m, b)] if (m, b) in t.index else None for m in mats]
        values.append([c["cell"] if c is not None else "– no data" for c in cells])
        fills.append([STATUS[c["status"]][2] if c is not None else NO_DATA for c in cells])
    size = 17 if present else 13
    fig = go.Figure(go.Table(
        columnwidth=[1.2, 1.5, 1.5, 1.5, 1.6],
        header=dict(values=["<b>Strategic raw material</b>", *[f"<b>{c}</b>" for c in COLUMNS.values()]],
                    fill_color="#f0f0f0", align="left", font=dict(size=size)),
        cells=dict(values=values, fill_color=fills, align="left", font=dict(size=size, color="#111"),
                   height=26 if not present else 32)))
    style(fig, height=60 + (26 if not present else 32) * (len(mats) + 1), present=present)
    fig.update_layout(margin=dict(l=0, r=0, t=4, b=0))
    return fig


def summary(table: pd.DataFrame) -> pd.DataFrame:
    """Count of materials per benchmark and status (for the short summary line)."""
    return table.groupby(["benchmark_id", "status"]).size().unstack(fill_value=0)


def styled(wide_df: pd.DataFrame):
    """A pandas Styler colouring the text cells of wide() by their leading symbol (for st.dataframe)."""
    by_symbol = {v[0]: v[2] for v in STATUS.values()}

    def colour(cell):
        c = by_symbol.get(str(cell)[:1])
        return f"background-color: {c}; color: #111" if c else ""
    return wide_df.style.map(colour, subset=[c for c in COLUMNS.values() if c in wide_df.columns])
