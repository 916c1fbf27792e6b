"""The only way to run SQL: `query("name", **params)` runs queries/<name>.sql with bound parameters.

Each result carries the sources it was read from (`sources_of(df)`), declared in the query's header
(`-- Sources: wmd2024, naturalearth`; `[source_id]` adds the ids found in that column of the result),
so a citation line built from the frame cannot lose its source.

The warehouse's Parquet files are loaded once into an in-process DuckDB database (a few MB), so
queries take milliseconds. Each call uses its own cursor: Streamlit runs scripts on many threads.
"""

from __future__ import annotations

import re
import threading
from functools import cache, lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from . import paths

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_SOURCES = re.compile(r"^--\s*Sources:\s*(.+)$", re.MULTILINE | re.IGNORECASE)
SOURCES_ATTR = "sources"  # DataFrame.attrs key holding the source ids of a result


class WarehouseError(RuntimeError):
    """The warehouse is missing or unreadable. The message says how to rebuild it."""


_lock = threading.Lock()
_con: duckdb.DuckDBPyConnection | None = None
_con_dir: Path | None = None
_generation = 0  # bumped whenever the warehouse is (re)opened: a key for caches of derived results


def _connect(warehouse: Path) -> duckdb.DuckDBPyConnection:
    files = sorted(warehouse.glob("*.parquet"))
    if not files:
        raise WarehouseError(f"No data warehouse found in {warehouse}. Rebuild it with: python -m minedash ingest")
    con = duckdb.connect(":memory:")
    for f in files:
        try:
            con.execute(f"create table {f.stem} as select * from read_parquet(?)", [str(f)])
        except duckdb.Error as exc:
            raise WarehouseError(
                f"The warehouse file {f.name} is damaged ({str(exc).splitlines()[0]}). "
                "Rebuild it with: python -m minedash ingest"
            ) from None
    for view in sorted(paths.VIEWS_DIR.glob("*.sql")):  # derived views the queries share (no parameters)
        con.execute(f"create view {view.stem} as {_strip_comments(view.read_text(encoding='utf-8'))}")
    return con


def connection() -> duckdb.DuckDBPyConnection:
    """A fresh cursor on the shared warehouse database (thread-safe to use from one thread)."""
    global _con, _con_dir, _generation
    with _lock:
        if _con is None or _con_dir != paths.WAREHOUSE_DIR:
            _con, _con_dir = _connect(paths.WAREHOUSE_DIR), paths.WAREHOUSE_DIR
            _generation += 1
        return _con.cursor()


def generation() -> int:
    """Which opening of the warehouse is current; derived results cached elsewhere are keyed on it."""
    connection().close()
    return _generation


def _strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())


@cache
def sql_text(name: str) -> str:
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise ValueError(f"bad query name {name!r}")
    path = paths.QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise ValueError(f"no query file queries/{name}.sql")
    return path.read_text(encoding="utf-8")


def parameters(name: str) -> set[str]:
    """The $parameters a query takes (comments excluded)."""
    return set(_PARAM.findall(_strip_comments(sql_text(name))))


@cache
def declared_sources(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(source ids, columns holding source ids) from the query's `-- Sources:` header line."""
    m = _SOURCES.search(sql_text(name))
    if not m:
        raise ValueError(f"queries/{name}.sql has no '-- Sources:' header line")
    items = [s.strip() for s in m.group(1).split(",") if s.strip()]
    return (tuple(s for s in items if not s.startswith("[")), tuple(s.strip("[]") for s in items if s.startswith("[")))


def _freeze(v):
    return tuple(v) if isinstance(v, (list, set)) else v


@lru_cache(maxsize=512)
def _cached(name: str, frozen: tuple) -> pd.DataFrame:
    params = {k: list(v) if isinstance(v, tuple) else v for k, v in frozen}
    cur = connection()
    try:
        df = cur.execute(sql_text(name), params).df()
    finally:
        cur.close()
    ids, columns = declared_sources(name)
    per_row = [s for c in columns if c in df.columns for s in df[c].dropna().unique()]
    df.attrs[SOURCES_ATTR] = tuple(dict.fromkeys([*ids, *per_row]))
    return df


def query(name: str, **params) -> pd.DataFrame:
    """Run queries/<name>.sql with bound $parameters; results are cached by name and parameters (bounded).
    The frame's attrs carry the source ids it was read from (see sources_of)."""
    expected = parameters(name)
    if set(params) != expected:
        raise TypeError(f"query {name!r} takes {sorted(expected)}, got {sorted(params)}")
    return _cached(name, tuple(sorted((k, _freeze(v)) for k, v in params.items()))).copy()


def sources_of(*frames: pd.DataFrame) -> list[str]:
    """The source ids the frames were read from: what their queries declared, plus any `source_id` column."""
    ids: list[str] = []
    for df in frames:
        ids += list(df.attrs.get(SOURCES_ATTR, ()))
        if "source_id" in df.columns:
            ids += [s for s in df["source_id"].dropna().unique() if isinstance(s, str)]
    return list(dict.fromkeys(ids))


def with_sources(df: pd.DataFrame, *frames: pd.DataFrame) -> pd.DataFrame:
    """`df` (derived from `frames`) carrying their sources: for results of merges and reshaping,
    where pandas does not keep attrs."""
    df.attrs[SOURCES_ATTR] = tuple(sources_of(*frames))
    return df


def table_names() -> list[str]:
    """The warehouse tables (one a Parquet file), as loaded."""
    cur = connection()
    try:
        rows = cur.execute("select table_name from information_schema.tables where table_type = 'BASE TABLE'")
        return sorted(r[0] for r in rows.fetchall())
    finally:
        cur.close()


def table(name: str) -> pd.DataFrame:
    """A whole warehouse table, for downloads. The name is checked against the known tables before it
    is quoted into the SQL (identifiers cannot be bound parameters); anything else raises ValueError."""
    if name not in table_names():
        raise ValueError(f"no warehouse table {name!r}")
    cur = connection()
    try:
        return cur.execute(f'select * from "{name}"').df()
    finally:
        cur.close()


def reset() -> None:
    """Forget the connection and cached results (after a rebuild, or in tests)."""
    global _con
    with _lock:
        _con = None
    _cached.cache_clear()
    sql_text.cache_clear()
    declared_sources.cache_clear()
