"""Progress page: scorecard figures vs warehouse and raw Eurostat, monitoring editions, report, page."""

import gzip
import json
import shutil

import duckdb
import pandas as pd
import pytest
from conftest import assert_clean, notices, open_page

from minedash import cli
from minedash.app import report
from minedash.data import db, paths
from minedash.domain import editions, progress


@pytest.fixture(scope="module")
def card():
    return progress.live_scorecard()


def wh(indicator, geo, year):
    return duckdb.sql(
        f"select value from '{paths.WAREHOUSE_DIR}/observations.parquet' where indicator_id=? and geo=? and year=?",
        params=[indicator, geo, year],
    ).fetchall()[0][0]


def row(card, member, ind):
    r = card[(card["member"] == member) & (card["indicator_id"] == ind)]
    assert len(r) == 1
    return r.iloc[0]


def test_queries_columns():
    s = db.query("progress_series", indicator_ids=progress.INDICATORS)
    assert list(s.columns) == [
        "nuts_id",
        "region_name",
        "country_code",
        "indicator_id",
        "indicator_name",
        "unit",
        "comparison",
        "geo",
        "year",
        "value",
        "flag",
        "source_id",
    ]
    assert set(s["nuts_id"]) == set(db.query("partnership_regions")["nuts_id"])
    a = db.query("region_activity")
    assert list(a.columns) == ["nuts_id", "region_name", "kind", "stage", "n", "names", "source_id"]


def test_scorecard_against_warehouse(card):
    r = row(card, "FI1D7", "gdp_meur")
    assert (r.baseline_year, r.baseline_value) == (2019, wh("gdp_meur", "FI1D7", 2019))
    assert r.latest_value == wh("gdp_meur", "FI1D7", int(r.latest_year))
    fi = (wh("gdp_meur", "FI", int(r.latest_year)) / wh("gdp_meur", "FI", 2019) - 1) * 100
    assert r.country_change_pct == pytest.approx(fi)
    r = row(card, "ES41", "pop")
    assert r.baseline_value == wh("pop", "ES41", 2019) and r.latest_year == 2022
    assert r.change_pct == pytest.approx((wh("pop", "ES41", 2022) / wh("pop", "ES41", 2019) - 1) * 100)
    eu = (wh("pop", "EU27_2020", 2022) / wh("pop", "EU27_2020", 2019) - 1) * 100
    assert r.eu_change_pct == pytest.approx(eu)
    assert r.trend == ("▲ up" if r.change_pct > 0.5 else "▼ down" if r.change_pct < -0.5 else "▬ flat")


def test_nuts3_members_use_lfs_parent(card):
    r = row(card, "SE331", "emp_lfs_b_e")
    assert r.figures_for == "SE33" and r.comparison == "nuts2 parent" and "NUTS 2 parent" in r.note
    assert r.baseline_year == 2016 and pd.isna(r.change_pct)  # nearest year to 2019; no later figure


def test_partnership_sums(card):
    members = card[(card["indicator_id"] == "pop") & (card["member"] != "partnership")]
    total = row(card, "partnership", "pop")
    assert total.latest_value == pytest.approx(
        members[members["latest_year"] == total.latest_year]["latest_value"].sum()
    )
    # FI1D appears once in the LFS sum although three members use it
    lfs = row(card, "partnership", "emp_lfs_b_e")
    assert lfs.baseline_value == pytest.approx(
        sum(wh("emp_lfs_b_e", g, 2016) for g in ["FI1D", "SE33", "ES41", "ES12", "EL64"])
    )
    assert (
        row(card, "partnership", "strategic_projects").latest_value
        == card[(card["indicator_id"] == "strategic_projects") & (card["member"] != "partnership")][
            "latest_value"
        ].sum()
    )


