"""Trust nothing read from disk: the warehouse is checked against its manifest before a query reads it.

The manifest (data/warehouse/manifest.json, written by the ingest together with the Parquet files) records each
table's file, sha256 and schema, and the checksums of the map outlines in static/geo. A table is sound when its file
is there with that checksum and schema. A query that needs a table that is not sound raises WarehouseError naming
the table and the rebuild command; the shell shows it as the page's one message, and pages that do not need the
table keep working. Each file is checked once, and again whenever it changes on disk (size, time, inode), so a file
damaged on a running server is caught by the first query that needs it a second later (RECHECK_S).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from pathlib import Path

import pyarrow.parquet as pq

from ..i18n import N_, Later
from . import paths

REBUILD = "python -m minedash ingest"
_HEX64 = re.compile(r"[0-9a-f]{64}")
_NAME = re.compile(r"[a-z0-9_]+")


class WarehouseError(RuntimeError):
    """The warehouse (or a table of it, or the map outlines) is missing, damaged or does not match its manifest.
    The message names what and says how to rebuild; `table` is the table or outline file concerned (None: all)."""

    def __init__(self, message: str, table: str | None = None):
        super().__init__(message)
        self.table = table


_lock = threading.Lock()
_manifests: dict[Path, tuple] = {}  # manifest path -> (stat, manifest or None, problem or None)
_files: dict[tuple, tuple] = {}  # (file, expected sha256) -> (stat, problem or None)
_stats: dict[Path, tuple] = {}  # path -> (when looked, stat or None)
_sound: dict[tuple, tuple] = {}  # (warehouse, outlines folder) -> (when, sound())
# A page asks about the same files dozens of times a run, and a room of sessions asks together: a file's state is
# looked up at most this often (seconds), so a file changed on a running server is noticed within this time.
RECHECK_S = 1.0


def file_state(path: Path) -> tuple | None:
    """(size, mtime, inode) of the file, or None when it is not there; looked up at most once per RECHECK_S."""
    now = time.monotonic()
    seen = _stats.get(path)
    if seen and now - seen[0] < RECHECK_S:
        return seen[1]
    try:
        st = path.stat()
        found = st.st_size, st.st_mtime_ns, st.st_ino
    except OSError:
        found = None
    _stats[path] = (now, found)
    return found


def _shape_problem(m) -> str | None:
    """Why a parsed manifest cannot be trusted, or None."""
    if not isinstance(m, dict) or not isinstance(m.get("tables"), dict) or not m["tables"]:
        return Later(N_("it does not list the tables"))
    for name, t in m["tables"].items():
        if not (
            _NAME.fullmatch(str(name))
            and isinstance(t, dict)
            and t.get("file") == f"{name}.parquet"
            and isinstance(t.get("sha256"), str)
            and _HEX64.fullmatch(t["sha256"])
            and isinstance(t.get("schema"), dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in t["schema"].items())
            and isinstance(t.get("rows"), int)
        ):
            return Later(N_("its entry for table {name} is malformed"), name=repr(str(name)[:40]))
    geo = m.get("geo")
    if not isinstance(geo, dict) or not all(
        isinstance(g, dict) and isinstance(g.get("sha256"), str) and _HEX64.fullmatch(g["sha256"]) for g in geo.values()
    ):
        return Later(N_("its list of map outlines is malformed"))
    if not isinstance(m.get("sources"), list) or not all(isinstance(s, dict) for s in m["sources"]):
        return Later(N_("its list of sources is malformed"))
    return None


def _load(path: Path) -> tuple[dict | None, str | None]:
    st = file_state(path)
    cached = _manifests.get(path)
    if cached and cached[0] == st:
        return cached[1], cached[2]
    m, problem = None, None
    if st is None:
        problem = Later(N_("there is no manifest ({file} in {folder})"), file=path.name, folder=path.parent)
    else:
        try:
            m = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            problem = Later(N_("its manifest cannot be read ({why})"), why=str(exc)[:80])
        else:
            shape = _shape_problem(m)
            problem = Later(N_("its manifest is not one the ingest writes: {what}"), what=shape) if shape else None
    _manifests[path] = (st, None if problem else m, problem)
    return _manifests[path][1], problem


def manifest() -> dict:
    """The warehouse's manifest, checked for shape; WarehouseError when it is missing or not to be trusted."""
    with _lock:
        m, problem = _load(paths.WAREHOUSE_DIR / paths.MANIFEST_NAME)
    if problem:
        raise WarehouseError(
            Later(
                N_("The data warehouse cannot be checked: {problem}. Rebuild it with: {command}"),
                problem=problem,
                command=REBUILD,
            )
        )
    return m


