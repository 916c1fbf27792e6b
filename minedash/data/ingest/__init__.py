"""The ingest: read every source, validate, and swap in a new warehouse atomically.

sources dir ──load.load_all()──▶ tables ──checks.validate()──▶ tmp/warehouse/*.parquet + manifest.json
            ──build.build() swaps──▶ data/
"""

from .build import build, static_geo_dir
from .checks import KEYS, validate
from .errors import SourceError
from .load import ONLINE_FOLDERS, SBS_FOLDER, load_all, overlay_sources, save_downloads

__all__ = [
    "KEYS",
    "ONLINE_FOLDERS",
    "SBS_FOLDER",
    "SourceError",
    "build",
    "load_all",
    "overlay_sources",
    "save_downloads",
    "static_geo_dir",
    "validate",
]
