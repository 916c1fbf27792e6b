"""Where things live. Everything is relative to the project root so a fresh clone just works."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
WAREHOUSE_DIR = DATA_DIR / "warehouse"
MANIFEST_NAME = "manifest.json"  # inside the warehouse folder: the Parquet files and their manifest are one unit
MANIFEST_PATH = WAREHOUSE_DIR / MANIFEST_NAME
MONITORING_DIR = DATA_DIR / "monitoring"
PARTNERSHIP_DIR = DATA_DIR / "partnership"  # the hub the lead regions edit (members, contacts, documents, events)
QUERIES_DIR = ROOT / "queries"
VIEWS_DIR = QUERIES_DIR / "views"  # derived views the queries share, created at connect
STATIC_GEO_DIR = ROOT / "static" / "geo"  # web copies of the outlines, served at app/static/geo


SOURCES_DIR = DATA_DIR / "sources"  # the public inputs of the ingest, travelling with the project


def default_sources_dir() -> Path:
    """`MINEDASH_SOURCES` if set, else the project's own data/sources."""
    env = os.environ.get("MINEDASH_SOURCES")
    return Path(env).resolve() if env else SOURCES_DIR
