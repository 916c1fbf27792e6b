"""Read data/manifest.json (the ingest's provenance record): dropped rows and unmatched codes per source.
Metadata about the data, not data: the Data & sources page reads it through these functions."""

from __future__ import annotations

import json
from functools import lru_cache

import pandas as pd

from . import paths


@lru_cache(maxsize=1)
def _load() -> dict:
    try:
        return json.loads(paths.MANIFEST_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def dropped_rows() -> pd.DataFrame:
    """source_id, rows (count), reason — every group of rows the ingest did not store, and why."""
    rows = [
        {"source_id": s.get("source_id"), "rows": d.get("rows"), "reason": d.get("reason")}
        for s in _load().get("sources", [])
        for d in s.get("rows_dropped") or []
    ]
    return pd.DataFrame(rows, columns=["source_id", "rows", "reason"])


def unmatched_codes() -> pd.DataFrame:
    """source_id, code, version, reason — codes the ingest could not match (e.g. NUTS 2013 regions gone in 2021)."""
    rows = [
        {"source_id": s.get("source_id"), "code": u.get("code"), "version": u.get("version"), "reason": u.get("reason")}
        for s in _load().get("sources", [])
        for u in s.get("unmatched") or []
    ]
    return pd.DataFrame(rows, columns=["source_id", "code", "version", "reason"])


def tables() -> pd.DataFrame:
    """table, rows, key, columns — the warehouse tables as the manifest documents them."""
    rows = [
        {
            "table": name,
            "rows": t.get("rows"),
            "key": ", ".join(t.get("key") or []),
            "columns": ", ".join(t.get("columns") or []),
        }
        for name, t in _load().get("tables", {}).items()
    ]
    return pd.DataFrame(rows, columns=["table", "rows", "key", "columns"])


def available() -> bool:
    return bool(_load())
