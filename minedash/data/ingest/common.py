"""What every source module shares: file checks, checksums and the per-source report."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pycountry

from .errors import SourceError

EU27 = [
    "AT",
    "BE",
    "BG",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "EL",
    "ES",
    "FI",
    "FR",
    "HR",
    "HU",
    "IE",
    "IT",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SE",
    "SI",
    "SK",
]

# Eurostat writes Greece EL and the United Kingdom UK where ISO says GR and GB.
_TO_EUROSTAT = {"GR": "EL", "GB": "UK"}
_FROM_EUROSTAT = {v: k for k, v in _TO_EUROSTAT.items()}

# Country names as the sources spell them that pycountry does not know.
_NAME_ALIASES = {
    "russia": "RU",
    "türkiye": "TR",
    "turkyie": "TR",
    "turkey": "TR",
    "iran": "IR",
    "syria": "SY",
    "laos": "LA",
    "vietnam": "VN",
    "viet nam": "VN",
    "korea": "KR",
    "south korea": "KR",
    "north korea": "KP",
    "taiwan": "TW",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "moldova": "MD",
    "congo": "CG",
    "dr congo": "CD",
    "drc": "CD",
    "democratic republic of the congo": "CD",
    "congo, dem. rep.": "CD",
    "congo, d.r.": "CD",
    "brasilia": "BR",
    "czech republic": "CZ",
    "kosovo": "XK",
    "cote d'ivoire": "CI",
    "côte d'ivoire": "CI",
    "cape verde": "CV",
    "brunei darussalam": "BN",
    "united states": "US",
    "usa": "US",
    "united kingdom": "GB",
    "hong kong": "HK",
    "macedonia": "MK",
    "north macedonia": "MK",
    "bosnia and herzegovina": "BA",
    "the netherlands": "NL",
    "slovak republic": "SK",
    "korea, north": "KP",
    "korea, south": "KR",
    "brasil": "BR",
    "surinam": "SR",
    "libanon": "LB",
    "swaziland": "SZ",
    "eswatini": "SZ",
    "burma": "MM",
    "myanmar": "MM",
    "great britain": "GB",
}


def to_eurostat_iso2(iso2: str | None) -> str | None:
    return None if iso2 is None else _TO_EUROSTAT.get(iso2, iso2)


def iso2_from_name(name: str) -> str | None:
    """Eurostat-style ISO2 for a country name, or None when unknown."""
    key = re.sub(r"\s+", " ", str(name)).strip().strip('"').lower()
    if key in _NAME_ALIASES:
        return to_eurostat_iso2(_NAME_ALIASES[key])
    try:
        return to_eurostat_iso2(pycountry.countries.lookup(key).alpha_2)
    except LookupError:
        return None


def iso2_from_iso3(iso3: str) -> str | None:
    special = {"XKX": "XK", "R20": "XK", "S19": "TW"}  # WMD codes Kosovo R20 and Taiwan S19
    if iso3 in special:
        return special[iso3]
    c = pycountry.countries.get(alpha_3=iso3)
    return to_eurostat_iso2(c.alpha_2) if c else None


def iso_record(iso2_eurostat: str) -> dict:
    iso2 = _FROM_EUROSTAT.get(iso2_eurostat, iso2_eurostat)
    if iso2 == "XK":
        return {"iso3": "XKX", "m49": None, "name": "Kosovo"}
    c = pycountry.countries.get(alpha_2=iso2)
    if c is None:
        return {"iso3": None, "m49": None, "name": None}
    return {"iso3": c.alpha_3, "m49": c.numeric, "name": getattr(c, "common_name", c.name)}


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class SourceReport:
    """Provenance of one source: what it is, which files were read, what was kept or dropped."""

    source_id: str
    title: str
    publisher: str
    dataset_code: str | None
    url: str
    licence: str
    attribution: str
    vintage: str
    files: list = field(default_factory=list)
    rows_read: int = 0
    rows_written: dict = field(default_factory=dict)
    dropped: list = field(default_factory=list)
    unmatched: list = field(default_factory=list)

    def read_file(self, path: Path) -> Path:
        """Record the file (name, sha256, size) and return where it is stored: `path` or its gzip copy `path.gz`."""
        path = stored(path)
        if path.stat().st_size == 0:
            raise SourceError(path, "file is empty")
        self.files.append({"file": path.name, "sha256": sha256(path), "bytes": path.stat().st_size})
        return path

    def drop(self, rows: int, reason: str) -> None:
        if rows:
            self.dropped.append({"rows": int(rows), "reason": reason})

    def wrote(self, table: str, df: pd.DataFrame) -> pd.DataFrame:
        self.rows_written[table] = self.rows_written.get(table, 0) + len(df)
        return df

    def as_dict(self) -> dict:
        return {
            "source_id": self.source_id,
            "title": self.title,
            "publisher": self.publisher,
            "dataset_code": self.dataset_code,
            "url": self.url,
            "licence": self.licence,
            "attribution": self.attribution,
            "vintage": self.vintage,
            "files": self.files,
            "rows_read": self.rows_read,
            "rows_written": self.rows_written,
            "rows_dropped": self.dropped,
            "unmatched": self.unmatched,
        }


def stored(path: Path) -> Path:
    """A source file as kept on disk: the file itself, else its gzip-compressed copy `<name>.gz`
    (large inputs travel compressed in data/sources; a download of the plain file takes precedence)."""
    path = Path(path)
    if path.is_file():
        return path
    gz = path.with_name(path.name + ".gz")
    if gz.is_file():
        return gz
    raise SourceError(path, "file not found")


def read_bytes(path: Path) -> bytes:
    """The content of a (possibly gzip-compressed) source file; a truncated archive names the file."""
    raw = Path(path).read_bytes()
    if raw[:2] != b"\x1f\x8b":
        return raw
    try:
        return gzip.decompress(raw)
    except (EOFError, OSError) as exc:
        raise SourceError(path, f"gzip archive is truncated or corrupt ({exc})") from None


@dataclass(frozen=True)
class Expect:
    """What a source file must contain, declared by its reader and checked before anything is written (the way dbt
    tests a source): its columns, a minimum and, where the publisher or PROVENANCE.md states it, an exact count of
    records, a natural key that must be unique, value ranges and code patterns.

    `known` lists the records of a known defect (line -> what is wrong, as PROVENANCE.md describes it): each must
    fail a check, is left out and is recorded in the manifest. Any other failing record stops the ingest with a
    message naming the file, the line and what is wrong."""

    columns: tuple[str, ...]
    rows: int | None = None  # exact number of records (header excluded)
    min_rows: int = 1
    unique: tuple[str, ...] = ()  # natural key; ("*",) = no two records alike
    required: tuple[str, ...] = ()  # columns never blank
    ranges: dict = field(default_factory=dict)  # column -> (low, high); blank cells allowed unless required
    codes: dict = field(default_factory=dict)  # column -> a regular expression every non-blank value must match
    known: dict = field(default_factory=dict)  # line -> the known defect of that record


def _records(text: str, path: Path) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, records and the line each record starts on; every record must have the header's number of fields
    (a file cut short ends in a shorter record, which pandas would quietly fill with blanks)."""
    rows, lines, start = [], [], 1
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for rec in reader:
            if rec:  # blank lines are not records (pandas skips them too)
                rows.append(rec)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise SourceError(path, f"line {reader.line_num}: not valid CSV ({exc})") from None
    if not rows:
        raise SourceError(path, "file has no header line")
    header, width = rows[0], len(rows[0])
    for rec, line in zip(rows[1:], lines[1:]):
        if len(rec) != width:
            raise SourceError(
                path,
                f"line {line}: {len(rec)} fields where the header has {width} (the file may be cut short, or a "
                "quote is unbalanced)",
            )
    return header, rows[1:], lines[1:]


