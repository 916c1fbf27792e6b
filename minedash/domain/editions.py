"""Monitoring editions: the progress scorecard frozen into data/monitoring/<period>.json, never rewritten.

`python -m minedash edition --period 2026-H2 [--force]`. A second freeze of a period is refused unless --force,
and then the old file is kept as <period>.superseded-<n>.json.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from ..data import db, paths
from . import benchmarks as bm
from . import progress

MONITORING_DIR = paths.DATA_DIR / "monitoring"
PERIOD = re.compile(r"^(\d{4})-H([12])$")
EDITION_FILE = re.compile(r"^\d{4}-H[12]\.json$")
SCHEMA = 1


class EditionError(ValueError):
    """A bad period, or an edition that exists already."""


def check_period(period: str) -> str:
    m = PERIOD.match(period or "")
    if not m or not 2000 <= int(m.group(1)) <= 2100:
        raise EditionError(f"period {period!r} is not of the form YYYY-H1 or YYYY-H2 (e.g. 2026-H2)")
    return period


def warehouse_checksum() -> str:
    """sha256 over data/warehouse/*.parquet in name order, then data/manifest.json."""
    h = hashlib.sha256()
    for f in [*sorted(paths.WAREHOUSE_DIR.glob("*.parquet")), paths.DATA_DIR / "manifest.json"]:
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
    """Write the live scorecard as edition `period`; refuse to overwrite unless force (the old file is kept)."""
    check_period(period)
    d = Path(directory or MONITORING_DIR)
    d.mkdir(parents=True, exist_ok=True)
    target = d / f"{period}.json"
    if target.exists():
        if not force:
            raise EditionError(
                f"edition {period} exists already ({target.name}); editions are never rewritten. "
                "Use --force to freeze again and keep the old file alongside."
            )
        n = 1
        while (d / f"{period}.superseded-{n}.json").exists():
            n += 1
        target.rename(d / f"{period}.superseded-{n}.json")
    edition = {"period": period, **build()}
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(edition, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(target)
    return target


def list_editions(directory: Path | None = None) -> tuple[dict[str, dict], list[str]]:
    """The readable editions by period, and the names of damaged files (skipped)."""
    d = Path(directory or MONITORING_DIR)
    good, damaged = {}, []
    for f in sorted(d.glob("*.json")) if d.is_dir() else []:
        if not EDITION_FILE.match(f.name):
            continue  # superseded editions are kept for the record, not offered
        try:
            ed = json.loads(f.read_text(encoding="utf-8"))
            if ed.get("period") != f.stem or not isinstance(ed.get("scorecard"), list) or not ed["scorecard"]:
                raise ValueError("not an edition")
            scorecard_frame(ed)
            good[f.stem] = ed
        except (ValueError, KeyError, TypeError, OSError):
            damaged.append(f.name)
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


def compare(previous: dict, current: pd.DataFrame) -> pd.DataFrame:
    """What changed from a previous edition: new data years, revised figures, new projects/facilities."""
    old = scorecard_frame(previous).set_index(["member", "indicator_id"])
    new = current.set_index(["member", "indicator_id"])
    rows = []
    for key, n in new.iterrows():
        name, ind = n.get("region_name", key[0]), n.get("indicator", key[1])
        if key not in old.index:
            rows.append(
                dict(member=name, indicator=ind, change="new indicator", before=None, after=_fmt(n["latest_value"]))
            )
            continue
        o = old.loc[key]
        if n["comparison"] == "region" and pd.isna(n["latest_year"]) and key[1] in ("facilities", "strategic_projects"):
            if o["latest_value"] != n["latest_value"] or o["note"] != n["note"]:
                what = "new projects" if key[1] == "strategic_projects" else "facilities changed"
                rows.append(dict(member=name, indicator=ind, change=what, before=o["note"], after=n["note"]))
            continue
        if pd.notna(n["latest_year"]) and (pd.isna(o["latest_year"]) or n["latest_year"] > o["latest_year"]):
            rows.append(
                dict(
                    member=name,
                    indicator=ind,
                    change="new data year",
                    before=f"{_fmt(o['latest_value'])} ({_year(o['latest_year'])})",
                    after=f"{_fmt(n['latest_value'])} ({_year(n['latest_year'])})",
                )
            )
        elif n["latest_year"] == o["latest_year"] and not _same(n["latest_value"], o["latest_value"]):
            rows.append(
                dict(
                    member=name,
                    indicator=ind,
                    change="revised figure",
                    before=f"{_fmt(o['latest_value'])} ({_year(o['latest_year'])})",
                    after=f"{_fmt(n['latest_value'])} ({_year(n['latest_year'])})",
                )
            )
        if n["baseline_year"] == o["baseline_year"] and not _same(n["baseline_value"], o["baseline_value"]):
            rows.append(
                dict(
                    member=name,
                    indicator=ind,
                    change="revised baseline",
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
        return "no data"
    return f"{float(v):,.2f}".rstrip("0").rstrip(".")


def previous(editions: dict[str, dict], period: str | None) -> str | None:
    """The edition before `period` (None = the live data: the latest edition), or None."""
    older = [p for p in editions if period is None or p < period]
    return max(older) if older else None


def label(editions: dict[str, dict]):
    """The edition picker's wording: 'Live data (not frozen)' or 'Edition 2026-H2 (frozen 2026-11-02)'."""
    return lambda p: (
        "Live data (not frozen)" if p not in editions else f"Edition {p} (frozen {editions[p]['frozen_at'][:10]})"
    )


def describe(edition: dict | None) -> str:
    """One line on where the figures come from: the live warehouse, or a frozen edition and its checksum."""
    if edition is None:
        return (
            "Live figures from the current warehouse. Frozen editions: `python -m minedash edition --period 2026-H2`."
        )
    return (
        f"Edition {edition['period']}, frozen {edition['frozen_at']} · warehouse checksum "
        f"{edition['warehouse_sha256'][:12]}…"
    )
