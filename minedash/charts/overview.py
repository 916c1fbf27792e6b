"""Partnership overview figures: the map of member regions by role and the related networks' regions."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..i18n import N_, _
from . import EUROPE_LAT, EUROPE_LON, FONT, ROLE_COLOURS, describe, feature_collection, style

LABELS = {"lead": N_("Lead region"), "partner": N_("Partner region"), "network": N_("Related network (not a member)")}


def partnership_map(
    regions: pd.DataFrame, countries: pd.DataFrame, *, present: bool = False, countries_url: str | None = None
) -> go.Figure:
    """Member regions coloured by role over grey country outlines; network regions apart, in their own colour.

    regions: partnership_map query (nuts_id, level, region_name, category, networks, geometry);
    countries: region_shapes at level 0 (background only, no data); countries_url: where the browser can fetch
    their outlines instead (static/geo), so the figure does not carry them on every rerun.
    """
    fig = go.Figure()
    # Background: every NUTS country in light grey, no hover (it carries no data).
    fig.add_trace(
        go.Choroplethmap(
            geojson=countries_url or feature_collection(countries),
            locations=countries["nuts_id"],
            z=[0] * len(countries),
            colorscale=[[0, "#f0f0f0"], [1, "#f0f0f0"]],
            showscale=False,
            hoverinfo="skip",
            marker_line_color="#9a9a9a",
            marker_line_width=0.5,
            name=_("Countries"),
            showlegend=False,
        )
    )
    # Drawn coarse to fine, so a NUTS 3 member stays visible over a network region at NUTS 0/1.
    for category in ("network", "partner", "lead"):
        part = regions[(regions["category"] == category) & regions["geometry"].notna()].sort_values("level")
        if part.empty:
            continue
        colour = ROLE_COLOURS[category]
        nets = part["networks"].fillna("—")
        fig.add_trace(
            go.Choroplethmap(
                geojson=feature_collection(part),
                locations=part["nuts_id"],
                z=[1] * len(part),
                colorscale=[[0, colour], [1, colour]],
                showscale=False,
                # lead regions drawn with a heavy black outline: the role shows without colour too
                marker_line_color="#000000" if category == "lead" else "#ffffff",
                marker_line_width=2.5 if category == "lead" else 0.6,
                marker_opacity=0.55 if category == "network" else 0.95,
                name=_(LABELS[category]),
                showlegend=True,
                customdata=list(zip(part["region_name"], part["level"], nets)),
                hovertemplate="<b>%{customdata[0]}</b> (%{location}, NUTS %{customdata[1]})<br>"
                + _(LABELS[category])
                + "<br>"
                + _("Networks: {networks}").format(networks="%{customdata[2]}")
                + "<extra></extra>",
            )
        )
    # MapLibre with the built-in "white-bg" style: no tiles, no fonts, nothing fetched (plotly's geo
    # traces would fetch their world topojson from cdn.plot.ly and draw nothing offline).
    fig.update_layout(
        map=dict(
            style="white-bg",
            center=dict(lon=sum(EUROPE_LON) / 2 - 2, lat=sum(EUROPE_LAT) / 2 + 3),
            zoom=2.8 if present else 2.6,
        )
    )
    style(fig, height=560, present=present)
    fig.update_layout(
        margin=dict(l=0, r=0, t=10, b=0),
        legend=dict(orientation="h", yanchor="bottom", y=0.0, x=0.0, bgcolor="rgba(255,255,255,0.85)"),
    )
    return describe(fig, map_summary(regions))


def map_summary(regions: pd.DataFrame) -> str:
    """Who is on the partnership map, by role, in words."""
    names = lambda c: ", ".join(regions.loc[regions["category"] == c, "region_name"])  # noqa: E731
    return _(
        "Map of the partnership: lead regions {lead}; partner regions {partner}; and {n} regions named in "
        "related networks."
    ).format(lead=names("lead"), partner=names("partner"), n=int((regions["category"] == "network").sum()))


KIND_COLOURS = {  # Okabe–Ito, one per kind of hub event
    "milestone": "#D55E00",
    "meeting": "#0072B2",
    "workshop": "#009E73",
    "conference": "#CC79A7",
    "news": "#E69F00",
}


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def timeline(events: pd.DataFrame, *, present: bool = False) -> go.Figure:
    """The hub's events on a time axis, one row each, earliest on top: a dot at the start, a bar over a span
    (a project's run, a meeting of several days); coloured by kind. events: domain.partnership.timeline."""
    limit = 40 if present else 64
    labels = [f"{_short(w, limit)}  ·  {when}" for w, when in zip(events["What"], events["When"])]
    fig = go.Figure()
    for kind, colour in KIND_COLOURS.items():
        part = events[events["kind"] == kind]
        if part.empty:
            continue
        rows = [labels[i] for i in part.index]
        spans = part[part["finish"].notna()]
        if not spans.empty:  # one line segment per span, broken by None
            xs, ys = [], []
            for i, r in spans.iterrows():
                xs += [r["start"], r["finish"], None]
                ys += [labels[i], labels[i], None]
            fig.add_trace(
                go.Scatter(
                    x=xs, y=ys, mode="lines", line=dict(color=colour, width=8), hoverinfo="skip", showlegend=False
                )
            )
        fig.add_trace(
            go.Scatter(
                x=part["start"],
                y=rows,
                mode="markers",
                marker=dict(color=colour, size=14 if present else 11, line=dict(color="white", width=1)),
                name=part["Kind"].iloc[0],
                customdata=list(zip(part["What"], part["When"], part["Place"], part["Theme"])),
                hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]} · %{customdata[2]}<br>"
                + _("Theme")
                + ": %{customdata[3]}<extra></extra>",
            )
        )
    row = 40 if present else 30
    style(fig, height=90 + row * len(events), present=False)
    if present:  # the style's 1.25 × height would leave gaps between rows; the font grows only
        fig.update_layout(font=dict(size=18), hoverlabel=dict(font_size=18), legend_font_size=18)
    dark = dict(color=FONT["color"])  # black labels: they carry the titles
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], title=None, automargin=True, tickfont=dark)
    fig.update_xaxes(tickfont=dark)
    fig.update_xaxes(type="date", title=None, showgrid=True, dtick="M12", tickformat="%Y")
    fig.update_layout(
        margin=dict(l=10, r=10, t=10, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0.0, title=None),
    )
    first, last = events["start"].min(), events["start"].max()
    text = _("Timeline of {n} partnership events from {first} to {last}.")
    return describe(fig, text.format(n=len(events), first=f"{first:%Y}", last=f"{last:%Y}"))
