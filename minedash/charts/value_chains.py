"""Value chains: pure builders from query results to a pydeck Deck, plotly Figures and plain sentences."""

from __future__ import annotations

import html
import json
import math
from urllib.parse import quote

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
from plotly.subplots import make_subplots

from .. import i18n
from ..domain.value_chains import PROJECT_STAGES, SITE_STAGES, size_word, word
from ..i18n import N_, _, number
from . import HIGHLIGHT, STAGE_COLOURS, describe, feature_collection, style

# Status is drawn by size and fill: running sites solid and large, future ones hollow, idle ones small.
STATUS_STYLE = {  # status -> (radius in pixels, fill alpha 0-255)
    "operating": (9, 230),
    "construction": (8, 150),
    "planned": (7, 40),
    "care-and-maintenance": (6, 90),
    "closed": (5, 40),
}
PROJECT_COLOUR = [0, 0, 0]
SURVEY_COLOUR = [230, 159, 0]
LAYER_SITES, LAYER_PROJECTS, LAYER_SURVEY = "sites", "projects", "survey"


def _rgb(hex_colour: str) -> list[int]:
    h = hex_colour.lstrip("#")
    return [int(h[i : i + 2], 16) for i in (0, 2, 4)]


TOOLTIP_FIELDS = ("name", "company", "stage", "status", "materials", "project", "place", "source")
TOOLTIP_WORDS = {
    "stage": N_("Stage"),
    "status": N_("Status"),
    "materials": N_("Materials"),
    "project": N_("Strategic project"),
    "source": N_("Source"),
}


def _as_text(records: list[dict]) -> list[dict]:
    """The tooltip is an HTML template (deck.gl fills it in as HTML): every field shown in it is escaped, so a site
    name with '&' reads right and an uploaded organisation name can never become markup."""
    return [{k: html.escape(str(v)) if k in TOOLTIP_FIELDS else v for k, v in r.items()} for r in records]


def _site_records(sites: pd.DataFrame) -> list[dict]:
    recs = []
    for r in sites.to_dict("records"):
        radius, alpha = STATUS_STYLE.get(r["status"], (6, 120))
        colour = _rgb(STAGE_COLOURS.get(r["stage"], "#777777"))
        recs.append(
            {
                "facility_id": r["facility_id"],
                "lon": r["lon"],
                "lat": r["lat"],
                "radius": radius,
                "fill": colour + [alpha],
                "line": colour + [255],
                "name": r["name"],
                "company": r["company"] or _("not stated"),
                "stage": word(r["stage"]),
                "status": word(r["status"]),
                "materials": r["materials"] or "",
                "project": r["crma_project"] or _("no"),
                "place": _place(r),
                "source": r["source_url"] or "",
            }
        )
    return _as_text(recs)


def _place(r: dict) -> str:
    return _("{city}, {country} (city-level location)").format(city=r["city"], country=r["country"])


def _project_records(projects: pd.DataFrame) -> list[dict]:
    return _as_text(
        [
            {
                "project_id": r["project_id"],
                "lon": r["lon"],
                "lat": r["lat"],
                "name": r["project"],
                "company": r["promoter"] or _("not stated"),
                "stage": word(r["stage"]),
                "status": _("CRM Act strategic project"),
                "materials": r["materials"] or "",
                "project": r["project"],
                "place": _place(r),
                "source": r["source_url"] or "",
            }
            for r in projects.to_dict("records")
        ]
    )


