"""Progress: where do the member regions stand against their 2019 baseline, their country and the EU?"""

import streamlit as st

from minedash.app import report, state, tables, ui
from minedash.charts import benchmarks as bm_charts
from minedash.charts import progress as charts
from minedash.data import db
from minedash.domain import benchmarks as rules
from minedash.domain import editions, monitoring, progress
from minedash.domain.vocabulary import named
from minedash.i18n import _

ui.page_header(
    _("Progress since 2019"),
    _("How have the member regions moved since the partnership started (2019), against their country and the EU?"),
)
LIVE, ALL = "live", "all"  # the controls' "Live data" and "All members": no parameter in the URL
eds, damaged = editions.list_editions()
periods = [LIVE, *sorted(eds, reverse=True)]
chosen = state.get(
    "edition",
    LIVE,
    choices=periods,
    describe=lambda v: _("the live data") if v == LIVE else _("edition {period}").format(period=v),
)
# What the page derives from the view is built once for everyone on it (ui.shared); a frozen edition's by its file.
members = ui.shared("progress-members", lambda: progress.members(named(db.query("partnership_regions"))))
# `region` is any NUTS code; this page shows members only, so another region reads as "all" (the URL keeps it).
region = state.get("region", None, choices=members, describe=members.get) or ALL
for name, why in damaged:
    why = _("The monitoring edition file {name} was skipped: {why}.").format(name=name, why=state.plain(why, 160))
    st.warning(why, icon=":material/warning:")
kw = dict(key="prog_edition", value=chosen, to_url=lambda p: None if p == LIVE else p)
state.control(st.selectbox, "edition", _("Monitoring edition"), periods, format_func=editions.label(eds), **kw)
# What is derived from an edition is shared under its file's freezing time: a re-frozen edition is built anew.
stamp = LIVE if chosen == LIVE else f"{chosen}-{eds[chosen]['frozen_at']}"
if chosen == LIVE:
    card = progress.live_scorecard()
else:
    card = ui.shared(f"progress-card-{stamp}", lambda: editions.scorecard_frame(eds[chosen]))
st.caption(editions.describe(eds.get(chosen)))

# 1. Scorecard: one row per member at a glance; one member's full detail when a region is chosen (URL `region`).
st.header(_("1. Scorecard"))
kw = dict(key="prog_region", value=region, required=True, to_url=lambda m: None if m == ALL else m)
label = ui.shared("progress-labels", lambda: {ALL: _("All members"), **progress.short_names(members)})
state.control(st.segmented_control, "region", _("Member region"), [ALL, *members], format_func=label.get, **kw)
note = _(
    "Baseline {year} (the partnership's start) or the nearest year with data; country = NUTS 0 of the member, "
    "EU = EU27_2020; change in %"
).format(year=progress.BASELINE_YEAR)
if region == ALL:
    glance = ui.shared(f"glance-{stamp}", lambda: progress.glance(card))
    names = ui.shared(f"glance-names-{stamp}", lambda: progress.indicator_names(card))
    years = ui.shared(f"progress-years-{stamp}", lambda: progress.card_years(card))
    ui.table(
        glance,
        key="glance",
        height=38 + 35 * len(glance),
        column_config=tables.glance(names, progress.SHORT),
        years=years,
        flags=card["flags"],
        note=note,
    )
    st.caption(_(progress.GLANCE_KEY))
else:
    shown, view = ui.shared(f"progress-detail-{stamp}", lambda: progress.member_detail(card, region))
    view = ui.shared(f"progress-detail-view-{stamp}", lambda: view)  # alone: shared tables go out as Arrow made once
    if shown.empty:
        ui.missing(_("This edition has no scorecard rows for {region}.").format(region=members[region]))
    years = ui.shared(f"progress-detail-years-{stamp}", lambda: progress.card_years(shown))
    ui.table(
        view,
        key="detail",
        height=38 + 35 * len(view),
        column_config=tables.SCORECARD,
        years=years,
        flags=shown["flags"],
        note=note,
    )
ui.downloads(card, f"progress_scorecard_{chosen}")
st.caption(
    _(
        "Mining employment (NACE B, sbs_r_nuts2021) is not available: it comes only with the online refresh of the "
        "warehouse. Industry employment (LFS, B–E) is NUTS 2 only and ends in 2016."
    )
)

# 2. Trajectories
st.header(_("2. Trajectories since {year}, indexed to the baseline (= 100)").format(year=progress.START_YEAR))
series, indexed = progress.trajectory_data()
years, flags = ui.shared("progress-series-citation", lambda: progress.series_citation(series))
highlight = region if region not in (ALL, progress.PARTNERSHIP) else None
fig = lambda: charts.trajectories(indexed, present=state.present_mode(), highlight=highlight)  # noqa: E731
note = _("Finnish and Swedish members' industry employment is their NUTS 2 parent's (FI1D, SE33)")
ui.chart(fig, series, key="trajectories", years=years, flags=flags, note=note)
ui.downloads(indexed, "progress_trajectories")

# 3. EU 2030 benchmarks (the same grid as the Benchmarks page)
st.header(_("3. EU 2030 benchmarks for the strategic raw materials"))
status = db.query("benchmark_status")
table = ui.shared("progress-status", lambda: rules.status_table(status))
note = _("EU-sourcing shares are not the Act's capacity measure; details on the Benchmarks page")
grid = lambda: bm_charts.grid_figure(table, present=state.present_mode())  # noqa: E731
ui.chart(grid, status, key="grid", years=[2023], note=note)
st.caption(_("✓ meets · ~ within reach · ✗ far · – no data.") + " " + _(rules.AMBER_RULE))
ui.page_link("pages/benchmarks.py", _("What each figure measures, per material"), ":material/flag:")

# 4. What changed since the previous edition
st.header(_("4. Monitoring editions"))
prev = editions.previous(eds, None if chosen == LIVE else chosen)
if prev is None:
    st.info(_("No earlier edition to compare with."), icon=":material/info:")
else:
    build = lambda: db.with_sources(editions.compare(eds[prev], card), card)  # noqa: E731
    changes = ui.shared(f"changes-{prev}-{eds[prev]['frozen_at']}-{stamp}", build)
    now = _("the live data") if chosen == LIVE else _("edition {period}").format(period=chosen)
    st.markdown(_("**Changes from edition {previous} to {now}:** {n}").format(previous=prev, now=now, n=len(changes)))
    if changes.empty:
        st.caption(_("No new data years, revised figures or new projects."))
    else:
        kw = dict(column_config=tables.CHANGES, download=f"progress_changes_{prev}_{chosen}")
        ui.table(changes, key="changes", **kw)

# 5. The monitoring report: the lead regions' management report, then this edition's progress report
st.header(_("5. Monitoring report to hand out"))
if chosen == LIVE:
    st.caption(_("Choose a frozen edition above to download its monitoring report."))
else:
    st.caption(monitoring.describe_management(chosen))
    name, kw = f"mining-partnership-monitoring-{chosen}", dict(on_click="ignore", icon=":material/description:")
    html_col, pdf_col = st.columns(2)
    label = _("Monitoring report (HTML: works offline, prints to A4)")
    html_col.download_button(label, lambda: report.cached_html(chosen), f"{name}.html", "text/html", **kw)
    if report.chromium():  # the PDF is printed by headless Chromium on the server
        pdf = lambda: report.cached_pdf(chosen)  # noqa: E731 - built on click only, once per state of its inputs
        pdf_col.download_button(_("Monitoring report (PDF, A4)"), pdf, f"{name}.pdf", "application/pdf", **kw)
