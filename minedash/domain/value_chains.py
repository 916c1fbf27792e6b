"""Value chains: the stage vocabularies, the region x stage matrix, each member's position in the chain, and the
uploaded survey placed on the map. Pure pandas over the chain_* query results."""

from __future__ import annotations

import pandas as pd

from ..data.db import with_sources
from ..i18n import N_, _
from .survey import STAGES as SURVEY_STAGES
from .vocabulary import said, term

# The atlas's stages in chain order, and the CRM Act's (strategic projects).
SITE_STAGES = ["mining", "processing", "smelting", "refining", "recovery", "recycling", "substitution"]
PROJECT_STAGES = ["extraction", "processing", "recycling", "substitution"]
STATUSES = ["operating", "construction", "planned", "care-and-maintenance", "closed"]
# How the stage and status codes read (translated where shown).
WORDS = {
    "mining": N_("mining"),
    "processing": N_("processing"),
    "smelting": N_("smelting"),
    "refining": N_("refining"),
    "recovery": N_("recovery"),
    "recycling": N_("recycling"),
    "substitution": N_("substitution"),
    "extraction": N_("extraction"),
    "operating": N_("operating"),
    "construction": N_("construction"),
    "planned": N_("planned"),
    "care-and-maintenance": N_("care-and-maintenance"),
    "closed": N_("closed"),
    "CRM site": N_("CRM site"),  # region_sites' kinds
    "Strategic project": N_("Strategic project"),
    "non-EU": N_("non-EU"),  # a strategic project's scope
    "exploration": N_("exploration"),  # the survey's own stages
    "manufacturing": N_("manufacturing"),
    "services": N_("services"),
    "high": N_("high"),  # how sure the atlas is of a site
    "medium": N_("medium"),
    "low": N_("low"),
    "partial list (press)": N_("partial list (press)"),
    "within": N_("within"),  # how a site was placed in its NUTS region
    "nearest region within 15 km (generalised coastline)": N_("nearest region within 15 km (generalised coastline)"),
    "outside NUTS land": N_("outside NUTS land"),
    "outside the EU": N_("outside the EU"),
    "no site announced": N_("no site announced"),
}


# Enterprise size classes (Eurostat SBS), apart from WORDS: "medium" there is a confidence.
SIZE_WORDS = {
    "micro": N_("micro enterprises"),
    "small": N_("small enterprises"),
    "medium": N_("medium-sized enterprises"),
    "large": N_("large enterprises"),
}


def size_word(size: str) -> str:
    return said(SIZE_WORDS, size)


def word(code: str) -> str:
    """A stage, status, confidence or placement code in the view's language; a list of codes
    ('extraction|processing') as 'extraction | processing'."""
    if isinstance(code, str) and "|" in code:
        return " | ".join(word(c) for c in code.split("|"))
    return said(WORDS, code)


