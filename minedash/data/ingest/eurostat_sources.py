"""Eurostat regional datasets -> the long `observations` table (indicator × geo × year)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .common import EU27, Expect, SourceReport, read_csv
from .errors import SourceError
from .eurostat import data_explorer_frame, parse_bulk_tsv, read_text

EUROSTAT_LICENCE = "Eurostat re-use policy: free re-use with acknowledgement (Commission Decision 2011/833/EU)"
EUROSTAT_ATTR = "Source: Eurostat"

GDP_UNITS = {  # unit code -> (indicator id, name, unit label, decimals)
    "MIO_EUR": ("gdp_meur", "GDP, current prices", "million EUR"),
    "EUR_HAB": ("gdp_eur_hab", "GDP per inhabitant", "EUR per inhabitant"),
    "MIO_NAC": ("gdp_mnac", "GDP, current prices, national currency", "million national currency"),
    "MIO_PPS_EU27_2020": ("gdp_mpps", "GDP in purchasing power standards", "million PPS (EU27 2020)"),
    "PPS_EU27_2020_HAB": ("gdp_pps_hab", "GDP per inhabitant in PPS", "PPS (EU27 2020) per inhabitant"),
    "EUR_HAB_EU27_2020": ("gdp_eur_hab_eu", "GDP per inhabitant, % of EU average (EUR)", "% of EU27 (2020) average"),
    "PPS_HAB_EU27_2020": ("gdp_pps_hab_eu", "GDP per inhabitant in PPS, % of EU average", "% of EU27 (2020) average"),
}
AGES = {"TOTAL": "all ages", "Y_LT15": "under 15", "Y15-64": "15 to 64", "Y_GE65": "65 and over", "UNK": "age unknown"}
SEXES = {"T": "", "F": ", women", "M": ", men"}
NACE_SECTIONS = {
    "TOTAL": "all activities",
    "A": "agriculture, forestry and fishing (A)",
    "B-E": "industry except construction (B-E, incl. mining)",
    "F": "construction (F)",
    "G-I": "trade, transport, accommodation (G-I)",
    "J": "information and communication (J)",
    "K": "financial and insurance (K)",
    "L": "real estate (L)",
    "M_N": "professional and support services (M-N)",
    "O-Q": "public administration, education, health (O-Q)",
    "R-U": "arts and other services (R-U)",
    "NRP": "no response",
}


# The 2017 Data Explorer extract: a complete grid of 9 years × 318 NUTS 2013 regions × 12 NACE sections.
LFS_EXTRACT = Expect(
    ("TIME", "GEO", "NACE_R2", "UNIT", "AGE", "Value"),
    rows=9 * 318 * 12,
    unique=("TIME", "GEO", "NACE_R2"),
    required=("TIME", "GEO", "NACE_R2", "UNIT", "AGE", "Value"),
    codes={
        "TIME": r"20(0[89]|1[0-6])",
        "UNIT": "THS",
        "AGE": "Y_GE15",
        "NACE_R2": "|".join(re.escape(c) for c in NACE_SECTIONS),
        "Value": r":|\d{1,3}(,\d{3})*(\.\d+)?",
    },
)


def reports() -> dict[str, SourceReport]:
    api = "https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1/data/{}?format=TSV&compressed=true"
    return {
        "nama_10r_3gdp": SourceReport(
            "nama_10r_3gdp",
            "Gross domestic product (GDP) at current market prices by NUTS 3 regions",
            "Eurostat",
            "nama_10r_3gdp",
            api.format("nama_10r_3gdp"),
            EUROSTAT_LICENCE,
            EUROSTAT_ATTR,
            "Eurostat release of 21 Feb 2023 (years 2000–2021)",
        ),
        "demo_r_pjanaggr3": SourceReport(
            "demo_r_pjanaggr3",
            "Population on 1 January by broad age group, sex and NUTS 3 region",
            "Eurostat",
            "demo_r_pjanaggr3",
            api.format("demo_r_pjanaggr3"),
            EUROSTAT_LICENCE,
            EUROSTAT_ATTR,
            "Eurostat release of 28 Sep 2023 (years 1990–2022)",
        ),
        "lfst_r_lfe2en2": SourceReport(
            "lfst_r_lfe2en2",
            "Employment by economic activity (NACE Rev. 2) and NUTS 2 regions (LFS)",
            "Eurostat",
            "lfst_r_lfe2en2",
            api.format("lfst_r_lfe2en2"),
            EUROSTAT_LICENCE,
            EUROSTAT_ATTR,
            "Data Explorer extract of 2017 (years 2008–2016, NUTS 2013 codes)",
        ),
    }


def indicator_catalog() -> list[dict]:
    rows = [
        dict(
            indicator_id=i,
            name=n,
            unit=u,
            topic="Economy",
            source_id="nama_10r_3gdp",
            better_when="up",
            definition=f"{n} ({code}), ESA 2010 regional accounts.",
        )
        for code, (i, n, u) in GDP_UNITS.items()
    ]
    for sex, sx in SEXES.items():
        for age, al in AGES.items():
            rows.append(
                dict(
                    indicator_id=_pop_id(sex, age),
                    name=f"Population, {al}{sx}",
                    unit="persons",
                    topic="Population",
                    source_id="demo_r_pjanaggr3",
                    better_when=None,
                    definition=f"Population on 1 January, {al}{sx or ', both sexes'} (sex={sex}, age={age}).",
                )
            )
    for nace, label in NACE_SECTIONS.items():
        rows.append(
            dict(
                indicator_id=_lfs_id(nace),
                name=f"Employment, {label}",
                unit="thousand persons",
                topic="Employment",
                source_id="lfst_r_lfe2en2",
                better_when="up" if nace != "NRP" else None,
                definition=f"Employed persons aged 15 and over by place of residence, NACE Rev. 2 {nace} (LFS).",
            )
        )
    return rows


def _pop_id(sex: str, age: str) -> str:
    base = "pop" if age == "TOTAL" else "pop_" + age.lower().replace("-", "_")
    return base if sex == "T" else f"{base}_{sex.lower()}"


def _lfs_id(nace: str) -> str:
    return "emp_lfs_" + nace.lower().replace("-", "_")


def _parse(report: SourceReport, path: Path) -> pd.DataFrame:
    """Bulk TSV (offline copy) or API TSV (online refresh, with an extra all-annual `freq` dimension)."""
    long = parse_bulk_tsv(read_text(report.read_file(path)), path)
    if "freq" in long.columns:
        if set(long["freq"]) != {"A"}:
            raise SourceError(path, "only annual data (freq A) is expected")
        long = long.drop(columns=["freq"])
    return long


def _check(long: pd.DataFrame, path: Path, dims: list[str]) -> None:
    """Every series covers the 27 EU countries (a file cut short loses the last ones), and no value is negative
    (all are counts, levels or indices). The frame's index is the line each cell came from."""
    neg = (long["value"] < 0).to_numpy()
    if neg.any():
        i = int(neg.argmax())
        raise SourceError(path, f"line {long.index[i]}: {long['value'].iat[i]} for {long['year'].iat[i]} is negative")
    eu = long[long["geo"].isin(EU27)].groupby(dims)["geo"].agg(set)
    for series in long.groupby(dims).size().index:
        missing = sorted(set(EU27) - eu.get(series, set()))
        if missing:
            raise SourceError(path, f"series {series} has no row for {missing[:6]} (is the file cut short?)")


