"""Raw materials: criticality thresholds, the material factsheet's figures and selections.
Pure pandas over the criticality_*, material_* and production_* query results."""

from __future__ import annotations

import pandas as pd

from ..data import db
from ..data.db import with_sources
from ..i18n import N_, _, number, percent
from .value_chains import worded
from .vocabulary import named, term

# Thresholds of the EU criticality methodology (EC 2017 guidelines, used since 2017; applied to all years here).
SR_THRESHOLD = 1.0
EI_THRESHOLD = 2.8
ASSESSMENT_YEARS = [2011, 2014, 2017, 2020, 2023]
SUPPLY_STAGES = ["extraction", "processing"]
WMD_YEARS = [2018, 2019, 2020, 2021, 2022]
PARTNER_COUNTRIES = ("FI", "SE", "ES", "EL")
SR_EI = N_("Supply risk / economic importance")
EOL_RIR = N_("End-of-life recycling input rate")
FACTSHEET_QUESTION = N_(
    "Where does this raw material come from, how concentrated is its supply, how much does Europe produce and "
    "recycle, and who in Europe handles it?"
)
STAGE_NAMES = {"extraction": N_("extraction"), "processing": N_("processing")}
SCOPE_NAMES = {"global": N_("global"), "eu_sourcing": N_("EU sourcing")}


def names(mats: pd.DataFrame) -> dict[str, str]:
    """material_id -> name in the view's language (rows of material_list or any frame with both columns)."""
    return {m: term(n) for m, n in zip(mats["material_id"], mats["material"])}


def labels(mats: pd.DataFrame) -> dict[str, str]:
    """material_id -> the pickers' label: the name in the view's language and its standing on the 2023 CRM list
    (material_list rows). Options stay ids, so a link means the same material in every language."""
    strategic, critical = _("{material} (strategic)"), _("{material} (CRM 2023)")
    return {
        m: (strategic if s else critical if c else "{material}").format(material=term(n))
        for m, n, s, c in zip(mats["material_id"], mats["material"], mats["strategic"], mats["crm_2023"])
    }


def listed(frame: pd.DataFrame, *codes: str) -> pd.DataFrame:
    """Strategic projects or atlas sites of a material as the factsheet lists them: names, stages and `codes`
    (scope, status) in the view's language; listed_as (the material matched on) by its name."""
    shown, every = worded(named(frame), "stage", *codes), names(db.query("material_list"))
    return with_sources(shown.assign(listed_as=shown["listed_as"].map(lambda m: every.get(m, m))), frame)


def factsheet_frames(material: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[str]]:
    """The factsheet's frames of `material` in the view's language: its facts (one row), supply shares and
    concentration, and the elements to offer for a group published only per element
    (elements_with_global_supply)."""
    facts = named(db.query("material_facts", material=material))
    supply = named(db.query("material_supply", material=material))
    conc = named(db.query("material_concentration", material=material))
    return facts, supply, conc, elements_with_global_supply(facts.iloc[0], supply)


def commodity_shares(commodity: str) -> tuple[pd.DataFrame, pd.Series]:
    """A World Mining Data commodity's production shares in the view's language, and their flags (flag_list)."""
    shares = named(db.query("production_shares", commodity=commodity))
    return shares, flag_list(shares["flags"])


def producers(commodity: str) -> tuple[dict[str, str], list[str]]:
    """The countries producing a commodity (iso2 -> name in the view's language) and the trend's default choice."""
    found = named(db.query("production_countries", commodity=commodity))
    return dict(zip(found["iso2"], found["country_name"])), default_countries(found)


def crm_list_shown(crm: pd.DataFrame) -> pd.DataFrame:
    """The 34 CRMs as the table shows them: a missing recycling rate reads 'no data', never a bare None."""
    return crm.assign(
        crm_name=crm["crm_name"].map(term),
        eol_rir_pct=crm["eol_rir_pct"].map(lambda v: _("no data") if pd.isna(v) else f"{v:.0f}"),
        eol_rir_source=crm["eol_rir_source"].where(crm["eol_rir_source"].notna(), None),
    )


def status_word(facts: pd.Series) -> str:
    return _("Strategic") if facts["strategic"] else _("Critical") if facts["crm_2023"] else _("Not on the CRM list")


def criticality_note(df: pd.DataFrame, year: int) -> str:
    """The citation note of the criticality scatter: how many assessed, how many critical, and the caveat."""
    return _(
        "{n} materials assessed in {year}; {critical} above both thresholds (SR ≥ {sr}, EI ≥ {ei}). Marking by the "
        "2023 CRM list (Regulation (EU) 2024/1252). Before 2017 the EC used other scales and thresholds, so early "
        "points are not strictly comparable."
    ).format(n=len(df), year=year, critical=int(df["critical"].sum()), sr=number(SR_THRESHOLD), ei=number(EI_THRESHOLD))


