"""The only way to run SQL: `query("name", **params)` runs queries/<name>.sql with bound parameters.

The warehouse's Parquet files are loaded once into an in-process DuckDB database (a few MB), so
queries take milliseconds. Each call uses its own cursor: Streamlit runs scripts on many threads.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from . import paths

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


class WarehouseError(RuntimeError):
    """The warehouse is missing or unreadable. The message says how to rebuild it."""


_lock = threading.Lock()
_con: duckdb.DuckDBPyConnection | None = None
_con_dir: Path | None = None


def _connect(warehouse: Path) -> duckdb.DuckDBPyConnection:
    files = sorted(warehouse.glob("*.parquet"))
    if not files:
        raise WarehouseError(f"No data warehouse found in {warehouse}. Rebuild it with: python -m minedash ingest")
    con = duckdb.connect(":memory:")
    for f in files:
        try:
            con.execute(f"create table {f.stem} as select * from read_parquet(?)", [str(f)])
        except duckdb.Error as exc:
            raise WarehouseError(f"The warehouse file {f.name} is damaged ({str(exc).splitlines()[0]}). "
                                 "Rebuild it with: python -m minedash ingest") from None
    return con


def connection() -> duckdb.DuckDBPyConnection:
    """A fresh cursor on the shared warehouse database (thread-safe to use from one thread)."""
    global _con, _con_dir
    with _lock:
        if _con is None or _con_dir != paths.WAREHOUSE_DIR:
            _con, _con_dir = _connect(paths.WAREHOUSE_DIR), paths.WAREHOUSE_DIR
        return _con.cursor()


@lru_cache(maxsize=None)
def sql_text(name: str) -> str:
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise ValueError(f"bad query name {name!r}")
    path = paths.QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise ValueError(f"no query file queries/{name}.sql")
    return path.read_text(encoding="utf-8")


def parameters(name: str) -> set[str]:
    """The $parameters a query takes (comments excluded)."""
    body = "\n".join(line.split("--", 1)[0] for line in sql_text(name).splitlines())
    return set(_PARAM.findall(body))


def _freeze(v):
    return tuple(v) if isinstance(v, (list, set)) else v


@lru_cache(maxsize=512)
def _cached(name: str, frozen: tuple) -> pd.DataFrame:
    params = {k: list(v) if isinstance(v, tuple) else v for k, v in frozen}
    cur = connection()
    try:
        return cur.execute(sql_text(name), params).df()
    finally:
        cur.close()


def query(name: str, **params) -> pd.DataFrame:
    """Run queries/<name>.sql with bound $parameters; results are cached by name and parameters."""
    expected = parameters(name)
    if set(params) != expected:
        raise TypeError(f"query {name!r} takes {sorted(expected)}, got {sorted(params)}")
    return _cached(name, tuple(sorted((k, _freeze(v)) for k, v in params.items()))).copy()


def table_names() -> list[str]:
    """The warehouse tables (one a Parquet file), as loaded."""
    cur = connection()
    try:
        return sorted(r[0] for r in cur.execute("select table_name from information_schema.tables").fetchall())
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