def test_scorecard_against_raw_eurostat(card, sources_dir):
    with gzip.open(sources_dir / "eurostat-nama_10r_3gdp" / "nama_10r_3gdp.tsv.gz", "rt", encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        years = [h.strip() for h in header[1:]]
        line = next(row for row in f if row.startswith("MIO_EUR,FI1D7\t"))
    cells = dict(zip(years, line.rstrip("\n").split("\t")[1:]))
    raw2019 = float(cells["2019"].strip().split()[0])
    assert row(card, "FI1D7", "gdp_meur").baseline_value == pytest.approx(raw2019)


# ---- editions ----


@pytest.fixture
def mdir(tmp_path, monkeypatch):
    monkeypatch.setattr(editions, "MONITORING_DIR", tmp_path)
    return tmp_path


def test_period_validation(mdir):
    for bad in ["2026-H3", "2026H2", "26-H1", "", "2026-h2"]:
        with pytest.raises(editions.EditionError):
            editions.freeze(bad)
    assert cli.main(["edition", "--period", "2026-Q1"]) == 2
    assert not list(mdir.iterdir())


def test_freeze_refuse_force(mdir):
    assert cli.main(["edition", "--period", "2025-H1"]) == 0
    first = (mdir / "2025-H1.json").read_text()
    ed = json.loads(first)
    assert ed["period"] == "2025-H1" and len(ed["warehouse_sha256"]) == 64 and ed["scorecard"] and ed["sources"]
    assert ed["warehouse_sha256"] == editions.warehouse_checksum()
    assert cli.main(["edition", "--period", "2025-H1"]) == 2  # refused
    assert (mdir / "2025-H1.json").read_text() == first
    assert cli.main(["edition", "--period", "2025-H1", "--force"]) == 0
    assert (mdir / "2025-H1.superseded-1.json").read_text() == first
    assert cli.main(["edition", "--period", "2025-H1", "--force"]) == 0
    assert (mdir / "2025-H1.superseded-2.json").exists()
    eds, damaged = editions.list_editions()
    assert list(eds) == ["2025-H1"] and damaged == []


def test_compare_modified_copy(mdir, card):
    path = editions.freeze("2025-H2")
    ed = json.loads(path.read_text())
    assert editions.compare(ed, card).empty  # same warehouse: nothing changed
    for r in ed["scorecard"]:
        if r["member"] == "FI1D7" and r["indicator_id"] == "pop":
            r["latest_year"] -= 1  # an older edition: one data year less
        if r["member"] == "ES41" and r["indicator_id"] == "gdp_meur":
            r["latest_value"] += 100  # revised since
        if r["member"] == "SE331" and r["indicator_id"] == "strategic_projects":
            r["latest_value"], r["note"] = 0, "none located"
    ch = editions.compare(ed, card)
    got = set(zip(ch["member"], ch["change"]))
    assert got == {
        ("Lapland", "new data year"),
        ("Castilla y León", "revised figure"),
        ("Västerbotten", "new projects"),
    }


def test_damaged_edition_skipped(mdir):
    editions.freeze("2026-H1")
    (mdir / "2025-H2.json").write_text("{not json")
    (mdir / "2024-H2.json").write_text(json.dumps({"period": "2024-H2", "scorecard": [{"x": 1}]}))
    eds, damaged = editions.list_editions()
    assert list(eds) == ["2026-H1"] and sorted(name for name, _ in damaged) == ["2024-H2.json", "2025-H2.json"]


def test_committed_edition_readable():
    eds, damaged = editions.list_editions(paths.DATA_DIR / "monitoring")
    assert "2026-H2" in eds and not damaged


def test_report_self_contained(mdir):
    ed = json.loads(editions.freeze("2026-H1").read_text())
    h = report.build_html(ed)
    assert "<script src=" not in h and "@page" in h and "size: A4" in h
    assert h.count("plotly-graph-div") >= 2 and "Eurostat" in h and "2026-H1" in h


# ---- page ----


def test_page_live():
    at = open_page("progress")
    assert_clean(at)
    assert at.dataframe and any("Source:" in c.value for c in at.caption)


def test_page_edition_roundtrip():
    at = open_page("progress", edition="2026-H2")
    assert_clean(at)
    assert at.query_params["edition"] == ["2026-H2"] or at.query_params["edition"] == "2026-H2"
    assert at.selectbox[0].value == "2026-H2"


def test_page_unknown_edition_notice():
    at = open_page("progress", edition="1999-H9")
    assert_clean(at)
    assert any("1999-H9" in n for n in notices(at))
    assert at.selectbox[0].value == "live"


def test_page_damaged_edition(mdir):
    shutil.copy(paths.DATA_DIR / "monitoring" / "2026-H2.json", mdir / "2026-H2.json")
    (mdir / "2026-H1.json").write_text("garbage")
    at = open_page("progress", edition="2026-H1")
    assert not at.exception
    assert any("2026-H1.json" in w.value for w in at.warning)
    assert any("2026-H1" in n for n in notices(at))


def test_page_glance_one_row_per_member():
    at = open_page("progress")
    assert_clean(at)
    glance = at.dataframe[0].value
    members = db.query("partnership_regions")
    assert len(glance) == len(members) + 1  # each member and the partnership total
    assert "Lapland" in set(glance["Region"]) and "pop" in glance.columns
    assert not glance.isna().any().any()  # missing reads "–", never None


def test_page_region_selector_roundtrip(card):
    at = open_page("progress")
    at.segmented_control(key="prog_region").set_value("FI1D7").run()
    assert_clean(at)
    assert at.query_params["region"] in ("FI1D7", ["FI1D7"])
    detail = at.dataframe[0].value
    assert "Region" not in detail.columns and len(detail) == (card["member"] == "FI1D7").sum()
    at2 = open_page("progress", region="FI1D7")  # the copied link reopens the same view
    assert at2.segmented_control(key="prog_region").value == "FI1D7"
    assert len(at2.dataframe[0].value) == len(detail)


def test_page_bad_region_notice_but_carried_silent():
    at = open_page("progress", region="XX99")
    assert_clean(at)
    assert any("XX99" in n for n in notices(at))
    assert at.segmented_control(key="prog_region").value == "all" and "region" not in at.query_params
    at = open_page(region="ES")  # a country code carried from another page: not a member here, no notice
    at.query_params.clear()
    at.switch_page("pages/progress.py").run()
    assert_clean(at)
    assert not any("ES" in n for n in notices(at))
    # Narrowed to "all" here; the shared region stays in the URL for the other pages (one meaning everywhere).
    assert at.segmented_control(key="prog_region").value == "all" and at.query_params["region"] == "ES"


def test_trajectories_common_span_and_highlight():
    from minedash.charts import progress as cp

    series = db.query("progress_series", indicator_ids=progress.INDICATORS)
    series = series[series["year"] >= cp.START_YEAR]
    fig = cp.trajectories(progress.indexed(series), highlight="FI1D7")
    xs = [x for t in fig.data for x in t.x]
    assert min(xs) >= cp.START_YEAR
    assert {tuple(a.range) for a in fig.select_xaxes()} == {(min(xs) - 0.5, max(xs) + 0.5)}
    widths = {t.name: t.line.width for t in fig.data}
    assert widths["Lapland"] == 4 and widths["Kainuu"] == 1
    # by code, so a member whose name has a bracket is highlighted too (it was not, by name)
    fig = cp.trajectories(progress.indexed(series), highlight="EL64")
    assert {t.name: t.line.width for t in fig.data}["Sterea Ellada (Central Greece)"] == 4


def test_page_all_members_sticks_after_a_region():
    at = open_page("progress", region="FI1D7")
    at.segmented_control(key="prog_region").set_value("all").run()
    at.run()  # a rerun must not bring the carried region back
    assert_clean(at)
    assert "region" not in at.query_params and at.segmented_control(key="prog_region").value == "all"
    assert len(at.dataframe[0].value) == len(db.query("partnership_regions")) + 1


def test_percent_change_never_reads_minus_zero():
    from minedash.domain.progress import _pct

    assert _pct(-0.02) == "+0.0%" and _pct(-1.26) == "-1.3%" and _pct(2.0) == "+2.0%" and _pct(None) == "–"


def test_trajectories_put_each_line_and_note_on_its_own_panel():
    from minedash.charts import progress as pc
    from minedash.domain import progress as pr

    _series, indexed = pr.trajectory_data()
    fig = pc.trajectories(indexed)
    inds = list(dict.fromkeys(indexed["indicator_name"]))
    for i, ind in enumerate(inds):
        ax = str(i + 1) if i else ""
        lines = [t for t in fig.data if t.xaxis == f"x{ax}"]
        members = indexed.loc[indexed["indicator_name"] == ind, "region_name"].unique()
        assert {t.name for t in lines} == set(members) and all(t.yaxis == f"y{ax}" for t in lines)
        assert any(a.text.startswith("baseline") and a.xref == f"x{ax}" for a in fig.layout.annotations)
    assert len(fig.layout.shapes) == 2 * len(inds)  # the baseline year and the 100 line on each panel
    assert [a.text for a in fig.layout.annotations[: len(inds)]] == inds  # the panel titles first


def test_editions_are_read_again_only_when_a_file_changed(mdir):
    editions.freeze("2026-H1")
    first, _damaged = editions.list_editions()
    assert editions.list_editions()[0] is first  # unchanged files: not read and checked again
    path = mdir / "2026-H1.json"
    ed = json.loads(path.read_text())
    path.write_text(json.dumps({**ed, "frozen_at": "2026-07-01T00:00:00+00:00", "extra": "x" * 10}))
    again, _damaged = editions.list_editions()
    assert again is not first and again["2026-H1"]["frozen_at"].startswith("2026-07-01")
    path.write_text("{not json")
    eds, damaged = editions.list_editions()
    assert eds == {} and [name for name, _why in damaged] == ["2026-H1.json"] and "cannot be read" in damaged[0][1]


@pytest.mark.parametrize("view", [{}, {"edition": "2026-H2", "region": "ES41"}])
def test_a_room_on_one_progress_view_shares_what_it_derives(monkeypatch, view):
    """The members, the scorecard's table and citation, the trajectories' citation and the benchmark grid's table are
    built once for everyone on the same view (ui.shared), and each session sees the same."""
    from conftest import calls_of, page_content

    from minedash.app import ui
    from minedash.domain import benchmarks

    ui.FIGURES.clear()
    built = ("members", "glance", "indicator_names", "member_detail", "card_years", "series_citation")
    calls = {name: calls_of(monkeypatch, progress, name) for name in built}
    calls["status_table"] = calls_of(monkeypatch, benchmarks, "status_table")
    calls["compare"] = calls_of(monkeypatch, editions, "compare")
    first, second = open_page("progress", lang="fi", **view), open_page("progress", lang="fi", **view)
    assert_clean(first)
    assert_clean(second)
    assert page_content(first) == page_content(second)
    detail = "region" in view
    once = dict.fromkeys(calls, 1) | {"glance": int(not detail), "member_detail": int(detail)}
    once["indicator_names"] = int(not detail) * 2  # for the table's columns, and inside glance
    once["compare"] = int(not detail)  # the live data against the last edition; 2026-H2 has none before it
    assert {name: len(c) for name, c in calls.items()} == once