def elements(facts: pd.Series) -> list[str]:
    """The elements a group stands for (HREEs, LREEs, PGMs); [] for a single material."""
    return [] if pd.api.types.is_scalar(facts["elements"]) else list(facts["elements"])


def elements_with_global_supply(facts: pd.Series, supply: pd.DataFrame) -> list[str]:
    """For a group published only per element: the elements with global supply shares; else []."""
    material = facts["material_id"]
    with_global = [e for e in elements(facts) if ((supply["material_id"] == e) & (supply["scope"] == "global")).any()]
    has_own = ((supply["material_id"] == material) & (supply["scope"] == "global")).any()
    return with_global if with_global and not has_own else []


def supply(supply: pd.DataFrame, material: str, scope: str, stage: str | None = None) -> pd.DataFrame:
    """The supply shares of one material, scope ('global' | 'eu_sourcing') and stage."""
    rows = (supply["material_id"] == material) & (supply["scope"] == scope)
    if stage is not None:
        rows &= supply["stage"] == stage
    return supply[rows]


def concentration(conc: pd.DataFrame, material: str, scope: str, stage: str) -> pd.Series:
    """HHI, top-3 share and bounded shares of one material, scope and stage."""
    return conc[(conc["material_id"] == material) & (conc["scope"] == scope) & (conc["stage"] == stage)].iloc[0]


def map_shares(glob: pd.DataFrame, stage: str) -> pd.DataFrame:
    """Global shares of one stage for the world map: a hover text, bounded shares at their upper bound."""
    d = glob[(glob["stage"] == stage) & glob["iso3"].notna()]
    return with_sources(
        d.assign(hover=d["country_name"] + ": " + d["share_text"], share=d["share_pct"].fillna(d["share_max_pct"])),
        glob,
    )


def bounded_note(k: pd.Series) -> str:
    if not k["n_bounded"]:
        return ""
    return " " + _(
        "{n} countries are published only as a bound (e.g. '<0.1%'): they are drawn in grey at their upper bound "
        "and left out of the HHI (together at most {share})."
    ).format(n=int(k["n_bounded"]), share=percent(k["bounded_max_pct"], 1))


def latest_eu_share(shares: pd.DataFrame) -> pd.Series:
    """The EU-27's row of the latest year in production_shares."""
    return shares[shares["geo"] == "EU27"].sort_values("year").iloc[-1]


def default_countries(producers: pd.DataFrame) -> list[str]:
    """The three largest producers plus up to two partnership countries that produce the commodity."""
    have = set(producers["iso2"])
    return list(dict.fromkeys(list(producers["iso2"].head(3)) + [i for i in PARTNER_COUNTRIES if i in have][:2]))


def production_hover(prod: pd.DataFrame, unit: str, flag_names: dict[str, str]) -> pd.DataFrame:
    """production_map rows with the map's hover text (value, share of world, flag in words)."""
    flagged = prod["flag"].map(flag_names).fillna("")
    of_world = _("({share} of world)")
    share = prod["share_of_world_pct"].map(lambda s: " " + of_world.format(share=percent(s, 1)) if s == s else "")
    hover = (
        prod["country_name"] + ": " + prod["value"].map(lambda v: number(v, 0)) + f" {unit}" + share + " · " + flagged
    )
    return with_sources(prod.assign(hover=hover), prod)


def flag_list(flags: pd.Series) -> pd.Series:
    """'e,p' strings -> one flag a row (for citation flag summaries)."""
    return flags.dropna().str.split(",").explode()


def identity(facts: pd.Series) -> list[tuple[str, str, str | None]]:
    """The factsheet's three key figures as (label, value, help): list status, SR/EI, recycling input rate."""
    name = facts["material"]
    out = [
        (
            _("EU 2023 list"),
            status_word(facts),
            _("Critical raw materials (Annex II) and strategic raw materials (Annex I) of Regulation (EU) 2024/1252."),
        )
    ]
    if pd.notna(facts["supply_risk"]):
        out.append(
            (
                _("Supply risk / economic importance ({year})").format(year=int(facts["latest_assessment"])),
                f"{number(facts['supply_risk'], 1)} / {number(facts['economic_importance'], 1)}",
                _("Criticality thresholds: supply risk ≥ 1 and economic importance ≥ 2.8."),
            )
        )
    else:
        out.append(
            (
                _(SR_EI),
                _("not assessed"),
                _("{material} is not assessed on its own; see its group.").format(material=name)
                if isinstance(facts["group_id"], str)
                else None,
            )
        )
    if pd.notna(facts["eol_rir_pct"]):
        out.append(
            (
                _(EOL_RIR),
                percent(facts["eol_rir_pct"]),
                _("Share of EU demand met from recycled end-of-life scrap (SCRREEN factsheet)."),
            )
        )
    else:
        out.append((_(EOL_RIR), _("not available"), None))
    return out