def site_map(
    sites: pd.DataFrame,
    projects: pd.DataFrame,
    outlines: pd.DataFrame | str,
    members: pd.DataFrame | None = None,
    survey: pd.DataFrame | None = None,
    selected: str | None = None,
    present: bool = False,
) -> pdk.Deck:
    """Sites (coloured by stage, sized/filled by status), strategic projects (black rings), survey answers
    (orange squares at region label points) over country outlines from the warehouse (shapes, or the URL the
    browser fetches them from: then they are not serialised on every rerun). No basemap."""
    outline_data = outlines if isinstance(outlines, str) else feature_collection(outlines)
    layers = [
        pdk.Layer(
            "GeoJsonLayer",
            outline_data,
            id="outlines",
            stroked=True,
            filled=True,
            get_fill_color=[245, 245, 245, 255],
            get_line_color=[150, 150, 150, 255],
            line_width_min_pixels=0.6,
            pickable=False,
        )
    ]
    if members is not None and not members.empty:
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                feature_collection(members),
                id="members",
                stroked=True,
                filled=True,
                get_fill_color=_rgb(HIGHLIGHT) + [35],
                get_line_color=_rgb(HIGHLIGHT) + [255],
                line_width_min_pixels=1.5,
                pickable=False,
            )
        )
    # pydeck turns the string "pixels" into an accessor, so radius units can't be set: sizes are given in
    # metres worked out for the initial zoom (they then grow when zooming in, like a map symbol should).
    points = (
        pd.concat([sites[["lon", "lat"]], projects[["lon", "lat"]]])
        if not sites.empty or not projects.empty
        else pd.DataFrame({"lon": [15.0], "lat": [55.0]})
    )
    lon, lat = points["lon"].astype(float), points["lat"].astype(float)
    span = max(lon.max() - lon.min(), (lat.max() - lat.min()) * 1.8, 3)
    zoom = float(min(7.0, max(2.0, math.log2(430 / span))))
    lat0 = float((lat.min() + lat.max()) / 2)
    px = 78271.5 * math.cos(math.radians(lat0)) / 2**zoom * (1.3 if present else 1.0)  # metres per pixel
    view = pdk.ViewState(
        longitude=float((lon.min() + lon.max()) / 2), latitude=lat0, zoom=zoom, min_zoom=2, max_zoom=10
    )
    dots = dict(radius_min_pixels=2, radius_max_pixels=40)
    site_recs = _site_records(sites)
    for r in site_recs:
        r["radius"] *= px
    layers.append(
        pdk.Layer(
            "ScatterplotLayer",
            site_recs,
            id=LAYER_SITES,
            get_position=["lon", "lat"],
            get_radius="radius",
            stroked=True,
            filled=True,
            get_fill_color="fill",
            get_line_color="line",
            line_width_min_pixels=1.5,
            pickable=True,
            auto_highlight=True,
            **dots,
        )
    )
    layers.append(
        pdk.Layer(
            "ScatterplotLayer",
            _project_records(projects),
            id=LAYER_PROJECTS,
            get_position=["lon", "lat"],
            get_radius=13 * px,
            stroked=True,
            filled=False,
            get_line_color=PROJECT_COLOUR + [255],
            line_width_min_pixels=2,
            pickable=True,
            auto_highlight=True,
            **dots,
        )
    )
    if survey is not None and not survey.empty:
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                _as_text(survey.to_dict("records")),
                id=LAYER_SURVEY,
                get_position=["lon", "lat"],
                get_radius=6 * px,
                stroked=True,
                get_fill_color=SURVEY_COLOUR + [220],
                get_line_color=[0, 0, 0, 255],
                line_width_min_pixels=1,
                pickable=True,
                **dots,
            )
        )
    if selected is not None and not sites.empty and selected in set(sites["facility_id"]):
        pick = sites[sites["facility_id"] == selected]
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                [{"lon": pick["lon"].iloc[0], "lat": pick["lat"].iloc[0]}],
                id="selected",
                get_position=["lon", "lat"],
                get_radius=18 * px,
                stroked=True,
                filled=False,
                get_line_color=_rgb(HIGHLIGHT) + [255],
                line_width_min_pixels=3,
                pickable=False,
                **dots,
            )
        )
    # deck.gl fills the {fields} in; the words around them are ours, escaped and in the view's language.
    say = {k: html.escape(_(v)) for k, v in TOOLTIP_WORDS.items()}
    tooltip = {
        "html": f"<b>{{name}}</b><br/>{{company}}<br/>{say['stage']}: {{stage}} · {say['status']}: {{status}}<br/>"
        f"{say['materials']}: {{materials}}<br/>{say['project']}: {{project}}<br/>{{place}}<br/>"
        f"{say['source']}: {{source}}",
        "style": {"fontSize": "13px", "maxWidth": "360px", "whiteSpace": "normal"},
    }
    return pdk.Deck(
        layers=layers,
        initial_view_state=view,
        map_style=BLANK_STYLE,
        tooltip=tooltip,
        views=[pdk.View(type="MapView", controller=True)],
    )


# A source-less style inlined as a data: URL. With no style, Streamlit's frontend fetches a Carto basemap
# style from the internet; its frontend only takes a style as a string, hence the URL form.
BLANK_STYLE = "data:application/json," + quote(
    json.dumps(
        {
            "version": 8,
            "sources": {},
            "layers": [{"id": "background", "type": "background", "paint": {"background-color": "#ffffff"}}],
        }
    )
)


