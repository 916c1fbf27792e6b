"""Command line: `python -m minedash ingest [--sources DIR] [--online]`, `python -m minedash edition ...`,
`python -m minedash report --period 2026-H2 [--out DIR] [--no-pdf]`, `python -m minedash hub`."""

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


def _report(args) -> int:
    from .app import report
    from .domain import editions

    try:
        document = report.monitoring_html(editions.check_period(args.period))
    except editions.EditionError as exc:
        print(f"No report written: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out)
    name = f"mining-partnership-monitoring-{args.period}"
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{name}.html").write_text(document, encoding="utf-8")
        print(f"Report {args.period} written to {out / name}.html (self-contained; prints to A4)")
        if args.no_pdf:
            return 0
        pdf = report.to_pdf(document)
        if pdf is None:
            print("No PDF: no Chromium found to print it (apt-get install chromium); print the HTML from a browser.")
            return 0
        (out / f"{name}.pdf").write_bytes(pdf)
    except OSError as exc:
        print(f"The report could not be written to {out}: {exc}", file=sys.stderr)
        return 2
    except RuntimeError as exc:
        print(f"The HTML was written, but no PDF: {exc}", file=sys.stderr)
        return 2
    print(f"PDF written to {out / name}.pdf")
    return 0


def _hub(args) -> int:
    from .data import hub

    h = hub.read()
    counts = {n: len(h.frame(n)) for n in ("members", "contacts", "documents", "events")}
    print("Partnership hub (data/partnership): " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    for problem in h.problems:
        print(f"Refused: {problem}", file=sys.stderr)
    return 2 if h.problems else 0


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
    rep = sub.add_parser("report", help="build the monitoring report of a frozen edition: HTML and, with Chromium, PDF")
    rep.add_argument("--period", required=True, help="a frozen edition, e.g. 2026-H2")
    rep.add_argument("--out", default=".", help="folder to write the report into (default: the current folder)")
    rep.add_argument("--no-pdf", action="store_true", help="write the HTML only")
    rep.set_defaults(func=_report)
    sub.add_parser("hub", help="check the partnership hub files in data/partnership").set_defaults(func=_hub)
    args = parser.parse_args(argv)
    return args.func(args)
