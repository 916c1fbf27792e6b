"""The ingest's provenance record (data/warehouse/manifest.json, checked by verify): dropped rows and unmatched
codes per source, and the tables. Metadata about the data, not data: the Data & sources page reads it here."""

from __future__ import annotations

import pandas as pd

from . import verify


def _sources() -> list[dict]:
    return verify.manifest()["sources"]


def dropped_rows() -> pd.DataFrame:
    """source_id, rows (count), reason — every group of rows the ingest did not store, and why."""
    rows = [
        {"source_id": s.get("source_id"), "rows": d.get("rows"), "reason": d.get("reason")}
        for s in _sources()
        for d in s.get("rows_dropped") or []
        if isinstance(d, dict)
    ]
    return pd.DataFrame(rows, columns=["source_id", "rows", "reason"])


def unmatched_codes() -> pd.DataFrame:
    """source_id, code, version, reason — codes the ingest could not match (e.g. NUTS 2013 regions gone in 2021)."""
    rows = [
        {"source_id": s.get("source_id"), "code": u.get("code"), "version": u.get("version"), "reason": u.get("reason")}
        for s in _sources()
        for u in s.get("unmatched") or []
        if isinstance(u, dict)
    ]
    return pd.DataFrame(rows, columns=["source_id", "code", "version", "reason"])


def tables() -> pd.DataFrame:
    """table, rows, key, columns — the warehouse tables as the manifest documents them."""
    rows = [
        {"table": name, "rows": t["rows"], "key": ", ".join(t.get("key") or []), "columns": ", ".join(t["schema"])}
        for name, t in verify.manifest()["tables"].items()
    ]
    return pd.DataFrame(rows, columns=["table", "rows", "key", "columns"])
