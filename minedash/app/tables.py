"""How the pages' tables show their columns (labels, number formats, links): Streamlit column configs, kept
out of the pages so a page says what it shows, not how each column is drawn.

Each config is built when a table is drawn (`Columns`), so its headers are in the view's language; a page uses it
as a mapping, e.g. `column_config=tables.SOURCES` or `list(tables.MEMBERS)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import streamlit as st

from ..domain import progress
from ..domain.vocabulary import term
from ..i18n import _


class Columns(Mapping):
    """A column config made on each use (a decorated function reads like a constant)."""

    def __init__(self, build: Callable[[], dict]):
        self._build = build

    def __getitem__(self, column: str):
        return self._build()[column]

    def __iter__(self) -> Iterator[str]:
        return iter(self._build())

    def __len__(self) -> int:
        return len(self._build())


@Columns
def LINK() -> dict:
    return {"source_url": st.column_config.LinkColumn(_("Source"))}


# The frames keep English column names (so a downloaded CSV has the same headers in every language); the headers a
# reader sees are worded here, in the view's language.
def profile(level: int, country: str) -> dict:
    """The region profile (domain.regions.profile_table; its rank columns are named by level and country)."""
    return {
        "Indicator": _("Indicator"),
        "Unit": _("Unit"),
        "Latest": st.column_config.NumberColumn(_("Latest"), format="localized"),
        "Year": _("Year"),
        "Flag": _("Flag"),
        "Trend": st.column_config.LineChartColumn(_("Trend (all years)"), width="small"),
        f"Rank, NUTS {level}": _("Rank, NUTS {level}").format(level=level),
        f"Rank in {country}": _("Rank in {country}").format(country=country),
        "Rank in partnership": _("Rank in partnership"),
        "Change since 2019": st.column_config.NumberColumn(_("Change since 2019"), format="%+.4g"),
        "Change since 2019, %": st.column_config.NumberColumn(_("Change since 2019, %"), format="%+.1f%%"),
    }


def ranking(unit: str) -> dict:
    """The ranking (domain.regions.ranking; its value column is named by the unit as the warehouse writes it)."""
    return {
        "Rank": _("Rank"),
        "Region": _("Region"),
        "Code": _("Code"),
        "Country": _("Country"),
        unit: st.column_config.NumberColumn(term(unit), format="localized"),
        "Flag": _("Flag"),
        "Partnership": _("Partnership"),
    }


@Columns
def REGION_SITES() -> dict:
    return {
        "kind": _("Kind"),
        "name": _("Name"),
        "operator": _("Operator"),
        "city": _("City"),
        "stage": _("Stage"),
        "status": _("Status"),
        "materials": _("Materials"),
        "source_url": st.column_config.LinkColumn(_("Source")),
    }


def _material_tables() -> dict:
    return {
        "project": _("Project"),
        "promoter": _("Promoter"),
        "scope": _("Scope"),
        "name": _("Name"),
        "company": _("Company"),
        "country": _("Country"),
        "iso2": _("Country code"),
        "city": _("City"),
        "stage": _("Stage"),
        "status": _("Status"),
        "materials": _("Materials (as listed)"),
        "listed_as": _("Matched on"),
        "nuts2": _("NUTS 2"),
        "last_checked": _("Last checked"),
    }


MATERIAL_TABLES = Columns(_material_tables)  # the material page's strategic projects and atlas sites


@Columns
def SCORECARD() -> dict:
    """A member's scorecard (domain.progress.display_scorecard)."""
    heads = {c: _(c) for c in progress.COLUMNS}
    key = _("▲ up / ▼ down / ▬ flat (under ±0.5%)")
    return {**heads, "Change": st.column_config.TextColumn(heads["Change"], help=key)}


@Columns
def CHANGES() -> dict:
    """What changed since the previous edition (domain.editions.compare)."""
    return {
        "member": _("Member region"),
        "indicator": _("Indicator"),
        "change": _("Change"),
        "before": _("Before"),
        "after": _("After"),
    }


@Columns
def CRM_LIST() -> dict:
    return {
        "crm_name": _("Critical raw material"),
        "material_id": None,
        "strategic": st.column_config.CheckboxColumn(_("Strategic")),
        "supply_risk_2023": st.column_config.NumberColumn(_("Supply risk 2023"), format="%.1f"),
        "economic_importance_2023": st.column_config.NumberColumn(_("Economic importance 2023"), format="%.1f"),
        "eol_rir_pct": st.column_config.TextColumn(_("End-of-life recycling input rate (%)")),
        "eol_rir_source": st.column_config.LinkColumn(_("EoL-RIR source"), display_text=_("SCRREEN factsheet")),
    }


