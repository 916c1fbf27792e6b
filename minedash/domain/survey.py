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
import zlib
from dataclasses import dataclass, field

import openpyxl
import pandas as pd

from ..data import paths

COLUMNS = ["organisation", "nuts_region", "size_class", "value_chain_stages", "materials", "services", "contact_role"]
REQUIRED = ["organisation", "nuts_region", "size_class", "value_chain_stages"]  # must be filled in every row
STAGES = ["exploration", "extraction", "processing", "refining", "manufacturing", "recycling", "services"]
SIZE_CLASSES = ["micro", "small", "medium", "large"]
MAX_ROWS = 5000
DEFAULT_MAX_MB = 5
# Bounds on what an upload may unpack to, checked before it is parsed (a small file can expand enormously).
MAX_LINE = 20_000  # characters in one CSV line
MAX_XLSX_BYTES = 20_000_000  # a workbook's unpacked size
MAX_CELLS = 200_000  # cells in all its worksheets (the survey: 5,000 rows × 7 columns, plus the template's sheets)

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
_DOMAIN = re.compile(r"[^@\s]\.[a-z]{2,}", re.I)
_PHONE = re.compile(r"\+?\d[\d\s\-()]{7,}\d")


def _looks_like_email(text: str) -> bool:
    """name@domain.tld anywhere in the text. Word by word, so the time grows linearly with the text (a single
    regular expression searched over a long cell backtracks quadratically: seconds for one hostile cell)."""
    for word in text.split():
        local, at, domain = word.partition("@")
        if at and local and _DOMAIN.search(domain):
            return True
    return False


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


class SurveyError(ValueError):
    """Why an upload cannot be read (shown to the user as it is)."""


def _fail(message: str, errors: list[tuple] | None = None) -> Result:
    return Result(None, pd.DataFrame(errors or [], columns=["row", "column", "problem"]), message)


def _decode(data: bytes) -> str:
    """The upload as text: UTF-8 (with or without BOM) or UTF-16 with a BOM; otherwise SurveyError saying what
    the bytes look like."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            if data.startswith(b"\xff\xfe\x00\x00"):
                raise SurveyError("The file is UTF-32 encoded. Save it as “CSV UTF-8” (Excel) or upload the .xlsx.")
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise SurveyError(
                    f"The file starts like {codec.upper()} but is not valid {codec.upper()} text."
                ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    head = data[:4096]
    if head.count(b"\x00") > len(head) // 4:  # every other byte zero: UTF-16 text without its byte-order mark
        hint = "It looks like UTF-16 without a byte-order mark."
    elif b"\x00" in head:
        raise SurveyError("The file contains binary data; it is not a CSV text file.")
    else:
        try:
            data.decode("cp1252")
            hint = "It looks like Latin-1 / Windows-1252 (Excel's default “CSV” format)."
        except UnicodeDecodeError:
            hint = "Its encoding could not be recognised."
    raise SurveyError(
        f"The CSV file is not UTF-8 encoded. {hint} Save it again as “CSV UTF-8” (Excel) or with UTF-8 encoding, "
        "or upload the .xlsx file instead."
    )


def _delimiter(header: str) -> str:
    """The separator that splits the header line into the template's columns (else into the most fields)."""
    names = set(COLUMNS)
    return max(
        (",", ";", "\t"),
        key=lambda d: (sum(c.strip().strip('"').lower() in names for c in header.split(d)), header.count(d)),
    )


Rows = tuple[list[str], list[tuple[int, list[str]]]]  # header, and (spreadsheet row number, cells) of each row


def _too_many(max_rows: int) -> SurveyError:
    return SurveyError(f"The file has more than {max_rows:,} rows; at most {max_rows:,} can be checked at once.")


def _csv(text: str, max_rows: int) -> Rows:
    """CSV text -> header and rows, bounded: no line longer than MAX_LINE characters, at most `max_rows` filled
    rows (read record by record; blank records are not answers but keep their row number)."""
    if "\x00" in text:
        raise SurveyError("The file contains binary data; it is not a CSV text file.")
    header_line = None
    for number, line in enumerate(text.splitlines(), 1):
        if len(line) > MAX_LINE:
            raise SurveyError(
                f"Line {number} is {len(line):,} characters long; a survey line may have at most {MAX_LINE:,}. "
                "Is this the survey template?"
            )
        if header_line is None and line.strip():
            header_line = line
    if header_line is None:
        raise SurveyError("The file is empty.")
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(header_line))
    try:
        header = next((r for r in reader if any(c.strip() for c in r)), None)
        if header is None:  # only separators: nothing to read
            raise SurveyError("The file is empty.")
        rows = []
        for number, rec in enumerate(reader, 2):  # numbered as in a spreadsheet: the header is row 1
            if not any(c.strip() for c in rec):
                continue
            if len(rows) == max_rows:
                raise _too_many(max_rows)
            if len(rec) > len(header) and any(c.strip() for c in rec[len(header) :]):
                raise SurveyError(f"Line {reader.line_num} has {len(rec)} fields, but the header has {len(header)}.")
            rows.append((number, rec))
    except csv.Error as exc:
        why = "a quoted value never ends (an unbalanced quote?)" if "field limit" in str(exc) else str(exc)
        raise SurveyError(f"The CSV file could not be read: line {reader.line_num}: {why}") from None
    return header, rows


_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")  # a cell element of a worksheet (with or without a namespace prefix)


