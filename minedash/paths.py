"""Where things live. Everything is relative to the project root so a fresh clone just works."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
WAREHOUSE_DIR = DATA_DIR / "warehouse"
MANIFEST_PATH = DATA_DIR / "manifest.json"
MONITORING_DIR = DATA_DIR / "monitoring"
QUERIES_DIR = ROOT / "queries"


def default_sources_dir() -> Path:
    """`MINEDASH_SOURCES` if set, else ../shared/sources beside the project."""
    env = os.environ.get("MINEDASH_SOURCES")
    return Path(env).resolve() if env else (ROOT.parent / "shared" / "sources").resolve()
