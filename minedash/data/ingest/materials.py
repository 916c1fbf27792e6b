"""Raw materials: EU CRM assessments, the 2023 CRM list, supply shares, end uses, CRM Act
benchmarks and World Mining Data production (with commodity -> material mapping)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .common import EU27, Expect, SourceReport, iso2_from_iso3, iso2_from_name, read_csv, slug
from .errors import SourceError

EC_LICENCE = "CC BY 4.0 (EC reports: reproduction authorised provided the source is acknowledged)"

# Names used by the supply-share and end-use files -> the assessment's material names.
_ALIASES = {
    "Barytes": "Baryte",
    "Borate": "Boron",
    "Kaolin": "Kaolin clay",
    "Natural Graphite": "Natural graphite",
    "Phosphate Rock": "Phosphate rock",
    "Phosphorous": "Phosphorus",
    "Natural rubber": "Natural Rubber",
    "Natural teak wood": "Natural Teak wood",
    "Natural Teak\nwood": "Natural Teak wood",
    "Heavy Rare earths Elements": "HREEs",
    "Titanium ores": "Titanium",
}
# CRM 2023 list names (compiled table and atlas columns) -> assessment material names.
CRM_TO_MATERIAL = {
    "Bauxite / alumina / aluminium": "Aluminium",
    "Aluminium and bauxite": "Aluminium",
    "Boron (borates)": "Boron",
    "Boron": "Boron",
    "Heavy rare earth elements (HREE)": "HREEs",
    "Heavy rare earth elements": "HREEs",
    "Light rare earth elements (LREE)": "LREEs",
    "Light rare earth elements": "LREEs",
    "Platinum group metals (PGM)": "PGMs",
    "Platinum group metals": "PGMs",
}
# WMD commodity sheets that measure a CRM (or its ore): material -> [(commodity, basis)].
MATERIAL_COMMODITIES = {
    "Aluminium": [
        ("Bauxite", "ore (bauxite), mine production"),
        ("Aluminium", "primary aluminium, smelter production"),
    ],
    "Antimony": [("Antimony", "metal content")],
    "Arsenic": [("Arsenic", "As2O3")],
    "Baryte": [("Baryte", "baryte")],
    "Beryllium": [("Beryllium (conc.)", "concentrate")],
    "Bismuth": [("Bismuth", "metal content")],
    "Boron": [("Boron Minerals", "boron minerals (B2O3 basis)")],
    "Cobalt": [("Cobalt", "metal content")],
    "Coking coal": [("Coking Coal", "coking coal")],
    "Copper": [("Copper", "metal content, mine production")],
    "Feldspar": [("Feldspar", "feldspar")],
    "Fluorspar": [("Fluorspar", "fluorspar (CaF2)")],
    "Gallium": [("Gallium", "primary metal")],
    "Germanium": [("Germanium", "metal")],
    "HREEs": [("Rare Earths (REO)", "all rare earths as REO (light and heavy together)")],
    "LREEs": [("Rare Earths (REO)", "all rare earths as REO (light and heavy together)")],
    "Lithium": [("Lithium (Li2O)", "Li2O content")],
    "Magnesium": [("Magnesite", "magnesite ore (MgCO3), not magnesium metal")],
    "Manganese": [("Manganese", "metal content")],
    "Natural graphite": [("Graphite", "natural graphite")],
    "Nickel": [("Nickel", "metal content, mine production")],
    "Niobium": [("Niobium (Nb2O5)", "Nb2O5 content")],
    "PGMs": [("Platinum", "platinum"), ("Palladium", "palladium"), ("Rhodium", "rhodium")],
    "Platinum": [("Platinum", "platinum")],
    "Palladium": [("Palladium", "palladium")],
    "Rhodium": [("Rhodium", "rhodium")],
    "Phosphate rock": [("Phosphate Rock (P2O5)", "P2O5 content")],
    "Tantalum": [("Tantalum (Ta2O5)", "Ta2O5 content")],
    "Titanium metal": [("Titanium (TiO2)", "TiO2 in ores, not titanium metal")],
    "Titanium": [("Titanium (TiO2)", "TiO2 content")],
    "Tungsten": [("Tungsten (W)", "W content")],
    "Vanadium": [("Vanadium (V)", "V content")],
    "Chromium": [("Chromium (Cr2O3)", "Cr2O3 content")],
    "Gold": [("Gold", "gold")],
    "Silver": [("Silver", "silver")],
    "Indium": [("Indium", "refinery")],
    "Lead": [("Lead", "metal content")],
    "Zinc": [("Zinc", "metal content")],
    "Tin": [("Tin", "metal content")],
    "Molybdenum": [("Molybdenum", "metal content")],
    "Magnesite": [("Magnesite", "MgCO3")],
    "Iron ore": [("Iron (Fe)", "Fe content")],
    "Kaolin clay": [("Kaolin (China-Clay)", "kaolin")],
    "Bentonite": [("Bentonite", "bentonite")],
    "Diatomite": [("Diatomite", "diatomite")],
    "Gypsum": [("Gypsum and Anhydrite", "gypsum")],
    "Perlite": [("Perlite", "perlite")],
    "Potash": [("Potash (K2O)", "K2O content")],
    "Rhenium": [("Rhenium", "rhenium")],
    "Selenium": [("Selenium", "selenium")],
    "Tellurium": [("Tellurium", "tellurium")],
    "Cadmium": [("Cadmium", "cadmium")],
    "Sulphur": [("Sulfur (elementar & industrial)", "sulphur")],
    "Talc": [("Talc, Steatite & Pyrophyllite", "talc")],
    "Zirconium": [("Zircon", "zircon")],
}
STAGES = {"E": "extraction", "P": "processing"}

# What each file must contain (record counts as PROVENANCE.md states them for these snapshots).
_SHARE = r"[<>]?\s*\d+(\.\d+)?\s*%?"
CRITICALITY = Expect(
    ("Material", "Year", "SR", "EI"),
    rows=355,
    unique=("Material", "Year"),
    required=("Material", "Year"),
    codes={"Year": "2011|2014|2017|2020|2023", "SR": r"-|\d+(\.\d+)?", "EI": r"-|\d+(\.\d+)?"},
)
SUPPLY = {  # file -> its record count
    "fact_GlobalSupplyShares&t.csv": 2561,
    "fact_EUSupplyShares&t.csv": 907,
}
END_USES = Expect(
    ("Material", "Application", "Share", "NACE sector", "VA in million €"),
    rows=339,
    unique=("Material", "Application", "NACE sector"),
    required=("Material", "Application", "Share"),
    codes={"Share": _SHARE},
    ranges={"VA in million €": (0, 1e7)},
    known={193: "exact duplicate of line 192 (Magnesium, Construction)"},
)
GROUPINGS = Expect(("screened_material", "perm_XREE_PGM"), rows=90, unique=("*",), required=("screened_material",))
CRM_2023 = Expect(
    ("material", "crm_2023_list", "strategic_crma_annex1", "eol_rir_scrreen", "eol_rir_source"),
    rows=34,  # the 34 CRMs of Annex II
    unique=("material",),
    required=("material", "strategic_crma_annex1"),
    ranges={"eol_rir_scrreen": (0, 1), "sr_2023": (0, 10), "ei_2023": (0, 20)},
)
BENCHMARKS = Expect(
    ("benchmark_id", "value_pct", "direction", "applies_to", "target_year", "description", "legal_basis"),
    rows=4,  # Art. 5(1): extraction, processing, recycling, single third country
    unique=("benchmark_id",),
    required=("benchmark_id", "value_pct", "direction", "target_year"),
    ranges={"value_pct": (0, 100), "target_year": (2024, 2050)},
)
WMD_UNITS = {"metr. t": "t", "kg": "kg", "Mio m3": "million m³", "ct": "ct"}
WMD_PRODUCTION = Expect(
    ("commodity", "country", "iso3", "country_code_m49", "year", "value", "unit", "data_source"),
    rows=9840,
    unique=("commodity", "country", "year"),
    required=("commodity", "country", "year", "unit"),
    ranges={"year": (2018, 2022), "value": (0, 1e13)},
    codes={"unit": "|".join(re.escape(u) for u in WMD_UNITS), "data_source": "e|r|p|nan"},
)
WMD_COMMODITIES = Expect(
    ("Sheet_name", "Category - WMD", "Supply Chain Stage", "Reference", "EoL-RIR (2023)"),
    rows=65,  # one a WMD sheet
    unique=("Sheet_name",),
    required=("Sheet_name",),
)


def reports() -> dict[str, SourceReport]:
    return {
        "crm_assessments": SourceReport(
            "crm_assessments",
            "EU critical raw materials assessments 2011–2023: supply risk, economic importance, supply shares, "
            "end uses",
            "European Commission (DG GROW), via erikemilsson/EU-Critical-Raw-Materials-CRM-Reports-Datasets",
            "CRM study 2023 (App. 6–7)",
            "https://op.europa.eu/en/publication-detail/-/publication/57318397-fdd4-11ed-a05c-01aa75ed71a1",
            EC_LICENCE,
            "European Commission, Study on the critical raw materials for the EU 2023 (and 2011–2020 reports)",
            "assessments 2011, 2014, 2017, 2020, 2023",
        ),
        "crm_2023_list": SourceReport(
            "crm_2023_list",
            "The 34 critical raw materials of 2023 (Annex II) and the strategic raw materials (Annex I) of "
            "Regulation (EU) 2024/1252",
            "European Union (compiled from the EC CRM study and SCRREEN factsheets)",
            "Regulation (EU) 2024/1252",
            "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=OJ:L_202401252",
            "EU legal text: reuse authorised (Decision 2011/833/EU); EoL-RIR: SCRREEN factsheets",
            "European Commission; SCRREEN factsheets for end-of-life recycling input rates",
            "2023 list (Regulation of 11 April 2024)",
        ),
        "crma_benchmarks": SourceReport(
            "crma_benchmarks",
            "Critical Raw Materials Act 2030 benchmarks",
            "European Union",
            "Regulation (EU) 2024/1252, Art. 5(1)",
            "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=OJ:L_202401252",
            "EU legal text: reuse authorised (Decision 2011/833/EU)",
            "Regulation (EU) 2024/1252",
            "2024 (targets for 2030)",
        ),
        "wmd2024": SourceReport(
            "wmd2024",
            "World Mining Data 2024: production of mineral raw materials by country",
            "Austrian Federal Ministry of Finance (Reichl & Schatz)",
            "WMD 2024, table 6.4",
            "https://www.bmf.gv.at/en/topics/mining/mineral-resources-policy/wmd.html",
            "Free of charge, attribution required (check BMF terms before redistribution)",
            "Reichl, C., Schatz, M.: World Mining Data 2024, Federal Ministry of Finance, Vienna",
            "2024 edition (years 2018–2022)",
        ),
    }


def _material(name: str) -> str:
    name = re.sub(r"\s+", " ", str(name)).strip()
    return _ALIASES.get(name, name)


def _share(text: pd.Series, path: Path, lines: list[int]) -> pd.DataFrame:
    """'53.0%' -> point value; '<0.1%' -> bounds 0..0.1 and no point value; '>0%' -> lower bound 0, no point."""
    m = text.str.strip().str.extract(r"^(?P<op>[<>]?)\s*(?P<num>\d+(?:\.\d+)?)\s*%?$")
    num = m["num"].astype(float)
    bad = (num.isna() | (num > 100)).to_numpy()
    if bad.any():
        i = int(bad.argmax())
        raise SourceError(path, f"line {lines[i]}: share {text.iat[i]!r} is not a percentage from 0 to 100")
    return pd.DataFrame(
        {
            "share_pct": num.where(m["op"] == ""),
            "share_min_pct": num.where(m["op"] == "", 0.0).where(m["op"] != ">", num),
            "share_max_pct": num.where(m["op"] != ">", 100.0),
            "share_text": text.str.strip(),
        }
    )


def _supply(report: SourceReport, path: Path, scope: str, countries: dict) -> pd.DataFrame:
    expect = Expect(
        ("Material", "Stage", "Country", "Share", "t"),
        rows=SUPPLY[path.name],
        unique=("Material", "Stage", "Country"),
        required=("Material", "Stage", "Country", "Share"),
        codes={"Stage": "E|P", "Share": _SHARE},
        ranges={"t": (0, 10)},
    )
    df = read_csv(report, path, expect, dtype=str, keep_default_na=False)
    report.rows_read += len(df)
    out = pd.concat(
        [
            pd.DataFrame(
                {
                    "material": df["Material"].map(_material),
                    "scope": scope,
                    "stage": df["Stage"].map(STAGES),
                    "country_name": df["Country"].str.strip().str.replace("Brasilia", "Brazil"),
                    "t_factor": pd.to_numeric(df["t"], errors="coerce"),
                }
            ),
            _share(df["Share"], path, df.attrs["lines"]),
        ],
        axis=1,
    )
    out["iso2"] = out["country_name"].map(lambda n: countries.setdefault(n, iso2_from_name(n)))
    return out


def load(src: Path, reps: dict[str, SourceReport], production_countries: dict | None = None) -> dict[str, pd.DataFrame]:
    a, lst, bm, wmd = reps["crm_assessments"], reps["crm_2023_list"], reps["crma_benchmarks"], reps["wmd2024"]
    d = src / "eu_crm_assessment_emilsson"
    crit = read_csv(a, d / "dimension_CRMsOverTime.csv", CRITICALITY, dtype=str, keep_default_na=False)
    a.rows_read += len(crit)
    crit["material"] = crit["Material"].map(_material)
    crit = crit.drop_duplicates(["material", "Year"])  # 'Natural Teak\nwood' and 'Natural Teak wood' are one material
    a.drop(a.rows_read - len(crit), "duplicate material name spelt with a line break (Natural Teak wood)")
    criticality = pd.DataFrame(
        {
            "material": crit["material"],
            "year": crit["Year"].astype("int16"),
            "supply_risk": pd.to_numeric(crit["SR"].replace("-", None)),
            "economic_importance": pd.to_numeric(crit["EI"].replace("-", None)),
        }
    )
    criticality["assessed"] = criticality["supply_risk"].notna() & criticality["economic_importance"].notna()
    criticality["above_thresholds"] = (criticality["supply_risk"] >= 1.0) & (criticality["economic_importance"] >= 2.8)

    countries: dict = {}
    shares = pd.concat(
        [
            _supply(a, d / "fact_GlobalSupplyShares&t.csv", "global", countries),
            _supply(a, d / "fact_EUSupplyShares&t.csv", "eu_sourcing", countries),
        ],
        ignore_index=True,
    )
    for name, code in sorted(countries.items()):
        if code is None:
            a.unmatched.append({"code": name, "version": "country name", "reason": "no ISO code; kept with iso2 empty"})

    uses = read_csv(a, d / "fact_MaterialUseShares.csv", END_USES, dtype=str, keep_default_na=False)
    a.rows_read += len(uses) + len(END_USES.known)
    end_uses = pd.concat(
        [
            pd.DataFrame(
                {
                    "material": uses["Material"].map(_material),
                    "application": uses["Application"].str.strip(),
                    "nace_sector": uses["NACE sector"].str.strip(),
                    "sector_va_meur": pd.to_numeric(uses["VA in million €"], errors="coerce"),
                }
            ),
            _share(uses["Share"], d / "fact_MaterialUseShares.csv", uses.attrs["lines"])[
                ["share_pct", "share_min_pct", "share_text"]
            ],
        ],
        axis=1,
    )

    groups = read_csv(a, d / "dimension_ScreenedMatGroupings.csv", GROUPINGS, dtype=str)
    a.rows_read += len(groups)
    group_of = {
        r.screened_material.capitalize(): {"HREE": "HREEs", "LREE": "LREEs", "PGM": "PGMs"}.get(r.perm_XREE_PGM)
        for r in groups.itertuples()
    }

    # The 34 CRMs of 2023.
    crm = read_csv(lst, src / "eu_crm_2023_compiled" / "crm_2023_per_material.csv", CRM_2023)
    lst.rows_read = len(crm)
    crm["material_key"] = crm["material"].map(lambda n: CRM_TO_MATERIAL.get(n, n))
    crm_list = pd.DataFrame(
        {
            "crm_name": crm["material"],
            "material": crm["material_key"],
            "material_id": crm["material_key"].map(slug),
            "strategic": crm["strategic_crma_annex1"].astype(bool),
            "annex1_wording": crm["crma_annex1_wording"],
            "supply_risk_2023": crm["sr_2023"],
            "economic_importance_2023": crm["ei_2023"],
            "eol_rir_pct": crm["eol_rir_scrreen"] * 100,
            "eol_rir_source": crm["eol_rir_source"],
        }
    )
    lst.wrote("crm_list", crm_list)

    # One row per material any source names.
    names = sorted(
        set(criticality["material"]) | set(shares["material"]) | set(end_uses["material"]) | set(crm_list["material"])
    )
    crm_by = crm_list.set_index("material")
    latest = criticality[criticality.assessed].sort_values("year").groupby("material").last()
    materials = pd.DataFrame({"material": names})
    materials["material_id"] = materials["material"].map(slug)
    materials["crm_2023"] = materials["material"].isin(crm_by.index)
    materials["strategic"] = materials["material"].map(crm_by["strategic"]).fillna(False).astype(bool)
    materials["crm_name"] = materials["material"].map(crm_by["crm_name"])
    materials["group_id"] = materials["material"].map(group_of).map(lambda g: slug(g) if isinstance(g, str) else None)
    materials["latest_assessment"] = materials["material"].map(latest["year"]).astype("Int16")
    materials["eol_rir_pct"] = materials["material"].map(crm_by["eol_rir_pct"])
    materials["eol_rir_source"] = materials["material"].map(crm_by["eol_rir_source"])
    if materials["material_id"].duplicated().any():
        raise SourceError(
            d, f"two materials share an id: {materials.loc[materials.material_id.duplicated(), 'material'].tolist()}"
        )
    a.wrote("materials", materials)
    ids = dict(zip(materials["material"], materials["material_id"]))
    for df in (criticality, shares, end_uses):
        df.insert(0, "material_id", df["material"].map(ids))

    # CRM Act benchmarks.
    bench = read_csv(bm, src / "eu_crma_benchmarks" / "crma_2030_benchmarks.csv", BENCHMARKS)
    bm.rows_read = len(bench)
    bench = bench.rename(columns={"source_url_1": "source_url"}).drop(
        columns=[c for c in bench.columns if c == "source_url_2"]
    )

    # World Mining Data.
    wpath = src / "world_mining_data_2024" / "wmd2024_production_by_country_long.csv"
    prod = read_csv(
        wmd,
        wpath,
        WMD_PRODUCTION,
        dtype={"country_code_m49": str, "iso3": str, "data_source": str},
        keep_default_na=False,
        na_values={"value": [""]},
    )
    wmd.rows_read = len(prod)
    # Source defect: French Guiana carries Guyana's ISO3 (GUY) and M49; give it its own code.
    fg = prod["country"].eq("French Guiana")
    prod.loc[fg, ["iso3", "country_code_m49"]] = ["GUF", "254"]
    wmd.unmatched.append(
        {
            "code": "French Guiana",
            "version": "WMD country",
            "reason": f"coded GUY (Guyana) in the source; corrected to GUF on {int(fg.sum())} rows",
        }
    )
    empty = prod["value"].isna()
    wmd.drop(int(empty.sum()), "no value for the country and year (kept out; shown as missing)")
    prod = prod[~empty]
    # WMD's own world totals come as country 'Total' (iso3 'DELETE'): kept apart, never summed with countries.
    is_total = prod["country"].eq("Total")
    world = pd.DataFrame(
        {
            "commodity": prod.loc[is_total, "commodity"],
            "year": prod.loc[is_total, "year"].astype("int16"),
            "value": prod.loc[is_total, "value"].astype(float),
            "unit": prod.loc[is_total, "unit"].map(WMD_UNITS),
        }
    )
    wmd.wrote("production_world", world)
    prod = prod[~is_total]
    production = pd.DataFrame(
        {
            "commodity": prod["commodity"],
            "country_name": prod["country"],
            "iso3": prod["iso3"],
            "iso2": prod["iso3"].map(iso2_from_iso3),
            "m49": prod["country_code_m49"],
            "year": prod["year"].astype("int16"),
            "value": prod["value"].astype(float),
            "unit": prod["unit"].map(WMD_UNITS),
            "flag": prod["data_source"].replace("nan", ""),
        }
    )
    production["eu27"] = production["iso2"].isin(EU27)
    bad_iso = production["iso2"].isna()
    for name in sorted(production.loc[bad_iso, "country_name"].unique()):
        wmd.unmatched.append({"code": name, "version": "WMD country", "reason": "ISO3 not known to pycountry"})
    wmd.wrote("production", production)

    mpath = src / "world_mining_data_2024" / "wmd2024_commodity_metadata_geopolrisk.csv"
    meta = read_csv(wmd, mpath, WMD_COMMODITIES)
    commodities = pd.DataFrame(
        {
            "commodity": meta["Sheet_name"],
            "category": meta["Category - WMD"],
            "stage": meta["Supply Chain Stage"].str.lower(),
            "symbol": meta.get("Symbol"),
        }
    )
    units = production.groupby("commodity")["unit"].first()
    commodities["unit"] = commodities["commodity"].map(units)
    commodities["commodity_id"] = commodities["commodity"].map(slug)
    missing = set(production["commodity"]) - set(commodities["commodity"])
    if missing:
        raise SourceError(mpath, f"no metadata for commodities {sorted(missing)}")
    wmd.wrote("commodities", commodities)
    links = pd.DataFrame(
        [(ids[m], m, c, basis) for m, lst_ in MATERIAL_COMMODITIES.items() if m in ids for c, basis in lst_],
        columns=["material_id", "material", "commodity", "basis"],
    )
    links["commodity_id"] = links["commodity"].map(slug)
    if not links["commodity"].isin(commodities["commodity"]).all():
        raise SourceError(
            mpath, f"mapped commodity missing: {sorted(set(links.commodity) - set(commodities.commodity))}"
        )
    wmd.wrote("material_commodities", links)

    a.wrote("criticality", criticality)
    a.wrote("supply_shares", shares)
    a.wrote("end_uses", end_uses)
    bm.wrote("benchmarks", bench)
    return {
        "production_world": world,
        "criticality": criticality,
        "supply_shares": shares,
        "end_uses": end_uses,
        "materials": materials,
        "crm_list": crm_list,
        "benchmarks": bench,
        "production": production,
        "commodities": commodities,
        "material_commodities": links,
    }
