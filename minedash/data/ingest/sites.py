"""CRM sites (Forlini's atlas) and CRM Act strategic projects, placed in NUTS 2021 regions by a
spatial join; the partnership's regions and networks; the transcribed mining figures."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import shape

from .common import Expect, SourceReport, iso2_from_name, read_csv, slug, to_eurostat_iso2
from .errors import SourceError
from .materials import CRM_TO_MATERIAL

_NEAREST_KM = 15  # city points on a generalised (1:20M) coastline may fall just offshore

# What each file must contain (record counts as PROVENANCE.md states them for these snapshots).
_ISO2, _LAT, _LON = r"[A-Z]{2}", (-90, 90), (-180, 180)
FACILITIES = Expect(
    ("id", "name", "company", "city", "country", "stage", "status", "crma_project", "crma_stage"),
    rows=137,
    unique=("id",),
    required=("id", "name", "city", "country", "stage", "status"),
    codes={
        "stage": "mining|smelting|recovery|refining|recycling|processing|substitution",
        "status": "planned|operating|care-and-maintenance|construction|closed",
        "confidence": "high|medium|low",
    },
)
CITIES = Expect(
    ("city", "country", "country_code", "lat", "lon"),
    rows=156,
    unique=("city", "country"),
    required=("city", "country", "country_code", "lat", "lon"),
    ranges={"lat": _LAT, "lon": _LON},
    codes={"country_code": _ISO2},
)
EU_PROJECTS = Expect(  # one record per site and stage of a project
    ("crma_project", "country", "country_code", "lat", "lon", "crma_value_chain_stage", "raw_materials"),
    rows=50,
    unique=("crma_project", "country_code", "crma_value_chain_stage", "atlas_site_id"),
    required=("crma_project",),  # one project is designated with no country or site yet (NGC graphite)
    ranges={"lat": _LAT, "lon": _LON},
    codes={"country_code": _ISO2},
)
NON_EU_PROJECTS = Expect(
    ("project_name", "country_or_territory", "raw_materials", "value_chain_stage_as_reported"),
    rows=13,
    unique=("project_name", "country_or_territory"),
    required=("project_name", "country_or_territory"),
)
MEMBERS = Expect(
    ("region_name", "nuts_code_2021", "nuts_code_2024", "nuts_level", "role", "year_joined", "country_code"),
    rows=7,
    unique=("nuts_code_2021",),
    required=("region_name", "nuts_code_2021", "nuts_level", "role", "year_joined", "country_code"),
    ranges={"nuts_level": (0, 3), "year_joined": (2000, 2100)},
    codes={"role": "lead|partner", "country_code": _ISO2},
)
NETWORKS = Expect(
    ("network", "region_name", "nuts_code_2021", "nuts_level", "country_code", "in_s3_mining_partnership_2019"),
    rows=34,
    unique=("network", "nuts_code_2021"),
    required=("network", "nuts_code_2021", "nuts_level"),
    ranges={"nuts_level": (0, 3)},
    codes={"in_s3_mining_partnership_2019": "yes|no"},
)
KEY_FIGURES = Expect(("geo_code", "indicator", "year", "value", "unit", "source_url"), rows=86, unique=("*",))
SME_SHARES = Expect(
    ("geo_code", "size_class", "indicator", "share_pct", "source_url"),
    rows=41,
    unique=("*",),
    ranges={"share_pct": (0, 100)},
)


def reports() -> dict[str, SourceReport]:
    return {
        "crm_atlas": SourceReport(
            "crm_atlas",
            "Critical Raw Materials Atlas: European CRM sites",
            "Vincenzo Forlini (GitHub vincenzo-forlini/Critical-Raw-Materials-Atlas)",
            None,
            "https://github.com/vincenzo-forlini/Critical-Raw-Materials-Atlas",
            "MIT",
            "Critical Raw Materials Atlas (V. Forlini), seed dataset compiled from public knowledge; "
            "city-level locations",
            "commit 2f97ece, checked 2026-09-21/22",
        ),
        "crma_projects": SourceReport(
            "crma_projects",
            "CRM Act strategic projects 2025 (47 in the EU, 13 outside)",
            "European Commission",
            "C(2025) 1904",
            "https://single-market-economy.ec.europa.eu/document/download/e9c90c91-7492-4047-bc51-d0c9d5e89a2f_en?filename=C_2025_1904_1_EN_annexe_acte_autonome_part1_v2.pdf",
            "EU decision: reuse authorised (Decision 2011/833/EU); atlas mapping MIT",
            "European Commission decision C(2025) 1904 (25 March 2025) and decision of 4 June 2025 (non-EU, partial)",
            "2025",
        ),
        "s3_partnership": SourceReport(
            "s3_partnership",
            "S3 'Mining industry' partnership: member regions and related networks",
            "European Commission JRC S3 Platform; MIREU; REMIX (compiled from public pages)",
            None,
            "https://s3platform.jrc.ec.europa.eu/mining-industry",
            "Facts with citations; EC content reusable with acknowledgement",
            "S3 Platform (JRC), MIREU and REMIX project pages",
            "membership as documented in May 2019",
        ),
        "mining_transcribed": SourceReport(
            "mining_transcribed",
            "Mining (NACE B) key figures and SME size-class shares, transcribed",
            "Eurostat and national statistics, transcribed from public pages",
            "various (sbs_na_ind_r2, sbs_ovw_act, …)",
            "https://ec.europa.eu/eurostat/statistics-explained/index.php/Businesses_in_the_mining_and_quarrying_sector",
            "Eurostat: free re-use with acknowledgement; third-party pages: individual figures cited",
            "Transcribed by hand from the cited pages; mixed definitions",
            "various years",
        ),
    }


def _assign_nuts(points: gpd.GeoDataFrame, shapes: pd.DataFrame) -> pd.DataFrame:
    """NUTS 3 region of each point (within, else nearest within 15 km), with its NUTS 0-2 parents."""
    l3 = shapes[shapes.level == 3]
    polys = gpd.GeoDataFrame(
        {"nuts3": l3["nuts_id"].values},
        geometry=[shape(__import__("json").loads(g)) for g in l3["geometry"]],
        crs="EPSG:4326",
    ).to_crs("EPSG:3035")
    pts = points.to_crs("EPSG:3035")
    within = gpd.sjoin(pts, polys, how="left", predicate="within")
    within = within[~within.index.duplicated()]
    near = gpd.sjoin_nearest(pts, polys, how="left", max_distance=_NEAREST_KM * 1000, distance_col="dist_m")
    near = near[~near.index.duplicated()]
    nuts3 = within["nuts3"].fillna(near["nuts3"])
    method = pd.Series("outside NUTS land", index=pts.index)
    method[near["nuts3"].notna()] = f"nearest region within {_NEAREST_KM} km (generalised coastline)"
    method[within["nuts3"].notna()] = "within"
    return pd.DataFrame(
        {"nuts3": nuts3, "nuts2": nuts3.str[:4], "nuts1": nuts3.str[:3], "nuts0": nuts3.str[:2], "nuts_match": method}
    )


def load(src: Path, reps: dict[str, SourceReport], shapes: pd.DataFrame) -> dict[str, pd.DataFrame]:
    at, sp, pr, tr = reps["crm_atlas"], reps["crma_projects"], reps["s3_partnership"], reps["mining_transcribed"]
    d = src / "crm_atlas_forlini"
    fac = read_csv(at, d / "facilities.csv", FACILITIES, dtype=str, keep_default_na=False)
    cities = read_csv(at, d / "cities.csv", CITIES, dtype=str, keep_default_na=False)
    at.rows_read, lines = len(fac), fac.attrs["lines"]
    mat_cols = list(fac.columns[fac.columns.get_loc("last_checked") + 1 : fac.columns.get_loc("crma_project")])
    if len(mat_cols) != 34:
        raise SourceError(d / "facilities.csv", f"expected 34 material tick columns, found {len(mat_cols)}")
    odd = ~fac[mat_cols].isin(["", "x"]).to_numpy()
    if odd.any():
        row, col = (int(v) for v in np.argwhere(odd)[0])
        raise SourceError(
            d / "facilities.csv",
            f"line {lines[row]}: {mat_cols[col]} is {fac[mat_cols[col]].iat[row]!r}, not 'x' or blank",
        )
    fac = fac.merge(
        cities[["city", "country", "country_code", "lat", "lon"]],
        on=["city", "country"],
        how="left",
        validate="many_to_one",
    )
    if fac["lat"].isna().any():
        i = int(fac["lat"].isna().to_numpy().argmax())
        raise SourceError(
            d / "facilities.csv",
            f"line {lines[i]}: city {fac['city'].iat[i]!r}, {fac['country'].iat[i]} is not in cities.csv",
        )
    pts = gpd.GeoDataFrame(
        fac[["id"]], geometry=gpd.points_from_xy(fac["lon"].astype(float), fac["lat"].astype(float)), crs="EPSG:4326"
    )
    nuts = _assign_nuts(pts, shapes)
    ticks = fac[mat_cols].eq("x")
    mat_ids = [slug(CRM_TO_MATERIAL.get(c, c)) for c in mat_cols]
    facilities = pd.DataFrame(
        {
            "facility_id": fac["id"],
            "name": fac["name"],
            "company": fac["company"],
            "city": fac["city"],
            "country": fac["country"],
            "iso2": fac["country_code"].map(to_eurostat_iso2),
            "lat": fac["lat"].astype(float),
            "lon": fac["lon"].astype(float),
            "stage": fac["stage"],
            "status": fac["status"],
            "materials": [" | ".join(c for c, t in zip(mat_cols, row) if t) for row in ticks.values],
            "crma_project": fac["crma_project"].replace("", None),
            "crma_stage": fac["crma_stage"].replace("", None),
            "confidence": fac["confidence"],
            "last_checked": fac["last_checked"],
            "source_url": fac["source_url"],
            "note": fac["note"],
        }
    ).join(nuts)
    facility_materials = pd.DataFrame(
        [
            (fid, mid, name)
            for fid, row in zip(fac["id"], ticks.values)
            for mid, name, t in zip(mat_ids, mat_cols, row)
            if t
        ],
        columns=["facility_id", "material_id", "crm_name"],
    )
    at.wrote("facilities", facilities)
    at.wrote("facility_materials", facility_materials)

    # Strategic projects: EU (one row per site/stage) and non-EU (partial list).
    p = src / "eu_crma_strategic_projects"
    eu = read_csv(sp, p / "eu_strategic_projects_2025.csv", EU_PROJECTS, dtype=str, keep_default_na=False)
    non = read_csv(
        sp, p / "non_eu_strategic_projects_2025_partial.csv", NON_EU_PROJECTS, dtype=str, keep_default_na=False
    )
    sp.rows_read = len(eu) + len(non)
    eu_pts = gpd.GeoDataFrame(
        index=eu.index, geometry=gpd.points_from_xy(pd.to_numeric(eu["lon"]), pd.to_numeric(eu["lat"])), crs="EPSG:4326"
    )
    located = eu["lat"] != ""
    eu_nuts = _assign_nuts(eu_pts[located], shapes).reindex(eu.index)
    eu_nuts.loc[~located, "nuts_match"] = "no site announced"
    projects = pd.concat(
        [
            pd.DataFrame(
                {
                    "scope": "EU",
                    "project": eu["crma_project"],
                    "promoter": eu["promoter_as_shown"],
                    "country": eu["country"],
                    "iso2": eu["country_code"].map(to_eurostat_iso2).replace("", None),
                    "city": eu["city"].replace("", None),
                    "lat": pd.to_numeric(eu["lat"]),
                    "lon": pd.to_numeric(eu["lon"]),
                    "stage": eu["crma_value_chain_stage"].replace("", None),
                    "materials": eu["raw_materials"].str.replace("|", " | ", regex=False),
                    "facility_id": eu["atlas_site_id"].replace("", None),
                    "confidence": eu["confidence"],
                    "source_url": eu["source_url"],
                    "note": eu["note"],
                }
            ).join(eu_nuts),
            pd.DataFrame(
                {
                    "scope": "non-EU",
                    "project": non["project_name"],
                    "promoter": non["promoter_as_reported"].replace("", None),
                    "country": non["country_or_territory"],
                    "iso2": non["country_or_territory"].map(iso2_from_name),
                    "stage": non["value_chain_stage_as_reported"].replace("", None),
                    "materials": non["raw_materials"],
                    "confidence": "partial list (press)",
                    "source_url": non["source_url"],
                    "note": non["note"],
                    "nuts_match": "outside the EU",
                }
            ),
        ],
        ignore_index=True,
    )
    projects.insert(0, "project_row", range(1, len(projects) + 1))
    projects["project_id"] = projects["project"].map(slug)
    sp.wrote("strategic_projects", projects)
    project_materials = pd.DataFrame(
        [
            (r.project_row, r.project_id, slug(CRM_TO_MATERIAL.get(m.strip(), m.strip())), m.strip())
            for r in projects.itertuples()
            for m in str(r.materials).split("|")
            if m.strip() and r.scope == "EU"
        ],
        columns=["project_row", "project_id", "material_id", "crm_name"],
    )
    sp.wrote("project_materials", project_materials)

    # Partnership.
    s = src / "s3-mining-partnership"
    members = read_csv(pr, s / "partnership_regions.csv", MEMBERS, dtype=str, keep_default_na=False)
    nets = read_csv(pr, s / "related_networks_regions.csv", NETWORKS, dtype=str, keep_default_na=False)
    pr.read_file(s / "partnership_facts.md")
    pr.rows_read = len(members) + len(nets)
    known = set(shapes["nuts_id"])
    for df, name in ((members, "partnership_regions.csv"), (nets, "related_networks_regions.csv")):
        bad = ~df["nuts_code_2021"].isin(known).to_numpy()
        if bad.any():
            i = int(bad.argmax())
            raise SourceError(
                s / name, f"line {df.attrs['lines'][i]}: {df['nuts_code_2021'].iat[i]!r} is not a NUTS 2021 code"
            )
    members = members.rename(
        columns={"nuts_code_2021": "nuts_id", "nuts_code_2024": "nuts_id_2024", "nuts2_parent_2021": "nuts2_parent"}
    )
    members["nuts_level"] = members["nuts_level"].astype("int8")
    members["year_joined"] = members["year_joined"].astype("int16")
    members["country_code"] = members["country_code"].map(to_eurostat_iso2)
    nets = nets.rename(columns={"nuts_code_2021": "nuts_id", "in_s3_mining_partnership_2019": "in_partnership"})
    nets["nuts_level"] = nets["nuts_level"].astype("int8")
    nets["in_partnership"] = nets["in_partnership"].eq("yes")
    nets["network_short"] = nets["network"].str.extract(r"^([^(']+)")[0].str.strip().str.rstrip(" /")
    pr.wrote("partnership_regions", members)
    pr.wrote("network_regions", nets)

    # Transcribed mining figures, marked as such.
    t = src / "mining-sector-figures-transcribed"
    figs = read_csv(tr, t / "mining_key_figures_transcribed.csv", KEY_FIGURES, dtype={"year": "Int16"})
    sme = read_csv(tr, t / "sme_size_class_benchmarks.csv", SME_SHARES, dtype={"year": "Int16"})
    tr.rows_read = len(figs) + len(sme)
    figs["transcribed"] = True
    sme["transcribed"] = True
    figs.insert(0, "row_id", range(1, len(figs) + 1))
    sme.insert(0, "row_id", range(1, len(sme) + 1))
    tr.wrote("mining_figures", figs)
    tr.wrote("sme_size_classes", sme)
    return {
        "facilities": facilities,
        "facility_materials": facility_materials,
        "strategic_projects": projects,
        "project_materials": project_materials,
        "partnership_regions": members,
        "network_regions": nets,
        "mining_figures": figs,
        "sme_size_classes": sme,
    }


SITE_INDICATORS = [
    dict(
        indicator_id="facilities_n",
        name="CRM sites listed in the CRM Atlas",
        unit="sites",
        topic="Mining and CRM sites",
        source_id="crm_atlas",
        better_when=None,
        definition="Number of mines, smelters, refineries and recyclers of critical raw materials located in the "
        "region "
        "(CRM Atlas, city-level locations joined to NUTS 2021). Counted for countries where the atlas lists at "
        "least one site (0 = none listed there); elsewhere no data.",
    ),
    dict(
        indicator_id="projects_n",
        name="CRM Act strategic projects",
        unit="projects",
        topic="Mining and CRM sites",
        source_id="crma_projects",
        better_when=None,
        definition="Number of strategic projects under the Critical Raw Materials Act (2025 selection) with a site "
        "in the "
        "region (joined to NUTS 2021). Counted for EU-27 regions (0 = none); elsewhere no data.",
    ),
]


def site_counts(
    facilities: pd.DataFrame, projects: pd.DataFrame, regions: pd.DataFrame, eu27: list[str]
) -> pd.DataFrame:
    """Sites and strategic projects per NUTS 2021 region (levels 0-3) as observations.

    A region in a covered country with nothing listed counts 0 (none listed), elsewhere there is no row (no
    data). The year is the listing's: the atlas was checked in 2026, the projects selected in 2025."""
    reg = regions[regions.nuts_version == 2021][["nuts_id", "country_code"]]
    out = []
    for indicator, df, key, covered, year, source in (
        ("facilities_n", facilities, "facility_id", set(facilities["iso2"].dropna()), 2026, "crm_atlas"),
        ("projects_n", projects[projects["scope"] == "EU"], "project", set(eu27), 2025, "crma_projects"),
    ):
        long = df.melt(id_vars=[key], value_vars=["nuts0", "nuts1", "nuts2", "nuts3"], value_name="geo").dropna(
            subset=["geo"]
        )
        n = long.drop_duplicates([key, "geo"]).groupby("geo").size()
        part = reg[reg["country_code"].isin(covered)]
        out.append(
            pd.DataFrame(
                {
                    "indicator_id": indicator,
                    "geo": part["nuts_id"],
                    "year": year,
                    "value": part["nuts_id"].map(n).fillna(0).astype("float64"),
                    "flag": "",
                    "source_id": source,
                    "geo_2013": None,
                }
            )
        )
    return pd.concat(out, ignore_index=True).astype({"year": "int16"})
