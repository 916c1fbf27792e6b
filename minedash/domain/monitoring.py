"""The half-yearly monitoring report: the lead regions' management report (Markdown in data/monitoring/) and what
the partnership hub records for the period, put before the progress report of the frozen edition.

The management report is `data/monitoring/<period>-management.md`, written from `management-template.md`. When it
is missing the report says so; nothing is made up in its place.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from ..data import hub as hub_files
from ..i18n import _, locale
from . import editions
from .editions import check_period

TEMPLATE = "management-template.md"
SPAN = {"H1": ("January", "June", 1, 6, 30), "H2": ("July", "December", 7, 12, 31)}


def management_path(period: str, directory: Path | None = None) -> Path:
    return Path(directory or editions.MONITORING_DIR) / f"{check_period(period)}-management.md"


def management_text(period: str, directory: Path | None = None) -> str | None:
    """The lead regions' management report for `period` (Markdown), or None when there is none."""
    path = management_path(period, directory)
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8").strip()
    return text or None


def period_bounds(period: str) -> tuple[date, date]:
    year, half = check_period(period).split("-")
    _, _, m0, m1, d1 = SPAN[half]
    return date(int(year), m0, 1), date(int(year), m1, d1)


def period_label(period: str) -> str:
    """'July–December 2026' for 2026-H2."""
    year, half = check_period(period).split("-")
    _first, _last, m0, m1, _day = SPAN[half]
    months = locale().months["stand-alone"]["wide"]  # the months in the view's language
    return f"{months[m0]}–{months[m1]} {year}"


def missing_management(period: str) -> str:
    """What the document says when the lead regions wrote no management report for the period."""
    return _(
        "No management report was written for {period} ({label}): the file data/monitoring/{period}-management.md "
        "does not exist. The lead regions write it from data/monitoring/{template}; until then this document holds "
        "the progress report only."
    ).format(period=period, label=period_label(period), template=TEMPLATE)


def describe_management(period: str) -> str:
    """One line for the Progress page: does the report of `period` open with the lead regions' management report?"""
    if management_text(period) is None:
        return missing_management(period)
    return _(
        "The report opens with the lead regions' management report (data/monitoring/{period}-management.md) and the "
        "events and documents the partnership hub records for the period, then the progress report of this edition."
    ).format(period=period)


def _overlaps(start: str, end: str | None, lo: date, hi: date) -> bool:
    first = hub_files.parse_date(start)
    last = hub_files.parse_date(end) if isinstance(end, str) else first
    return first <= hi and last >= lo


def hub_in_period(hub: hub_files.Hub, period: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(events, documents) the partnership hub records for the period: events overlapping it, documents of it."""
    lo, hi = period_bounds(period)
    ev = hub.events
    events = ev[[_overlaps(d, e, lo, hi) for d, e in zip(ev["date"], ev["end"])]]
    spans = [hub_files.period_dates(p) for p in hub.documents["period"]]
    docs = hub.documents[[first <= hi and last >= lo for first, last in spans]]
    return events.sort_values("date"), docs
