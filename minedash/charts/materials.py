"""Figure builders for the raw-materials pages (criticality, material factsheet, production explorer).
Pure: DataFrame in, plotly Figure out; no queries, no streamlit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .. import i18n
from ..domain.flags import flag_words
from ..domain.materials import EI_THRESHOLD, SR_THRESHOLD
from ..i18n import N_, _
from . import (
    BACKGROUND,
    HIGHLIGHT,
    NO_DATA,
    SCALES,
    SEQUENTIAL,
    describe,
    feature_collection,
    figure,
    offline_geo_anchor,
    style,
)

STATUS_COLOURS = {  # keys as the query writes status_2023; marked for the catalogs, translated in the legend
    N_("Strategic raw material (2023)"): "#D55E00",
    N_("Critical raw material (2023)"): "#0072B2",
    N_("Not on the 2023 CRM list"): "#767676",
}
STATUS_SYMBOLS = {"Strategic raw material (2023)": "diamond", "Critical raw material (2023)": "circle"}
EU_COLOURS = {True: "#0072B2", False: "#767676"}  # the bars' labels say the country, the table view says EU or not
GEO_COLOURS = {"EU27": "#0072B2", "FI": "#D55E00", "SE": "#A0620A", "ES": "#009E73", "EL": "#CC79A7"}
GEO_SYMBOLS = {"EU27": "circle", "FI": "diamond", "SE": "square", "ES": "triangle-up", "EL": "x"}


def criticality_scatter(
    df: pd.DataFrame, *, show_moves: bool = False, selected: str | None = None, present: bool = False
) -> go.Figure:
    """Supply risk (y) against economic importance (x), one point a material, thresholds drawn.
    With show_moves, a grey line runs from each material's position in the previous assessment."""
    fig = go.Figure()
    if show_moves:
        moved = df.dropna(subset=["prev_supply_risk", "prev_economic_importance"])
        xs, ys = [], []
        for r in moved.itertuples():
            xs += [r.prev_economic_importance, r.economic_importance, None]
            ys += [r.prev_supply_risk, r.supply_risk, None]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line=dict(color="#bbbbbb", width=1),
                hoverinfo="skip",
                name=_("Move since previous assessment"),
            )
        )
        # A small hollow marker at the old position shows the direction of each move.
        fig.add_trace(
            go.Scatter(
                x=moved["prev_economic_importance"],
                y=moved["prev_supply_risk"],
                mode="markers",
                marker=dict(symbol="circle-open", size=6, color="#999999"),
                hoverinfo="skip",
                name=_("Position in previous assessment"),
            )
        )
    for status, colour in STATUS_COLOURS.items():
        d = df[df["status_2023"] == status]
        if d.empty:
            continue
        prev = d.apply(
            lambda r: (
                f"<br>{int(r.prev_year)}: SR {r.prev_supply_risk:.1f}, EI {r.prev_economic_importance:.1f}"
                if pd.notna(r.prev_supply_risk)
                else ""
            ),
            axis=1,
        )
        fig.add_trace(
            go.Scatter(
                x=d["economic_importance"],
                y=d["supply_risk"],
                mode="markers",
                name=_(status),
                marker=dict(
                    color=colour,
                    size=11 if present else 9,
                    line=dict(color="white", width=1),
                    symbol=STATUS_SYMBOLS.get(status, "square"),
                ),
                customdata=d[["material_id"]].to_numpy(),
                text=d["material"]
                + "<br>SR "
                + d["supply_risk"].map("{:.1f}".format)
                + ", EI "
                + d["economic_importance"].map("{:.1f}".format)
                + prev,
                hovertemplate="%{text}<extra></extra>",
            )
        )
    if selected and selected in set(df["material_id"]):
        r = df[df["material_id"] == selected].iloc[0]
        fig.add_trace(
            go.Scatter(
                x=[r.economic_importance],
                y=[r.supply_risk],
                mode="markers+text",
                text=[r.material],
                textposition="top center",
                marker=dict(size=18, symbol="circle-open", color=HIGHLIGHT, line=dict(width=3)),
                hoverinfo="skip",
                showlegend=False,
            )
        )
    fig.add_hline(
        y=SR_THRESHOLD,
        line=dict(color="#444", dash="dash", width=1),
        annotation_text=f"SR = {SR_THRESHOLD:g}",
        annotation_position="top left",
    )
    fig.add_vline(
        x=EI_THRESHOLD,
        line=dict(color="#444", dash="dash", width=1),
        annotation_text=f"EI = {EI_THRESHOLD:g}",
        annotation_position="top right",
    )
    fig.add_annotation(
        x=1,
        y=1,
        xref="paper",
        yref="paper",
        text=_("critical zone"),
        showarrow=False,
        xanchor="right",
        yanchor="top",
        font=dict(color="#666"),
    )
    fig.update_layout(
        xaxis_title=_("Economic importance (index)"),
        yaxis_title=_("Supply risk (index)"),
        legend=dict(orientation="h", y=-0.15),
        clickmode="event+select",
    )
    critical = df[(df["supply_risk"] >= SR_THRESHOLD) & (df["economic_importance"] >= EI_THRESHOLD)]
    text = _(
        "Supply risk against economic importance for {n} raw materials; {k} lie in the critical zone (supply risk "
        "at least {sr}, economic importance at least {ei})."
    ).format(n=len(df), k=len(critical), sr=i18n.number(SR_THRESHOLD), ei=i18n.number(EI_THRESHOLD))
    if selected and selected in set(df["material_id"]):
        r = df[df["material_id"] == selected].iloc[0]
        text += " " + _("{material}: supply risk {sr}, economic importance {ei}.").format(
            material=r["material"], sr=i18n.number(r["supply_risk"], 1), ei=i18n.number(r["economic_importance"], 1)
        )
    describe(fig, text)
    return style(fig, height=560, present=present)


