"""Online refresh: download the Eurostat datasets and GISCO NUTS files from their publishers.

`download_all(dest_dir)` fetches everything into a temporary folder, validates each file with
the same parsers the offline ingest uses, and only then moves the files into `dest_dir`, so a
failed or offline run leaves `dest_dir` untouched. It never builds the warehouse itself.

API syntax relied on (Eurostat user guide, "API - Detailed guidelines - SDMX2.1 API - data query"
and "API SDMX 2.1 - data filtering", https://wikis.ec.europa.eu/x/5ILmB):
  .../sdmx/2.1/data/{code}/{key}?format=TSV|SDMX-CSV&compressed=true
  the key is dot-separated, one position per DSD dimension in DSD order, empty = all, '+' = OR
  (e.g. nama_10_gdp/A.CP_MEUR.B1GQ.BE+LU). The positional order is read from the dataset's DSD
  (.../sdmx/2.1/datastructure/ESTAT/{CODE}) instead of being hard-coded, because a wrong guess
  would silently ask for the wrong slice.
"""

from __future__ import annotations

import gzip
import io
import json
import shutil
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import requests

from .errors import SourceError
from .eurostat import decode_text, parse_bulk_tsv

EUROSTAT = "https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1"
EUROSTAT_API = EUROSTAT + "/data/{code}?format=TSV&compressed=true"
EUROSTAT_API_CSV = EUROSTAT + "/data/{code}?format=SDMX-CSV&compressed=true"
EUROSTAT_DSD = EUROSTAT + "/datastructure/ESTAT/{code}"
# Any HTTP answer from here proves the network works; the status is irrelevant for the probe.
PROBE_URL = EUROSTAT + "/dataflow/ESTAT/NAMA_10R_3GDP"
GISCO = "https://gisco-services.ec.europa.eu/distribution/v2/nuts/geojson/{file}"

USER_AGENT = "minedash/0.1 (Mining Regions Dashboard, S3 partnership Mining industry; python-requests)"
TIMEOUT = (10, 300)  # connect, read: full Eurostat files take a while to stream
PROBE_TIMEOUT = (5, 15)

# Mining (NACE B and its divisions) plus the downstream metal chain and materials recovery.
# sbs_r_nuts2021 is published down to NACE divisions only (Eurostat SBS metadata: regional data at
# "division level (2-digits)"), so materials recovery is E38 there; sbs_sc_ovw also has groups
# written without a dot (E383, cf. C279 in sbs_sc_ovw), so it gets both.
SBS_R_NACE = ["B", "B05", "B06", "B07", "B08", "B09", "C24", "C25", "E38"]
SBS_SC_NACE = SBS_R_NACE + ["E383"]
# Codes seen in real API queries: LOC_NR / EMP_LOC_NR for sbs_r_nuts2021; ENT_NR / EMP_NR and
# size_emp 0-9, 10-19, 20-49, 50-249, GE250, TOTAL for sbs_sc_ovw.
SBS_R_INDIC = {"LOC_NR": "loc", "EMP_LOC_NR": "emp_loc"}
SBS_SC_INDIC = {"ENT_NR": "ent", "EMP_NR": "emp"}
SIZE_CLASSES = {
    "0-9": "0_9",
    "10-19": "10_19",
    "20-49": "20_49",
    "10-49": "10_49",
    "50-249": "50_249",
    "GE250": "ge250",
    "TOTAL": "total",
}

