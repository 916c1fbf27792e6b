"""The monitoring report: one self-contained HTML document (plotly.js embedded, no CDN) that prints to A4, and its
PDF where headless Chromium is installed.

Part A is the lead regions' management report (data/monitoring/<period>-management.md, Markdown rendered safely:
raw HTML is shown as text, images and script links are dropped) followed by the events and documents the partnership
hub records for the period. Part B is the progress report of the frozen edition: scorecard, change since the
baseline, trajectories, EU 2030 benchmarks, and what changed since the previous edition.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
import threading
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import pandas as pd
from markdown_it import MarkdownIt

from .. import i18n
from ..charts import benchmarks as bm
from ..charts.progress import change_figure, trajectories
from ..data import db, hub, paths
from ..domain import benchmarks as rules
from ..domain import editions, monitoring, progress
from ..i18n import _

WIDTH = 680  # px: fits an A4 page with 15 mm margins (the change figure's width too)
CHROMIUM = ("chromium", "chromium-browser", "/usr/bin/chromium")
PDF_TIMEOUT_S = 120

CSS = """
body { font-family: Arial, Helvetica, sans-serif; color: #111; max-width: 980px; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem }
h2 { font-size: 1.25rem; border-bottom: 2px solid #D55E00; padding-bottom: .2rem }
.part { font-size: 1.45rem; color: #D55E00; margin-top: 0 }
.md h1 { font-size: 1.25rem } .md h2 { font-size: 1.1rem; border-bottom: 1px solid #ccc } .md h3 { font-size: 1rem }
.md { font-size: 13px; line-height: 1.45 } .md table { border-collapse: collapse }
.md td, .md th { border: 1px solid #ccc; padding: 2px 5px }
.missing { border-left: 4px solid #D55E00; padding: .4rem .8rem; background: #fff4ec }
table.sc { border-collapse: collapse; font-size: 11px; width: 100% }
table.sc th, table.sc td { border: 1px solid #ccc; padding: 3px 5px; vertical-align: top; text-align: left }
table.sc th { background: #f0f0f0 } .cite { font-size: 11px; color: #333 } .meta { color: #444; font-size: 12px }
@page { size: A4; margin: 15mm }
@media print {
  body { max-width: none; margin: 0; padding: 0 }
  section { break-before: page; page-break-before: always }
  section:first-of-type { break-before: auto; page-break-before: auto }
  tr, .plotly-graph-div { break-inside: avoid; page-break-inside: avoid }
  a { color: #111; text-decoration: none }
}
"""

# CommonMark with tables; raw HTML is escaped (html=False), images are not fetched, and markdown-it refuses
# javascript:, vbscript:, file: and data: links.
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table").disable("image")


def markdown_html(text: str) -> str:
    """The lead regions' Markdown as safe HTML."""
    return _MARKDOWN.render(text)


def _cite(sources: list[dict]) -> str:
    text = _("Licence: {licence}. Vintage: {vintage}.")
    items = "".join(
        f"<li>{html.escape(s['publisher'])}, {html.escape(s.get('dataset_code') or '')} — "
        f"{html.escape(s['title'])}. "
        + html.escape(text.format(licence=s["licence"], vintage=s["vintage"]))
        + f' <a href="{html.escape(s["url"])}">{html.escape(s["url"])}</a></li>'
        for s in sources
    )
    return f"<ul class='cite'>{items}</ul>"


def _p(text: str, cls: str | None = None) -> str:
    return f"<p class='{cls}'>{html.escape(text)}</p>" if cls else f"<p>{html.escape(text)}</p>"


def _headed(table: str) -> str:
    """A hub table's English column names in the view's language (the frames keep them for the code)."""
    for head in ("When", "What", "Place", "Source", "Document", "Kind", "Where"):
        table = table.replace(f"<th>{head}</th>", f"<th>{html.escape(_(head))}</th>")
    return table


def _table(df: pd.DataFrame) -> str:
    return df.to_html(index=False, classes="sc", border=0, escape=True, na_rep="–")


def _div(fig, first: bool) -> str:
    fig.update_layout(width=WIDTH)
    return fig.to_html(full_html=False, include_plotlyjs=first, config={"displaylogo": False, "responsive": False})


def _management(period: str, text: str | None, events: pd.DataFrame, docs: pd.DataFrame) -> str:
    body = (
        f"<div class='md'>{markdown_html(text)}</div>"
        if text
        else (f"<p class='missing'>{html.escape(monitoring.missing_management(period))}</p>")
    )
    label = monitoring.period_label(period)
    if events.empty:
        ev = _p(
            _("The partnership hub (data/partnership/events.yaml) records no events in {period}.").format(period=label)
        )
    else:
        shown = pd.DataFrame(
            {
                "When": events["date"] + events["end"].map(lambda e: " – " + e if isinstance(e, str) else ""),
                "What": events["title"],
                "Place": events["place"].fillna("—"),
                "Source": events["source"],
            }
        )
        ev = _table(shown)
    dc = (
        _p(
            _("The partnership hub (data/partnership/documents.yaml) records no documents of {period}.").format(
                period=label
            )
        )
        if docs.empty
        else _table(
            pd.DataFrame(
                {
                    "Document": docs["title"],
                    "Kind": docs["kind"],
                    "Where": docs["link"].fillna(docs["file"]),
                }
            )
        )
    )
    return (
        f"<section><p class='part'>{html.escape(_('Part A — Management report'))}</p>{body}"
        f"<h2>{html.escape(_('Events of the period (from the partnership hub)'))}</h2>{_headed(ev)}"
        f"<h2>{html.escape(_('Documents of the period (from the partnership hub)'))}</h2>{_headed(dc)}</section>"
    )


def _trajectories(edition: dict) -> tuple[object, str]:
    """The trajectories figure and where its series come from: the edition, or (older editions) the warehouse."""
    series = editions.trajectories(edition)
    if series is not None:
        return trajectories(progress.indexed(series)), _("Series frozen with the edition.")
    series, _others = progress.trajectory_data()
    same = editions.warehouse_checksum() == edition["warehouse_sha256"]
    note = (
        _(
            "This edition was frozen before editions kept their trajectories: the series above are read from the "
            "current warehouse, which is the one the edition was frozen from (same checksum)."
        )
        if same
        else _(
            "This edition was frozen before editions kept their trajectories: the series above are read from the "
            "current warehouse, which differs from the one the edition was frozen from (other checksum), so they may "
            "not match the scorecard above."
        )
    )
    return trajectories(progress.indexed(series)), note


def build_html(
    edition: dict,
    bench_table: pd.DataFrame | None = None,
    *,
    management: str | None = None,
    events: pd.DataFrame | None = None,
    documents: pd.DataFrame | None = None,
    previous: dict | None = None,
) -> str:
    """The monitoring report of `edition`: the management report (Markdown text; None = none was written) with the
    hub's events and documents of the period, then the progress report, compared with the `previous` edition."""
    period = edition["period"]
    card = editions.scorecard_frame(edition)
    bench = pd.DataFrame(edition["benchmarks"]) if edition.get("benchmarks") else bench_table
    empty = pd.DataFrame(columns=["date", "end", "title", "place", "source", "kind", "link", "file"])
    part_a = _management(
        period, management, empty if events is None else events, empty if documents is None else documents
    )
    traj_fig, traj_note = _trajectories(edition)
    divs = [_div(change_figure(card, width=WIDTH), True), _div(traj_fig, False)]
    bench_section = ""
    if bench is not None and len(bench):
        bench_section = (
            f"<section><h2>{html.escape(_('4. EU 2030 benchmarks for the strategic raw materials'))}</h2>"
            # At A4 width the cells wrap to two lines: room for them, or the table scrolls and prints cut off.
            + _div(bm.grid_figure(bench).update_layout(height=80 + 44 * (bench["material"].nunique() + 1)), False)
            + _p(_("✓ meets · ~ within reach · ✗ far · – no data.") + " " + _(rules.AMBER_RULE), "cite")
            + "".join(
                f"<p class='cite'><b>{html.escape(_(rules.COLUMNS[b]))}</b>: {html.escape(_(n))}</p>"
                for b, n in rules.NOTES.items()
            )
            + "<p class='cite'>"
            + html.escape(
                _(
                    "Sources: European Commission, Study on the critical raw materials for the EU 2023; SCRREEN "
                    "factsheets; Regulation (EU) 2024/1252, Art. 5. Data year 2023."
                )
            )
            + "</p></section>"
        )
    if previous is None:
        changes = _p(_("No earlier edition to compare with."))
    else:
        diff = editions.compare(previous, card)
        compared = _("Compared with edition {period}: {n} changes.").format(period=previous["period"], n=len(diff))
        changes = _p(compared) + (
            _table(diff) if len(diff) else _p(_("No new data years, revised figures or new projects."))
        )
    today = datetime.now(UTC).date().isoformat()
    t = {  # the document's wording, each sentence whole (html-escaped where it is put in)
        "title": _("Mining industry partnership — monitoring report {period}").format(period=period),
        "h1": _("S3 partnership “Mining industry” — monitoring report {period} ({label})").format(
            period=period, label=monitoring.period_label(period)
        ),
        "meta": _(
            "Part A: the lead regions' management report · Part B: progress report, edition {period}, frozen {frozen} "
            "· report generated {today} · warehouse checksum (sha256) {checksum}"
        ).format(period=period, frozen=edition["frozen_at"], today=today, checksum=edition["warehouse_sha256"]),
        "part_b": _("Part B — Progress report, edition {period}").format(period=period),
        "baseline": _("Baseline year {year} (the partnership's start) or the nearest year with data.").format(
            year=edition.get("baseline_year", progress.BASELINE_YEAR)
        ),
        "scorecard": _("1. Scorecard"),
        "key": _(
            "Change: ▲ up · ▼ down · ▬ flat (under ±0.5%). Country and EU-27 changes are over the same years as the "
            "region's. Missing figures are shown as “–” or “no data”, never as zero. Flags: e estimated, p "
            "provisional, b break in series."
        ),
        "change": _("2. Change since the baseline"),
        "change_note": _("From the scorecard above; figures of the NUTS 2 parent where a NUTS 3 member has none."),
        "traj": _("3. Trajectories since {year}, indexed to the baseline (= 100)").format(year=progress.START_YEAR),
        "traj_note": traj_note
        + " "
        + _("Finnish and Swedish members' industry employment is their NUTS 2 parent's (FI1D, SE33)"),
        "changed": _("5. What changed since the previous edition"),
        "sources": _("Sources"),
        "part_a_note": _(
            "Part A: the lead regions (data/monitoring/{period}-management.md) and the partnership hub "
            "(data/partnership), each statement with the page it was read from."
        ).format(period=period),
    }
    t = {k: html.escape(v) for k, v in t.items()}
    return f"""<!doctype html>
<html lang="{i18n.current()}"><head><meta charset="utf-8"><title>{t["title"]}</title>
<style>{CSS}</style></head><body>
<h1>{t["h1"]}</h1>
<p class="meta">{t["meta"]}</p>
{part_a}
<section><p class="part">{t["part_b"]}</p>
<p class="meta">{t["baseline"]}</p>
<h2>{t["scorecard"]}</h2>{_table(progress.display_scorecard(card).rename(columns=_))}
<p class="cite">{t["key"]}</p></section>
<section><h2>{t["change"]}</h2>{divs[0]}
<p class="cite">{t["change_note"]}</p></section>
<section><h2>{t["traj"]}</h2>{divs[1]}
<p class="cite">{t["traj_note"]}.</p></section>
{bench_section}
<section><h2>{t["changed"]}</h2>{changes}</section>
<section><h2>{t["sources"]}</h2>{_cite(edition.get("sources", []))}
<p class="cite">{t["part_a_note"]}</p></section>
</body></html>"""


def monitoring_html(period: str, directory: Path | None = None) -> str:
    """The whole monitoring report of a frozen edition, from the files as they are now."""
    eds, _problems = editions.list_editions(directory)
    if period not in eds:
        raise editions.EditionError(
            f"no frozen edition {period}: freeze it first with python -m minedash edition --period {period}"
        )
    h = hub.load()
    events, docs = monitoring.hub_in_period(h, period)
    prev = editions.previous(eds, period)
    return build_html(
        eds[period],
        management=monitoring.management_text(period, directory),
        events=events,
        documents=docs,
        previous=eds[prev] if prev else None,
    )


def _inputs(period: str) -> tuple:
    """What the report of `period` is made from, as a cache key: its files' times and the warehouse opening."""
    files = [editions.MONITORING_DIR / f"{period}.json", monitoring.management_path(period)]
    files += [paths.PARTNERSHIP_DIR / f for f in hub.FILES]
    return tuple((str(f), f.stat().st_mtime_ns if f.exists() else None) for f in files) + (db.generation(),)


# One build at a time: in a room, the second click waits for the first build and gets its result from the cache
# (instead of a second Chromium on the same two cores).
_BUILD = threading.Lock()


def cached_html(period: str) -> str:
    """monitoring_html, built once per state of its inputs (a room of people clicking gets one build)."""
    with _BUILD:
        return _html(period, _inputs(period))


@lru_cache(maxsize=4)
def _html(period: str, _inputs: tuple) -> str:
    return monitoring_html(period)


def chromium() -> str | None:
    """The headless Chromium that prints the PDF, if one is installed."""
    return next((p for p in map(shutil.which, CHROMIUM) if p), None)


def to_pdf(document: str) -> bytes | None:
    """The HTML printed to an A4 PDF by headless Chromium (print CSS applies); None when no Chromium is installed.
    Raises RuntimeError when the conversion fails."""
    exe = chromium()
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="minedash-pdf-") as tmp:
        src, out = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        src.write_text(document, encoding="utf-8")
        args = [
            exe,
            "--headless",
            "--no-sandbox",  # runs as root in containers
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            f"--user-data-dir={Path(tmp) / 'profile'}",  # its own profile: conversions may run side by side
            "--no-pdf-header-footer",
            "--virtual-time-budget=15000",  # let plotly draw before printing
            f"--print-to-pdf={out}",
            src.as_uri(),
        ]
        env = dict(os.environ, HOME=tmp)
        try:
            run = subprocess.run(args, capture_output=True, timeout=PDF_TIMEOUT_S, env=env, check=False)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"Chromium did not print the PDF within {PDF_TIMEOUT_S} s") from None
        if not out.is_file() or out.stat().st_size == 0:
            raise RuntimeError(f"Chromium printed no PDF (exit code {run.returncode})")
        return out.read_bytes()


def cached_pdf(period: str) -> bytes | None:
    """to_pdf of cached_html, printed once per state of the report's inputs."""
    with _BUILD:
        return _pdf(period, _inputs(period))


@lru_cache(maxsize=2)
def _pdf(period: str, inputs: tuple) -> bytes | None:
    return to_pdf(_html(period, inputs))