def supply_bar(df: pd.DataFrame, *, title: str, present: bool = False) -> go.Figure:
    """Share of supply by country; EU-27 countries in blue. Rows published only as a bound ('<0.1%') are drawn at
    their upper bound in light grey and labelled as published."""
    d = df.copy()
    d["bounded"] = d["share_pct"].isna()
    d["x"] = d["share_pct"].fillna(d["share_max_pct"])
    d = d.sort_values("x")
    colours = [NO_DATA if b else EU_COLOURS[bool(e)] for b, e in zip(d["bounded"], d["eu27"])]
    bar = dict(
        type="bar",
        x=d["x"].to_numpy(dtype="float64"),
        y=d["country_name"].to_numpy(dtype=object),
        orientation="h",
        marker=dict(color=colours),
        text=d["share_text"].to_numpy(dtype=object),
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: %{text}<extra></extra>",
    )
    summary = shares_summary(title, d["country_name"], d["share_text"], d["x"])
    layout = dict(
        title=dict(text=title),
        xaxis=dict(title=dict(text=_("Share (%)")), range=[0, float(d["x"].max() * 1.18)]),
        showlegend=False,
        meta=dict(summary=summary),
    )
    return figure([bar], layout, height=max(220, 26 * len(d) + 90), present=present)


def world_map(
    shapes: pd.DataFrame,
    df: pd.DataFrame,
    *,
    value: str,
    hover: str,
    colorbar: str,
    present: bool = False,
    height: int = 460,
    geojson_url: str | None = None,
) -> go.Figure:
    """World choropleth (plotly geo, no base map: only the warehouse's Natural Earth outlines, fetched once from
    `geojson_url` when given). Countries not in df are grey ('no data'); df needs iso3, iso2, `value` and the
    `hover` text. Each country's customdata is [iso2], for click-through."""
    d = df.dropna(subset=[value]).drop_duplicates("iso3").set_index("iso3")
    vmax = float(d[value].max()) if len(d) else 1.0
    geojson = geojson_url or feature_collection(shapes, id_col="iso3")
    line = dict(color="white", width=0.4)
    base = dict(
        type="choropleth",
        geojson=geojson,
        locations=shapes["iso3"].to_numpy(dtype=object),
        z=np.zeros(len(shapes)),
        colorscale=[[0.0, NO_DATA], [1.0, NO_DATA]],
        showscale=False,
        meta=BACKGROUND,
        marker=dict(line=line),
        text=(shapes["name"] + ": " + _("no data")).to_numpy(dtype=object),
        hoverinfo="text",
        customdata=shapes[["iso2"]].to_numpy(dtype=object),
        name=_("no data"),
    )
    data = dict(
        type="choropleth",
        geojson=geojson,
        locations=d.index.to_numpy(dtype=object),
        z=d[value].to_numpy(dtype="float64"),
        zmin=0,
        zmax=vmax,
        colorscale=SCALES[SEQUENTIAL],
        marker=dict(line=line),
        text=d[hover].to_numpy(dtype=object),
        hoverinfo="text",
        customdata=d[["iso2"]].to_numpy(dtype=object),
        colorbar=dict(title=dict(text=colorbar), thickness=12),
    )
    top = d.sort_values(value, ascending=False).head(3)
    names = dict(zip(shapes["iso3"], shapes["name"]))
    largest = ", ".join(f"{names.get(i, i)} {i18n.number(v)}" for i, v in zip(top.index, top[value]))
    text = _("World map ({unit}): {n} countries with a figure; largest: {largest}. Other countries: no data.")
    geo = dict(
        visible=False,
        projection=dict(type="natural earth"),
        lataxis=dict(range=[-58, 85]),
        showframe=False,
        bgcolor="rgba(0,0,0,0)",
    )
    layout = dict(
        geo=geo,
        margin=dict(l=0, r=0, t=10, b=0),
        clickmode="event+select",
        dragmode=False,
        meta=dict(summary=text.format(unit=colorbar, n=len(d), largest=largest or "–")),
    )
    traces = [offline_geo_anchor().to_plotly_json(), base, data]
    return figure(traces, layout, height=height, present=present)


