"""Parsers for Eurostat's formats: the classic bulk TSV (wide, flags in cells) and the old
Data Explorer CSV export. Output is always long: dimension columns, geo, year, value, flag."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import SourceError

# A cell is a number, or ':' for not available, optionally followed by flag letters.
_CELL = r"^\s*(?P<num>-?\d+(?:\.\d+)?|:)\s*(?P<flag>[a-z]*)\s*$"


def decode_text(raw: bytes, where: Path | str) -> str:
    """Bytes, possibly gzip-compressed, as UTF-8 text; a truncated archive or another encoding is a SourceError
    naming `where` (a file or a URL)."""
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (EOFError, OSError) as exc:
            raise SourceError(where, f"gzip archive is truncated or corrupt ({exc})") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(where, f"not UTF-8 text ({exc})") from None


def read_text(path: Path) -> str:
    """Read a possibly gzip-compressed text file; a truncated archive is a SourceError."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise SourceError(path, "file not found") from None
    return decode_text(raw, path)


def parse_bulk_tsv(text: str, path: Path | str = "<tsv>") -> pd.DataFrame:
    """Classic Eurostat bulk TSV -> long frame with one row per cell (missing cells kept, value NaN), indexed by
    the line each cell was read from (so a later check can name it).

    Header: `dim1,dim2,geo\\time<TAB>2021 <TAB>2020 ...`; cells like `4700 p`, `:`, `: c`.
    """
    try:
        wide = pd.read_csv(io.StringIO(text), sep="\t", dtype=str, keep_default_na=False)
    except Exception as exc:  # pandas raises several types for broken text
        raise SourceError(path, f"not a tab-separated table ({exc})") from None
    first = wide.columns[0]
    if "\\" not in first or wide.shape[1] < 2:
        raise SourceError(path, f"first header cell {first!r} is not 'dims,geo\\time'")
    dims = first.split("\\")[0].split(",")
    if dims[-1] != "geo":
        raise SourceError(path, f"last dimension is {dims[-1]!r}, expected 'geo'")
    years = {}
    for col in wide.columns[1:]:
        label = col.strip()
        if not label.isdigit():
            raise SourceError(path, f"column header {col!r} is not a year")
        years[col] = int(label)
    keys = wide[first].str.split(",", expand=True)
    if keys.shape[1] != len(dims) or keys.isna().any().any():
        raise SourceError(path, "row keys do not have one code per dimension")
    keys.columns = dims
    dup = wide[first].duplicated().to_numpy()
    if dup.any():  # a series twice would give two values for one cell
        i = int(dup.argmax())
        first_line = int(np.flatnonzero((wide[first] == wide[first].iat[i]).to_numpy())[0]) + 2
        raise SourceError(path, f"lines {first_line} and {i + 2}: series {wide[first].iat[i]!r} appears twice")
    wide["line"] = np.arange(2, len(wide) + 2)  # the header is line 1; a bulk TSV has no quoted line breaks
    long = wide.drop(columns=[first]).join(keys).melt(id_vars=[*dims, "line"], var_name="year", value_name="cell")
    long = long.set_index("line").rename_axis(None)  # each cell's index: the line it was read from
    parts = long["cell"].str.extract(_CELL)
    bad = parts["num"].isna()
    if bad.any():
        at = bad.to_numpy().argmax()
        raise SourceError(
            path,
            f"line {long.index[at]}: {int(bad.sum())} cells are not 'number [flags]' or ':' "
            f"(e.g. {long['cell'].iat[at]!r} for {long['year'].iat[at].strip()}; a line cut short?)",
        )
    long["year"] = long["year"].map(years).astype("int16")
    long["value"] = pd.to_numeric(parts["num"].where(parts["num"] != ":"), errors="raise").astype("float64")
    long["flag"] = parts["flag"].fillna("")
    return long.drop(columns=["cell"])


def parse_data_explorer_csv(path: Path) -> pd.DataFrame:
    """Old Eurostat Data Explorer CSV (`TIME,GEO,...,Value`, ':' missing, ',' thousands)."""
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise SourceError(path, "file not found") from None
    except Exception as exc:
        raise SourceError(path, f"not a CSV table ({exc})") from None
    return data_explorer_frame(df, path)


def data_explorer_frame(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    """A Data Explorer CSV read as text -> the long shape of parse_bulk_tsv."""
    need = {"TIME", "GEO", "Value"}
    if not need <= set(df.columns):
        raise SourceError(path, f"columns {sorted(need - set(df.columns))} missing; found {list(df.columns)}")
    val = df["Value"].str.replace(",", "", regex=False).str.strip()
    num = pd.to_numeric(val.where(val != ":"), errors="coerce")
    bad = num.isna() & (val != ":")
    if bad.any():
        raise SourceError(
            path, f"{int(bad.sum())} values are neither numbers nor ':' (e.g. {df.loc[bad, 'Value'].iloc[0]!r})"
        )
    if not df["TIME"].str.fullmatch(r"\d{4}").all():
        raise SourceError(path, "TIME column has values that are not years")
    out = df.drop(columns=["Value"]).rename(columns={"TIME": "year", "GEO": "geo"})
    out.columns = [c.lower() for c in out.columns]
    out["year"] = out["year"].astype("int16")
    out["value"] = num.astype("float64")
    out["flag"] = ""
    return out
