"""Progress: where do the member regions stand against their 2019 baseline, their country and the EU?"""
import streamlit as st

from minedash import db, editions, progress, report, state, ui
from minedash.charts import PLOTLY_CONFIG
from minedash.charts import benchmarks as bm
from minedash.charts import progress as cp

present = state.present_mode()


# The live scorecard and the trajectories depend only on the warehouse: built once, shared (not mutated).
@st.cache_resource(show_spinner=False)
def live_card():
    return editions.live_scorecard()


@st.cache_resource(show_spinner=False)
def trajectory_data():
    series = db.query("progress_series", indicator_ids=progress.INDICATORS)
    series = series[series["year"] >= cp.START_YEAR]  # a common span: the decade before the partnership and after
    return series, progress.indexed(series)


@st.cache_resource(show_spinner=False, max_entries=32)
def trajectory_figure(present: bool, highlight: str | None):
    return cp.trajectories(trajectory_data()[1], present=present, highlight=highlight)


# Short column heads for the at-a-glance scorecard (the full indicator name shows on hover).
SHORT = {"emp_lfs_b_e": "Industry jobs (B–E)", "gdp_eur_hab": "GDP per inhabitant", "gdp_meur": "GDP",
         "pop": "Population", "facilities": "CRM sites", "strategic_projects": "Strategic projects"}

# Monitoring editions: frozen scorecards; the URL's `edition` picks one, the live warehouse is the default.
eds, damaged = editions.list_editions()
LIVE = "live"
periods = [LIVE, *sorted(eds, reverse=True)]
chosen = state.param("edition", LIVE, choices=periods, label="edition",
                     describe=lambda v: "the live data" if v == LIVE else f"edition {v}")
# The member shown in detail (URL `region`); read before the header so a bad link's notice shows at once.
members = {**dict(db.query("partnership_regions")[["nuts_id", "region_name"]].itertuples(index=False)),
           "partnership": "Partnership (all members)"}
ALL = "all"  # the control's "All members"; in the URL: no region (so no stray value is carried to other pages)
region = state.param("region", None, choices=members, label="member region", describe=members.get) or ALL
ui.page_header("Progress since 2019",
               "How have the member regions moved since the partnership started (2019), against their country and the EU?")
for name in damaged:
    st.warning(f"The monitoring edition file {name} is damaged and was skipped.", icon=":material/warning:")
chosen = st.selectbox("Monitoring edition", periods, index=periods.index(chosen),
                      format_func=lambda p: "Live data (not frozen)" if p == LIVE else f"Edition {p} (frozen {eds[p]['frozen_at'][:10]})")
state.set_params(edition=None if chosen == LIVE else chosen)

if chosen == LIVE:
    card = live_card()
    st.caption("Live figures from the current warehouse. Frozen editions: `python -m minedash edition --period 2026-H2`.")
else:
    ed = eds[chosen]
    card = editions.scorecard_frame(ed)
    st.caption(f"Edition {chosen}, frozen {ed['frozen_at']} · warehouse checksum {ed['warehouse_sha256'][:12]}…")

# 1. Scorecard: one row per member at a glance; one member's full detail when a region is chosen (URL `region`).
st.header("1. Scorecard")
st.segmented_control("Member region", [ALL, *members], required=True,
                     format_func=lambda m: "All members" if m == ALL else members[m].split(" (")[0],
                     **{**state.bind("region", "prog_region", region),  # "All members" also forgets a carried region
                        "on_change": lambda: state.set_params(region=st.session_state["prog_region"])
                        if st.session_state["prog_region"] != ALL else state.forget_shared("region")})
view = progress.display_scorecard(card)
if region == ALL:
    # At a glance: one row per member, one short column per indicator (full name on hover): the change since the
    # baseline, or the latest count for indicators without a time series.
    cell = view["Change"].where(card["change_pct"].notna().to_numpy(),
                                view["Latest"].where(card["trend"].str.contains("no time series").to_numpy(), "–"))
    glance = (view.assign(cell=cell.to_numpy(), ind=card["indicator_id"].to_numpy(),
                          Region=view["Region"].str.split(" (", regex=False).str[0])
              .pivot(index="Region", columns="ind", values="cell")
              .reindex(list(dict.fromkeys(view["Region"].str.split(" (", regex=False).str[0]))).fillna("–").reset_index())
    names = dict(zip(card["indicator_id"], card["indicator"]))
    st.dataframe(glance[["Region", *names]], hide_index=True, width="stretch", height=38 + 35 * len(glance),
                 column_config={i: st.column_config.TextColumn(SHORT.get(i, names[i]), help=names[i]) for i in names})
    st.caption("Change from the baseline to the latest year with data: ▲ up / ▼ down / ▬ flat (under ±0.5%); "
               "sites and projects: the count now (no time series); – no change measurable. "
               "Choose a member region above for its figures, its country and the EU over the same years.")
    shown = card