# dataset code -> (file name written, API filter by dimension or None for the whole dataset).
# File names are those of ../shared/sources; lfst_r_lfe2en2 has only an old CSV offline, so the
# fresh TSV gets the bulk-style name.
EUROSTAT_DOWNLOADS: dict[str, tuple[str, dict[str, list[str]] | None]] = {
    "nama_10r_3gdp": ("nama_10r_3gdp.tsv.gz", None),
    "demo_r_pjanaggr3": ("demo_r_pjanaggr3.tsv.gz", None),
    "lfst_r_lfe2en2": ("lfst_r_lfe2en2.tsv.gz", None),
    "sbs_r_nuts2021": ("sbs_r_nuts2021.tsv.gz", {"freq": ["A"], "nace_r2": SBS_R_NACE, "indic_sbs": list(SBS_R_INDIC)}),
    "sbs_sc_ovw": (
        "sbs_sc_ovw.tsv.gz",
        {"freq": ["A"], "nace_r2": SBS_SC_NACE, "indic_sbs": list(SBS_SC_INDIC), "size_emp": list(SIZE_CLASSES)},
    ),
}
# key -> (file name, NUTS level every feature must have, or None for the all-levels 2024 file)
GISCO_DOWNLOADS: dict[str, tuple[str, int | None]] = {
    **{f"nuts2021_levl_{n}": (f"NUTS_RG_20M_2021_4326_LEVL_{n}.geojson", n) for n in range(4)},
    "nuts2024": ("NUTS_RG_20M_2024_4326.geojson", None),
}


class OfflineError(Exception):
    """The publishers cannot be reached; nothing was downloaded or changed. Message is one line."""


# ---------------------------------------------------------------- SDMX-CSV

# Columns that are not dimensions: SDMX-CSV 1.0 (DATAFLOW, LAST UPDATE) and 2.0 (STRUCTURE...)
# headers, and observation attributes. Compared upper-case.
_META = {
    "DATAFLOW",
    "LAST UPDATE",
    "STRUCTURE",
    "STRUCTURE_ID",
    "STRUCTURE_NAME",
    "ACTION",
    "FREQ",
    "TIME_PERIOD",
    "OBS_VALUE",
    "OBS_FLAG",
    "CONF_STATUS",
    "OBS_STATUS",
}


def parse_sdmx_csv(text: str, path: Path | str = "<sdmx-csv>") -> pd.DataFrame:
    """Eurostat SDMX-CSV (1.0 or 2.0) -> the long shape of parse_bulk_tsv.

    Columns out: the dimensions lower-cased in file order (freq dropped), year (int16), value
    (float64, NaN where missing), flag (str, '' when none; 'c' added for CONF_STATUS C so a
    confidential cell reads as in the TSV, ': c').
    """
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except Exception as exc:  # pandas raises several types for broken text
        raise SourceError(path, f"not a CSV table ({exc})") from None
    upper = {c.upper(): c for c in df.columns}
    missing = [c for c in ("TIME_PERIOD", "OBS_VALUE", "GEO") if c not in upper]
    if missing:
        raise SourceError(path, f"SDMX-CSV columns {missing} missing; found {list(df.columns)}")
    if "FREQ" in upper and not (df[upper["FREQ"]] == "A").all():
        other = sorted(set(df[upper["FREQ"]]) - {"A"})
        raise SourceError(path, f"only annual data is supported; freq has {other}")
    time = df[upper["TIME_PERIOD"]].str.strip()
    bad = ~time.str.fullmatch(r"\d{4}")
    if bad.any():
        raise SourceError(path, f"TIME_PERIOD {time[bad].iloc[0]!r} is not an annual period (YYYY)")
    raw = df[upper["OBS_VALUE"]].str.strip()
    raw = raw.where(~raw.isin(["", ":"]))
    value = pd.to_numeric(raw, errors="coerce")
    bad = value.isna() & raw.notna()
    if bad.any():
        raise SourceError(path, f"{int(bad.sum())} OBS_VALUE cells are not numbers (e.g. {raw[bad].iloc[0]!r})")
    flag = df[upper["OBS_FLAG"]].str.strip() if "OBS_FLAG" in upper else pd.Series("", index=df.index)
    if "CONF_STATUS" in upper:
        conf = (df[upper["CONF_STATUS"]].str.strip() == "C") & ~flag.str.contains("c", regex=False)
        flag = flag.where(~conf, flag + "c")
    dims = [c for c in df.columns if c.upper() not in _META]
    out = df[dims].copy()
    out.columns = [c.lower() for c in dims]
    out["year"] = time.astype("int16")
    out["value"] = value.astype("float64")
    out["flag"] = flag.astype(str)
    return out.reset_index(drop=True)