def end_uses_bar(df: pd.DataFrame, *, present: bool = False) -> go.Figure:
    d = df.dropna(subset=["share_pct"]).sort_values("share_pct")
    bar = dict(
        type="bar",
        x=d["share_pct"].to_numpy(dtype="float64"),
        y=d["application"].to_numpy(dtype=object),
        orientation="h",
        marker=dict(color="#0072B2"),
        text=d["share_text"].to_numpy(dtype=object),
        textposition="outside",
        cliponaxis=False,
        customdata=d[["nace_sector"]].fillna("").to_numpy(dtype=object),
        hovertemplate="%{y}: %{text}<br>%{customdata[0]}<extra></extra>",
    )
    summary = shares_summary(_("Share of EU end use"), d["application"], d["share_text"], d["share_pct"])
    layout = dict(
        xaxis=dict(title=dict(text=_("Share of EU end use (%)")), range=[0, float(d["share_pct"].max() * 1.18)]),
        meta=dict(summary=summary),
    )
    return figure([bar], layout, height=max(220, 28 * len(d) + 80), present=present)


def trend_lines(df: pd.DataFrame, *, unit: str, present: bool = False) -> go.Figure:
    """Production per year for a few countries; estimated/provisional points drawn hollow."""
    fig = go.Figure()
    for _iso2, d in df.groupby("iso2", sort=False):
        d = d.sort_values("year")
        reported = d["flag"].fillna("").eq("r")
        fig.add_trace(
            go.Scatter(
                x=d["year"],
                y=d["value"],
                mode="lines+markers",
                name=d["country_name"].iloc[0],
                marker=dict(size=9, symbol=["circle" if r else "circle-open" for r in reported]),
                text=flag_words(d["flag"]).to_numpy(),
                hovertemplate=f"{d['country_name'].iloc[0]} %{{x}}: %{{y:,.0f}} {unit} (%{{text}})<extra></extra>",
            )
        )
    fig.update_layout(
        xaxis=dict(title=None, dtick=1),
        yaxis_title=_("Production ({unit})").format(unit=unit),
        legend=dict(orientation="h", y=-0.15),
    )
    d = df.rename(columns={"country_name": "who"})
    return describe(style(fig, height=400, present=present), lines_text(d, "who", "value", _("Production"), unit))


