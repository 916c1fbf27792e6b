"""Command line: `python -m minedash ingest [--sources DIR] [--online]`, `python -m minedash edition ...`."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from .data import paths

DISK_ERROR = 4  # exit status when the disk refuses (read-only, full, no permission)


def _disk_error(exc: OSError, what: str) -> int:
    """One line for a disk that refuses; nothing was half-written (the commands write aside, then swap)."""
    where = f" ({exc.filename})" if exc.filename else ""
    print(f"{what}: {exc.strerror or exc}{where}. Nothing was changed.", file=sys.stderr)
    return DISK_ERROR


def _ingest(args) -> int:
    from .data.ingest import SourceError, build, save_downloads

    src = Path(args.sources).resolve() if args.sources else paths.default_sources_dir()
    t0 = time.perf_counter()
    try:
        if args.online:
            from .data.ingest import online

            with tempfile.TemporaryDirectory(prefix="minedash-online-") as tmp:
                try:
                    online.download_all(Path(tmp))
                except online.OfflineError as exc:
                    print(exc, file=sys.stderr)
                    return 3
                counts = build(src, paths.DATA_DIR, Path(tmp))
                try:
                    saved = save_downloads(Path(tmp), src)
                    print(f"Saved {len(saved)} downloaded files into {src} (same layout as the offline copies).")
                except OSError as exc:
                    print(
                        f"The warehouse was rebuilt, but the downloads could not be kept in {src}: {exc}",
                        file=sys.stderr,
                    )
        else:
            counts = build(src, paths.DATA_DIR)
    except SourceError as exc:
        print(f"Ingest stopped, the warehouse was not changed.\n{exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        return _disk_error(exc, "Ingest stopped")
    print(
        f"Warehouse rebuilt from {src} in {time.perf_counter() - t0:.1f} s: "
        f"{len(counts)} tables, {sum(counts.values()):,} rows -> {paths.WAREHOUSE_DIR}"
    )
    return 0


def _edition(args) -> int:
    from .domain import editions

    try:
        path = editions.freeze(args.period, force=args.force)
    except editions.EditionError as exc:
        print(f"No edition written: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        return _disk_error(exc, "No edition written")
    print(f"Edition {args.period} frozen into {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m minedash", description="Mining Regions Dashboard tools")
    sub = parser.add_subparsers(dest="cmd", required=True)
    ing = sub.add_parser("ingest", help="rebuild data/warehouse from the sources")
    ing.add_argument("--sources", help="sources directory (default: $MINEDASH_SOURCES or the project's data/sources)")
    ing.add_argument(
        "--online", action="store_true", help="download the Eurostat and GISCO datasets from the publishers first"
    )
    ing.set_defaults(func=_ingest)
    ed = sub.add_parser("edition", help="freeze the progress scorecard into data/monitoring/<period>.json")
    ed.add_argument("--period", required=True, help="YYYY-H1 or YYYY-H2, e.g. 2026-H2")
    ed.add_argument(
        "--force", action="store_true", help="freeze again; the old file is kept as <period>.superseded-<n>.json"
    )
    ed.set_defaults(func=_edition)
    args = parser.parse_args(argv)
    return args.func(args)
