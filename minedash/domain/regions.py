"""Regional indicators: which year to show, rankings, normalisation and indexing, the region profile.

Pure pandas over the region_* query results (each result keeps the sources it was read from)."""

from __future__ import annotations

import pandas as pd

from ..data.db import sources_of, with_sources
from ..i18n import N_, _
from .value_chains import worded
from .vocabulary import named, native_names, term

# norm -> (divisor column of region_series, its source, {unit: (factor, unit after dividing)}): the one place
# that says which normalisation makes sense for which unit.
NORMS = {
    "pop": (
        "pop_persons",
        "demo_r_pjanaggr3",
        {
            "million EUR": (1e6, "EUR per inhabitant"),
            "thousand persons": (1e5, "% of population"),
            "persons": (100, "% of population"),
            "sites": (1e6, "per million inhabitants"),
            "projects": (1e6, "per million inhabitants"),
        },
    ),
    "gdp": (
        "gdp_meur",
        "nama_10r_3gdp",
        {
            "thousand persons": (1e3, "persons per million EUR of GDP"),
            "sites": (1e4, "per 10 billion EUR of GDP"),
            "projects": (1e4, "per 10 billion EUR of GDP"),
        },
    ),
}
NORM_NAMES = {"none": N_("as published"), "pop": N_("per inhabitant"), "gdp": N_("per GDP")}
QUESTION = N_("Where does a region stand on GDP, population, employment and CRM sites — against whom, and since when?")
MAX_COMPARED = 6
PROFILE_NOTE = N_(
    "Ranks among regions of the same NUTS level with data that year (1 = highest); partnership = members."
)


def norm_name(norm: str) -> str:
    return _(NORM_NAMES[norm])


def norm_options(unit: str) -> list[str]:
    """The normalisations that make sense for a unit ('none' always)."""
    return ["none", *(norm for norm, (_, _, units) in NORMS.items() if unit in units)]


def normalise(series: pd.DataFrame, unit: str, norm: str) -> tuple[pd.DataFrame, str]:
    """Divide by population or GDP where it makes sense; returns the new frame and unit. The frame then also
    carries the divisor's source. series: region_series rows (value, pop_persons, gdp_meur); rows without the
    divisor become missing."""
    df = series.copy()
    divisor, source, units = NORMS.get(norm, (None, None, {}))
    if unit not in units:
        return df, unit
    factor, new_unit = units[unit]
    df["value"] = df["value"] * factor / df[divisor]
    df.attrs["sources"] = (*sources_of(series), source)
    return df, new_unit


def index_to_base(series: pd.DataFrame, base_year: int) -> pd.DataFrame:
    """value / value in base_year * 100, per region; regions without a base-year value become missing."""
    df = series.copy()
    base = df[df["year"] == base_year].set_index("nuts_id")["value"]
    df["value"] = df["value"] / df["nuts_id"].map(base) * 100
    return df


def default_year(values: pd.DataFrame, years: list[int]) -> int:
    """The latest year where at least 80% of the best-covered year's regions have data (the newest year of a
    Eurostat table is often sparse)."""
    coverage = values.groupby("year")["value"].count()
    good = coverage[coverage >= 0.8 * coverage.max()].index if len(coverage) else years
    return int(max(good))


def labels(regions: pd.DataFrame) -> dict[str, str]:
    """'Native (Latin) · CODE' for every region: the name in the language of its country as NUTS gives it, the
    Latin name beside it only where it differs (Στερεά Ελλάδα (Sterea Elláda) · EL64, Lappi · FI1D7)."""
    return {code: f"{name} · {code}" for code, name in zip(regions["nuts_id"], native_names(regions))}


def ranking(values: pd.DataFrame, year: int, unit: str) -> pd.DataFrame:
    """One year's values ranked (1 = highest), as the ranking table shows them; partnership members starred. The
    columns keep English names (the value's is `unit` as the warehouse writes it), worded where shown."""
    this_year = values[values["year"] == year].sort_values("value", ascending=False)
    ranked = this_year.assign(rank=this_year["value"].rank(ascending=False, method="min").astype(int))
    shown = ranked[["rank", "name_latn", "nuts_id", "country_code", "value", "flag", "role"]].rename(
        columns={
            "rank": "Rank",
            "name_latn": "Region",
            "nuts_id": "Code",
            "country_code": "Country",
            "value": unit,
            "flag": "Flag",
            "role": "Partnership",
        }
    )
    shown["Partnership"] = shown["Partnership"].map({"lead": _("★ lead"), "partner": _("★ partner")})
    return with_sources(shown, values)


