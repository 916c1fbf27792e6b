"""Progress charts: trajectories of each indicator indexed to the baseline year (=100), one panel per indicator."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..domain.progress import START_YEAR  # noqa: F401 - the trajectories' common span, read with them
from ..i18n import _
from . import OKABE_ITO, describe, style

# One distinguishable colour + dash per member (Okabe–Ito), so lines are told apart without colour too.
MEMBER_COLOURS = OKABE_ITO
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid"]
BASELINE_LINE = dict(color="#555", dash="dot", width=1)  # each panel's baseline year
HUNDRED_LINE = dict(color="#999", width=1)  # index = 100


def trajectories(
    indexed: pd.DataFrame, *, present: bool = False, baseline_year: int = 2019, highlight: str | None = None
) -> go.Figure:
    """Small multiples: one panel per indicator, one line per member region, baseline year marked;
    `highlight` (a member's NUTS code) is drawn bold and the others thin, so one member reads against the rest."""
    inds = list(dict.fromkeys(indexed["indicator_name"]))
    cols = 2
    rows = (len(inds) + cols - 1) // cols
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=inds, vertical_spacing=0.14, horizontal_spacing=0.07)
    members = list(dict.fromkeys(indexed["region_name"]))
    code = dict(zip(indexed["region_name"], indexed["nuts_id"]))
    # Traces, baseline lines and notes given to plotly at once, as dicts on each panel's axes (panel i's are x{i+1},
    # y{i+1}; the first's x, y): one trace, line or note at a time took 0.4 s a figure, on a room's first Progress view.
    traces, lines, notes = [], [], []
    panels = dict(tuple(indexed.groupby("indicator_name", sort=False)))
    for i, ind in enumerate(inds):
        ax = str(i + 1) if i else ""
        d = panels[ind]
        lines_of = dict(tuple(d.groupby("region_name", sort=False)))
        for j, m in enumerate(members):
            if m not in lines_of:
                continue
            g = lines_of[m].sort_values("year")
            parent = g["comparison"].iloc[0] == "nuts2 parent"
            label = m + (" (" + _("{code}, NUTS 2 parent").format(code=g["geo"].iloc[0]) + ")" if parent else "")
            traces.append(
                dict(
                    type="scatter",
                    x=g["year"].to_numpy(),
                    y=g["index"].to_numpy(),
                    mode="lines",
                    name=m,
                    legendgroup=m,
                    showlegend=i == 0,
                    line=dict(
                        color=MEMBER_COLOURS[j % 7],
                        dash=DASHES[j % 7],
                        width=2 if highlight is None else 4 if code[m] == highlight else 1,
                    ),
                    opacity=1 if highlight in (None, code[m]) else 0.5,
                    hovertemplate=f"{label}<br>%{{x}}: %{{y:.1f}} ("
                    + _("baseline {year} = 100").format(year=g["baseline_year"].iloc[0])
                    + ")<extra></extra>",
                    xaxis=f"x{ax}",
                    yaxis=f"y{ax}",
                )
            )
        y0 = int(d["baseline_year"].mode().iloc[0]) if not d.empty else baseline_year
        lines += [
            dict(type="line", x0=y0, x1=y0, xref=f"x{ax}", y0=0, y1=1, yref=f"y{ax} domain", line=BASELINE_LINE),
            dict(type="line", x0=0, x1=1, xref=f"x{ax} domain", y0=100, y1=100, yref=f"y{ax}", line=HUNDRED_LINE),
        ]
        notes.append(
            dict(
                x=y0,
                y=1,
                xref=f"x{ax}",
                yref=f"y{ax} domain",
                text=_("baseline {year}").format(year=y0),
                showarrow=False,
                xanchor="left",
                yanchor="top",
                font=dict(size=11, color="#555"),
            )
        )
    fig.add_traces(traces)
    style(fig, height=330 * rows, present=present)
    fig.update_layout(
        shapes=lines,
        annotations=[*fig.layout.annotations, *notes],
        legend=dict(orientation="h", y=-0.08),
        margin=dict(t=50),
    )
    fig.update_yaxes(title_text=_("index, baseline = 100"))
    if not indexed.empty:  # one time axis for all panels, so the panels read side by side
        fig.update_xaxes(range=[int(indexed["year"].min()) - 0.5, int(indexed["year"].max()) + 0.5])
    return describe(fig, trajectories_summary(indexed))


def trajectories_summary(indexed: pd.DataFrame) -> str:
    """'4 indicators for 7 member regions, 2015–2022, indexed to the baseline (= 100); latest highest: …'."""
    d = indexed.dropna(subset=["index"])
    if d.empty:
        return _("No trajectories to draw.")
    last = d.sort_values("year").groupby(["indicator_name", "region_name"], sort=False).tail(1)
    best = last.loc[last.groupby("indicator_name", sort=False)["index"].idxmax()]
    tops = "; ".join(f"{r.indicator_name}: {r.region_name} {r.index:.0f}" for r in best.itertuples())
    return _(
        "{n} indicators for {m} member regions, {first}–{last}, indexed to the baseline (= 100). Highest "
        "latest index: {tops}."
    ).format(
        n=d["indicator_name"].nunique(),
        m=d["region_name"].nunique(),
        first=int(d["year"].min()),
        last=int(d["year"].max()),
        tops=tops,
    )


def change_figure(card: pd.DataFrame, *, width: int = 680) -> go.Figure:
    """Change since the baseline (%) per member, one panel per indicator with a measurable change."""
    d = card[card["change_pct"].notna()].copy()
    d["label"] = d["region_name"] + " · " + d["indicator"]
    lo, hi = float(min(d["change_pct"].min(), 0)), float(max(d["change_pct"].max(), 0))
    fig = go.Figure()
    for ind, g in d.groupby("indicator", sort=False):
        fig.add_trace(go.Bar(y=g["label"], x=g["change_pct"], orientation="h", name=ind))
    # The figures as text in a column right of the bars (never over the region names); symbols say up/down/flat.
    fig.add_trace(
        go.Scatter(
            y=d["label"],
            x=[hi + (hi - lo) * 0.05] * len(d),
            mode="text",
            textposition="middle right",
            text=[
                f"{t.split()[0]} {v:+.1f}% ({int(a)}→{int(b)})"
                for t, v, a, b in zip(d["trend"], d["change_pct"], d["baseline_year"], d["latest_year"])
            ],
            showlegend=False,
            hoverinfo="skip",
        )
    )
    style(fig, height=max(300, 24 * len(d) + 80))
    fig.update_layout(
        width=width,
        showlegend=False,
        xaxis_title=_("change since baseline, %"),
        xaxis_range=[lo - 1, hi + (hi - lo) * 1.3],
        yaxis=dict(autorange="reversed"),
        margin=dict(l=10, r=10, t=20, b=40),
    )
    return fig