def _failures(df: pd.DataFrame, expect: Expect, lines: list[int]) -> dict[int, str]:
    """Position of each record that breaks the contract -> the first thing wrong with it."""
    bad: dict[int, str] = {}
    text = df.astype("string").fillna("").apply(lambda s: s.str.strip())

    def flag(mask, why) -> None:
        for i in np.flatnonzero(np.asarray(mask, dtype=bool)):
            bad.setdefault(int(i), why(int(i)))

    for col in expect.required:
        flag(text[col] == "", lambda i, c=col: f"column {c!r} is empty")
    for col, pattern in expect.codes.items():
        ok = text[col].str.fullmatch(pattern) | (text[col] == "")
        flag(~ok, lambda i, c=col: f"{c} {text[c].iat[i][:40]!r} is not a valid code")
    for col, (low, high) in expect.ranges.items():
        num = pd.to_numeric(text[col], errors="coerce")
        flag(num.isna() & (text[col] != ""), lambda i, c=col: f"{c} {text[c].iat[i][:40]!r} is not a number")
        flag(
            ~num.between(low, high) & num.notna(),
            lambda i, c=col, lo=low, hi=high: f"{c} {text[c].iat[i]} is outside {lo}–{hi}",
        )
    key = list(df.columns) if expect.unique == ("*",) else list(expect.unique)
    seen: dict[tuple, int] = {}
    for i, k in enumerate(text[key].itertuples(index=False, name=None) if key else ()):
        if k in seen:
            what = ", ".join(key) if len(key) < 6 else "values in every column"
            bad.setdefault(i, f"the same {what} as line {lines[seen[k]]} ({', '.join(v[:40] for v in k[:5])})")
        else:
            seen[k] = i
    return bad


