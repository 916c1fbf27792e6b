"""What a sound warehouse is: each table's primary key, and the invariants checked before anything is written."""

from __future__ import annotations

import pandas as pd

# Primary key of every table; validate() checks each is unique and complete. Rows are written sorted by it.
KEYS = {
    "regions": ["nuts_version", "nuts_id"],
    "region_shapes": ["nuts_id"],
    "nuts_crosswalk": ["level", "code_2021", "code_2024"],
    "nuts2013_crosswalk": ["code_2013"],
    "countries": ["iso2"],
    "country_shapes": ["iso3"],
    "indicators": ["indicator_id"],
    "observations": ["indicator_id", "geo", "year"],
    "production": ["commodity", "iso3", "year"],
    "production_world": ["commodity", "year"],
    "commodities": ["commodity"],
    "material_commodities": ["material_id", "commodity"],
    "materials": ["material_id"],
    "crm_list": ["crm_name"],
    "criticality": ["material_id", "year"],
    "supply_shares": ["material_id", "scope", "stage", "country_name"],
    "end_uses": ["material_id", "application", "nace_sector"],
    "benchmarks": ["benchmark_id"],
    "facilities": ["facility_id"],
    "facility_materials": ["facility_id", "material_id"],
    "strategic_projects": ["project_row"],
    "project_materials": ["project_row", "material_id"],
    "partnership_regions": ["nuts_id"],
    "network_regions": ["network", "nuts_id"],
    "mining_figures": ["row_id"],
    "sme_size_classes": ["row_id"],
    "sources": ["source_id"],
}


def validate(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Warehouse invariants. Returns a list of problems (empty when the warehouse is sound)."""
    problems = []
    for name, key in KEYS.items():
        df = tables.get(name)
        if df is None or df.empty:
            problems.append(f"{name}: table missing or empty")
            continue
        if df[key].isna().all(axis=1).any():
            problems.append(f"{name}: rows with an empty key {key}")
        if df.duplicated(key).any():
            problems.append(f"{name}: duplicate keys {key}, e.g. {df.loc[df.duplicated(key), key].iloc[0].tolist()}")
    obs, ind = tables["observations"], tables["indicators"]
    if not set(obs["indicator_id"]) <= set(ind["indicator_id"]):
        problems.append(
            f"observations: undocumented indicators {sorted(set(obs['indicator_id']) - set(ind['indicator_id']))}"
        )
    if ind["unit"].isna().any() or (ind["unit"] == "").any():
        problems.append("indicators: an indicator has no unit")
    if not obs["year"].between(1990, 2030).all():
        problems.append("observations: year out of 1990–2030")
    if (tables["production"]["value"] < 0).any():
        problems.append("production: negative output")
    shares = tables["supply_shares"]
    if not shares["share_max_pct"].between(0, 100).all():
        problems.append("supply_shares: share outside 0–100 %")
    r21 = tables["regions"].query("nuts_version == 2021")
    if not set(tables["partnership_regions"]["nuts_id"]) <= set(r21["nuts_id"]):
        problems.append("partnership_regions: code not in NUTS 2021")
    if not tables["facilities"]["nuts3"].dropna().isin(r21["nuts_id"]).all():
        problems.append("facilities: NUTS 3 code not in NUTS 2021")
    if not set(tables["material_commodities"]["commodity"]) <= set(tables["production"]["commodity"]):
        problems.append("material_commodities: commodity without production data")
    return problems