def legend_html() -> str:
    """Stage colours, status styles and the other layers, as a small HTML legend under the map."""
    stage = " ".join(
        f"<span style='white-space:nowrap'><span style='display:inline-block;width:12px;height:12px;"
        f"border-radius:6px;background:{STAGE_COLOURS[s]}'></span> {html.escape(word(s))}</span>"
        for s in SITE_STAGES
    )
    status = " ".join(
        f"<span style='white-space:nowrap'><span style='display:inline-block;width:{2 * r}px;height:{2 * r}px;"
        f"border-radius:{r}px;border:2px solid #444;background:rgba(68,68,68,{a / 255:.2f})'></span> "
        f"{html.escape(word(s))}</span>"
        for s, (r, a) in STATUS_STYLE.items()
    )
    other = (
        "<span style='display:inline-block;width:18px;height:18px;border-radius:9px;border:2px solid #000'></span> "
        + html.escape(_("CRM Act strategic project"))
        + " &nbsp; <span style='display:inline-block;width:12px;height:12px;"
        + f"background:{HIGHLIGHT};opacity:.35'></span> "
        + html.escape(_("partnership member region"))
    )
    stage_key, status_key = html.escape(_("Stage (colour):")), html.escape(_("Status (size, fill):"))
    return (
        f"<div style='font-size:13px;line-height:1.9'>{stage_key} {stage}<br/>{status_key} {status}<br/>{other}</div>"
    )


# A matrix row's membership: a symbol and a word, so it reads without colour.
MEMBERSHIP_TAGS = {
    "member": N_("★ member"),
    "contains members": N_("◐ contains members"),
    "within member": N_("☆ in member"),
}


def _row_label(r) -> str:
    tag = MEMBERSHIP_TAGS.get(r["membership"])
    return f"{r['geo']} {r['geo_name']}" + (f" {_(tag)}" if tag else "")


def matrix_figure(table: pd.DataFrame, highlight: str | None = None, present: bool = False) -> go.Figure:
    """Heatmaps of the matrix_table: sites by atlas stage (left), strategic projects by CRM Act stage (right).
    Empty cells stay blank: no site is recorded there (the atlas is a seed dataset, not a census)."""
    labels = [_row_label(r) for r in table.to_dict("records")]
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        column_widths=[0.64, 0.36],
        horizontal_spacing=0.02,
        subplot_titles=(_("Sites by stage (CRM atlas)"), _("Strategic projects (CRM Act)")),
    )
    kinds = (
        ("sites", _("sites"), SITE_STAGES, "Blues"),
        ("strategic projects", _("strategic projects"), PROJECT_STAGES, "Purples"),
    )
    for col, (kind, kind_word, stages, scale) in enumerate(kinds, start=1):
        z = table[[f"{kind}: {s}" for s in stages]].astype(float)
        fig.add_trace(
            go.Heatmap(
                z=z.values,
                x=[word(s) for s in stages],
                y=labels,
                colorscale=scale,
                showscale=False,
                xgap=2,
                ygap=2,
                text=z.map(lambda v: "" if pd.isna(v) else f"{int(v)}").values,
                texttemplate="%{text}",
                hovertemplate="%{y}<br>" + kind_word + ", %{x}: %{z}<extra></extra>",
                zmin=0,
            ),
            row=1,
            col=col,
        )
    fig.update_yaxes(autorange="reversed", row=1, col=1)
    fig.update_xaxes(tickangle=-30)
    fig = style(fig, height=max(260, 28 * len(table) + 130), present=present)
    fig.update_layout(margin=dict(l=10, r=10, t=50, b=10))
    sites = table[[f"sites: {s}" for s in SITE_STAGES]].sum(axis=1)
    busiest = ", ".join(
        f"{labels[i]} ({int(sites.iloc[i])})" for i in sites.to_numpy().argsort()[::-1][:3] if sites.iloc[i]
    )
    text = _("Sites and strategic projects by value-chain stage for {n} regions; most sites: {busiest}.")
    describe(fig, text.format(n=len(table), busiest=busiest or "–"))
    if highlight:
        fig.update_yaxes(tickfont=dict(color="#1a1a1a"))
        ticks = [
            f"<b style='color:{HIGHLIGHT}'>{lab}</b>" if lab.startswith(highlight + " ") else lab for lab in labels
        ]
        fig.update_yaxes(tickvals=labels, ticktext=ticks, row=1, col=1)
    return fig