def parse_api_tsv(text: str, path: Path | str = "<tsv>") -> pd.DataFrame:
    """TSV from the dissemination API (`freq,...,geo\\TIME_PERIOD`) -> parse_bulk_tsv shape.

    The API adds a leading freq dimension the old bulk files lacked; it is checked (annual only)
    and dropped so both sources give the same columns.
    """
    long = parse_bulk_tsv(text, path)
    if "freq" in long.columns:
        other = sorted(set(long["freq"]) - {"A"})
        if other:
            raise SourceError(path, f"only annual data is supported; freq has {other}")
        long = long.drop(columns=["freq"])
    return long


# ---------------------------------------------------------------- downloads


def _new_session() -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    return session


def _one_line(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:160]}" if text else type(exc).__name__


def _get(session, url: str, timeout=TIMEOUT) -> bytes:
    """GET url -> body bytes. Network failure -> OfflineError; HTTP error -> SourceError(url)."""
    try:
        resp = session.get(url, timeout=timeout, headers={"User-Agent": USER_AGENT})
    except (requests.ConnectionError, requests.Timeout) as exc:
        host = url.split("/")[2]
        raise OfflineError(
            f"No network: could not reach {host} ({_one_line(exc)}); the warehouse was not changed."
        ) from None
    if resp.status_code != 200:
        raise SourceError(url, f"HTTP {resp.status_code} from the publisher")
    return resp.content


def probe(session=None) -> None:
    """Cheap first request: raise OfflineError when ec.europa.eu cannot be reached at all."""
    session = session or _new_session()
    try:
        session.get(PROBE_URL, timeout=PROBE_TIMEOUT, headers={"User-Agent": USER_AGENT})
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise OfflineError(
            f"No network: could not reach ec.europa.eu ({_one_line(exc)}); the warehouse was not changed."
        ) from None


def dsd_dimensions(xml_bytes: bytes, url: str = "<dsd>") -> list[str]:
    """Dimension ids of an SDMX-ML structure message in key order (time dimension excluded)."""
    try:
        root = ET.fromstring(xml_bytes)
    except ET.ParseError as exc:
        raise SourceError(url, f"data structure is not XML ({exc})") from None
    dims = [
        (int(el.get("position")), el.get("id"))
        for el in root.iter()
        if el.tag.rsplit("}", 1)[-1] == "Dimension" and el.get("position") and el.get("id")
    ]
    if not dims:
        raise SourceError(url, "data structure lists no dimensions")
    return [d for _, d in sorted(dims)]


def series_key(dims: list[str], filters: dict[str, list[str]], url: str = "<dsd>") -> str:
    """Positional SDMX 2.1 key: one slot per dimension, '+' joins alternatives, empty = all."""
    lower = [d.lower() for d in dims]
    unknown = sorted(set(filters) - set(lower))
    if unknown:
        raise SourceError(url, f"filter on {unknown} but the dataset's dimensions are {dims}")
    return ".".join("+".join(filters.get(d, [])) for d in lower)


def eurostat_url(code: str, key: str = "", fmt: str = "TSV") -> str:
    """API URL of a dataset (optionally a filtered slice) as TSV or SDMX-CSV, gzip-compressed."""
    template = EUROSTAT_API if fmt == "TSV" else EUROSTAT_API_CSV
    return template.format(code=f"{code}/{key}" if key else code)


def _gz_text(body: bytes, url: str) -> tuple[bytes, str]:
    """Return (gzip bytes to store, decoded text). requests may already have un-gzipped the body
    (Content-Encoding), so plain text is accepted and re-compressed to keep the .gz name true."""
    text = decode_text(body, url)
    return (body if body[:2] == b"\x1f\x8b" else gzip.compress(body, mtime=0)), text


def fetch_eurostat(
    code: str, session=None, filters: dict[str, list[str]] | None = None, fmt: str = "TSV"
) -> tuple[str, bytes, pd.DataFrame]:
    """Download one dataset (the filtered slice if filters are given) and validate it.

    Returns (url, gzip bytes, parsed long frame). Raises SourceError naming the URL when the
    answer is an HTTP error or not the expected table.
    """
    session = session or _new_session()
    key, dims = "", None
    if filters:
        dsd_url = EUROSTAT_DSD.format(code=code.upper())
        dims = dsd_dimensions(_get(session, dsd_url), dsd_url)
        key = series_key(dims, filters, dsd_url)
    url = eurostat_url(code, key, fmt)
    body, text = _gz_text(_get(session, url), url)
    parse = parse_api_tsv if fmt == "TSV" else parse_sdmx_csv
    long = parse(text, url)
    if long.empty:
        raise SourceError(url, "no observations in the download")
    if dims and fmt == "TSV":
        header = text.split("\t", 1)[0].split("\\")[0].split(",")
        if [d.lower() for d in dims] != header:
            raise SourceError(url, f"dimensions {header} differ from the data structure {dims}")
    return url, body, long