@Columns
def BENCHMARKS() -> dict:
    return {
        "material": _("Strategic raw material"),
        "factsheet": st.column_config.LinkColumn(_("Factsheet"), display_text=_("open the factsheet")),
    }


@Columns
def MEMBERS() -> dict:
    return {
        "region_name": _("Region"),
        "nuts_id": _("NUTS 2021"),
        "nuts_level": _("NUTS level"),
        "role": _("Role"),
        "country": _("Country"),
        "year_joined": _("Joined"),
        "networks": _("Also in (networks)"),
    }


@Columns
def HEADLINES() -> dict:
    return {
        "nuts_id": _("NUTS"),
        "region_name": _("Region"),
        "role": _("Role"),
        "pop": _("Population (persons)"),
        "gdp_meur": _("GDP (million EUR)"),
        "gdp_eur_hab": _("GDP per inhabitant (EUR)"),
        "emp_lfs_b_e": _("Industry employment, B–E (thousand persons)"),
        "facilities": st.column_config.NumberColumn(
            _("CRM sites (CRM Atlas)"), help=_("Critical raw material facilities located in the region")
        ),
        "strategic_projects": st.column_config.NumberColumn(
            _("CRMA strategic projects"),
            help=_("CRM Act strategic projects located in the region (2025 selection)"),
        ),
    }


@Columns
def SITES_BY_REGION() -> dict:
    return {"region_name": _("Region"), "facility_names": _("CRM sites"), "project_names": _("Strategic projects")}


@Columns
def SOURCES() -> dict:
    return {
        "source_id": _("Source id"),
        "title": _("Title"),
        "publisher": _("Publisher"),
        "dataset_code": _("Dataset code"),
        "url": st.column_config.LinkColumn(_("URL")),
        "licence": _("Licence"),
        "attribution": _("Attribution"),
        "vintage": _("Vintage"),
        "rows_read": st.column_config.NumberColumn(_("Rows read")),
        "rows_written": _("Rows written (per table)"),
        "rows_dropped": st.column_config.NumberColumn(_("Rows dropped")),
        "files": _("Input files"),
        "sha256": st.column_config.TextColumn(_("sha256 (first 12)")),
    }


@Columns
def DROPPED() -> dict:
    return {"source_id": _("Source id"), "rows": st.column_config.NumberColumn(_("Rows")), "reason": _("Reason")}


@Columns
def UNMATCHED() -> dict:
    return {"source_id": _("Source id"), "code": _("Code"), "version": _("Version"), "reason": _("Reason")}


@Columns
def TRANSCRIBED() -> dict:
    return {
        "source_url": st.column_config.LinkColumn(_("Source")),
        "share_pct": st.column_config.NumberColumn(_("share (%)"), format="%.1f"),
    }


def glance(names: dict[str, str], short: dict[str, str]) -> dict:
    """The at-a-glance scorecard: a short head per indicator, the full name on hover (both in the view's language)."""
    heads = {i: st.column_config.TextColumn(_(short.get(i, names[i])), help=term(names[i])) for i in names}
    return {"Region": _("Region"), **heads}


# The partnership hub's panels on the overview (frames from minedash.domain.partnership): the frames keep English
# column names, the headers are worded here.
def _source() -> st.column_config.Column:
    return st.column_config.LinkColumn(_("Source"), display_text=_("source"))


@Columns
def HUB_MEMBERS() -> dict:
    return {
        "Region": st.column_config.TextColumn(_("Region")),
        "Role": st.column_config.TextColumn(_("Role")),
        "Joined": st.column_config.TextColumn(_("Joined")),
        "Also in (networks)": st.column_config.TextColumn(_("Also in (networks)")),
        "Source": _source(),
    }


@Columns
def EVENTS() -> dict:
    return {
        "When": st.column_config.TextColumn(_("When"), width="small"),
        "What": st.column_config.TextColumn(_("What"), width="large"),
        "Link": st.column_config.LinkColumn(_("Link"), display_text=_("open")),
        "Source": _source(),
    }


@Columns
def DOCUMENTS() -> dict:
    return {
        "Document": st.column_config.TextColumn(_("Document"), width="large"),
        "Period": st.column_config.TextColumn(_("Period"), width="small"),
        "Kind": st.column_config.TextColumn(_("Kind"), width="small"),
        "Publisher": st.column_config.TextColumn(_("Publisher"), width="small"),
        "Link": st.column_config.LinkColumn(_("Link"), display_text=_("open")),
        "File in the project": st.column_config.TextColumn(_("File in the project")),
        "Source": _source(),
    }