def read_csv(report: SourceReport, path: Path, expect: Expect, *, encoding: str = "utf-8", **kw) -> pd.DataFrame:
    """Read a CSV source file and check it against its contract (`expect`) before anything is built from it.
    Known defective records (expect.known) are left out and recorded; any other problem is a SourceError naming
    the file and the line. The frame keeps each record's line in attrs["lines"]."""
    path = report.read_file(path)
    try:
        text = read_bytes(path).decode(encoding)
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"not {encoding} text ({exc})") from None
    header, records, lines = _records(text, path)
    missing = [c for c in expect.columns if c not in header]
    if missing:
        raise SourceError(path, f"columns {missing} missing (found {header[:12]})")
    try:
        df = pd.read_csv(io.StringIO(text), **kw)
    except Exception as exc:
        raise SourceError(path, f"cannot be read as CSV ({exc})") from None
    if len(df) != len(records):  # cannot happen for a file that passed _records; never drop silently if it does
        raise SourceError(path, f"{len(records)} records, but {len(df)} rows were parsed")
    if expect.rows is not None and len(df) != expect.rows:
        raise SourceError(path, f"{len(df)} records where {expect.rows} are expected (cut short, or a new version?)")
    if len(df) < expect.min_rows:
        raise SourceError(path, f"{len(df)} records where at least {expect.min_rows} are expected")
    bad = _failures(df, expect, lines)
    for line, defect in expect.known.items():
        if line not in lines or lines.index(line) not in bad:
            raise SourceError(path, f"line {line}: the known defect ({defect}) is not there: has the file changed?")
        del bad[lines.index(line)]
        report.drop(1, f"{path.name} line {line}: {defect}")
    if bad:
        i = min(bad)
        more = f" (and {len(bad) - 1} more records)" if len(bad) > 1 else ""
        raise SourceError(path, f"line {lines[i]}: {bad[i]}{more}")
    keep = np.ones(len(df), dtype=bool)
    keep[[lines.index(line) for line in expect.known]] = False
    df, lines = df[keep].reset_index(drop=True), [n for n, k in zip(lines, keep) if k]
    df.attrs["lines"] = lines
    return df


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-")