def check_geojson(body: bytes, url: str, level: int | None) -> int:
    """A GISCO NUTS FeatureCollection with NUTS_ID/LEVL_CODE on every feature; returns the count."""
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SourceError(url, f"not JSON, possibly truncated ({exc})") from None
    feats = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not feats:
        raise SourceError(url, "not a non-empty GeoJSON FeatureCollection")
    for f in feats:
        props = f.get("properties") or {}
        if not props.get("NUTS_ID") or props.get("LEVL_CODE") not in (0, 1, 2, 3) or not f.get("geometry"):
            raise SourceError(url, f"feature without NUTS_ID, LEVL_CODE or geometry: {props}")
        if level is not None and props["LEVL_CODE"] != level:
            raise SourceError(url, f"{props['NUTS_ID']} has LEVL_CODE {props['LEVL_CODE']}, expected {level}")
    return len(feats)


def download_all(dest_dir: Path, session=None) -> dict[str, Path]:
    """Download every Eurostat dataset and GISCO file into dest_dir; return code -> path.

    All files are fetched and validated in a temporary folder first and moved into dest_dir only
    when every one of them passed, so an error leaves dest_dir as it was.
    """
    session = session or _new_session()
    probe(session)
    dest_dir = Path(dest_dir)
    with tempfile.TemporaryDirectory(prefix="minedash-online-") as tmp:
        staged: dict[str, Path] = {}
        for code, (name, filters) in EUROSTAT_DOWNLOADS.items():
            _, body, _ = fetch_eurostat(code, session, filters)
            staged[code] = Path(tmp) / name
            staged[code].write_bytes(body)
        for key, (name, level) in GISCO_DOWNLOADS.items():
            url = GISCO.format(file=name)
            body = _get(session, url)
            check_geojson(body, url, level)
            staged[key] = Path(tmp) / name
            staged[key].write_bytes(body)
        dest_dir.mkdir(parents=True, exist_ok=True)
        out = {}
        for key, path in staged.items():
            out[key] = dest_dir / path.name
            shutil.move(str(path), out[key])
    return out


# ---------------------------------------------------------------- observations

# Id scheme (lower case, '_' separated):
#   sbs_r_nuts2021: sbs_{loc|emp_loc}_{nace}            e.g. sbs_emp_loc_b07, sbs_loc_b
#   sbs_sc_ovw:     sbs_sc_{ent|emp}_{nace}_{size}      e.g. sbs_sc_ent_b_0_9, sbs_sc_emp_c24_ge250
NACE_LABELS = {
    "B": "Mining and quarrying",
    "B05": "Mining of coal and lignite",
    "B06": "Extraction of crude petroleum and natural gas",
    "B07": "Mining of metal ores",
    "B08": "Other mining and quarrying",
    "B09": "Mining support service activities",
    "C24": "Manufacture of basic metals",
    "C25": "Manufacture of fabricated metal products, except machinery and equipment",
    "E38": "Waste collection, treatment and disposal activities; materials recovery",
    "E383": "Materials recovery",
}
_SIZE_LABELS = {
    "0-9": "0-9 persons employed",
    "10-19": "10-19 persons employed",
    "20-49": "20-49 persons employed",
    "10-49": "10-49 persons employed",
    "50-249": "50-249 persons employed",
    "GE250": "250 or more persons employed",
    "TOTAL": "all size classes",
}


