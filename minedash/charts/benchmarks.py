"""CRM Act 2030 benchmarks grid: the status table of minedash.domain.benchmarks as a figure or a styled table."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..domain.benchmarks import COLUMNS, STATUS, column_labels
from ..i18n import _
from . import NO_DATA, describe, style

# Fills that colour-blind readers tell apart (Okabe–Ito sky blue, yellow, vermillion) with dark text at least 4.5:1
# on each; each cell also shows the status's symbol and word (never colour alone).
STATUS_COLOURS = {"meets": "#56B4E9", "within reach": "#F0E442", "far": "#D55E00", "no data": NO_DATA}


def grid_figure(table: pd.DataFrame, *, present: bool = False) -> go.Figure:
    """The traffic-light grid as a plotly table (works in the page and in the offline HTML report)."""
    mats = sorted(table["material"].unique(), key=str.lower)
    t = table.set_index(["material", "benchmark_id"])
    values, fills = [mats], [["#ffffff"] * len(mats)]
    for b in COLUMNS:
        cells = [t.loc[(m, b)] if (m, b) in t.index else None for m in mats]
        values.append([c["cell"] if c is not None else "– " + _("no data") for c in cells])
        fills.append([STATUS_COLOURS[c["status"]] if c is not None else NO_DATA for c in cells])
    size = 17 if present else 13
    fig = go.Figure(
        go.Table(
            columnwidth=[1.2, 1.5, 1.5, 1.5, 1.6],
            header=dict(
                values=[f"<b>{_('Strategic raw material')}</b>", *[f"<b>{c}</b>" for c in column_labels().values()]],
                fill_color="#f0f0f0",
                align="left",
                font=dict(size=size),
            ),
            cells=dict(
                values=values,
                fill_color=fills,
                align="left",
                font=dict(size=size, color="#111"),
                height=26 if not present else 32,
            ),
        )
    )
    style(fig, height=60 + (26 if not present else 32) * (len(mats) + 1), present=present)
    fig.update_layout(margin=dict(l=0, r=0, t=4, b=0))
    return describe(fig, grid_summary(table))


def grid_summary(table: pd.DataFrame) -> str:
    """'18 strategic raw materials against 4 benchmarks: 5 meet, 9 within reach, 40 far, 18 no data.'"""
    counts = table["status"].value_counts()
    return _(
        "{n} strategic raw materials against {k} benchmarks: {meets} figures meet the benchmark, {reach} are within "
        "reach, {far} are far from it and {none} have no data."
    ).format(
        n=table["material"].nunique(),
        k=len(COLUMNS),
        meets=int(counts.get("meets", 0)),
        reach=int(counts.get("within reach", 0)),
        far=int(counts.get("far", 0)),
        none=int(counts.get("no data", 0)),
    )


def cell_styles(wide_df: pd.DataFrame) -> pd.DataFrame:
    """The CSS of each status cell of wide(): the fill of its status (by the cell's leading symbol), dark text."""
    by_symbol = {STATUS[s][0]: colour for s, colour in STATUS_COLOURS.items()}

    def colour(cell):
        c = by_symbol.get(str(cell)[:1])
        return f"background-color: {c}; color: #111" if c else ""

    return wide_df[[c for c in column_labels().values() if c in wide_df.columns]].map(colour)


def styled(wide_df: pd.DataFrame, styles: pd.DataFrame | None = None):
    """A pandas Styler colouring the status cells of wide() (for st.dataframe), from `styles` (cell_styles(wide_df),
    which a page builds once for everyone: a new Styler is needed each run, as Streamlit recomputes it)."""
    styles = cell_styles(wide_df) if styles is None else styles
    return wide_df.style.apply(lambda _: styles, axis=None, subset=list(styles.columns))
