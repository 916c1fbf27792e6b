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
from ..i18n import N_, _, ngettext, number

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

# How to fill in each column (the ids stay English: they are read back; the words are translated where shown).
HELP = {
    "organisation": N_("Name of the organisation (a company, not a person)."),
    "nuts_region": N_("NUTS 2021 code of the region where it operates, e.g. FI1D7 (Lapland), SE331, ES41."),
    "size_class": N_("micro (<10 persons employed), small (10-49), medium (50-249) or large (250+)."),
    "value_chain_stages": N_("One or more of: {stages}; separate with |, e.g. extraction|services."),
    "materials": N_("material_id values from the “{sheet}” sheet, separated with |, e.g. nickel|cobalt."),
    "services": N_("Free text: what the organisation offers (e.g. drilling, environmental monitoring)."),
    "contact_role": N_("A role, not a person: e.g. 'sales manager'. No names, e-mail addresses or phone numbers."),
}
_DOMAIN = re.compile(r"[^@\s]\.[a-z]{2,}", re.I)
_PHONE = re.compile(r"\+?\d[\d\s\-()]{7,}\d")


def sheet_names() -> dict[str, str]:
    """The XLSX template's sheets in the view's language (the validator reads the first sheet, whatever its name)."""
    return {"survey": _("survey"), "instructions": _("instructions"), "materials": _("materials")}


def documentation() -> pd.DataFrame:
    """Each template column, whether it is required and how to fill it in, worded in the view's language."""
    # Each stage code with its word beside it where the language words it differently: the code is what to write.
    # (The stage words are marked for translation in value_chains.WORDS, which words them everywhere else.)
    stages = ", ".join(c if _(c) == c else f"{c} ({_(c)})" for c in STAGES)
    words = {"stages": stages, "sheet": sheet_names()["materials"]}
    return pd.DataFrame(
        [(c, _("yes") if c in REQUIRED else _("no"), _(HELP[c]).format(**words)) for c in COLUMNS],
        columns=[_("column"), _("required"), _("how to fill it")],
    )


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
    """Why an upload cannot be read (shown to the user as it is, already in the view's language)."""


BINARY = N_("The file contains binary data; it is not a CSV text file.")
EMPTY = N_("The file is empty.")


def _fail(message: str, errors: list[tuple] | None = None) -> Result:
    return Result(None, pd.DataFrame(errors or [], columns=["row", "column", "problem"]), message)