def _file_problem(path: Path, sha: str, schema: dict[str, str] | None) -> str | None:
    st = file_state(path)
    if st is None:
        return Later(N_("is missing"))
    key = (path, sha)
    cached = _files.get(key)
    if cached and cached[0] == st:
        return cached[1]
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    problem = None
    if h.hexdigest() != sha:
        problem = Later(N_("does not match the manifest (its checksum differs)"))
        if schema is not None:
            try:
                found = {f.name: str(f.type) for f in pq.read_schema(path)}
            except Exception:  # pyarrow raises several types for a damaged file
                problem = Later(N_("is damaged or cut short (not a readable Parquet file)"))
            else:
                if found != schema:
                    odd = sorted(set(found.items()) ^ set(schema.items()))[:3]
                    problem = Later(
                        N_("has another schema than the manifest records (e.g. {columns})"),
                        columns=", ".join(f"{k} {v}" for k, v in odd),
                    )
    _files[key] = (st, problem)
    return problem


def table_problem(name: str) -> str | None:
    """What is wrong with warehouse table `name` (missing, damaged, wrong schema, unknown), or None if sound."""
    entry = manifest()["tables"].get(name)
    if entry is None:
        return Later(N_("is not in the warehouse manifest"))
    with _lock:
        return _file_problem(paths.WAREHOUSE_DIR / entry["file"], entry["sha256"], entry["schema"])


def problems() -> dict[str, str]:
    """Every table that is not sound, with what is wrong."""
    return {name: p for name in manifest()["tables"] if (p := table_problem(name))}


def require(tables) -> None:
    """Raise WarehouseError for the first of `tables` that is not sound; the message names it and the fix."""
    for name in sorted(tables):
        problem = table_problem(name)
        if problem:
            raise WarehouseError(
                Later(
                    N_(
                        "The warehouse table “{name}” {problem}. What needs it cannot be shown until the warehouse is "
                        "rebuilt with: {command}"
                    ),
                    name=name,
                    problem=problem,
                    command=REBUILD,
                ),
                table=name,
            )


def checksums(tables) -> tuple[str, ...]:
    """The recorded sha256 of each of `tables` (sorted): a key that changes exactly when their content does."""
    recorded = manifest()["tables"]
    return tuple(recorded[t]["sha256"] for t in sorted(tables))


def require_geo(filename: str) -> None:
    """Raise WarehouseError unless static/geo/`filename` is there and is the one the manifest records."""
    entry = manifest()["geo"].get(filename)
    problem = Later(N_("is not in the warehouse manifest")) if entry is None else None
    if entry is not None:
        with _lock:
            problem = _file_problem(paths.STATIC_GEO_DIR / filename, entry["sha256"], None)
    if problem:
        raise WarehouseError(
            Later(
                N_(
                    "The map outlines static/geo/{file} {problem}. Maps cannot be drawn until the warehouse is "
                    "rebuilt with: {command}"
                ),
                file=filename,
                problem=problem,
                command=REBUILD,
            ),
            table=filename,
        )


def sound() -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """((table, sha256) of every sound table, the sound outline files in static/geo), from one reading of the
    manifest: db.generation asks it for every chart and query, so it stays a stat per file."""
    with _lock:
        seen = _sound.get((paths.WAREHOUSE_DIR, paths.STATIC_GEO_DIR))
        if seen and time.monotonic() - seen[0] < RECHECK_S:
            return seen[1]
    m = manifest()
    with _lock:
        tables = tuple(
            (name, t["sha256"])
            for name, t in sorted(m["tables"].items())
            if _file_problem(paths.WAREHOUSE_DIR / t["file"], t["sha256"], t["schema"]) is None
        )
        geo = tuple(
            name
            for name, g in sorted(m["geo"].items())
            if _file_problem(paths.STATIC_GEO_DIR / name, g["sha256"], None) is None
        )
        _sound[paths.WAREHOUSE_DIR, paths.STATIC_GEO_DIR] = (time.monotonic(), (tables, geo))
    return tables, geo


def forget() -> None:
    """Drop what was checked (tests that rewrite files within one clock tick)."""
    with _lock:
        _manifests.clear()
        _files.clear()
        _stats.clear()
        _sound.clear()
