"""The progress scorecard: baseline (2019, the partnership's start) vs latest, for each member and the partnership.

Pure pandas over the progress_series and region_activity query results, shared by the Progress page, the
monitoring editions and the HTML report.
"""

from __future__ import annotations

import re

import pandas as pd

from .. import i18n
from ..data import db
from ..data.db import with_sources
from ..data.memo import memo
from ..i18n import N_, _
from .value_chains import word
from .vocabulary import named, place, term

BASELINE_YEAR = 2019  # the partnership's start
START_YEAR = 2008  # the common span of the trajectories: LFS industry employment starts then
INDICATORS = ["gdp_meur", "gdp_eur_hab", "emp_lfs_b_e", "pop"]
FLAT_PCT = 0.5  # changes smaller than this (in %) are shown as flat
PARTNERSHIP = "partnership"
PARTNERSHIP_NAME = N_("Partnership (all members)")

# The scorecard's fixed texts. A scorecard (live, or frozen into an edition, which is a signed-off record and stays
# as written) holds them in English; they are translated where shown (display_scorecard, editions.compare), so the
# templates here are both what writes a note and what reads one back.
TRENDS = {"up": N_("▲ up"), "down": N_("▼ down"), "flat": N_("▬ flat")}
NO_CHANGE, NO_SERIES = N_("– no change measurable"), N_("– no time series")
COUNT_INDICATORS = {
    "facilities": N_("Raw-material facilities in the region"),
    "strategic projects": N_("Raw-material strategic projects in the region"),
}
COUNT_UNIT = N_("count")
NOTES = {  # each a part of a note; a note joins its parts with "; "
    "parent": N_("figures of the NUTS 2 parent {geo} (no NUTS 3 figures)"),
    "lfs": N_("LFS extract covers 2008–2016 only"),
    "lfs_totals": N_("no country or EU total in it"),
    "no_change": N_("no figure after the baseline year, so no change can be measured"),
    "areas": N_("sum of the {n} distinct areas ({areas})"),
    "parents_once": N_("each NUTS 2 parent counted once"),
    "members": N_("sum of the {n} member regions"),
    "atlas": N_("CRM Atlas, checked {year}"),
    "crma": N_("CRM Act selection {year}"),
    "located": N_("{stage}: {names}"),
    "none": N_("none located"),
    "projects_sum": N_("sum over the {n} member regions (a project with two stages counts once per stage)"),
}
# The scorecard's columns as display_scorecard names them (stable, also in downloads), worded where shown.
COLUMNS = (
    N_("Region"),
    N_("Indicator"),
    N_("Change"),
    N_("Country, same years"),
    N_("EU-27, same years"),
    N_("Unit"),
    N_("Figures for"),
    N_("Baseline"),
    N_("Latest"),
    N_("Flags"),
    N_("Note"),
)


def pick_baseline(years) -> int | None:
    """2019, else the nearest year with data (the earlier one on a tie)."""
    ys = sorted({int(y) for y in years})
    return min(ys, key=lambda y: (abs(y - BASELINE_YEAR), y)) if ys else None


def trend(change_pct: float | None) -> str:
    if change_pct is None or pd.isna(change_pct):
        return NO_CHANGE
    if abs(change_pct) < FLAT_PCT:
        return TRENDS["flat"]
    return TRENDS["up"] if change_pct > 0 else TRENDS["down"]


def _change(s: pd.Series, y0: int | None, y1: int | None) -> float | None:
    if y0 is None or y1 is None or y0 == y1 or y0 not in s.index or y1 not in s.index or s[y0] == 0:
        return None
    return float((s[y1] / s[y0] - 1) * 100)


def _row(member, name, ind, label, unit, own, geo, comparison, country, eu, flags, source_id, note):
    y0 = pick_baseline(own.index)
    y1 = int(own.index.max()) if len(own) else None
    ch = _change(own, y0, y1)
    if y0 is not None and y0 == y1:
        note = (note + "; " if note else "") + NOTES["no_change"]
    return dict(
        member=member,
        region_name=name,
        indicator_id=ind,
        indicator=label,
        unit=unit,
        figures_for=geo,
        comparison=comparison,
        baseline_year=y0,
        baseline_value=own.get(y0) if y0 else None,
        latest_year=y1,
        latest_value=own.get(y1) if y1 else None,
        change_pct=ch,
        trend=trend(ch),
        country_change_pct=_change(country, y0, y1) if country is not None else None,
        eu_change_pct=_change(eu, y0, y1),
        flags="".join(sorted(set("".join(flags)))),
        source_id=source_id,
        note=note,
    )