def _decode(data: bytes) -> str:
    """The upload as text: UTF-8 (with or without BOM) or UTF-16 with a BOM; otherwise SurveyError saying what
    the bytes look like."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            if data.startswith(b"\xff\xfe\x00\x00"):
                raise SurveyError(_("The file is UTF-32 encoded. Save it as “CSV UTF-8” (Excel) or upload the .xlsx."))
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise SurveyError(
                    _("The file starts like {encoding} but is not valid {encoding} text.").format(
                        encoding=codec.upper()
                    )
                ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    head = data[:4096]
    if head.count(b"\x00") > len(head) // 4:  # every other byte zero: UTF-16 text without its byte-order mark
        hint = _("It looks like UTF-16 without a byte-order mark.")
    elif b"\x00" in head:
        raise SurveyError(_(BINARY))
    else:
        try:
            data.decode("cp1252")
            hint = _("It looks like Latin-1 / Windows-1252 (Excel's default “CSV” format).")
        except UnicodeDecodeError:
            hint = _("Its encoding could not be recognised.")
    raise SurveyError(
        _(
            "The CSV file is not UTF-8 encoded. {hint} Save it again as “CSV UTF-8” (Excel) or with UTF-8 encoding, "
            "or upload the .xlsx file instead."
        ).format(hint=hint)
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
    return SurveyError(
        ngettext(
            "The file has more than {rows} row; at most {rows} can be checked at once.",
            "The file has more than {rows} rows; at most {rows} can be checked at once.",
            max_rows,
        ).format(rows=number(max_rows))
    )


def _csv(text: str, max_rows: int) -> Rows:
    """CSV text -> header and rows, bounded: no line longer than MAX_LINE characters, at most `max_rows` filled
    rows (read record by record; blank records are not answers but keep their row number)."""
    if "\x00" in text:
        raise SurveyError(_(BINARY))
    header_line = None
    for line_no, line in enumerate(text.splitlines(), 1):
        if len(line) > MAX_LINE:
            raise SurveyError(
                _(
                    "Line {line} is {length} characters long; a survey line may have at most {limit}. "
                    "Is this the survey template?"
                ).format(line=line_no, length=number(len(line)), limit=number(MAX_LINE))
            )
        if header_line is None and line.strip():
            header_line = line
    if header_line is None:
        raise SurveyError(_(EMPTY))
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(header_line))
    try:
        header = next((r for r in reader if any(c.strip() for c in r)), None)
        if header is None:  # only separators: nothing to read
            raise SurveyError(_(EMPTY))
        rows = []
        for row_no, rec in enumerate(reader, 2):  # numbered as in a spreadsheet: the header is row 1
            if not any(c.strip() for c in rec):
                continue
            if len(rows) == max_rows:
                raise _too_many(max_rows)
            if len(rec) > len(header) and any(c.strip() for c in rec[len(header) :]):
                raise SurveyError(
                    _("Line {line} has {fields} fields, but the header has {header}.").format(
                        line=reader.line_num, fields=len(rec), header=len(header)
                    )
                )
            rows.append((row_no, rec))
    except csv.Error as exc:
        # Python's own wording is English: say in the view's language what went wrong.
        if "field limit" in str(exc):
            why = _("a quoted value never ends (an unbalanced quote?)")
        elif "new-line" in str(exc):
            why = _("a line break inside a value that is not in quotes")
        else:
            why = _("it is not well-formed CSV")
        raise SurveyError(
            _("The CSV file could not be read: line {line}: {why}").format(line=reader.line_num, why=why)
        ) from None
    return header, rows


def _unreadable(exc: Exception) -> SurveyError:
    # The exception's class name (e.g. KeyError) stays: it tells a helper what went wrong.
    return SurveyError(_("The Excel workbook could not be read ({error}).").format(error=type(exc).__name__))


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
        raise SurveyError(_("This .xlsx file is not a valid Excel workbook (it may be damaged or renamed).")) from None
    if unpacked > MAX_XLSX_BYTES:
        raise SurveyError(
            _(
                "The workbook unpacks to {size} MB; at most {limit} MB can be checked. Save only the survey sheet, "
                "or upload it as CSV."
            ).format(size=number(unpacked / 1e6, 0), limit=number(MAX_XLSX_BYTES / 1e6, 0))
        )
    if not sheets:
        raise SurveyError(_("This .xlsx file could not be read as an Excel workbook: it has no worksheet."))
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
                            _(
                                "The workbook has more than {cells} cells; the survey has at most {rows} rows of "
                                "{columns} columns. Save only the survey sheet."
                            ).format(cells=number(MAX_CELLS), rows=number(max_rows), columns=len(COLUMNS))
                        )
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
        raise SurveyError(_("This .xlsx file is damaged (its compressed contents cannot be read).")) from None
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        raise _unreadable(exc) from None
    try:
        header, rows = None, []
        # read-only mode yields every row in order, empty ones too: position + 1 is the spreadsheet's row number
        for row_no, values in enumerate(wb.worksheets[0].iter_rows(values_only=True), 1):
            cells = ["" if v is None else str(v) for v in values]
            if not any(c.strip() for c in cells):
                continue
            if max(map(len, cells)) > MAX_LINE:
                raise SurveyError(
                    _("Row {row} has a cell of more than {limit} characters.").format(
                        row=row_no, limit=number(MAX_LINE)
                    )
                )
            if header is None:
                header = cells
            elif len(rows) == max_rows:
                raise _too_many(max_rows)
            else:
                rows.append((row_no, cells))
    except SurveyError:
        raise
    except Exception as exc:
        raise _unreadable(exc) from None
    finally:
        wb.close()
    if header is None:
        raise SurveyError(_(EMPTY))
    return header, rows


def _read(data: bytes, filename: str, max_rows: int) -> Rows:
    """The upload's header and rows; SurveyError says why it cannot be read."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _xlsx(data, max_rows)
    if not name.endswith(".csv"):
        raise SurveyError(_("Upload a .csv or .xlsx file made from the template."))
    return _csv(_decode(data), max_rows)


