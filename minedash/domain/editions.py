"""Monitoring editions: the progress scorecard frozen into data/monitoring/<period>.json, never rewritten.

`python -m minedash edition --period 2026-H2 [--force]`. A second freeze of a period is refused unless --force,
and then the old file is kept as <period>.superseded-<n>.json.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from .. import i18n
from ..data import db, paths
from ..data.memo import memo
from ..i18n import N_, _
from . import benchmarks as bm
from . import progress
from .vocabulary import term

MONITORING_DIR = paths.DATA_DIR / "monitoring"
PERIOD = re.compile(r"([0-9]{4})-H([12])", re.ASCII)  # ASCII digits only, matched whole (no trailing newline)
EDITION_FILE = re.compile(r"[0-9]{4}-H[12]\.json", re.ASCII)
SCHEMA = 1
MAX_BYTES = 10_000_000  # an edition is about 0.1 MB; a larger file is not read


class EditionError(ValueError):
    """A bad period, or an edition that exists already."""


def check_period(period: str) -> str:
    m = PERIOD.fullmatch(period) if isinstance(period, str) else None
    if not m or not 2000 <= int(m.group(1)) <= 2100:
        raise EditionError(f"period {period!r} is not of the form YYYY-H1 or YYYY-H2 (e.g. 2026-H2)")
    return period


# What an edition file must hold (the app reads them from disk and trusts nothing): field -> what it must be.
# A check is a type tuple, or a function returning why a value is wrong (None when it is right).
_TEXT, _OPT_TEXT = (str,), (str, type(None))


def _number(v, *, null: bool = True, low: float = -math.inf, high: float = math.inf) -> str | None:
    if v is None and null:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or not low <= v <= high:
        return f"is {v!r:.40}, not a number{' or null' if null else ''} from {low} to {high}"
    return None


_NUM = lambda v: _number(v)  # noqa: E731
_YEAR = lambda v: _number(v, low=1990, high=2100)  # noqa: E731
SCORECARD_ROW = {
    **dict.fromkeys(("member", "region_name", "indicator_id", "indicator", "unit", "figures_for"), _TEXT),
    **dict.fromkeys(("comparison", "trend", "source_id"), _TEXT),
    **dict.fromkeys(("baseline_year", "latest_year"), _YEAR),
    **dict.fromkeys(("baseline_value", "latest_value", "change_pct", "country_change_pct", "eu_change_pct"), _NUM),
    "flags": _OPT_TEXT,
    "note": _OPT_TEXT,
}
BENCHMARK_ROW = {
    **dict.fromkeys(("material_id", "material", "benchmark_id", "direction", "symbol", "cell"), _TEXT),
    "target_pct": lambda v: _number(v, null=False, low=0, high=100),
    "value_pct": lambda v: _number(v, low=0, high=100),
    "detail": _OPT_TEXT,
    "data_year": _YEAR,
    "has_stage_data": (bool,),
    "status": lambda v: None if isinstance(v, str) and v in bm.STATUS else f"is not one of {sorted(bm.STATUS)}",
}
SOURCE_ROW = {
    **dict.fromkeys(("source_id", "title", "publisher", "url", "licence", "vintage"), _TEXT),
    "dataset_code": _OPT_TEXT,
}


def _datetime(v) -> str | None:
    try:
        datetime.fromisoformat(v)
    except (TypeError, ValueError):
        return "is not a date and time (ISO 8601)"
    return None


def _rows(spec: dict, *, empty_ok: bool, unique: tuple[str, ...]):
    """A check for a list of rows: each an object with the fields of `spec` (a type tuple, or a function saying why
    a value is wrong), no two rows with the same `unique` fields."""

    def check(v) -> str | None:
        if not isinstance(v, list) or (not v and not empty_ok):
            return "is not a list of rows" if empty_ok else "is not a non-empty list of rows"
        seen = set()
        for i, row in enumerate(v):
            if not isinstance(row, dict):
                return f"row {i + 1} is not an object"
            for k, test in spec.items():
                if k not in row:
                    return f"row {i + 1} lacks {k!r}"
                value = row[k]
                if callable(test):
                    why = test(value)
                elif not isinstance(value, test) or (isinstance(value, bool) and bool not in test):
                    why = f"is {type(value).__name__}, not {' or '.join(_names(test))}"
                else:
                    why = None
                if why:
                    return f"row {i + 1}: {k!r} {why}"
            key = tuple(row[k] for k in unique)
            if key in seen:
                return f"row {i + 1} repeats {', '.join(unique)} {key}"
            seen.add(key)
        return None

    return check


def _names(types: tuple) -> list[str]:
    return [
        "null" if t is type(None) else {"str": "text", "float": "number", "int": "number"}.get(t.__name__, t.__name__)
        for t in types
    ]


EDITION = {  # field -> (check, required)
    "period": (lambda v: None if isinstance(v, str) and PERIOD.fullmatch(v) else "is not YYYY-H1 or YYYY-H2", True),
    "schema": (lambda v: None if v == SCHEMA else f"is not {SCHEMA}", False),
    "frozen_at": (_datetime, True),
    "warehouse_sha256": (
        lambda v: None if isinstance(v, str) and re.fullmatch(r"[0-9a-f]{64}", v) else "is not a sha256 checksum",
        True,
    ),
    "baseline_year": (lambda v: _number(v, null=False, low=1990, high=2100), False),
    "sources": (_rows(SOURCE_ROW, empty_ok=True, unique=("source_id",)), True),
    "scorecard": (_rows(SCORECARD_ROW, empty_ok=False, unique=("member", "indicator_id")), True),
    "benchmarks": (_rows(BENCHMARK_ROW, empty_ok=True, unique=("material", "benchmark_id")), False),
}


def check(edition, name: str) -> str | None:
    """Why an edition read from file `name` cannot be used (the first thing wrong), or None when it is sound."""
    if not isinstance(edition, dict):
        return f"it holds a JSON {type(edition).__name__ if edition is not None else 'null'}, not an edition"
    for key, (test, required) in EDITION.items():
        if key not in edition:
            if required:
                return f"{key!r} is missing"
            continue
        why = test(edition[key])
        if why:
            return f"{key!r} {why}"
    if f"{edition['period']}.json" != name:
        return f"its period {edition['period']} does not match the file name"
    return None


def warehouse_checksum() -> str:
    """sha256 over data/warehouse/*.parquet in name order, then the warehouse manifest."""
    h = hashlib.sha256()
    for f in [*sorted(paths.WAREHOUSE_DIR.glob("*.parquet")), paths.WAREHOUSE_DIR / paths.MANIFEST_NAME]:
        if f.is_file():
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def _records(df: pd.DataFrame) -> list[dict]:
    # NaN -> null so the JSON is valid and missing stays missing.
    return json.loads(df.to_json(orient="records", force_ascii=False))


def build() -> dict:
    card = progress.live_scorecard()
    series, _ = progress.trajectory_data()
    own = series[series["comparison"].isin(["region", "nuts2 parent"])]  # what the trajectories draw
    src = db.query("sources")
    used = sorted(set(card["source_id"]) | {"s3_partnership"})
    return {
        "schema": SCHEMA,
        "frozen_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "warehouse_sha256": warehouse_checksum(),
        "baseline_year": progress.BASELINE_YEAR,
        "sources": _records(
            src[src["source_id"].isin(used)][
                ["source_id", "title", "publisher", "dataset_code", "url", "licence", "vintage"]
            ]
        ),
        "scorecard": _records(card),
        "benchmarks": _records(bm.status_table(db.query("benchmark_status"))),
        "trajectories": _records(own),
    }


def freeze(period: str, *, force: bool = False, directory: Path | None = None) -> Path:
    """Write the live scorecard as edition `period`; refuse to overwrite unless force (the old file is kept).
    The new edition is complete on disk before the old one is moved aside: a failed write (a full or read-only
    disk) leaves everything as it was and raises OSError."""
    check_period(period)
    d = Path(directory or MONITORING_DIR)
    target = d / f"{period}.json"
    if target.exists() and not force:
        raise EditionError(
            f"edition {period} exists already ({target.name}); editions are never rewritten. "
            "Use --force to freeze again and keep the old file alongside."
        )
    edition = {"period": period, **build()}
    d.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(json.dumps(edition, ensure_ascii=False, indent=1))
            f.flush()
            os.fsync(f.fileno())
        if target.exists():
            n = 1
            while (d / f"{period}.superseded-{n}.json").exists():
                n += 1
            target.rename(d / f"{period}.superseded-{n}.json")
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def list_editions(directory: Path | None = None) -> tuple[dict[str, dict], list[tuple[str, str]]]:
    """The sound editions by period, and the files that are not, each with why (skipped, never shown). Read and
    checked again only when a file changed (the Progress page asks on every run): callers must not modify them."""
    d = Path(directory or MONITORING_DIR)
    # superseded editions are kept for the record, not offered
    files = [f for f in sorted(d.glob("*.json")) if EDITION_FILE.fullmatch(f.name)] if d.is_dir() else []
    return _editions(d, tuple((f.name, _stamp(f)) for f in files))


def _stamp(path: Path) -> tuple | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


@memo(8)
def _editions(d: Path, files: tuple) -> tuple[dict[str, dict], list[tuple[str, str]]]:
    """list_editions of the files as they were when stamped (a file changed since is read again under its new stamp)."""
    good, damaged = {}, []
    for f in (d / name for name, _stamp in files):
        try:
            if f.stat().st_size > MAX_BYTES:
                raise ValueError(f"{f.stat().st_size / 1e6:.0f} MB, where an edition is well under 1 MB")
            ed = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            damaged.append((f.name, f"it cannot be read as JSON ({str(exc)[:60]})"))
            continue
        why = check(ed, f.name)
        if why:
            damaged.append((f.name, why))
        else:
            good[f.stem] = ed
    return good, damaged


def scorecard_frame(edition: dict) -> pd.DataFrame:
    df = pd.DataFrame(edition["scorecard"])
    missing = {
        "member",
        "indicator_id",
        "latest_year",
        "latest_value",
        "baseline_year",
        "baseline_value",
        "note",
    } - set(df.columns)
    if missing:
        raise KeyError(f"edition lacks {sorted(missing)}")
    return df


def trajectories(edition: dict) -> pd.DataFrame | None:
    """The series the edition's trajectories were drawn from, or None (editions frozen before they were kept)."""
    rows = edition.get("trajectories")
    return pd.DataFrame(rows) if rows else None


CHANGES = {  # translated where shown
    "new indicator": N_("new indicator"),
    "new projects": N_("new projects"),
    "facilities changed": N_("facilities changed"),
    "new data year": N_("new data year"),
    "revised figure": N_("revised figure"),
    "revised baseline": N_("revised baseline"),
}


def compare(previous: dict, current: pd.DataFrame) -> pd.DataFrame:
    """What changed from a previous edition: new data years, revised figures, new projects/facilities (in the view's
    language; the editions stay as written)."""
    old = scorecard_frame(previous).set_index(["member", "indicator_id"])
    new = current.set_index(["member", "indicator_id"])
    rows = []
    for key, n in new.iterrows():
        name = progress.region_text(n.get("region_name", key[0]), key[0])
        ind = term(n.get("indicator", key[1]))
        if key not in old.index:
            what = _(CHANGES["new indicator"])
            rows.append(dict(member=name, indicator=ind, change=what, before=None, after=_fmt(n["latest_value"])))
            continue
        o = old.loc[key]
        if n["comparison"] == "region" and pd.isna(n["latest_year"]) and key[1] in ("facilities", "strategic_projects"):
            if o["latest_value"] != n["latest_value"] or o["note"] != n["note"]:
                what = CHANGES["new projects" if key[1] == "strategic_projects" else "facilities changed"]
                before, after = progress.note_text(o["note"]), progress.note_text(n["note"])
                rows.append(dict(member=name, indicator=ind, change=_(what), before=before, after=after))
            continue
        if pd.notna(n["latest_year"]) and (pd.isna(o["latest_year"]) or n["latest_year"] > o["latest_year"]):
            rows.append(
                dict(
                    member=name,
                    indicator=ind,
                    change=_(CHANGES["new data year"]),
                    before=f"{_fmt(o['latest_value'])} ({_year(o['latest_year'])})",
                    after=f"{_fmt(n['latest_value'])} ({_year(n['latest_year'])})",
                )
            )
        elif n["latest_year"] == o["latest_year"] and not _same(n["latest_value"], o["latest_value"]):
            rows.append(
                dict(
                    member=name,
                    indicator=ind,
                    change=_(CHANGES["revised figure"]),
                    before=f"{_fmt(o['latest_value'])} ({_year(o['latest_year'])})",
                    after=f"{_fmt(n['latest_value'])} ({_year(n['latest_year'])})",
                )
            )
        if n["baseline_year"] == o["baseline_year"] and not _same(n["baseline_value"], o["baseline_value"]):
            rows.append(
                dict(
                    member=name,
                    indicator=ind,
                    change=_(CHANGES["revised baseline"]),
                    before=f"{_fmt(o['baseline_value'])} ({_year(o['baseline_year'])})",
                    after=f"{_fmt(n['baseline_value'])} ({_year(n['baseline_year'])})",
                )
            )
    return pd.DataFrame(rows, columns=["member", "indicator", "change", "before", "after"])


def _same(a, b) -> bool:
    if pd.isna(a) and pd.isna(b):
        return True
    return not (pd.isna(a) or pd.isna(b)) and abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)))


def _year(y) -> str:
    return "–" if pd.isna(y) else str(int(y))


def _fmt(v) -> str:
    if v is None or pd.isna(v):
        return _("no data")
    return i18n.number(round(float(v), 2))


def previous(editions: dict[str, dict], period: str | None) -> str | None:
    """The edition before `period` (None = the live data: the latest edition), or None."""
    older = [p for p in editions if period is None or p < period]
    return max(older) if older else None


def label(editions: dict[str, dict]):
    """The edition picker's wording: 'Live data (not frozen)' or 'Edition 2026-H2 (frozen 2026-11-02)'."""
    return lambda p: (
        _("Live data (not frozen)")
        if p not in editions
        else _("Edition {period} (frozen {day})").format(period=p, day=editions[p]["frozen_at"][:10])
    )


def describe(edition: dict | None) -> str:
    """One line on where the figures come from: the live warehouse, or a frozen edition and its checksum."""
    if edition is None:
        return _("Live figures from the current warehouse. Frozen editions: {command}.").format(
            command="`python -m minedash edition --period 2026-H2`"
        )
    return _("Edition {period}, frozen {frozen} · warehouse checksum {checksum}…").format(
        period=edition["period"], frozen=edition["frozen_at"], checksum=edition["warehouse_sha256"][:12]
    )
