"""The partnership's own SME mapping: the survey template and a pure validator for uploaded answers.

Nothing here touches Streamlit or the disk (except reading the upload limit from .streamlit/config.toml);
the template files are made in minedash.app.export.
`validate(data, filename, ...)` takes the uploaded bytes and returns the clean rows or a list of
problems by row and column. Uploaded answers live in the user's session only.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
import zipfile
from dataclasses import dataclass, field

import pandas as pd

from ..data import paths

COLUMNS = ["organisation", "nuts_region", "size_class", "value_chain_stages", "materials", "services", "contact_role"]
REQUIRED = ["organisation", "nuts_region", "size_class", "value_chain_stages"]  # must be filled in every row
STAGES = ["exploration", "extraction", "processing", "refining", "manufacturing", "recycling", "services"]
SIZE_CLASSES = ["micro", "small", "medium", "large"]
MAX_ROWS = 5000
DEFAULT_MAX_MB = 5

DOCUMENTATION = [
    ("organisation", "yes", "Name of the organisation (a company, not a person)."),
    ("nuts_region", "yes", "NUTS 2021 code of the region where it operates, e.g. FI1D7 (Lapland), SE331, ES41."),
    ("size_class", "yes", "micro (<10 persons employed), small (10-49), medium (50-249) or large (250+)."),
    (
        "value_chain_stages",
        "yes",
        "One or more of: " + ", ".join(STAGES) + "; separate with |, e.g. extraction|services.",
    ),
    ("materials", "no", "material_id values from the Materials sheet, separated with |, e.g. nickel|cobalt."),
    ("services", "no", "Free text: what the organisation offers (e.g. drilling, environmental monitoring)."),
    ("contact_role", "no", "A role, not a person: e.g. 'sales manager'. No names, e-mail addresses or phone numbers."),
]
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.I)
_PHONE = re.compile(r"\+?\d[\d\s\-()]{7,}\d")


def upload_limit_mb() -> int:
    """server.maxUploadSize from .streamlit/config.toml (MB), the same limit Streamlit enforces."""
    try:
        cfg = tomllib.loads((paths.ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
        return int(cfg.get("server", {}).get("maxUploadSize", DEFAULT_MAX_MB))
    except (OSError, ValueError, tomllib.TOMLDecodeError):
        return DEFAULT_MAX_MB


@dataclass
class Result:
    rows: pd.DataFrame | None  # the clean rows when the file is valid, else None
    errors: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["row", "column", "problem"]))
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.rows is not None


def _fail(message: str, errors: list[tuple] | None = None) -> Result:
    return Result(None, pd.DataFrame(errors or [], columns=["row", "column", "problem"]), message)


def _read(data: bytes, filename: str) -> pd.DataFrame | str:
    """The upload as a DataFrame of strings, or a message saying why it can't be read."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        if not zipfile.is_zipfile(io.BytesIO(data)):
            return "This .xlsx file is not a valid Excel workbook (it may be damaged or renamed)."
        try:
            return pd.read_excel(io.BytesIO(data), sheet_name=0, dtype=str, keep_default_na=False, engine="openpyxl")
        except Exception as exc:  # openpyxl raises many types for damaged workbooks
            return f"The Excel workbook could not be read ({type(exc).__name__})."
    if not name.endswith(".csv"):
        return "Upload a .csv or .xlsx file made from the template."
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            data.decode("cp1252")
            hint = "It looks like Latin-1 / Windows-1252 (Excel's default “CSV” format)."
        except UnicodeDecodeError:
            hint = "Its encoding could not be recognised."
        return (
            f"The CSV file is not UTF-8 encoded. {hint} Save it again as “CSV UTF-8” (Excel) or "
            "with UTF-8 encoding, or upload the .xlsx file instead."
        )
    if "\x00" in text:
        return "The file contains binary data; it is not a CSV text file."
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=dialect.delimiter)
    except (csv.Error, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        if isinstance(exc, pd.errors.EmptyDataError) or not text.strip():
            return "The file is empty."
        return f"The CSV file could not be read: {str(exc).splitlines()[0][:160]}"


def validate(
    data: bytes, filename: str, *, nuts_codes, material_ids, max_bytes: int | None = None, max_rows: int = MAX_ROWS
) -> Result:
    """Check every row of an uploaded survey file; rows are numbered as in a spreadsheet (header = row 1)."""
    max_bytes = max_bytes if max_bytes is not None else upload_limit_mb() * 1024 * 1024
    if len(data) == 0:
        return _fail("The file is empty.")
    if len(data) > max_bytes:
        return _fail(f"The file is {len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB.")
    df = _read(data, filename)
    if isinstance(df, str):
        return _fail(df)
    df.columns = [str(c).strip().lower() for c in df.columns]
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        return _fail(
            f"Required columns are missing: {', '.join(missing)}. Start from the template.",
            [("header", c, "column missing") for c in missing],
        )
    df = df[COLUMNS].fillna("").astype(str).apply(lambda s: s.str.strip())
    df = df[(df != "").any(axis=1)]  # blank lines are not answers
    if df.empty:
        return _fail("The file has no filled-in rows.")
    if len(df) > max_rows:
        return _fail(f"The file has {len(df):,} rows; at most {max_rows:,} can be checked at once.")

    nuts_codes, material_ids = set(nuts_codes), set(material_ids)
    errors: list[tuple] = []
    df["nuts_region"] = df["nuts_region"].str.upper()
    df["size_class"] = df["size_class"].str.lower()
    for i, r in df.iterrows():
        row = int(i) + 2
        for c in REQUIRED:
            if not r[c]:
                errors.append((row, c, "empty (required)"))
        if r["nuts_region"] and r["nuts_region"] not in nuts_codes:
            errors.append((row, "nuts_region", f"“{r['nuts_region'][:20]}” is not a NUTS 2021 code"))
        if r["size_class"] and r["size_class"] not in SIZE_CLASSES:
            errors.append((row, "size_class", f"“{r['size_class'][:20]}” is not one of {'|'.join(SIZE_CLASSES)}"))
        stages = [s.strip().lower() for s in r["value_chain_stages"].split("|") if s.strip()]
        bad = [s for s in stages if s not in STAGES]
        if bad:
            errors.append((row, "value_chain_stages", f"unknown stage(s): {', '.join(bad)[:60]}"))
        mats = [m.strip().lower() for m in r["materials"].split("|") if m.strip()]
        bad = [m for m in mats if m not in material_ids]
        if bad:
            errors.append((row, "materials", f"unknown material id(s): {', '.join(bad)[:60]}"))
        for c in ("contact_role", "services", "organisation"):
            if _EMAIL.search(r[c]) or (c == "contact_role" and _PHONE.search(r[c])):
                errors.append((row, c, "looks like personal contact data; give a role, not an address or number"))
        df.at[i, "value_chain_stages"] = "|".join(stages)
        df.at[i, "materials"] = "|".join(mats)
    dup = df.duplicated(keep="first")
    for i in df.index[dup]:
        first = df.index[(df == df.loc[i]).all(axis=1)][0]
        errors.append((int(i) + 2, "(whole row)", f"duplicate of row {int(first) + 2}"))
    if errors:
        err = pd.DataFrame(errors, columns=["row", "column", "problem"])
        err = err.assign(_r=pd.to_numeric(err["row"], errors="coerce")).sort_values(["_r", "column"]).drop(columns="_r")
        return Result(
            None,
            err.reset_index(drop=True),
            f"{len(err)} problem(s) in {err['row'].nunique()} row(s); nothing was loaded. Fix them and upload again.",
        )
    return Result(df.reset_index(drop=True), message=f"{len(df)} rows checked: all valid.")