def validate(
    data: bytes, filename: str, *, nuts_codes, material_ids, max_bytes: int | None = None, max_rows: int = MAX_ROWS
) -> Result:
    """Check every row of an uploaded survey file; rows are numbered as in a spreadsheet (header = row 1)."""
    max_bytes = max_bytes if max_bytes is not None else upload_limit_mb() * 1024 * 1024
    if len(data) == 0:
        return _fail(_(EMPTY))
    if len(data) > max_bytes:
        return _fail(
            _("The file is {size} MB; the limit is {limit} MB.").format(
                size=number(len(data) / 1e6, 1), limit=number(max_bytes / 1e6, 0)
            )
        )
    try:
        header, rows = _read(data, filename, max_rows)
    except SurveyError as exc:
        return _fail(str(exc))
    header = [c.strip().lower() for c in header]
    twice = sorted({c for c in header if c in COLUMNS and header.count(c) > 1})
    if twice:
        return _fail(
            ngettext(
                "A column appears twice in the header: {columns}.",
                "Columns appear twice in the header: {columns}.",
                len(twice),
            ).format(columns=", ".join(twice))
        )
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return _fail(
            ngettext(
                "A required column is missing: {columns}. Start from the template.",
                "Required columns are missing: {columns}. Start from the template.",
                len(missing),
            ).format(columns=", ".join(missing)),
            [(_("header"), c, _("column missing")) for c in missing],
        )
    at = {c: header.index(c) for c in COLUMNS}
    records = [(n, {c: cells[at[c]].strip() if at[c] < len(cells) else "" for c in COLUMNS}) for n, cells in rows]
    records = [(n, r) for n, r in records if any(r.values())]  # blank lines are not answers
    if not records:
        return _fail(_("The file has no filled-in rows."))
    nuts_codes, material_ids = set(nuts_codes), set(material_ids)
    errors: list[tuple] = []
    clean, first_of = [], {}
    for row, r in records:
        r["nuts_region"], r["size_class"] = r["nuts_region"].upper(), r["size_class"].lower()
        for c in REQUIRED:
            if not r[c]:
                errors.append((row, c, _("empty (required)")))
        if r["nuts_region"] and r["nuts_region"] not in nuts_codes:
            problem = _("“{value}” is not a NUTS 2021 code").format(value=r["nuts_region"][:20])
            errors.append((row, "nuts_region", problem))
        if r["size_class"] and r["size_class"] not in SIZE_CLASSES:
            problem = _("“{value}” is not one of {choices}").format(
                value=r["size_class"][:20], choices="|".join(SIZE_CLASSES)
            )
            errors.append((row, "size_class", problem))
        stages = [s.strip().lower() for s in r["value_chain_stages"].split("|") if s.strip()]
        bad = [s for s in stages if s not in STAGES]
        if bad:
            problem = ngettext("unknown stage: {stages}", "unknown stages: {stages}", len(bad))
            errors.append((row, "value_chain_stages", problem.format(stages=", ".join(bad)[:60])))
        mats = [m.strip().lower() for m in r["materials"].split("|") if m.strip()]
        bad = [m for m in mats if m not in material_ids]
        if bad:
            problem = ngettext("unknown material id: {ids}", "unknown material ids: {ids}", len(bad))
            errors.append((row, "materials", problem.format(ids=", ".join(bad)[:60])))
        for c in ("contact_role", "services", "organisation"):
            if _looks_like_email(r[c]) or (c == "contact_role" and _PHONE.search(r[c])):
                problem = _("looks like personal contact data; give a role, not an address or number")
                errors.append((row, c, problem))
        r["value_chain_stages"], r["materials"] = "|".join(stages), "|".join(mats)
        key = tuple(r[c] for c in COLUMNS)
        if key in first_of:
            errors.append((row, _("(whole row)"), _("duplicate of row {row}").format(row=first_of[key])))
        else:
            first_of[key] = row
        clean.append(r)
    if errors:
        err = pd.DataFrame(errors, columns=["row", "column", "problem"])
        err = err.assign(_r=pd.to_numeric(err["row"], errors="coerce")).sort_values(["_r", "column"]).drop(columns="_r")
        problems, rows_hit = len(err), err["row"].nunique()
        message = _("{problems} {in_rows}; nothing was loaded. Fix them and upload again.").format(
            problems=ngettext("{n} problem", "{n} problems", problems).format(n=number(problems)),
            in_rows=ngettext("in {n} row", "in {n} rows", rows_hit).format(n=number(rows_hit)),
        )
        return Result(None, err.reset_index(drop=True), message)
    n = len(clean)
    message = ngettext("{n} row checked: all valid.", "{n} rows checked: all valid.", n).format(n=number(n))
    return Result(pd.DataFrame(clean, columns=COLUMNS), message=message)