def _count_row(member, name, figures_for, comparison, kind, count, source_id, note) -> dict:
    """A scorecard row of a count at the date of the data (sites, projects): no time series, so no change."""
    return dict(
        member=member,
        region_name=name,
        indicator_id=kind.replace(" ", "_"),
        indicator=COUNT_INDICATORS[kind],
        unit=COUNT_UNIT,
        figures_for=figures_for,
        comparison=comparison,
        baseline_year=None,
        baseline_value=None,
        latest_year=None,
        latest_value=count,
        change_pct=None,
        trend=NO_SERIES,
        country_change_pct=None,
        eu_change_pct=None,
        flags="",
        source_id=source_id,
        note=note,
    )


def scorecard(series: pd.DataFrame, activity: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """One row per member (and the partnership) x indicator: baseline, latest, change, country and EU change."""
    rows = []
    s = series.copy()
    s["flag"] = s["flag"].fillna("")
    for (member, ind), g in s.groupby(["nuts_id", "indicator_id"], sort=False):
        by = {c: gg.set_index("year")["value"] for c, gg in g.groupby("comparison")}
        own_c = "region" if "region" in by else "nuts2 parent"
        own = g[g["comparison"] == own_c]
        note = NOTES["parent"].format(geo=own["geo"].iloc[0]) if own_c == "nuts2 parent" else ""
        if ind == "emp_lfs_b_e":
            note = "; ".join(p for p in (note, NOTES["lfs"], NOTES["lfs_totals"]) if p)
        rows.append(
            _row(
                member,
                g["region_name"].iloc[0],
                ind,
                g["indicator_name"].iloc[0],
                g["unit"].iloc[0],
                by[own_c],
                own["geo"].iloc[0],
                own_c,
                by.get("country"),
                by.get("eu", pd.Series(dtype=float)),
                own["flag"],
                g["source_id"].iloc[0],
                note,
            )
        )
    # The partnership as a whole: sums of counts over the years where every member area has a figure.
    n_members = members["nuts_id"].nunique()
    for ind, g in s[s["comparison"].isin(["region", "nuts2 parent"])].groupby("indicator_id", sort=False):
        if ind == "gdp_eur_hab":
            continue  # a ratio: not summed
        areas = g.drop_duplicates(["geo", "year"])
        full = areas.groupby("year")["geo"].nunique()
        need = g["geo"].nunique()
        total = areas.groupby("year")["value"].sum()[full[full == need].index]
        eu = (
            s[(s["indicator_id"] == ind) & (s["comparison"] == "eu")].drop_duplicates("year").set_index("year")["value"]
        )
        what = (
            NOTES["areas"].format(n=need, areas=", ".join(sorted(g["geo"].unique()))) + "; " + NOTES["parents_once"]
            if need != n_members
            else NOTES["members"].format(n=need)
        )
        rows.append(
            _row(
                PARTNERSHIP,
                PARTNERSHIP_NAME,
                ind,
                g["indicator_name"].iloc[0],
                g["unit"].iloc[0],
                total,
                "sum",
                "sum",
                None,
                eu,
                areas["flag"],
                g["source_id"].iloc[0],
                what,
            )
        )
    # Raw-material activity: counts at the date of the data, no time series (no baseline).
    for kind, source_id, dated in (
        ("facilities", "crm_atlas", NOTES["atlas"].format(year=2026)),
        ("strategic projects", "crma_projects", NOTES["crma"].format(year=2025)),
    ):
        a = activity[activity["kind"] == kind]
        for _i, m in members.iterrows():
            mine = a[a["nuts_id"] == m["nuts_id"]]
            located = "; ".join(NOTES["located"].format(stage=r.stage, names=r.names) for r in mine.itertuples())
            located = located or NOTES["none"]
            rows.append(
                _count_row(
                    m["nuts_id"],
                    m["region_name"],
                    m["nuts_id"],
                    "region",
                    kind,
                    int(mine["n"].sum()),
                    source_id,
                    f"{dated}; {located}",
                )
            )
        rows.append(
            _count_row(
                PARTNERSHIP,
                PARTNERSHIP_NAME,
                "sum",
                "sum",
                kind,
                int(a["n"].sum()),
                source_id,
                f"{dated}; " + NOTES["projects_sum"].format(n=n_members),
            )
        )
    return pd.DataFrame(rows)


def indexed(series: pd.DataFrame) -> pd.DataFrame:
    """Each member's own series indexed to its baseline year (=100), for the trajectories."""
    own = series[series["comparison"].isin(["region", "nuts2 parent"])].copy()
    out = []
    for _key, g in own.groupby(["nuts_id", "indicator_id"]):
        y0 = pick_baseline(g["year"])
        base = g.loc[g["year"] == y0, "value"].iloc[0]
        out.append(g.assign(baseline_year=y0, index=g["value"] / base * 100 if base else None))
    return pd.concat(out, ignore_index=True) if out else own.assign(baseline_year=None, index=None)


def _pct(v) -> str:
    if v is None or pd.isna(v):
        return "–"
    v = round(float(v), 1) + 0.0  # no "-0.0%"
    return ("+" if v >= 0 else "-") + i18n.percent(abs(v), 1)


def _num(v) -> str:
    return _("no data") if v is None or pd.isna(v) else i18n.number(round(float(v), 1))


# A note's part read back: its template with each {name} as a group (a part no template matches, such as the
# second of two site names, is a name and stays as written).
_NOTE_READERS = [
    (re.compile("^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", re.escape(t)) + "$"), t) for t in NOTES.values()
]