def worded(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """`frame` with the codes in `columns` (stages, statuses, kinds; 'extraction|processing' too) in the view's
    language: a new frame with the same sources."""

    words = {c: frame[c].map(word) for c in columns}
    return with_sources(frame.assign(**words), frame)


def matrix_table(matrix: pd.DataFrame) -> pd.DataFrame:
    """Long chain_matrix rows -> one row a region, one column a kind × stage (counts; blank = none found)."""
    rows = matrix[["geo", "geo_name", "membership", "members"]].drop_duplicates("geo").set_index("geo")
    counts = matrix.dropna(subset=["kind"])
    cols = [("sites", s) for s in SITE_STAGES] + [("strategic projects", s) for s in PROJECT_STAGES]
    wide = counts.pivot_table(index="geo", columns=["kind", "stage"], values="n", aggfunc="sum")
    wide = wide.reindex(columns=pd.MultiIndex.from_tuples(cols)).reindex(rows.index)
    wide.columns = [f"{k}: {s}" for k, s in cols]
    return rows.join(wide).reset_index()


def matrix_view(matrix: pd.DataFrame, rows: str) -> pd.DataFrame:
    """The matrix as shown: matrix_table's rows chosen by matrix_rows, with the chain_matrix sources."""
    return with_sources(matrix_rows(matrix_table(matrix), rows), matrix)


def _join(items) -> str:
    items = list(items)
    if not items:
        return _("none")
    if len(items) == 1:
        return items[0]
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def profile_sentences(profiles: pd.DataFrame, nuts_id: str) -> list[str]:
    """Plain sentences on one member region's position in the chain, from chain_profiles rows."""
    p = profiles[profiles["nuts_id"] == nuts_id]
    if p.empty:
        return []
    name, country = p["region_name"].iloc[0], p["country_code"].iloc[0]
    order = {s: i for i, s in enumerate(SITE_STAGES)}

    def stages(scope):
        return [word(s) for s in sorted(set(p.loc[p["scope"] == scope, "stage"]), key=order.get)]

    region, nat, part = stages("region"), stages("country"), stages("partnership")
    here = p[p["scope"] == "region"]
    n_sites = here.loc[here["kind"] == "sites"]
    out = []
    if here.empty:
        out.append(
            _("{region}: no site of the CRM atlas and no EU strategic project is recorded in the region.").format(
                region=name
            )
        )
    else:
        materials = _join(sorted(set(here["material"])))
        out.append(
            _("{region}: stages present — {stages}; materials — {materials}.").format(
                region=name, stages=_join(region), materials=materials
            )
        )
    if n_sites.empty and not here.empty:
        out.append(_("Only strategic projects (no atlas site) are recorded here."))
    gap_c = [s for s in nat if s not in region]
    gap_p = [s for s in part if s not in region]
    out.append(
        _("Stages found elsewhere in {country} but not in the region: {stages}.").format(
            country=country, stages=_join(gap_c)
        )
    )
    out.append(_("Stages found in other partnership regions but not here: {stages}.").format(stages=_join(gap_p)))
    # A missing link: a material mined here whose downstream steps (processing to refining) are not here.
    mined = set(here.loc[here["stage"] == "mining", "material"])
    down = set(here.loc[here["stage"].isin(["processing", "smelting", "refining"]), "material"])
    nat_down = p[(p["scope"] == "country") & p["stage"].isin(["processing", "smelting", "refining"])]
    for mat in sorted(mined - down):
        elsewhere = mat in set(nat_down["material"])
        text = (
            _(
                "{material} is mined here but not processed, smelted or refined here; {country} has such a site or "
                "project elsewhere."
            )
            if elsewhere
            else _("{material} is mined here but not processed, smelted or refined here, nor anywhere in {country}.")
        )
        out.append(text.format(material=mat, country=country))
    return out


def survey_matrix(survey: pd.DataFrame) -> pd.DataFrame:
    """Uploaded survey rows -> organisations counted by region × value-chain stage (one column a stage)."""
    rows = survey.assign(stage=survey["value_chain_stages"].str.split("|")).explode("stage")
    rows["stage"] = rows["stage"].str.strip()
    wide = rows.pivot_table(index="nuts_region", columns="stage", values="organisation", aggfunc="nunique")
    return wide.reindex(columns=list(SURVEY_STAGES)).reset_index()


def survey_points(survey: pd.DataFrame, points: pd.DataFrame) -> pd.DataFrame:
    """Uploaded organisations placed at their region's label point, with the map tooltip's fields."""
    pts = points.rename(columns={"nuts_id": "nuts_region", "label_lon": "lon", "label_lat": "lat"})
    d = survey.merge(pts[["nuts_region", "name_latn", "lon", "lat"]], on="nuts_region", how="inner").dropna(
        subset=["lon"]
    )
    return pd.DataFrame(
        {
            "lon": d["lon"],
            "lat": d["lat"],
            "name": d["organisation"],
            "company": _("your survey (this session only)") + " · " + d["size_class"].map(size_word),
            "stage": d["value_chain_stages"].map(word),
            "status": _("survey answer"),
            "materials": d["materials"],
            "project": "—",
            "place": d["nuts_region"] + " " + d["name_latn"] + " " + _("(region centre)"),
            "source": _("uploaded file"),
        }
    )


LEVELS = {2: N_("NUTS 2 regions"), 3: N_("NUTS 3 regions"), 0: N_("Countries")}

# The transcribed tables' codes and short words (size classes, indicators, units, qualifiers), as readers see them;
# their quotations, notes and source names stay as transcribed.
TRANSCRIBED_WORDS = {
    "micro": N_("micro enterprises"),
    "small": N_("small enterprises"),
    "medium": N_("medium-sized enterprises"),
    "large": N_("large enterprises"),
    "SME": N_("SMEs"),
    "total": N_("total"),
    "micro+small": N_("micro and small enterprises"),
    "all": N_("all"),
    "share_of_enterprises": N_("share of enterprises"),
    "share_of_persons_employed": N_("share of persons employed"),
    "share_of_value_added": N_("share of value added"),
    "share_of_turnover": N_("share of turnover"),
    "enterprises_number": N_("number of enterprises"),
    "persons_employed": N_("persons employed"),
    "turnover": N_("turnover"),
    "million enterprises": N_("million enterprises"),
    "million persons": N_("million persons"),
    "enterprises": N_("enterprises"),
    "number": N_("number"),
    "percent": N_("percent"),
    "persons": N_("persons"),
    "jobs": N_("jobs"),
    "million tonnes": N_("million tonnes"),
    "EUR trillion": N_("EUR trillion"),
    "EUR billion": N_("EUR billion"),
    "EUR million": N_("EUR million"),
    "EUR thousand": N_("EUR thousand"),
    "SEK billion": N_("SEK billion"),
    "incl. rounded estimates": N_("incl. rounded estimates"),
    "around": N_("around"),
    "about": N_("about"),
    "approximately": N_("approximately"),
    "almost": N_("almost"),
    "more than": N_("more than"),
    "preliminary estimate": N_("preliminary estimate"),
    "company estimate": N_("company estimate"),
}
TRANSCRIBED_CODES = ("size_class", "size_class_persons_employed", "indicator", "level_unit", "unit", "qualifier")


def transcribed_view(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """A transcribed table's `columns`, its codes and short words in the view's language (a new frame, same sources)."""
    shown = table[columns]
    words = {c: shown[c].map(lambda v: said(TRANSCRIBED_WORDS, v)) for c in TRANSCRIBED_CODES if c in shown.columns}
    return with_sources(shown.assign(**words), table)


ROWS = {"members": N_("Member regions only"), "all": N_("All regions with sites or projects")}
PLACES = {0: N_("countries"), 2: N_("NUTS 2 regions")}
MEASURES = ["enterprises", "persons employed"]
MEASURE_NAMES = {"enterprises": N_("enterprises"), "persons employed": N_("persons employed")}


def measure_name(measure: str) -> str:
    return _(MEASURE_NAMES[measure])


def materials_in_chains(materials: pd.DataFrame) -> dict[str, str]:
    """material_id -> name of the materials that some atlas site or strategic project handles."""
    used = materials[(materials["n_sites"] > 0) | (materials["n_projects"] > 0)]
    return {m: term(n) for m, n in zip(used["material_id"], used["material"])}


def default_flow_materials(materials: pd.DataFrame) -> list[str]:
    """The four materials with the most atlas sites (ties by name): the flow chart's starting choice."""
    used = materials[(materials["n_sites"] > 0) | (materials["n_projects"] > 0)]
    return list(used.sort_values(["n_sites", "material"], ascending=[False, True])["material_id"].head(4))


def nearest_member(region: str | None, members: pd.DataFrame) -> str:
    """The member region a NUTS code stands nearest to: the member itself, a member inside it or around it, a
    member of the same country; else the first lead region. (`region` means any NUTS code on every page.)"""
    ids = list(members["nuts_id"])
    lead = members.loc[members["role"] == "lead", "nuts_id"].iloc[0]
    if not region:
        return lead
    for test in (
        lambda m: m == region,
        lambda m: m.startswith(region) or region.startswith(m),
        lambda m: m[:2] == region[:2],
    ):
        hit = [m for m in ids if test(m)]
        if hit:
            return lead if lead in hit else hit[0]
    return lead


def matrix_rows(table: pd.DataFrame, rows: str) -> pd.DataFrame:
    """The matrix's rows: the member regions only ('members'), or every region with sites or projects."""
    return table[table["membership"].notna()] if rows == "members" else table


def matrix_highlight(table: pd.DataFrame, region: str) -> str | None:
    """The matrix row of the highlighted member region, or of the region containing it."""
    return next((g for g in table["geo"] if region.startswith(g) or g.startswith(region)), None)


def countries_with_sites(sites: pd.DataFrame) -> dict[str, str]:
    """ISO2 -> country name of the countries with atlas sites, by name."""
    return dict(sorted(zip(sites["iso2"], sites["country"]), key=lambda kv: kv[1]))


def site_filters(materials: dict[str, str], sites: pd.DataFrame) -> list[tuple[str, str, dict[str, str], str]]:
    """The site map's filters: (URL parameter, label, {value: wording}, wording of '' = all). The stage filter takes
    the CRM Act's 'extraction' too, so a `stage=extraction` link from another page selects the mines."""
    stages = {**{s: word(s) for s in SITE_STAGES}, "extraction": _("extraction (CRM Act) = mining")}
    return [
        ("material", _("Material"), materials, _("All materials")),
        ("stage", _("Stage"), stages, _("All stages")),
        ("status", _("Status"), {s: word(s) for s in STATUSES}, _("All statuses")),
        ("country", _("Country"), countries_with_sites(sites), _("All countries")),
    ]


def checked_years(sites: pd.DataFrame) -> pd.Series:
    """The year each atlas entry was last checked."""
    return pd.to_datetime(sites["last_checked"]).dt.year


PROFILES_NOTE = N_(
    "Computed from the atlas sites and EU strategic projects located in each region, its country and all "
    "member regions; strategic-project stages are put on the atlas's scale (extraction = mining, "
    "recycling = recycling)."
)
NO_SBS = N_(
    "Size-class data by country and activity (Eurostat sbs_sc_ovw) is not in this warehouse: it comes with the "
    "online refresh, `python -m minedash ingest --online`. Below are the EU-level figures transcribed from "
    "Eurostat publications."
)


def sme_latest(shares: pd.DataFrame, nace: str, measure: str) -> pd.DataFrame:
    """Size-class shares of one activity and measure, in each country's latest year with shares."""
    d = shares[(shares["nace"] == nace) & (shares["measure"] == measure)].dropna(subset=["share_pct"])
    return d[d["year"] == d.groupby("geo")["year"].transform("max")]


# The hand-transcribed figures shown for want of regional SBS data offline: query, title, columns, caveat.
TRANSCRIBED = [
    (
        "chain_sme_transcribed",
        N_(
            "**EU figures transcribed from Eurostat pages** — :orange-badge[transcribed] mixed scopes "
            "and years; read each row's scope and note"
        ),
        [
            "geo_name",
            "year",
            "scope",
            "size_class",
            "size_class_persons_employed",
            "indicator",
            "share_pct",
            "qualifier",
            "original_dataset",
            "source_url",
            "note",
        ],
        N_("transcribed by hand; see source_url and note of each row"),
    ),
    (
        "chain_mining_figures",
        N_("**Mining-sector key figures** — :orange-badge[transcribed] EU, countries and some partnership regions"),
        [
            "geo_code",
            "geo_name",
            "activity_label",
            "indicator",
            "year",
            "value",
            "unit",
            "qualifier",
            "original_dataset",
            "source_url",
            "note",
        ],
        N_("transcribed by hand; definitions differ between rows"),
    ),
]