def eol_note(facts: pd.Series) -> str:
    if isinstance(facts["eol_rir_source"], str):
        return _("EoL-RIR source: [SCRREEN factsheet]({url})").format(url=facts["eol_rir_source"])
    return _("EoL-RIR: not available for this material in the 2023 compilation")


def concentration_figures(k: pd.Series) -> list[tuple[str, str, str | None]]:
    return [
        (_("HHI (0–10 000)"), number(k["hhi"], 0), _("Herfindahl–Hirschman index: sum of squared % shares.")),
        (
            _("Top-3 share"),
            percent(k["top3_pct"], 1),
            _("Largest: {country} {share}").format(country=k["top1_country"], share=percent(k["top1_pct"], 1)),
        ),
    ]


def production_figures(shares: pd.DataFrame, unit: str) -> list[tuple[str, str, str | None]]:
    """World output and the EU-27's share in the latest year of production_shares."""
    last = latest_eu_share(shares)
    year = int(last["year"])
    share = _("none listed") if pd.isna(last["value"]) else percent(last["share_of_world_pct"], 2)
    return [
        (_("World output {year} ({unit})").format(year=year, unit=unit), number(last["world_value"], 0), None),
        (_("EU-27 share {year}").format(year=year), share, None),
    ]


def supply_note(scope: str, k: pd.Series) -> str:
    """The citation note of a supply chart: how shares and concentration were read."""
    if scope == "eu_sourcing":
        return _("Where the EU's supply comes from (domestic production plus imports). Blue: EU-27 countries.")
    shares = _(
        "Shares as published (average of recent years, EC 2023). HHI and top-3 from the point values (they sum to "
        "{total})."
    ).format(total=percent(k["total_pct"], 1))
    return shares + bounded_note(k) + " " + _("Blue: EU-27.")


def end_uses(uses: pd.DataFrame, material: str, element: str) -> tuple[pd.DataFrame, str]:
    """(end uses, whose): a group without its own end-use shares shows the chosen element's."""
    return (uses, material) if not uses.empty or element == material else (uses, element)


def checked_years(facilities: pd.DataFrame) -> pd.Series:
    """The year each atlas entry was last checked."""
    return facilities["last_checked"].astype(str).str[:4].astype(int)


def stage_name(stage: str) -> str:
    return _(STAGE_NAMES[stage])


def no_shares(scope: str, material: str, stage: str) -> str:
    return _("No {scope} shares for {material} at the {stage} stage.").format(
        scope=_(SCOPE_NAMES[scope]), material=material, stage=stage_name(stage)
    )


def supply_title(material: str, scope: str, stage: str) -> str:
    return f"{material}: {_(SCOPE_NAMES[scope])}, {stage_name(stage)}"


def inside_eu(stage: str, k: pd.Series) -> tuple[str, str]:
    """The EU-sourcing metric: label and value."""
    return _("Sourced from inside the EU-27 ({stage})").format(stage=stage_name(stage)), percent(k["eu27_pct"])


def commodities(coms: pd.DataFrame) -> pd.DataFrame:
    """World Mining Data commodities as shown (production_commodities or material_commodities rows): name and unit
    in the view's language, `label` for the pickers ('Cobalt (t)') and, with a basis, `heading`: the name and what
    the figure counts ('Lithium (Li2O) (Li2O content)'), without a basis that only repeats the name ('Gold (gold)').
    The ids stay as they are; the same sources."""
    shown = coms.assign(commodity=coms["commodity"].map(term), unit=coms["unit"].map(term))
    shown["label"] = shown["commodity"] + " (" + shown["unit"] + ")"
    if "basis" in shown:
        shown["heading"] = [
            name if name.casefold().startswith(basis.casefold()) else f"{name} ({basis})"
            for name, basis in zip(shown["commodity"], coms["basis"].map(term))
        ]
    return with_sources(shown, coms)


def no_commodity(material: str) -> str:
    return _(
        "World Mining Data 2024 has no commodity that matches {material}, so no production figures are shown."
    ).format(material=material)


def production_note(unit: str) -> str:
    return _("World total: WMD's own total. Unit: {unit}. A gap means WMD lists no output for that country.").format(
        unit=unit
    )


def producers_note(unit: str, world: float) -> str:
    return _(
        "Unit as WMD gives it: {unit}. World total {world} {unit} (WMD's own total). Grey: no production listed. "
        "Click a European country to open its regions."
    ).format(unit=unit, world=number(world, 0))


def trend_note(unit: str, absent: list[str]) -> str:
    note = _("Unit: {unit}. Hollow markers: estimated or provisional.").format(unit=unit)
    if absent:
        note += " " + _("No production listed for {countries}.").format(countries=", ".join(absent))
    return note
