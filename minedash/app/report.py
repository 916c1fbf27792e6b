"""A self-contained HTML report of a monitoring edition: works offline (plotly.js embedded, no CDN) and prints to A4."""

from __future__ import annotations

import html
from datetime import UTC, datetime

import pandas as pd

from .. import i18n
from ..charts import benchmarks as bm
from ..charts.progress import change_figure
from ..domain import benchmarks as rules
from ..domain import editions, progress
from ..i18n import _

WIDTH = 680  # px: fits an A4 page with 15 mm margins (the change figure's width too)

CSS = """
body { font-family: Arial, Helvetica, sans-serif; color: #111; max-width: 980px; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem }
h2 { font-size: 1.25rem; border-bottom: 2px solid #D55E00; padding-bottom: .2rem }
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


def build_html(edition: dict, bench_table: pd.DataFrame | None = None) -> str:
    card = editions.scorecard_frame(edition)
    bench = pd.DataFrame(edition["benchmarks"]) if edition.get("benchmarks") else bench_table
    view = progress.display_scorecard(card)
    figs = [change_figure(card, width=WIDTH)]
    if bench is not None and len(bench):
        g = bm.grid_figure(bench)
        g.update_layout(width=WIDTH)
        figs.append(g)
    divs = [
        f.to_html(full_html=False, include_plotlyjs=(i == 0), config={"displaylogo": False, "responsive": False})
        for i, f in enumerate(figs)
    ]
    today = i18n.date(datetime.now(UTC).date())
    esc = html.escape
    period = edition["period"]
    bench_section = (
        (
            f"<section><h2>{esc(_('3. EU 2030 benchmarks for the strategic raw materials'))}</h2>"
            + divs[1]
            + f"<p class='cite'>{esc(_('✓ meets · ~ within reach · ✗ far · – no data.'))} "
            + f"{esc(_(rules.AMBER_RULE))}</p>"
            + "".join(
                f"<p class='cite'><b>{esc(_(rules.COLUMNS[b]))}</b>: {esc(_(n))}</p>" for b, n in rules.NOTES.items()
            )
            + "<p class='cite'>"
            + esc(
                _(
                    "Sources: European Commission, Study on the critical raw materials for the EU 2023; SCRREEN "
                    "factsheets; Regulation (EU) 2024/1252, Art. 5. Data year 2023."
                )
            )
            + "</p></section>"
        )
        if len(divs) > 1
        else ""
    )
    meta = _(
        "Edition frozen {frozen} · report generated {today} · baseline year {baseline} (the partnership's start) "
        "or the nearest year with data · warehouse checksum (sha256) {sha}"
    ).format(
        frozen=edition["frozen_at"],
        today=today,
        baseline=edition.get("baseline_year", progress.BASELINE_YEAR),
        sha=edition["warehouse_sha256"],
    )
    key = _(
        "Change: ▲ up · ▼ down · ▬ flat (under ±0.5%). Country and EU-27 changes are over the same years as the "
        "region's. Missing figures are shown as “–” or “no data”, never as zero. Flags: e estimated, p provisional, "
        "b break in series."
    )
    parent = _("From the scorecard above; figures of the NUTS 2 parent where a NUTS 3 member has none.")
    title = _("Mining industry partnership — progress, edition {period}").format(period=period)
    heading = _("S3 partnership “Mining industry” — progress report, edition {period}").format(period=period)
    table = view.to_html(index=False, classes="sc", border=0, escape=True, na_rep="–")
    return f"""<!doctype html>
<html lang="{i18n.current()}"><head><meta charset="utf-8"><title>{esc(title)}</title>
<style>{CSS}</style></head><body>
<section><h1>{esc(heading)}</h1>
<p class="meta">{esc(meta)}</p>
<h2>{esc(_("1. Scorecard"))}</h2>{table}
<p class="cite">{esc(key)}</p></section>
<section><h2>{esc(_("2. Change since the baseline"))}</h2>{divs[0]}
<p class="cite">{esc(parent)}</p></section>
{bench_section}
<section><h2>{esc(_("Sources"))}</h2>{_cite(edition.get("sources", []))}</section>
</body></html>"""