def _keep(long: pd.DataFrame, report: SourceReport) -> pd.DataFrame:
    """Cells that are ':' with no flag carry nothing and are not stored; flagged gaps are kept as NaN."""
    empty = long["value"].isna() & (long["flag"] == "")
    report.drop(int(empty.sum()), "cell ':' (not available, no flag) — not stored; shown as missing")
    return long[~empty]


def _gdp(report: SourceReport, path: Path) -> pd.DataFrame:
    long = _parse(report, path)
    if set(long.columns) != {"unit", "geo", "year", "value", "flag"}:
        raise SourceError(path, f"unexpected dimensions {sorted(long.columns)}")
    report.rows_read = len(long)
    unknown = set(long["unit"]) - set(GDP_UNITS)
    if unknown:
        raise SourceError(path, f"unknown unit codes {sorted(unknown)}")
    _check(long, path, ["unit"])
    long = _keep(long, report)
    long["indicator_id"] = long["unit"].map({k: v[0] for k, v in GDP_UNITS.items()})
    return long.drop(columns=["unit"])


def _pop(report: SourceReport, path: Path) -> pd.DataFrame:
    long = _parse(report, path)
    if set(long.columns) != {"unit", "sex", "age", "geo", "year", "value", "flag"}:
        raise SourceError(path, f"unexpected dimensions {sorted(long.columns)}")
    report.rows_read = len(long)
    bad = ~long["sex"].isin(SEXES) | ~long["age"].isin(AGES) | (long["unit"] != "NR")
    if bad.any():
        raise SourceError(
            path, f"unexpected sex/age/unit codes, e.g. {long.loc[bad, ['unit', 'sex', 'age']].iloc[0].tolist()}"
        )
    _check(long, path, ["sex", "age"])
    long = _keep(long, report)
    long["indicator_id"] = [_pop_id(s, a) for s, a in zip(long["sex"], long["age"])]
    return long.drop(columns=["unit", "sex", "age"])