def sites_shown(sites: pd.DataFrame) -> pd.DataFrame:
    """A region's CRM sites and strategic projects (region_sites) with kinds, stages, statuses and materials in the
    view's language."""
    return worded(named(sites), "kind", "stage", "status")


def profile_table(
    profile: pd.DataFrame, series: pd.DataFrame, catalog: pd.DataFrame, level: int, country: str
) -> pd.DataFrame:
    """A region's profile as shown: one row an indicator, latest value, trend, ranks and change since 2019.
    catalog: region_indicators indexed by indicator_id."""
    trends = series.groupby("indicator_id")["value"].apply(list)
    table = pd.DataFrame(
        {
            "Indicator": profile["indicator_id"].map(catalog["name"]).map(term),
            "Unit": profile["indicator_id"].map(catalog["unit"]).map(term),
            "Latest": profile["value"],
            "Year": profile["year"].astype(str),
            "Flag": profile["flag"],
            "Trend": profile["indicator_id"].map(trends),
            f"Rank, NUTS {level}": [f"{a} / {b}" for a, b in zip(profile["rank_level"], profile["n_level"])],
            f"Rank in {country}": [f"{a} / {b}" for a, b in zip(profile["rank_country"], profile["n_country"])],
            "Rank in partnership": [f"{a} / {b}" for a, b in zip(profile["rank_members"], profile["n_members"])],
            "Change since 2019": profile["change_since_2019"],
            "Change since 2019, %": profile["change_since_2019_pct"],
        }
    )
    return with_sources(table, profile)


def compared(series: pd.DataFrame, indicator: str, unit: str, norm: str, base: int | None) -> tuple[pd.DataFrame, str]:
    """The comparison chart's data: one indicator's series, normalised and/or indexed; returns (frame, unit)."""
    data, new_unit = normalise(series[series["indicator_id"] == indicator], unit, norm)
    if base is not None:
        data, new_unit = with_sources(index_to_base(data, base), data), _("index, {base} = 100").format(base=base)
    return data, new_unit


def member_presets(members: pd.DataFrame) -> dict[int, list[str]]:
    """The partnership's member regions by NUTS level (at most MAX_COMPARED each), for the comparison presets."""
    return {
        int(lvl): codes[:MAX_COMPARED] for lvl, codes in members.groupby("nuts_level")["nuts_id"].apply(list).items()
    }


def family(regions: pd.DataFrame, region: str) -> list[str]:
    """The region's parent (if any) and its children: where the profile's navigation buttons lead.
    regions: the regions query indexed by nuts_id."""
    parent = regions.loc[region, "parent_id"]
    return ([parent] if isinstance(parent, str) else []) + list(regions.index[regions["parent_id"] == region])


def map_notes(shapes: pd.DataFrame, this_year: pd.DataFrame, undrawn: pd.DataFrame, level: int, year: int) -> str:
    """What the map cannot show: regions without data that year, codes with data but no NUTS 2021 shape."""
    n_missing = len(set(shapes["nuts_id"]) - set(this_year["nuts_id"]))
    missing = _("{missing} of {n} NUTS {level} regions have no data for {year} (grey).")
    notes = [missing.format(missing=n_missing, n=len(shapes), level=level, year=year)] if n_missing else []
    if len(undrawn):
        more = ", …" if len(undrawn) > 12 else ""
        notes.append(
            _("Could not be drawn: {n} codes with data but no NUTS 2021 shape at this level ({codes}).").format(
                n=len(undrawn), codes=", ".join(undrawn["geo"].head(12)) + more
            )
        )
    return " ".join(notes)