else:
    shown = card[card["member"] == region]
    if shown.empty:
        ui.missing(f"This edition has no scorecard rows for {members[region]}.")
    view = view[(card["member"] == region).to_numpy()].drop(columns="Region")
    st.dataframe(view, hide_index=True, width="stretch", height=38 + 35 * len(view),
                 column_config={"Change": st.column_config.TextColumn(help="▲ up / ▼ down / ▬ flat (under ±0.5%)")})
ui.cite(sorted(shown["source_id"].unique()), years=shown["latest_year"].dropna().tolist() + shown["baseline_year"].dropna().tolist(),
        flags=shown["flags"],
        note=f"Baseline {progress.BASELINE_YEAR} (the partnership's start) or the nearest year with data; "
             "country = NUTS 0 of the member, EU = EU27_2020; change in %")
ui.downloads(card, f"progress_scorecard_{chosen}", sorted(card["source_id"].unique()))
st.caption("Mining employment (NACE B, sbs_r_nuts2021) is not available: it comes only with the online refresh of the "
           "warehouse. Industry employment (LFS, B–E) is NUTS 2 only and ends in 2016.")

# 2. Trajectories
st.header(f"2. Trajectories since {cp.START_YEAR}, indexed to the baseline (= 100)")
series, indexed = trajectory_data()
st.plotly_chart(trajectory_figure(present, members.get(region)), config=PLOTLY_CONFIG, width="stretch")
ui.cite(sorted(series["source_id"].unique()), years=series["year"], flags=series["flag"].dropna(),
        note="Finnish and Swedish members' industry employment is their NUTS 2 parent's (FI1D, SE33)")
ui.downloads(indexed, "progress_trajectories", sorted(series["source_id"].unique()))

# 3. EU 2030 benchmarks (the same grid as the Benchmarks page)
st.header("3. EU 2030 benchmarks for the strategic raw materials")
table = bm.status_table(db.query("benchmark_status"))
st.plotly_chart(bm.grid_figure(table, present=present), width="stretch", config=PLOTLY_CONFIG)
st.caption("✓ meets · ~ within reach · ✗ far · – no data. " + bm.AMBER_RULE)
ui.cite(["crm_assessments", "crm_2023_list", "crma_benchmarks"], years=[2023],
        note="EU-sourcing shares are not the Act's capacity measure; details on the Benchmarks page")
st.page_link("pages/benchmarks.py", label="What each figure measures, per material", icon=":material/flag:")

# 4. What changed since the previous edition
st.header("4. Monitoring editions")
if chosen == LIVE:
    prev = max(eds) if eds else None
    label = "the live data"
else:
    older = [p for p in eds if p < chosen]
    prev = max(older) if older else None
    label = f"edition {chosen}"
if prev is None:
    st.info("No earlier edition to compare with.", icon=":material/info:")
else:
    changes = editions.compare(eds[prev], card)
    st.markdown(f"**Changes from edition {prev} to {label}:** {len(changes)}")
    if changes.empty:
        st.caption("No new data years, revised figures or new projects.")
    else:
        st.dataframe(changes, hide_index=True, width="stretch")
        ui.downloads(changes, f"progress_changes_{prev}_{chosen}", sorted(card["source_id"].unique()))

# 5. A report to hand out
st.header("5. Report to hand out")
if chosen == LIVE:
    st.caption("Choose a frozen edition above to download its report.")
else:
    st.download_button("Download the report (HTML, works offline; print to PDF on A4)",
                       report.build_html(eds[chosen], table), f"mining-partnership-progress-{chosen}.html", "text/html",
                       icon=":material/description:")