def _lfs(report: SourceReport, path: Path, crosswalk_2013: dict[str, str]) -> pd.DataFrame:
    long = data_explorer_frame(read_csv(report, path, LFS_EXTRACT, dtype=str, keep_default_na=False), path)
    report.rows_read = len(long)
    if len(long) != long["year"].nunique() * long["geo"].nunique() * long["nace_r2"].nunique():
        raise SourceError(path, "not a complete grid of years × regions × NACE sections")
    empty = long["value"].isna()
    report.drop(int(empty.sum()), "value ':' (not available) — not stored; shown as missing")
    long = long[~empty].copy()
    long["geo_2013"] = long["geo"]
    long["geo"] = long["geo_2013"].map(crosswalk_2013)
    lost = long["geo"].isna()
    for code in sorted(long.loc[lost, "geo_2013"].unique()):
        report.unmatched.append(
            {"code": code, "version": "NUTS 2013", "reason": "no NUTS 2021 region with the same code and name"}
        )
    report.drop(int(lost.sum()), "NUTS 2013 region with no NUTS 2021 counterpart (listed under 'unmatched')")
    long = long[~lost]
    long["indicator_id"] = long["nace_r2"].map(_lfs_id)
    return long.drop(columns=["nace_r2", "unit", "age"])


def _lfs_api(report: SourceReport, path: Path) -> pd.DataFrame:
    """Current lfst_r_lfe2en2 from the API: NUTS 2021 codes already; keep both sexes, 15+, thousands."""
    long = _parse(report, path)
    report.rows_read = len(long)
    need = {"sex", "age", "nace_r2", "unit", "geo"}
    if not need <= set(long.columns):
        raise SourceError(path, f"dimensions {sorted(need - set(long.columns))} missing")
    long = long[
        (long["sex"] == "T")
        & (long["age"] == "Y_GE15")
        & long["unit"].isin(["THS_PER", "THS"])
        & long["nace_r2"].isin(NACE_SECTIONS)
    ]
    long = _keep(long, report)
    long["indicator_id"] = long["nace_r2"].map(_lfs_id)
    return long.drop(columns=["sex", "age", "nace_r2", "unit"])


def lfs_crosswalk(regions: pd.DataFrame) -> pd.DataFrame:
    """NUTS 2013 -> 2021 at level 0-2: same code and same name, else a unique same-name region."""

    def norm(s: pd.Series) -> pd.Series:
        return s.str.lower().str.replace(r"[^a-z0-9à-ÿ]+", " ", regex=True).str.strip()

    r13 = regions[(regions.nuts_version == 2013) & (regions.level <= 2)].drop_duplicates("nuts_id")
    r21 = regions[(regions.nuts_version == 2021) & (regions.level <= 2)]
    n21 = dict(zip(r21["nuts_id"], norm(r21["name_latn"])))
    by_name = r21.assign(n=norm(r21["name_latn"])).groupby(["n", "level"])["nuts_id"].agg(list)
    rows = []
    for code, name, level in zip(r13["nuts_id"], norm(r13["name_latn"]), r13["level"]):
        if code in n21 and n21[code] == name:
            rows.append((code, code, "same code and name"))
        elif len(by_name.get((name, level), [])) == 1:
            rows.append((code, by_name[(name, level)][0], "recoded, same name"))
        elif code in n21:
            rows.append((code, code, "same code, name differs"))
        else:
            rows.append((code, None, "no match"))
    return pd.DataFrame(rows, columns=["code_2013", "code_2021", "method"])


def load(src: Path, reps: dict[str, SourceReport], regions: pd.DataFrame) -> dict[str, pd.DataFrame]:
    cw13 = lfs_crosswalk(regions)
    # Same code with another name is kept only where the level is the same (boundaries mostly unchanged).
    matched = cw13.dropna(subset=["code_2021"])
    lfs_dir = src / "eurostat-lfst_r_lfe2en2"
    if (lfs_dir / "lfst_r_lfe2en2.tsv.gz").exists():  # the online refresh's current download
        lfs = _lfs_api(reps["lfst_r_lfe2en2"], lfs_dir / "lfst_r_lfe2en2.tsv.gz")
    else:
        lfs = _lfs(
            reps["lfst_r_lfe2en2"],
            lfs_dir / "lfst_r_lfe2en2_1_Data.csv",
            dict(zip(matched["code_2013"], matched["code_2021"])),
        )
    obs = [
        reps["nama_10r_3gdp"].wrote(
            "observations", _gdp(reps["nama_10r_3gdp"], src / "eurostat-nama_10r_3gdp" / "nama_10r_3gdp.tsv.gz")
        ),
        reps["demo_r_pjanaggr3"].wrote(
            "observations",
            _pop(reps["demo_r_pjanaggr3"], src / "eurostat-demo_r_pjanaggr3" / "demo_r_pjanaggr3.tsv.gz"),
        ),
        reps["lfst_r_lfe2en2"].wrote("observations", lfs),
    ]
    out = []
    for source_id, df in zip(("nama_10r_3gdp", "demo_r_pjanaggr3", "lfst_r_lfe2en2"), obs):
        df = df.assign(source_id=source_id)
        if "geo_2013" not in df.columns:
            df["geo_2013"] = None
        out.append(df[["indicator_id", "geo", "year", "value", "flag", "source_id", "geo_2013"]])
    return {"observations": pd.concat(out, ignore_index=True), "nuts2013_crosswalk": cw13}