def sankey_figure(flows: pd.DataFrame, present: bool = False) -> go.Figure:
    """Material -> stage -> place, link width = number of sites."""
    flows = flows.assign(place=flows["geo"].fillna(_("outside NUTS")) + " " + flows["geo_name"].fillna(""))
    mats = list(dict.fromkeys(flows["material"]))
    stages = [s for s in SITE_STAGES if s in set(flows["stage"])]
    places = sorted(set(flows["place"]))
    nodes = mats + [word(s) for s in stages] + places
    idx = (
        {("m", n): i for i, n in enumerate(mats)}
        | {("s", n): len(mats) + i for i, n in enumerate(stages)}
        | {("p", n): len(mats) + len(stages) + i for i, n in enumerate(places)}
    )
    a = flows.groupby(["material", "stage"], as_index=False)["n_sites"].sum()
    b = flows.groupby(["stage", "place"], as_index=False)["n_sites"].sum()
    src = [idx[("m", m)] for m in a["material"]] + [idx[("s", s)] for s in b["stage"]]
    tgt = [idx[("s", s)] for s in a["stage"]] + [idx[("p", p)] for p in b["place"]]
    val = list(a["n_sites"]) + list(b["n_sites"])
    colours = ["#767676"] * len(mats) + [STAGE_COLOURS.get(s, "#777") for s in stages] + ["#4d4d4d"] * len(places)
    link_col = [_rgba(STAGE_COLOURS.get(s, "#777"), 0.35) for s in a["stage"]] + [
        _rgba(STAGE_COLOURS.get(s, "#777"), 0.35) for s in b["stage"]
    ]
    fig = go.Figure(
        go.Sankey(
            node=dict(label=nodes, color=colours, pad=12, thickness=14),
            link=dict(
                source=src,
                target=tgt,
                value=val,
                color=link_col,
                hovertemplate="%{source.label} → %{target.label}: %{value} " + _("sites") + "<extra></extra>",
            ),
        )
    )
    by_stage = ", ".join(f"{word(s)} {int(v)}" for s, v in a.groupby("stage")["n_sites"].sum().items())
    text = _("Atlas sites by material, stage and place: {materials}; sites per stage: {stages}.")
    describe(fig, text.format(materials=", ".join(mats), stages=by_stage))
    return style(fig, height=max(360, 18 * len(places) + 120), present=present)


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = _rgb(hex_colour)
    return f"rgba({r},{g},{b},{alpha})"


SIZE_ORDER = ["micro", "small", "medium", "large"]
SIZE_COLOURS = {"micro": "#CC79A7", "small": "#009E73", "medium": "#0072B2", "large": "#000000"}