def compare_download(data: pd.DataFrame, labels: dict[str, str], unit: str) -> pd.DataFrame:
    out = data.assign(region=data["nuts_id"].map(labels))[["region", "nuts_id", "year", "value", "flag"]]
    return with_sources(out.rename(columns={"value": unit}), data)


def indicator_labels(catalog: pd.DataFrame) -> dict[str, str]:
    """'Topic · Name (unit)' for each indicator of region_indicators (indexed by indicator_id)."""
    return {i: f"{term(r['topic'])} · {term(r['name'])} ({term(r['unit'])})" for i, r in catalog.iterrows()}


def ranking_summary(ranking: pd.DataFrame) -> str | None:
    """'Lapland **#355** of 1296 · …' for the member regions in a ranking, or None when none is ranked."""
    ranked = ranking[ranking["Partnership"].notna()]
    if ranked.empty:
        return None
    of = _("{region} **#{rank}** of {n}")
    return (
        _("**Partnership regions:**")
        + " "
        + " · ".join(of.format(region=n, rank=k, n=len(ranking)) for n, k in zip(ranked["Region"], ranked["Rank"]))
    )


def describe_region(regions: pd.DataFrame, members: pd.DataFrame, region: str) -> str:
    """'NUTS 3 region in FI · partnership lead region'."""
    r = regions.loc[region]
    role = members.set_index("nuts_id")["role"].get(region)
    text = _("NUTS {level} region in {country}").format(level=r["level"], country=r["country_code"])
    roles = {"lead": _("partnership lead region"), "partner": _("partnership partner region")}
    return text + (f" · {roles.get(role, role)}" if role else "")


def compare_years(series: pd.DataFrame, indicator: str) -> list[int]:
    """The years with data for `indicator` among the compared regions (the index base year's choices)."""
    return sorted(series.loc[series["indicator_id"] == indicator, "year"].unique().tolist())


def without_data(data: pd.DataFrame, regions: list[str]) -> list[str]:
    """The compared regions with no value to draw."""
    drawn = set(data.dropna(subset=["value"])["nuts_id"])
    return [c for c in regions if c not in drawn]