def _xlsx(data: bytes, max_rows: int) -> Rows:
    """The first worksheet of a workbook as header and rows of text. Bounded before openpyxl parses anything: the
    workbook may unpack to at most MAX_XLSX_BYTES and hold at most MAX_CELLS cells (counted in the raw XML, in
    chunks); then rows are read one by one (openpyxl's read-only mode), at most `max_rows` filled ones."""
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(i.file_size for i in book.infolist())
        sheets = [i for i in book.infolist() if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")]
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SurveyError("This .xlsx file is not a valid Excel workbook (it may be damaged or renamed).") from None
    if unpacked > MAX_XLSX_BYTES:
        raise SurveyError(
            f"The workbook unpacks to {unpacked / 1e6:,.0f} MB; at most {MAX_XLSX_BYTES / 1e6:.0f} MB can be "
            "checked. Save only the survey sheet, or upload it as CSV."
        )
    if not sheets:
        raise SurveyError("This .xlsx file could not be read as an Excel workbook: it has no worksheet.")
    cells = 0
    try:
        for info in sheets:
            with book.open(info) as f:
                tail = b""
                for chunk in iter(lambda: f.read(1 << 16), b""):
                    cells += len(_CELL.findall(tail + chunk)) - len(_CELL.findall(tail))
                    tail = chunk[-16:]
                    if cells > MAX_CELLS:
                        raise SurveyError(
                            f"The workbook has more than {MAX_CELLS:,} cells; the survey has at most "
                            f"{max_rows:,} rows of {len(COLUMNS)} columns. Save only the survey sheet."
                        )
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
        raise SurveyError("This .xlsx file is damaged (its compressed contents cannot be read).") from None
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        raise SurveyError(f"The Excel workbook could not be read ({type(exc).__name__}).") from None
    try:
        header, rows = None, []
        # read-only mode yields every row in order, empty ones too: position + 1 is the spreadsheet's row number
        for number, values in enumerate(wb.worksheets[0].iter_rows(values_only=True), 1):
            cells = ["" if v is None else str(v) for v in values]
            if not any(c.strip() for c in cells):
                continue
            if max(map(len, cells)) > MAX_LINE:
                raise SurveyError(f"Row {number} has a cell of more than {MAX_LINE:,} characters.")
            if header is None:
                header = cells
            elif len(rows) == max_rows:
                raise _too_many(max_rows)
            else:
                rows.append((number, cells))
    except SurveyError:
        raise
    except Exception as exc:
        raise SurveyError(f"The Excel workbook could not be read ({type(exc).__name__}).") from None
    finally:
        wb.close()
    if header is None:
        raise SurveyError("The file is empty.")
    return header, rows


def _read(data: bytes, filename: str, max_rows: int) -> Rows:
    """The upload's header and rows; SurveyError says why it cannot be read."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _xlsx(data, max_rows)
    if not name.endswith(".csv"):
        raise SurveyError("Upload a .csv or .xlsx file made from the template.")
    return _csv(_decode(data), max_rows)


def validate(
    data: bytes, filename: str, *, nuts_codes, material_ids, max_bytes: int | None = None, max_rows: int = MAX_ROWS
) -> Result:
    """Check every row of an uploaded survey file; rows are numbered as in a spreadsheet (header = row 1)."""
    max_bytes = max_bytes if max_bytes is not None else upload_limit_mb() * 1024 * 1024
    if len(data) == 0:
        return _fail("The file is empty.")
    if len(data) > max_bytes:
        return _fail(f"The file is {len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB.")
    try:
        header, rows = _read(data, filename, max_rows)
    except SurveyError as exc:
        return _fail(str(exc))
    header = [c.strip().lower() for c in header]
    twice = sorted({c for c in header if c in COLUMNS and header.count(c) > 1})
    if twice:
        return _fail(f"Columns appear twice in the header: {', '.join(twice)}.")
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return _fail(
            f"Required columns are missing: {', '.join(missing)}. Start from the template.",
            [("header", c, "column missing") for c in missing],
        )
    at = {c: header.index(c) for c in COLUMNS}
    records = [(n, {c: cells[at[c]].strip() if at[c] < len(cells) else "" for c in COLUMNS}) for n, cells in rows]
    records = [(n, r) for n, r in records if any(r.values())]  # blank lines are not answers
    if not records:
        return _fail("The file has no filled-in rows.")
    nuts_codes, material_ids = set(nuts_codes), set(material_ids)
    errors: list[tuple] = []
    clean, first_of = [], {}
    for row, r in records:
        r["nuts_region"], r["size_class"] = r["nuts_region"].upper(), r["size_class"].lower()
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
            if _looks_like_email(r[c]) or (c == "contact_role" and _PHONE.search(r[c])):
                errors.append((row, c, "looks like personal contact data; give a role, not an address or number"))
        r["value_chain_stages"], r["materials"] = "|".join(stages), "|".join(mats)
        key = tuple(r[c] for c in COLUMNS)
        if key in first_of:
            errors.append((row, "(whole row)", f"duplicate of row {first_of[key]}"))
        else:
            first_of[key] = row
        clean.append(r)
    if errors:
        err = pd.DataFrame(errors, columns=["row", "column", "problem"])
        err = err.assign(_r=pd.to_numeric(err["row"], errors="coerce")).sort_values(["_r", "column"]).drop(columns="_r")
        return Result(
            None,
            err.reset_index(drop=True),
            f"{len(err)} problem(s) in {err['row'].nunique()} row(s); nothing was loaded. Fix them and upload again.",
        )
    return Result(pd.DataFrame(clean, columns=COLUMNS), message=f"{len(clean)} rows checked: all valid.")