def note_text(note: str) -> str:
    """A scorecard note (English, as stored) in the view's language."""
    if not isinstance(note, str) or not note:
        return note
    parts = []
    for part in note.split("; "):
        for reader, template in _NOTE_READERS:
            if m := reader.match(part):
                values = {k: word(v) if k == "stage" else v for k, v in m.groupdict().items()}
                part = _(template).format(**values)
                break
        parts.append(part)
    return "; ".join(parts)


def region_text(name: str, member: str | None = None) -> str:
    """A scorecard's region name in the view's language: the partnership's translated, a member's as NUTS names it in
    the language of its country (English: as written)."""
    return _(name) if name == PARTNERSHIP_NAME else place(member, name)


def trend_text(trend: str) -> str:
    return _(trend) if isinstance(trend, str) and trend else trend


def _yr(v) -> str:
    return "–" if v is None or pd.isna(v) else str(int(v))


def display_scorecard(card: pd.DataFrame) -> pd.DataFrame:
    """The scorecard as readers see it, in the view's language: text columns, missing shown as '–' / 'no data',
    never as zero. The columns keep their English names (COLUMNS), worded where shown."""
    trends = card["trend"].map(trend_text)
    parent = _("{code} (NUTS 2 parent)")
    return pd.DataFrame(
        {
            "Region": [region_text(n, m) for n, m in zip(card["region_name"], card["member"])],
            "Indicator": card["indicator"].map(term),
            "Change": [f"{t} {_pct(c)}" if pd.notna(c) else t for t, c in zip(trends, card["change_pct"])],
            "Country, same years": card["country_change_pct"].map(_pct),
            "EU-27, same years": card["eu_change_pct"].map(_pct),
            "Unit": card["unit"].map(term),
            "Figures for": card["figures_for"].where(
                card["comparison"] != "nuts2 parent", card["figures_for"].map(lambda c: parent.format(code=c))
            ),
            "Baseline": [
                f"{_num(v)} ({_yr(y)})" if pd.notna(y) else "–"
                for v, y in zip(card["baseline_value"], card["baseline_year"])
            ],
            "Latest": [
                f"{_num(v)} ({_yr(y)})" if pd.notna(y) else _num(v)
                for v, y in zip(card["latest_value"], card["latest_year"])
            ],
            "Flags": card["flags"].fillna(""),
            "Note": card["note"].fillna("").map(note_text),
        }
    )