def _indicators() -> list[dict]:
    rows = []
    for nace in SBS_R_NACE:
        for indic, short, name, unit in (
            ("LOC_NR", "loc", "Local units", "number of local units"),
            ("EMP_LOC_NR", "emp_loc", "Persons employed in local units", "persons"),
        ):
            rows.append(
                dict(
                    indicator_id=f"sbs_{short}_{nace.lower()}",
                    name=f"{name}, {NACE_LABELS[nace]} ({nace})",
                    unit=unit,
                    topic="Mining and related industries",
                    source_id="sbs_r_nuts2021",
                    dataset_code="sbs_r_nuts2021",
                    definition=(
                        f"Eurostat SBS regional statistics, indicator {indic}, NACE Rev. 2 {nace}: "
                        f"{name.lower()} located in the region (local-unit basis, not enterprises)."
                    ),
                    better_when=None,
                )
            )
    for nace in SBS_SC_NACE:
        for indic, short, name, unit in (
            ("ENT_NR", "ent", "Enterprises", "number of enterprises"),
            ("EMP_NR", "emp", "Persons employed", "persons"),
        ):
            for size, size_id in SIZE_CLASSES.items():
                rows.append(
                    dict(
                        indicator_id=f"sbs_sc_{short}_{nace.lower()}_{size_id}",
                        name=f"{name}, {NACE_LABELS[nace]} ({nace}), {_SIZE_LABELS[size]}",
                        unit=unit,
                        topic="SME structure",
                        source_id="sbs_sc_ovw",
                        dataset_code="sbs_sc_ovw",
                        definition=(
                            f"Eurostat SBS by size class, indicator {indic}, NACE Rev. 2 {nace}, "
                            f"size_emp {size} (enterprises classed by persons employed)."
                        ),
                        better_when=None,
                    )
                )
    return rows


INDICATORS: list[dict] = _indicators()

_OBS_RULES = {  # code -> (indicator dimension codes, nace codes kept, id builder)
    "sbs_r_nuts2021": (SBS_R_INDIC, SBS_R_NACE, lambda r, short: f"sbs_{short}_{r['nace_r2'].lower()}"),
    "sbs_sc_ovw": (
        SBS_SC_INDIC,
        SBS_SC_NACE,
        lambda r, short: f"sbs_sc_{short}_{r['nace_r2'].lower()}_{SIZE_CLASSES[r['size_emp']]}",
    ),
}


def to_observations(code: str, long_df: pd.DataFrame) -> pd.DataFrame:
    """Parsed sbs_r_nuts2021 / sbs_sc_ovw frame -> rows of the warehouse `observations` table.

    Keeps the NACE codes, indicators and size classes listed above; drops cells that are simply
    empty (NaN without a flag) but keeps NaN cells that carry a flag (e.g. confidential 'c'), so
    the app can say why a figure is missing.
    """
    if code not in _OBS_RULES:
        raise ValueError(f"no observation rules for {code!r}; known: {sorted(_OBS_RULES)}")
    indic, naces, make_id = _OBS_RULES[code]
    need = {"nace_r2", "indic_sbs", "geo", "year", "value", "flag"} | ({"size_emp"} if code == "sbs_sc_ovw" else set())
    if not need <= set(long_df.columns):
        raise SourceError(code, f"parsed frame lacks columns {sorted(need - set(long_df.columns))}")
    df = long_df[long_df["indic_sbs"].isin(indic) & long_df["nace_r2"].isin(naces)]
    if code == "sbs_sc_ovw":
        df = df[df["size_emp"].isin(SIZE_CLASSES)]
    df = df[df["value"].notna() | (df["flag"] != "")]
    ids = [make_id(r, indic[r["indic_sbs"]]) for r in df.to_dict("records")]
    out = pd.DataFrame(
        {
            "indicator_id": pd.Series(ids, dtype=str, index=df.index),
            "geo": df["geo"].astype(str),
            "year": df["year"].astype("int16"),
            "value": df["value"].astype("float64"),
            "flag": df["flag"].astype(str),
        }
    )
    dup = out.duplicated(["indicator_id", "geo", "year"])
    if dup.any():
        first = out[dup].iloc[0]
        raise SourceError(
            code,
            f"more than one value for {first['indicator_id']} {first['geo']} "
            f"{first['year']} (an unexpected extra dimension?)",
        )
    return out.sort_values(["indicator_id", "geo", "year"]).reset_index(drop=True)
