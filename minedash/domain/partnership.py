"""The partnership's members and their headline figures, as the overview shows them, and its hub (members, contacts,
documents, events) as the lead regions keep it in data/partnership. Pure pandas over query results and hub frames."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ..data import hub as hub_files
from ..data.db import with_sources
from ..i18n import N_, Later, _, locale, number
from .vocabulary import place, said

HEADLINE_INDICATORS = ["pop", "gdp_meur", "gdp_eur_hab", "emp_lfs_b_e"]


def headline_cell(row) -> str:
    """'176 494 (2022, b)' — value with its year and flag; 'no data' when missing (never zero)."""
    if pd.isna(row["value"]):
        return _("no data")
    text = number(row["value"], 1 if row["unit"] == "thousand persons" else 0)
    year = f"{int(row['year'])}" + (f", {row['flag']}" if row["flag"] else "")
    parent = " — " + _("{code}, NUTS 2 parent").format(code=row["geo"]) if row["from_parent"] else ""
    return f"{text} ({year}){parent}"


def headline_table(heads: pd.DataFrame, sites: pd.DataFrame) -> pd.DataFrame:
    """One row a member: role, CRM sites and projects, and each headline indicator as 'value (year, flag)'."""
    cells = heads.assign(cell=heads.apply(headline_cell, axis=1))
    wide = cells.pivot(index="nuts_id", columns="indicator_id", values="cell")
    shown = (
        sites.set_index("nuts_id")[["region_name", "role", "facilities", "strategic_projects"]]
        .join(wide[HEADLINE_INDICATORS])
        .reset_index()
    )
    return with_sources(shown, heads, sites)


def headline_download(heads: pd.DataFrame, sites: pd.DataFrame) -> pd.DataFrame:
    """The headline figures as numbers (long), with the site and project counts, for download."""
    out = heads.merge(sites[["nuts_id", "facilities", "strategic_projects"]], on="nuts_id")
    return with_sources(out, heads, sites)


def parent_note(heads: pd.DataFrame) -> str:
    parented = heads[heads["from_parent"]]
    return _(
        "Year and flag in brackets. Industry employment (LFS) exists for NUTS 2 only: for the NUTS 3 members "
        "({members}) the figure shown is their NUTS 2 parent's ({parents}). CRM sites and projects count what lies "
        "inside the region (a NUTS 2 member counts all its NUTS 3 areas)."
    ).format(members=", ".join(parented["region_name"]), parents=", ".join(parented["geo"].unique()))


def headline_citation(heads: pd.DataFrame) -> tuple[pd.Series, str]:
    """What the headline table's citation says besides its sources: the flags of the values shown and the note on
    NUTS 2 parents (parent_note)."""
    return heads.loc[heads["value"].notna(), "flag"], parent_note(heads)


def national_networks_note(regions: pd.DataFrame) -> str | None:
    """Which network partners are coded at country level (shaded over the whole country on the map)."""
    national = regions[(regions["category"] == "network") & (regions["level"] == 0)]
    if national.empty:
        return None
    return _("Network partners coded at country level are shaded over the whole country: {names}.").format(
        names=", ".join(national["region_name"])
    )


# ---- The partnership hub (data/partnership/*.yaml, kept by the lead regions) --------------------------------------

TIMELINE_SINCE = 2017  # the overview's timeline starts with REMIX and MIREU
ROLES = {"lead": N_("Lead"), "partner": N_("Partner")}


def name() -> str:
    """The partnership's name as the lead regions write it (about.yaml), for the overview's title."""
    return hub_files.load().about["name"] or "S3 partnership “Mining industry”"


def hub(nuts_codes: set[str]) -> hub_files.Hub:
    """The hub files as checked, with members whose code is not a NUTS 2021 region refused too."""
    h = hub_files.load()
    unknown = h.members[~h.members["nuts"].isin(nuts_codes)]
    if unknown.empty:
        return h
    refused = [
        hub_files.Problem(
            "members.yaml", int(r.line), r.nuts, Later(N_("'{nuts}' is not a NUTS 2021 region code"), nuts=r.nuts)
        )
        for r in unknown.itertuples()
    ]
    members = with_sources(h.members[h.members["nuts"].isin(nuts_codes)], h.members)
    return replace(h, members=members, problems=[*h.problems, *refused])


def when(start: str, end: str | None = None) -> str:
    """'11–14 Mar 2019', 'Jan 2017 – Jun 2021', '2023': a date as precise as it was written."""

    def one(text: str, year: bool = True) -> str:
        parts = text.split("-")
        out = [str(int(parts[2]))] if len(parts) > 2 else []
        # the month in the view's language (Babel's standalone abbreviation: 'Mar', 'maalis', 'Μαρ')
        out += [locale().months["stand-alone"]["abbreviated"][int(parts[1])].rstrip(".")] if len(parts) > 1 else []
        return " ".join(out + ([parts[0]] if year else []))

    if not isinstance(end, str) or end == start:
        return one(start)
    a, b = start.split("-"), end.split("-")
    if len(a) == len(b) == 3 and a[:2] == b[:2]:
        return f"{int(a[2])}–{one(end)}"
    return f"{one(start, year=a[0] != b[0] or len(a) < 2)} – {one(end)}"


def hub_members(members: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """The members panel: region (as NUTS names it in the language of its country, in other languages than English),
    role, join date, the related networks it is also in, and the source."""
    nets = regions.set_index("nuts_id")["networks"]
    out = pd.DataFrame(
        {
            "Region": [place(code, name) for code, name in zip(members["nuts"], members["region"])],
            "Role": members["role"].map(lambda r: _(ROLES[r]) if r in ROLES else r),
            "Joined": members["joined"].map(when),
            "Also in (networks)": members["nuts"].map(nets).fillna("—"),
            "Source": members["source"],
        }
    ).sort_values(["Role", "Region"])
    return with_sources(out, members, regions)


def membership_gap(members: pd.DataFrame, warehouse: pd.DataFrame) -> str | None:
    """Members listed in the hub but missing from the figures (or the other way round), said plainly."""
    hub_only = sorted(set(members["nuts"]) - set(warehouse["nuts_id"]))
    wh_only = sorted(set(warehouse["nuts_id"]) - set(members["nuts"]))
    if not hub_only and not wh_only:
        return None
    text = []
    if hub_only:
        text.append(
            _(
                "Listed in data/partnership/members.yaml but not yet in the figures: {codes} — add them to "
                "data/sources/s3-mining-partnership/partnership_regions.csv and rebuild (python -m minedash ingest)."
            ).format(codes=", ".join(hub_only))
        )
    if wh_only:
        text.append(_("In the figures but not in the hub's member list: {codes}.").format(codes=", ".join(wh_only)))
    return " ".join(text)


# The hub's kinds of documents and events (hub.DOC_KINDS, hub.EVENT_KINDS), as readers see them.
KINDS = {
    "monitoring report": N_("Monitoring report"),
    "report": N_("Report"),
    "study": N_("Study"),
    "deliverable": N_("Deliverable"),
    "strategy": N_("Strategy"),
    "other": N_("Other"),
    "milestone": N_("Milestone"),
    "meeting": N_("Meeting"),
    "workshop": N_("Workshop"),
    "conference": N_("Conference"),
    "news": N_("News"),
}


def kind_name(kind: str) -> str:
    return said(KINDS, kind)


def timeline(events: pd.DataFrame, themes: pd.DataFrame) -> pd.DataFrame:
    """The events since TIMELINE_SINCE in date order, with their start and end as dates and a readable 'When'."""
    start = pd.to_datetime(events["date"].map(hub_files.parse_date))
    ev = events[start.dt.year >= TIMELINE_SINCE]
    start = start[ev.index]
    finish = pd.to_datetime([hub_files.parse_date(e) if isinstance(e, str) else None for e in ev["end"]])
    names = themes.set_index("id")["title"]
    out = pd.DataFrame(
        {
            "When": [when(d, e) for d, e in zip(ev["date"], ev["end"])],
            "What": ev["title"],
            "Kind": ev["kind"].map(kind_name),
            "kind": ev["kind"],
            "Place": ev["place"].fillna("—"),
            "Theme": ev["theme"].map(names).fillna("—"),
            "Link": ev["link"],
            "Source": ev["source"],
            "start": start.values,
            "finish": finish,
        }
    ).sort_values("start", kind="stable")
    return with_sources(out.reset_index(drop=True), events)


def documents(docs: pd.DataFrame) -> pd.DataFrame:
    """The documents list, newest period first: title, period, kind, publisher, link or file, source."""
    first = docs["period"].map(lambda p: hub_files.period_dates(p)[0])
    out = pd.DataFrame(
        {
            "Document": docs["title"],
            "Period": docs["period"],
            "Kind": docs["kind"].map(kind_name),
            "Publisher": docs["publisher"].fillna("—"),
            "Link": docs["link"],
            "File in the project": docs["file"].fillna("—"),
            "Source": docs["source"].fillna(docs["link"]),
            "first": first,
        }
    ).sort_values("first", ascending=False, kind="stable")
    return with_sources(out.drop(columns="first").reset_index(drop=True), docs)