# Short column heads for the at-a-glance scorecard (the full indicator name shows on hover).
SHORT = {  # translated where shown
    "emp_lfs_b_e": N_("Industry jobs (B–E)"),
    "gdp_eur_hab": N_("GDP per inhabitant"),
    "gdp_meur": N_("GDP"),
    "pop": N_("Population"),
    "facilities": N_("CRM sites"),
    "strategic_projects": N_("Strategic projects"),
}


def live_scorecard() -> pd.DataFrame:
    """The scorecard of the current warehouse (computed once per warehouse; callers must not modify it)."""
    return _live(db.generation())


@memo(2)
def _live(_generation: tuple) -> pd.DataFrame:
    series = db.query("progress_series", indicator_ids=INDICATORS)
    activity, members = db.query("region_activity"), db.query("partnership_regions")
    return with_sources(scorecard(series, activity, members), series, activity, members)


def trajectory_data() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(series since START_YEAR, each member's series indexed to its baseline), once per warehouse and language."""
    return _trajectories_in(db.generation(), i18n.current())


@memo(10)
def _trajectories_in(generation: tuple, _lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    return tuple(named(frame) for frame in _trajectories(generation))


@memo(2)
def _trajectories(_generation: tuple) -> tuple[pd.DataFrame, pd.DataFrame]:
    series = db.query("progress_series", indicator_ids=INDICATORS)
    series = with_sources(series[series["year"] >= START_YEAR], series)
    return series, with_sources(indexed(series), series)


def short_name(region_name: str) -> str:
    """'Lapland (FI1D7)' -> 'Lapland'."""
    return region_name.split(" (")[0]


def glance(card: pd.DataFrame) -> pd.DataFrame:
    """One row per member, one short column per indicator (indicator_names): the change since the baseline, or the
    latest count for indicators without a time series; '–' where no change is measurable."""
    view = display_scorecard(card)
    cell = view["Change"].where(
        card["change_pct"].notna().to_numpy(),
        view["Latest"].where((card["trend"] == NO_SERIES).to_numpy(), "–"),
    )
    region = view["Region"].map(short_name)
    table = (
        view.assign(cell=cell.to_numpy(), ind=card["indicator_id"].to_numpy(), Region=region)
        .pivot(index="Region", columns="ind", values="cell")
        .reindex(list(dict.fromkeys(region)))
        .fillna("–")
        .reset_index()
    )
    return with_sources(table[["Region", *indicator_names(card)]], card)


def indicator_names(card: pd.DataFrame) -> dict[str, str]:
    """indicator_id -> name, in the scorecard's order: the columns of glance."""
    return dict(zip(card["indicator_id"], card["indicator"]))


def member_detail(card: pd.DataFrame, member: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the member's scorecard rows, as displayed without the region column)."""
    mine = card[card["member"] == member]
    view = display_scorecard(mine).drop(columns="Region")
    return with_sources(mine, card), with_sources(view, card)


GLANCE_KEY = N_(
    "Change from the baseline to the latest year with data: ▲ up / ▼ down / ▬ flat (under ±0.5%); "
    "sites and projects: the count now (no time series); – no change measurable. "
    "Choose a member region above for its figures, its country and the EU over the same years."
)


def member_names(members: pd.DataFrame) -> dict[str, str]:
    """nuts_id -> region name of the partnership_regions rows."""
    return dict(zip(members["nuts_id"], members["region_name"]))


def members(regions: pd.DataFrame) -> dict[str, str]:
    """The Progress page's choice of members: nuts_id -> region name (partnership_regions rows), then the partnership
    as a whole."""
    return {**member_names(regions), PARTNERSHIP: _("Partnership (all members)")}


def short_names(names: dict[str, str]) -> dict[str, str]:
    return {m: short_name(n) for m, n in names.items()}


def card_years(card: pd.DataFrame) -> list:
    """The data years a scorecard's rows cite: their latest and their baseline years."""
    return sorted({*card["latest_year"].dropna(), *card["baseline_year"].dropna()})


def series_citation(series: pd.DataFrame) -> tuple[list, pd.Series]:
    """The data years and the flags the trajectories' citation sums up."""
    return sorted(set(series["year"].dropna())), series["flag"].dropna()