def sme_figure(shares: pd.DataFrame, present: bool = False) -> go.Figure:
    """Stacked horizontal bars: share of each size class by country (rows of one measure, activity and year)."""
    fig = go.Figure()
    for size in SIZE_ORDER:
        d = shares[shares["size_class"] == size]
        fig.add_trace(
            go.Bar(
                y=d["geo"],
                x=d["share_pct"],
                name=size_word(size),
                orientation="h",
                marker_color=SIZE_COLOURS[size],
                hovertemplate="%{y}: %{x:.1f}% " + size_word(size) + "<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", xaxis_title=_("share of all size classes (%)"), xaxis_range=[0, 100])
    micro = shares[shares["size_class"] == "micro"].sort_values("share_pct", ascending=False)
    text = _("Share of each enterprise size class in {n} countries; micro enterprises' share is largest in {top}.")
    top = ", ".join(f"{g} ({i18n.percent(v, 1)})" for g, v in zip(micro["geo"].head(3), micro["share_pct"].head(3)))
    describe(fig, text.format(n=shares["geo"].nunique(), top=top or "–"))
    return style(fig, height=max(300, 22 * shares["geo"].nunique() + 120), present=present)


def survey_figure(table: pd.DataFrame, present: bool = False) -> go.Figure:
    z = table.drop(columns="nuts_region").astype(float)
    fig = go.Figure(
        go.Heatmap(
            z=z.values,
            x=[word(c) for c in z.columns],
            y=list(table["nuts_region"]),
            colorscale="Oranges",
            showscale=False,
            xgap=2,
            ygap=2,
            zmin=0,
            text=z.map(lambda v: "" if pd.isna(v) else f"{int(v)}").values,
            texttemplate="%{text}",
            hovertemplate="%{y}, %{x}: %{z} " + _("organisations") + "<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top")
    text = _("Your survey: {n} organisations in {m} regions, by value-chain stage.")
    describe(fig, text.format(n=int(z.sum().sum()), m=len(table)))
    return style(fig, height=max(220, 28 * len(table) + 90), present=present)


def site_options(sites: pd.DataFrame) -> dict[str, str]:
    """facility_id -> 'Name — stage, status · City, Country', in the map's order (for the keyboard list)."""
    return {
        r["facility_id"]: f"{r['name']} — {word(r['stage'])}, {word(r['status'])} · {r['city']}, {r['country']}"
        for r in sites.sort_values(["country", "name"]).to_dict("records")
    }


def sites_table(sites: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """The points on site_map as a table: atlas sites and strategic projects, with what the map shows of each."""
    cols = {
        "name": _("Name"),
        "stage": _("Stage"),
        "status": _("Status"),
        "place": _("Place"),
        "materials": _("Materials"),
    }
    recs = [{k: r[k] for k in cols} for r in _site_records(sites) + _project_records(projects)]
    return pd.DataFrame(recs, columns=list(cols)).rename(columns=cols)


def sites_summary(sites: pd.DataFrame, projects: pd.DataFrame) -> str:
    """'Map of 120 CRM sites (45 mining, …) in 18 countries and 47 strategic projects.'"""
    stages = ", ".join(f"{n} {word(s)}" for s, n in sites["stage"].value_counts().items())
    text = _(
        "Map of {n} critical raw material sites ({stages}) in {countries} countries and {p} CRM Act strategic "
        "projects; the list below the map holds the same sites."
    )
    return text.format(n=len(sites), stages=stages or "–", countries=sites["country"].nunique(), p=len(projects))


def picked_site(selection) -> str | None:
    """The facility_id of the atlas site clicked on site_map, or None (a project or survey point has none)."""
    objects = ((selection or {}).get("objects") or {}).get(LAYER_SITES) or []
    return objects[0].get("facility_id") if objects else None


def site_card(row: pd.Series) -> str:
    """The selected site in words (Markdown), every field as the atlas gives it."""
    project = row["crma_project"] if pd.notna(row["crma_project"]) else _("no")
    stage = f" ({word(row['crma_stage'])})" if pd.notna(row["crma_stage"]) else ""
    lines = [
        _("**{name}** — {company}").format(name=row["name"], company=row["company"] or _("company not stated")),
        _("Stage: **{stage}** · Status: **{status}** · Materials: {materials}").format(
            stage=word(row["stage"]), status=word(row["status"]), materials=row["materials"]
        ),
        _("Place: {city}, {country} (city-level) · Region: {nuts3} in {nuts2} ({match})").format(
            city=row["city"],
            country=row["country"],
            nuts3=f"{row['nuts3'] or '—'} {row['nuts3_name'] or ''}".strip(),
            nuts2=f"{row['nuts2'] or '—'} {row['nuts2_name'] or ''}".strip(),
            match=word(row["nuts_match"]),
        ),
        _("CRM Act strategic project: {project} · Confidence: {confidence} · Last checked: {checked}").format(
            project=f"{project}{stage}", confidence=word(row["confidence"]), checked=row["last_checked"]
        ),
    ]
    return "  \n".join(lines)


MATRIX_KEY = N_(
    "★ member region · ◐ contains member regions and non-member areas (FI1D holds Lapland, North Karelia and Kainuu "
    "but also e.g. Keski-Pohjanmaa; SE33 holds Västerbotten and Norrbotten) — its counts are not the members' own · "
    "☆ lies inside a member region. Blank = no site or project recorded, which is not proof of absence: the atlas "
    "lists about 140 sites. A strategic project with two stages counts in both."
)


SITES_KEY = N_(
    "Locations are city-level (the atlas places each site at its town, not at the pit or plant), so sites in "
    "one town overlap. Click a site for its details; hover for a summary. Outlines: NUTS 2021 countries."
)


def sites_caption(sites: pd.DataFrame, projects: pd.DataFrame) -> str:
    shown = _("{sites} sites and {projects} CRM Act strategic projects shown.")
    return shown.format(sites=number(len(sites)), projects=number(len(projects))) + " " + _(SITES_KEY)