def share_lines(df: pd.DataFrame, *, present: bool = False) -> go.Figure:
    """Share of world output (%) per year for the EU-27 and the partnership countries; gaps where WMD lists nothing."""
    traces = []
    for geo, d in df.groupby("geo", sort=False):
        d = d.sort_values("year")
        traces.append(
            dict(
                type="scatter",
                x=d["year"].to_numpy(),
                y=d["share_of_world_pct"].to_numpy(dtype="float64"),
                mode="lines+markers",
                name=d["geo_name"].iloc[0],
                line=dict(color=GEO_COLOURS.get(geo), width=4 if geo == "EU27" else 2),
                marker=dict(symbol=GEO_SYMBOLS.get(geo, "circle"), size=9),
                connectgaps=False,
                text=flag_words(d["flags"]).to_numpy(dtype=object),
                hovertemplate=f"{d['geo_name'].iloc[0]} %{{x}}: %{{y:.2f}}% "
                + _("of world output")
                + " (%{text})<extra></extra>",
            )
        )
    d = df[["year", "geo_name", "share_of_world_pct"]].rename(columns={"geo_name": "who", "share_of_world_pct": "v"})
    layout = dict(
        xaxis=dict(dtick=1),
        yaxis=dict(title=dict(text=_("Share of world output (%)")), rangemode="tozero"),
        legend=dict(orientation="h", y=-0.15),
        meta=dict(summary=lines_text(d, "who", "v", _("Share of world output"), "%")),
    )
    return figure(traces, layout, height=380, present=present)


def shares_summary(title: str, names, texts, values) -> str:
    """'Title: largest A (62%), then B (10%) and C (5%); 14 in all.' for a bar chart of shares."""
    order = pd.DataFrame({"n": list(names), "t": list(texts), "v": list(values)}).sort_values("v", ascending=False)
    if order.empty:
        return _("{title}: no shares to draw.").format(title=title)
    top = [f"{r.n} ({r.t})" for r in order.head(3).itertuples()]
    return _("{title}: largest {first}; then {rest}; {n} in all.").format(
        title=title, first=top[0], rest=", ".join(top[1:]) or "–", n=len(order)
    )


def lines_text(df: pd.DataFrame, who: str, value: str, title: str, unit: str) -> str:
    """'Title (unit), 2018–2022: A 1,234 in 2022, B …' from long data with year, `who` and `value`."""
    d = df.dropna(subset=[value]).sort_values("year")
    if d.empty:
        return _("{title}: no data to draw.").format(title=title)
    last = d.groupby(who, sort=False).tail(1).sort_values(value, ascending=False)
    latest = ", ".join(f"{r[who]} {i18n.number(r[value])} ({int(r['year'])})" for r in last.to_dict("records"))
    return _("{title} ({unit}), {first}–{last}; latest: {latest}.").format(
        title=title, unit=unit, first=int(d["year"].min()), last=int(d["year"].max()), latest=latest
    )


def picked_material(selection) -> str | None:
    """The material of the first clicked point of criticality_scatter (its customdata), or None."""
    points = (selection or {}).get("points") or []
    return next((p["customdata"][0] for p in points if p.get("customdata")), None)


def criticality_sentence(r, year: int) -> str:
    """'**Cobalt** in 2023: supply risk **2.8**, economic importance **5.9** (2020: …) — strategic …'."""
    since = (
        f" ({int(r.prev_year)}: SR {r.prev_supply_risk:.1f}, EI {r.prev_economic_importance:.1f})"
        if pd.notna(r.prev_supply_risk)
        else ""
    )
    return (
        f"**{r.material}** in {year}: supply risk **{r.supply_risk:.1f}**, economic importance "
        f"**{r.economic_importance:.1f}**{since} — {r.status_2023.lower()}."
    )


def picked_countries(event, allowed: set[str]) -> list[str]:
    """ISO2 codes of the countries clicked on world_map (its customdata), kept to `allowed`."""
    points = (event.selection.points if event else None) or []
    return [p["customdata"][0] for p in points if p.get("customdata") and p["customdata"][0] in allowed]
