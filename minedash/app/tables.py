"""How the pages' tables show their columns (labels, number formats, links): Streamlit column configs, kept
out of the pages so a page says what it shows, not how each column is drawn."""

from __future__ import annotations

import streamlit as st

LINK = {"source_url": st.column_config.LinkColumn("Source")}

PROFILE = {
    "Trend": st.column_config.LineChartColumn("Trend (all years)", width="small"),
    "Latest": st.column_config.NumberColumn(format="localized"),
    "Change since 2019": st.column_config.NumberColumn(format="%+.4g"),
    "Change since 2019, %": st.column_config.NumberColumn(format="%+.1f%%"),
}

CRM_LIST = {
    "crm_name": "Critical raw material",
    "material_id": None,
    "strategic": st.column_config.CheckboxColumn("Strategic"),
    "supply_risk_2023": st.column_config.NumberColumn("Supply risk 2023", format="%.1f"),
    "economic_importance_2023": st.column_config.NumberColumn("Economic importance 2023", format="%.1f"),
    "eol_rir_pct": st.column_config.TextColumn("End-of-life recycling input rate (%)"),
    "eol_rir_source": st.column_config.LinkColumn("EoL-RIR source", display_text="SCRREEN factsheet"),
}

BENCHMARKS = {
    "material": "Strategic raw material",
    "factsheet": st.column_config.LinkColumn("Factsheet", display_text="open"),
}

# The partnership hub's panels on the overview (frames from minedash.domain.partnership).
HUB_MEMBERS = {"Source": st.column_config.LinkColumn("Source", display_text="source")}
EVENTS = {
    "When": st.column_config.TextColumn("When", width="small"),
    "What": st.column_config.TextColumn("What", width="large"),
    "Link": st.column_config.LinkColumn("Link", display_text="open"),
    "Source": st.column_config.LinkColumn("Source", display_text="source"),
}
DOCUMENTS = {
    "Document": st.column_config.TextColumn("Document", width="large"),
    "Period": st.column_config.TextColumn("Period", width="small"),
    "Kind": st.column_config.TextColumn("Kind", width="small"),
    "Publisher": st.column_config.TextColumn("Publisher", width="small"),
    "Link": st.column_config.LinkColumn("Link", display_text="open"),
    "Source": st.column_config.LinkColumn("Source", display_text="source"),
}

HEADLINES = {
    "nuts_id": "NUTS",
    "region_name": "Region",
    "role": "Role",
    "pop": "Population (persons)",
    "gdp_meur": "GDP (million EUR)",
    "gdp_eur_hab": "GDP per inhabitant (EUR)",
    "emp_lfs_b_e": "Industry employment, B–E (thousand persons)",
    "facilities": st.column_config.NumberColumn(
        "CRM sites (CRM Atlas)", help="Critical raw material facilities located in the region"
    ),
    "strategic_projects": st.column_config.NumberColumn(
        "CRMA strategic projects", help="CRM Act strategic projects located in the region (2025 selection)"
    ),
}

SITES_BY_REGION = {"region_name": "Region", "facility_names": "CRM sites", "project_names": "Strategic projects"}

SOURCES = {
    "source_id": "Source id",
    "title": "Title",
    "publisher": "Publisher",
    "dataset_code": "Dataset code",
    "url": st.column_config.LinkColumn("URL"),
    "licence": "Licence",
    "attribution": "Attribution",
    "vintage": "Vintage",
    "rows_read": st.column_config.NumberColumn("Rows read"),
    "rows_written": "Rows written (per table)",
    "rows_dropped": st.column_config.NumberColumn("Rows dropped"),
    "files": "Input files",
    "sha256": st.column_config.TextColumn("sha256 (first 12)"),
}
DROPPED = {"source_id": "Source id", "rows": st.column_config.NumberColumn("Rows"), "reason": "Reason"}
UNMATCHED = {"source_id": "Source id", "code": "Code", "version": "Version", "reason": "Reason"}

TRANSCRIBED = {
    "source_url": st.column_config.LinkColumn("source_url"),
    "share_pct": st.column_config.NumberColumn("share (%)", format="%.1f"),
}

CHANGE_HELP = {"Change": st.column_config.TextColumn(help="▲ up / ▼ down / ▬ flat (under ±0.5%)")}


def glance(names: dict[str, str], short: dict[str, str]) -> dict:
    """The at-a-glance scorecard: a short head per indicator, the full name on hover."""
    return {i: st.column_config.TextColumn(short.get(i, names[i]), help=names[i]) for i in names}
