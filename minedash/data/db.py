"""The only way to run SQL: `query("name", **params)` runs queries/<name>.sql with bound parameters.

Each result carries the sources it was read from (`sources_of(df)`), declared in the query's header
(`-- Sources: wmd2024, naturalearth`; `[source_id]` adds the ids found in that column of the result),
so a citation line built from the frame cannot lose its source.

DuckDB queries the warehouse's large Parquet files in place (a view a file), so a process's memory does not grow
with the warehouse: every app process reads the same read-only files, and DuckDB's buffers are bounded
(MEMORY_LIMIT). Small lookup tables are held in memory (IN_MEMORY_BELOW). Each call uses its own cursor: Streamlit
runs scripts on many threads.

Nothing is read unchecked: a query first asks `verify` whether the tables it reads match the manifest, and raises
WarehouseError naming the table when one does not (the shell shows it as the page's message); a damaged table is
never opened, so the others keep working. Results are cached by the checksums of the tables they read.

A process serves the warehouse it opened, never half of a new one: it remembers the checksum of the manifest
(the ingest writes it with the Parquet files, as one unit) and refuses to read on once the manifest changes
(WarehouseChanged); a new warehouse reaches a server by restarting it (a new image or volume for replicas).
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import tempfile
import threading
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from ..i18n import N_, Later
from . import paths, verify
from .memo import memo, while_blocked
from .verify import WarehouseError

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_SOURCES = re.compile(r"^--\s*Sources:\s*(.+)$", re.MULTILINE | re.IGNORECASE)
SOURCES_ATTR = "sources"  # DataFrame.attrs key holding the source ids of a result


MEMORY_LIMIT = "512MB"  # DuckDB's buffers per process (it spills or streams beyond); the warehouse stays on disk
# A table whose file is smaller is held in memory: opening a Parquet scan cost more than reading the table (regions,
# indicators and the other lookup tables: 13 MB in all). Larger ones, the observations above all, are read in place,
# so a process's memory does not grow with them.
IN_MEMORY_BELOW = 1 << 20
QUERY_BUDGET = 64 << 20  # bytes of cached query results a process keeps (least recently used go first)


class WarehouseChanged(WarehouseError):
    """The warehouse on disk is not the one this process opened: restart to serve the new one."""


_lock = threading.Lock()
_con: duckdb.DuckDBPyConnection | None = None
_con_dir: Path | None = None
_loaded: frozenset = frozenset()  # (table, sha256) of the tables the connection reads
_manifest: tuple[Path, tuple, str] | None = None  # (path, (mtime, size), sha256) of the manifest at opening
_pinned: list = []  # the warehouse files as opened: a warehouse swapped in on disk does not change what is read


def _fingerprint(path: Path) -> tuple:
    try:
        st = path.stat()
        return st.st_mtime_ns, st.st_size
    except OSError:
        return ()


def _checksum(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def manifest_checksum() -> str:
    """sha256 of the manifest this process opened the warehouse with ("" without a manifest)."""
    connection().close()
    return _manifest[2] if _manifest else ""


def _check_unchanged() -> None:
    """Raise WarehouseChanged if the manifest on disk is no longer the one the warehouse was opened with (a cheap
    stat first; the checksum only when the file was touched)."""
    if _manifest is None:
        return
    path, seen, sha = _manifest
    if _fingerprint(path) != seen and _checksum(path) != sha:
        raise WarehouseChanged(
            Later(
                N_(
                    "The data warehouse was replaced while this server was running ({file} changed). This server "
                    "keeps no half-old, half-new data: restart it to serve the new warehouse."
                ),
                file=paths.MANIFEST_NAME,
            )
        )


def _sound() -> tuple[tuple[str, str], ...]:
    """(table, sha256) of every table that matches the manifest now."""
    return verify.sound()[0]


def _connect(warehouse: Path, sound: tuple) -> duckdb.DuckDBPyConnection:
    """Open the sound tables; a table that is missing or damaged is left out, so only what needs it fails, with a
    message naming it (see verify)."""
    spill = str(Path(tempfile.gettempdir()) / "minedash-duckdb")  # never the working folder: read-only in a container
    config = {"memory_limit": MEMORY_LIMIT, "enable_object_cache": True, "temp_directory": spill}
    con = duckdb.connect(":memory:", config=config)
    _unpin()
    fd_dir = next((d for d in ("/proc/self/fd", "/dev/fd") if Path(d).is_dir()), None)
    for name, _ in sound:
        f = warehouse / f"{name}.parquet"
        try:
            # A view reads the file where it is (Parquet metadata cached), through a descriptor opened now where the
            # system has them: the ingest swaps a new warehouse folder in, and this process keeps reading the files
            # it opened until it restarts. A path cannot be a bound parameter; it comes from the warehouse folder
            # (or is a descriptor number), never from a user, and is quoted as a literal.
            path = str(f)
            if fd_dir:
                _pinned.append(open(f, "rb"))  # noqa: SIM115 - held open for the life of the connection
                path = f"{fd_dir}/{_pinned[-1].fileno()}"
            path = path.replace("'", "''")
            kind = "table" if f.stat().st_size < IN_MEMORY_BELOW else "view"
            con.execute(f"create {kind} {name} as select * from read_parquet('{path}')")
            con.execute(f"select * from {name} limit 0")  # a file damaged since it was checked fails here
        except (OSError, duckdb.Error) as exc:
            raise WarehouseError(
                Later(
                    N_("The warehouse file {file} is damaged ({why}). Rebuild it with: {command}"),
                    file=f.name,
                    why=str(exc).splitlines()[0],
                    command=verify.REBUILD,
                ),
                table=name,
            ) from None
    for view in sorted(paths.VIEWS_DIR.glob("*.sql")):  # derived views the queries share (no parameters)
        # A table it reads may have been left out: queries through the view then fail in verify, naming it.
        with contextlib.suppress(duckdb.CatalogException):
            con.execute(f"create view {view.stem} as {_strip_comments(view.read_text(encoding='utf-8'))}")
    return con


def _unpin() -> None:
    while _pinned:
        _pinned.pop().close()


def connection() -> duckdb.DuckDBPyConnection:
    """A fresh cursor on the shared warehouse database (thread-safe to use from one thread). Reopened when a sound
    table of the same warehouse is not open as it is now (a repaired file); a table damaged since it was opened is
    refused by verify for the queries that need it; a new manifest raises WarehouseChanged."""
    global _con, _con_dir, _loaded, _manifest
    with _lock:
        if _con is not None and _con_dir == paths.WAREHOUSE_DIR:
            _check_unchanged()
    sound = _sound()
    with _lock:
        if _con is None or _con_dir != paths.WAREHOUSE_DIR or not set(sound) <= _loaded:
            manifest = paths.WAREHOUSE_DIR / paths.MANIFEST_NAME
            seen, sha = _fingerprint(manifest), _checksum(manifest)
            _con, _con_dir, _loaded = _connect(paths.WAREHOUSE_DIR, sound), paths.WAREHOUSE_DIR, frozenset(sound)
            _manifest = (manifest, seen, sha) if sha else None
        return _con.cursor()


def generation() -> tuple:
    """A key for caches of derived results: the sound tables and their checksums, and the sound map outlines. It
    changes with a rebuild, and when a file is damaged (so a result derived from it is computed again, and fails
    with a message naming it)."""
    return verify.sound()


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


@cache
def tables_read(name: str) -> frozenset[str]:
    """The warehouse tables queries/<name>.sql reads, through the shared views too (CTE names are not tables)."""
    views = {p.stem: p for p in paths.VIEWS_DIR.glob("*.sql")}

    def read(sql: str) -> set[str]:
        names = set(re.findall(r"\b(?:from|join)\s+([a-z_][a-z0-9_]*)", _strip_comments(sql)))
        out = names & set(verify.manifest()["tables"])
        for view in names & set(views):
            out |= read(views[view].read_text(encoding="utf-8"))
        return out

    return frozenset(read(sql_text(name)))


def _frame_bytes(df: pd.DataFrame) -> int:
    # The columns' own sizes: Arrow-backed strings report their buffers (memory_usage(deep=True) took 2 ms a frame).
    return sum(column.nbytes for _, column in df.items())


# Bounded by memory, not by count: a room clicking around runs about a thousand queries in two minutes, and with
# room for 256 results a fifth of them were runs of a query evicted before. A NUTS 3 result is a few MB at most.
@memo(16384, weigh=_frame_bytes, budget=QUERY_BUDGET)
def _cached(name: str, frozen: tuple, checksums: tuple) -> pd.DataFrame:
    """`checksums` (of the tables the query reads) is part of the key: a rebuild that changes them is a miss."""
    params = {k: list(v) if isinstance(v, tuple) else v for k, v in frozen}
    cur = connection()
    try:
        _check_unchanged()
        with while_blocked():  # DuckDB runs the query without Python's lock: another page run may go on meanwhile
            cur.execute(sql_text(name), params)
        df = cur.df()  # Python work (pandas): done holding the turn again
    except (duckdb.CatalogException, duckdb.IOException) as exc:  # a table changed between check and read
        raise WarehouseError(
            Later(
                N_("The warehouse could not answer {query} ({why}). Rebuild it with: {command}"),
                query=name,
                why=str(exc).splitlines()[0][:120],
                command=verify.REBUILD,
            )
        ) from None
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
    tables = tables_read(name)
    verify.require(tables)
    frozen = tuple(sorted((k, _freeze(v)) for k, v in params.items()))
    # A shallow copy: pandas copies on write, so a caller that changes its frame never changes the cached one.
    return _cached(name, frozen, verify.checksums(tables)).copy(deep=False)


def sources_of(*frames: pd.DataFrame) -> list[str]:
    """The source ids the frames were read from: what their queries declared, plus any `source_id` column."""
    ids: list[str] = []
    for df in frames:
        ids += list(df.attrs.get(SOURCES_ATTR, ()))
        if "source_id" in df.columns:
            ids += [s for s in df["source_id"].unique() if isinstance(s, str)]  # (not NaN: cheaper than dropna)
    return list(dict.fromkeys(ids))


def with_sources(df: pd.DataFrame, *frames: pd.DataFrame) -> pd.DataFrame:
    """`df` (derived from `frames`) carrying their sources: for results of merges and reshaping,
    where pandas does not keep attrs."""
    df.attrs[SOURCES_ATTR] = tuple(sources_of(*frames))
    return df


def table_names() -> list[str]:
    """The sound warehouse tables (one a Parquet file each); `verify.problems()` says what is wrong with the others."""
    return [name for name, _sha in _sound()]


def table(name: str) -> pd.DataFrame:
    """A whole warehouse table, for downloads. The name is checked against the known tables before it
    is quoted into the SQL (identifiers cannot be bound parameters); anything else raises ValueError."""
    if name not in verify.manifest()["tables"]:
        raise ValueError(f"no warehouse table {name!r}")
    verify.require([name])
    cur = connection()
    try:
        _check_unchanged()
        return cur.execute(f'select * from "{name}"').df()
    finally:
        cur.close()


def reset() -> None:
    """Forget the connection, what was checked and cached results (after a rebuild, or in tests)."""
    global _con, _manifest
    with _lock:
        _con, _manifest = None, None
        _unpin()
    verify.forget()
    _cached.cache_clear()
    sql_text.cache_clear()
    declared_sources.cache_clear()
    tables_read.cache_clear()
