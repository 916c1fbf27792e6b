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

# Natural keys, where the primary key is a running number: the same thing must not be listed twice.
NATURAL_KEYS = {
    "strategic_projects": ["scope", "project", "country", "stage", "facility_id"],
    "mining_figures": ["geo_code", "nace", "indicator", "year", "value", "unit", "qualifier", "source_url", "note"],
    "sme_size_classes": ["geo_code", "scope", "nace", "year", "size_class", "indicator", "share_pct", "source_url"],
}
# Value ranges: table -> column -> (low, high); empty values are allowed (missing stays missing).
RANGES = {
    "observations": {"year": (1990, 2030)},
    "production": {"value": (0, float("inf")), "year": (2018, 2022)},
    "production_world": {"value": (0, float("inf"))},
    "supply_shares": {"share_max_pct": (0, 100), "share_min_pct": (0, 100), "share_pct": (0, 100)},
    "end_uses": {"share_pct": (0, 100)},
    "criticality": {"supply_risk": (0, 10), "economic_importance": (0, 20)},
    "materials": {"eol_rir_pct": (0, 100)},
    "facilities": {"lat": (-90, 90), "lon": (-180, 180)},
    "strategic_projects": {"lat": (-90, 90), "lon": (-180, 180)},
    "benchmarks": {"value_pct": (0, 100)},
}


def _example(df: pd.DataFrame, mask, key: list[str]) -> str:
    return ", ".join(f"{c}={v!r}" for c, v in df.loc[mask, key].iloc[0].items())


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
        for k in (key, NATURAL_KEYS.get(name)):
            if k and df.duplicated(k).any():
                problems.append(f"{name}: the same {k} twice, e.g. {_example(df, df.duplicated(k), k)}")
    for name, columns in RANGES.items():
        df = tables.get(name)
        for col, (low, high) in columns.items() if df is not None else ():
            out = df[col].notna() & ~df[col].between(low, high)
            if out.any():
                problems.append(f"{name}: {col} outside {low}–{high} in the row {_example(df, out, KEYS[name])}")
    obs, ind = tables["observations"], tables["indicators"]
    if not set(obs["indicator_id"]) <= set(ind["indicator_id"]):
        problems.append(
            f"observations: undocumented indicators {sorted(set(obs['indicator_id']) - set(ind['indicator_id']))}"
        )
    if ind["unit"].isna().any() or (ind["unit"] == "").any():
        problems.append("indicators: an indicator has no unit")
    r21 = tables["regions"].query("nuts_version == 2021")
    if not set(tables["partnership_regions"]["nuts_id"]) <= set(r21["nuts_id"]):
        problems.append("partnership_regions: code not in NUTS 2021")
    if not tables["facilities"]["nuts3"].dropna().isin(r21["nuts_id"]).all():
        problems.append("facilities: NUTS 3 code not in NUTS 2021")
    if not set(tables["material_commodities"]["commodity"]) <= set(tables["production"]["commodity"]):
        problems.append("material_commodities: commodity without production data")
    return problems