def change(values: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """The change of each region's value from `start` to `end` (end minus start), for regions with both years: the
    `end` rows with `value` replaced and the flags of both years joined (so an estimate in either year shows)."""
    a = values[(values["year"] == start) & values["value"].notna()].set_index("nuts_id")
    b = values[(values["year"] == end) & values["value"].notna()].set_index("nuts_id")
    both = b.index.intersection(a.index)
    out = b.loc[both].copy()
    out["value"] = b.loc[both, "value"] - a.loc[both, "value"]
    flags = a.loc[both, "flag"].fillna("").astype(str) + b.loc[both, "flag"].fillna("").astype(str)
    out["flag"] = flags.map(lambda f: "".join(sorted(set(f))) or None)
    return with_sources(out.reset_index(), values)


# "Regions like mine": the indicators offered, and the default set (size, prosperity, industry, CRM sites).
SIMILARITY = {
    "pop": N_("Population"),
    "gdp_pps_hab_eu": N_("GDP per inhabitant, PPS, % of EU"),
    "industry_share": N_("Industry jobs (B-E), % of all"),
    "facilities_n": N_("CRM sites (CRM Atlas)"),
    "projects_n": N_("CRM strategic projects"),
    "gdp_meur": N_("GDP, million EUR"),
}
SIMILARITY_METHOD = N_(
    "Method: each indicator is taken in the latest year with a value for the chosen region (years in the column "
    "headings); only regions of the same NUTS level with values for all of them are compared. Each indicator is "
    "turned into z-scores over those regions (mean 0, standard deviation 1), so each counts the same; the distance "
    "is the Euclidean distance between the regions' z-scores (0 = identical). Employment in industry is from the "
    "2016 Labour Force Survey (NUTS 2 only)."
)
SIMILARITY_DEFAULT = ["pop", "gdp_pps_hab_eu", "industry_share", "facilities_n"]


def industry_share(industry: pd.DataFrame, total: pd.DataFrame) -> pd.DataFrame:
    """Employment in industry except construction as a % of all employment, by region and year."""
    keys = ["nuts_id", "year"]
    both = industry[[*keys, "value"]].merge(total[[*keys, "value"]], on=keys, suffixes=("", "_total"))
    both["value"] = 100 * both["value"] / both["value_total"].where(both["value_total"] > 0)
    return with_sources(both[[*keys, "value"]], industry, total)


def similar(values: dict[str, pd.DataFrame], region: str, n: int = 5) -> tuple[pd.DataFrame, dict[str, int], list]:
    """The `n` regions most like `region` on the given indicators (indicator id -> frame of nuts_id, year, value).

    Method: each indicator in the latest year with a value for `region`; the regions with values for all of them in
    those years; each indicator as z-scores over those regions (mean 0, standard deviation 1, so each counts the
    same); the Euclidean distance between z-score vectors, nearest first. Returns the table (the region first, then
    the nearest, with the raw values and the distance), the year used for each indicator, and the indicators left
    out because `region` has no value for them (or they do not vary)."""
    columns, years, left_out = {}, {}, []
    for ind, v in values.items():
        mine = v[(v["nuts_id"] == region) & v["value"].notna()]
        if mine.empty:
            left_out.append(ind)
            continue
        years[ind] = int(mine["year"].max())
        columns[ind] = v[(v["year"] == years[ind])].dropna(subset=["value"]).set_index("nuts_id")["value"]
    table = pd.DataFrame(columns).dropna()
    spread = table.std(ddof=0)
    for ind in spread.index[spread == 0]:  # the same value everywhere: says nothing about likeness
        left_out.append(ind)
        years.pop(ind)
    table = table.drop(columns=spread.index[spread == 0])
    if table.empty or region not in table.index:
        return with_sources(pd.DataFrame(columns=["nuts_id", "distance"]), *values.values()), years, left_out
    z = (table - table.mean()) / table.std(ddof=0)
    distance = ((z - z.loc[region]) ** 2).sum(axis=1) ** 0.5
    out = table.assign(distance=distance.round(3)).sort_values(["distance"], kind="stable")
    out = pd.concat([out.loc[[region]], out.drop(index=region).head(n)]).rename_axis("nuts_id").reset_index()
    return with_sources(out, *values.values()), years, left_out


def at_level(region: str, level: int) -> str:
    """The region at `level` that holds `region` (NUTS codes nest: 2 letters, then one character a level)."""
    return region[: 2 + level]


def similarity_inputs(level: int, indicators: list[str]) -> dict[str, pd.DataFrame]:
    """The region_values of each chosen indicator at `level` (the industry share derived from employment)."""
    from ..data import db  # the one function here that reads: the rest stays pure

    def read(ind: str) -> pd.DataFrame:
        if ind == "industry_share":
            get = lambda i: db.query("region_values", indicator=i, level=level)  # noqa: E731
            return industry_share(get("emp_lfs_b_e"), get("emp_lfs_total"))
        return db.query("region_values", indicator=ind, level=level)

    return {ind: read(ind) for ind in indicators}


def similar_table(table: pd.DataFrame, years: dict[str, int], regions: pd.DataFrame, names: dict[str, str]):
    """`similar`'s result as the page shows it: the region (name and code), each indicator (named, with its year)
    and the distance."""
    info = regions.set_index("nuts_id")
    # name and code in one column: the indicators need the width (a projector shows all of them)
    out = pd.DataFrame({_("Region"): table["nuts_id"].map(info["name_latn"]) + " (" + table["nuts_id"] + ")"})
    for ind, year in years.items():
        out[f"{_(names.get(ind, ind))} ({year})"] = table[ind].round(2)
    out[_("Distance (z-scores)")] = table["distance"]
    return with_sources(out, table)


def chart_regions(values: pd.DataFrame, region: str, year: int) -> pd.DataFrame:
    """The regions the bar chart shows for `year`: those of the chosen region's country, the partnership regions and
    the chosen region (all at the level of `values`)."""
    this_year = values[(values["year"] == year) & values["value"].notna()]
    keep = (this_year["country_code"] == region[:2]) | this_year["role"].notna() | (this_year["nuts_id"] == region)
    return with_sources(this_year[keep], values)
