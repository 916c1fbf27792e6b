"""The partnership's members and their headline figures, as the overview shows them.
Pure pandas over the partnership_* query results."""

from __future__ import annotations

import pandas as pd

from ..data.db import with_sources

HEADLINE_INDICATORS = ["pop", "gdp_meur", "gdp_eur_hab", "emp_lfs_b_e"]


def headline_cell(row) -> str:
    """'176 494 (2022, b)' — value with its year and flag; 'no data' when missing (never zero)."""
    if pd.isna(row["value"]):
        return "no data"
    digits = 1 if row["unit"] == "thousand persons" else 0
    text = f"{row['value']:,.{digits}f}".replace(",", " ")
    year = f"{int(row['year'])}" + (f", {row['flag']}" if row["flag"] else "")
    parent = f" — {row['geo']}, NUTS 2 parent" if row["from_parent"] else ""
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


def members_table(members: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """The member list with the related networks each member region also belongs to."""
    return with_sources(members.merge(regions[["nuts_id", "networks"]], on="nuts_id", how="left"), members, regions)


def parent_note(heads: pd.DataFrame) -> str:
    parented = heads[heads["from_parent"]]
    return (
        "Year and flag in brackets. Industry employment (LFS) exists for NUTS 2 only: for the NUTS 3 members ("
        + ", ".join(parented["region_name"])
        + ") the figure shown is their NUTS 2 parent's ("
        + ", ".join(parented["geo"].unique())
        + "). CRM sites and projects count what lies inside the region "
        "(a NUTS 2 member counts all its NUTS 3 areas)."
    )


def national_networks_note(regions: pd.DataFrame) -> str | None:
    """Which network partners are coded at country level (shaded over the whole country on the map)."""
    national = regions[(regions["category"] == "network") & (regions["level"] == 0)]
    if national.empty:
        return None
    return (
        "Network partners coded at country level are shaded over the whole country: "
        + ", ".join(national["region_name"])
        + "."
    )
