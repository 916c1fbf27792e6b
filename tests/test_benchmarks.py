"""CRM Act 2030 benchmarks grid: query, status rule, figures recomputed from the raw 2023 study file, page."""

import csv

import pandas as pd
import pytest
from conftest import assert_clean, counted, open_page

from minedash.charts import benchmarks as charts
from minedash.charts.benchmarks import STATUS_COLOURS, grid_figure, styled
from minedash.data import db
from minedash.domain import benchmarks as bm

EU27 = {
    "Austria",
    "Belgium",
    "Bulgaria",
    "Croatia",
    "Cyprus",
    "Czechia",
    "Czech Republic",
    "Denmark",
    "Estonia",
    "Finland",
    "France",
    "Germany",
    "Greece",
    "Hungary",
    "Ireland",
    "Italy",
    "Latvia",
    "Lithuania",
    "Luxembourg",
    "Malta",
    "Netherlands",
    "Poland",
    "Portugal",
    "Romania",
    "Slovakia",
    "Slovenia",
    "Spain",
    "Sweden",
}


@pytest.fixture(scope="module")
def table():
    return bm.status_table(db.query("benchmark_status"))


def test_query_columns_and_rows(table):
    df = db.query("benchmark_status")
    assert list(df.columns) == [
        "material_id",
        "material",
        "benchmark_id",
        "target_pct",
        "direction",
        "value_pct",
        "detail",
        "data_year",
        "has_stage_data",
    ]
    assert df["material_id"].nunique() == 18  # 17 Act entries, rare earths split into HREEs and LREEs
    assert len(df) == 18 * 4
    assert set(df["benchmark_id"]) == set(bm.COLUMNS)
    # no data is missing, never zero
    assert (df["has_stage_data"] == df["value_pct"].notna()).all()


def raw_shares(sources_dir, raw_name):
    with open(sources_dir / "eu_crm_assessment_emilsson" / "fact_EUSupplyShares&t.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = pd.DataFrame([r for r in rows if r["Material"] == raw_name])
    out["pct"] = out["Share"].str.rstrip("%").astype(float)
    return out


@pytest.mark.parametrize(
    "material_id,raw_name",
    [
        ("aluminium", "Aluminium"),
        ("copper", "Copper"),
        ("nickel", "Nickel"),
        ("boron", "Borate"),
        ("tungsten", "Tungsten"),
    ],
)
def test_figures_recomputed_from_raw(table, sources_dir, material_id, raw_name):
    raw = raw_shares(sources_dir, raw_name)
    t = table[table["material_id"] == material_id].set_index("benchmark_id")
    for code, stage in (("E", "extraction"), ("P", "processing")):
        st_rows = raw[raw["Stage"] == code]
        if st_rows.empty:
            assert pd.isna(t.loc[stage, "value_pct"])
        else:
            assert t.loc[stage, "value_pct"] == pytest.approx(st_rows[st_rows["Country"].isin(EU27)]["pct"].sum())
    non_eu = raw[~raw["Country"].isin(EU27)]
    assert t.loc["single_third_country_max", "value_pct"] == pytest.approx(non_eu["pct"].max() if len(non_eu) else 0)


def test_known_figures(table):
    t = table.set_index(["material_id", "benchmark_id"])
    assert (
        t.loc[("aluminium", "extraction"), "value_pct"] == 11
        and t.loc[("aluminium", "extraction"), "status"] == "meets"
    )
    assert t.loc[("boron", "single_third_country_max"), "detail"].startswith("Türkiye")
    assert t.loc[("lrees", "processing"), "status"] == "no data"


def test_status_rule():
    assert bm.status(10, 10, "at_least") == "meets"
    assert bm.status(5, 10, "at_least") == "within reach"
    assert bm.status(4.9, 10, "at_least") == "far"
    assert bm.status(None, 10, "at_least") == "no data"
    assert bm.status(float("nan"), 25, "at_least") == "no data"
    assert bm.status(65, 65, "at_most") == "meets"
    assert bm.status(82.5, 65, "at_most") == "within reach"
    assert bm.status(83, 65, "at_most") == "far"


def test_grid_not_colour_alone(table):
    w = bm.wide(table)
    cells = w[list(bm.column_labels().values())].to_numpy().ravel()
    assert all(str(c)[0] in "✓~✗–" for c in cells)
    fig = grid_figure(table)
    assert len(fig.data[0].cells.values[0]) == 18


def test_page():
    at = open_page("benchmarks")
    assert_clean(at)
    assert at.dataframe and at.caption
    assert any("Source:" in c.value for c in at.caption)


def test_page_bad_params():
    at = open_page("benchmarks", material="unobtainium", present="x", edition="zzz")
    assert_clean(at)


def test_cell_colours_follow_each_cells_status(table):
    w = bm.wide(table).drop(columns="material_id")
    ctx = styled(w)._compute().ctx  # (row, column) -> [(property, value)]
    fills = {STATUS_COLOURS[s]: symbol for s, (symbol, _words) in bm.STATUS.items()}
    status_columns = [w.columns.get_loc(c) for c in bm.column_labels().values()]
    assert {c for _r, c in ctx} == set(status_columns)
    for (r, c), props in ctx.items():
        assert dict(props) == {"background-color": dict(props)["background-color"], "color": "#111"}
        assert fills[dict(props)["background-color"]] == w.iat[r, c][0]
    assert len(ctx) == len(w) * len(status_columns)


def test_a_room_on_the_benchmarks_shares_the_grid(monkeypatch):
    from minedash.app import ui

    ui.FIGURES.clear()
    calls = counted(monkeypatch, (bm, "status_table"), (bm, "wide"), (charts, "cell_styles"), (charts, "grid_summary"))
    first, second = open_page("benchmarks"), open_page("benchmarks")
    assert_clean(second)
    assert set(calls.values()) == {1}
    shown = [at.dataframe[0].value for at in (first, second)]
    expected = bm.wide(bm.status_table(db.query("benchmark_status"))).drop(columns="material_id")
    for df in shown:
        pd.testing.assert_frame_equal(df.reset_index(drop=True), expected, check_dtype=False)
    assert [m.value for m in first.markdown] == [m.value for m in second.markdown]
    open_page("benchmarks", lang="fi")  # another language, another grid
    assert calls["status_table"] == 3  # (and the direct call above)
