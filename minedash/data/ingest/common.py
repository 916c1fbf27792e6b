"""What every source module shares: file checks, checksums and the per-source report."""

from __future__ import annotations

import gzip
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

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


def read_csv(report: SourceReport, path: Path, required: list[str], **kw) -> pd.DataFrame:
    """Read a CSV, checking it has the columns the parser relies on; failures name the file."""
    path = report.read_file(path)
    try:
        df = pd.read_csv(path, **kw)
    except Exception as exc:
        raise SourceError(path, f"cannot be read as CSV ({exc})") from None
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise SourceError(path, f"columns {missing} missing (found {list(df.columns)[:12]})")
    if df.empty:
        raise SourceError(path, "has a header but no rows")
    return df


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-")
