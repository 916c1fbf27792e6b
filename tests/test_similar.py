"""Regions like mine: the similarity on small known cases, and the change between two years."""

import pandas as pd
import pytest

from minedash.domain import regions as rules


def frame(values: dict[str, float | None], year: int = 2020) -> pd.DataFrame:
    return pd.DataFrame({"nuts_id": list(values), "year": year, "value": list(values.values()), "flag": None})


def test_nearest_on_one_indicator_is_the_nearest_value():
    table, years, left_out = rules.similar({"a": frame({"R": 10, "S": 11, "T": 20, "U": 9.5, "V": 30})}, "R", n=2)
    assert list(table["nuts_id"]) == ["R", "U", "S"]  # the region first, then |z| distance 0.5 then 1 (same scale)
    assert table["distance"].iloc[0] == 0 and years == {"a": 2020} and left_out == []


def test_z_scores_make_indicators_count_the_same():
    # On a raw scale S is far from R (b differs by 1000); in z-scores both S and T differ from R by one standard
    # deviation on one indicator each, so they tie, and the tie keeps the data order.
    a = frame({"R": 0, "S": 0, "T": 1, "U": 1})
    b = frame({"R": 0, "S": 1000, "T": 0, "U": 1000})
    table, _, _ = rules.similar({"a": a, "b": b}, "R", n=3)
    d = table.set_index("nuts_id")["distance"]
    assert d["S"] == pytest.approx(2.0) and d["T"] == pytest.approx(2.0) and d["U"] == pytest.approx(2 * 2**0.5, 1e-3)
    assert list(table["nuts_id"]) == ["R", "S", "T", "U"]


def test_each_indicator_in_the_regions_latest_year_and_only_regions_with_all():
    a = pd.concat([frame({"R": 1, "S": 2, "T": 3}, 2019), frame({"R": 5, "S": 6}, 2021)])
    b = frame({"R": 1, "S": 2, "T": 1.2}, 2016)
    table, years, _ = rules.similar({"a": a, "b": b}, "R")
    assert years == {"a": 2021, "b": 2016}
    assert list(table["nuts_id"]) == ["R", "S"]  # T has no value of a in 2021


def test_indicators_without_the_regions_value_or_without_spread_are_left_out():
    a, b = frame({"R": 1, "S": 2, "T": 5}), frame({"S": 1, "T": 2})
    c = frame({"R": 3, "S": 3, "T": 3})
    table, years, left_out = rules.similar({"a": a, "b": b, "c": c}, "R")
    assert set(left_out) == {"b", "c"} and list(years) == ["a"] and list(table.columns) == ["nuts_id", "a", "distance"]


def test_no_data_for_the_region_gives_an_empty_table():
    table, years, left_out = rules.similar({"a": frame({"S": 1, "T": 2})}, "R")
    assert table.empty and years == {} and left_out == ["a"]


def test_industry_share():
    share = rules.industry_share(frame({"R": 20, "S": 0}), frame({"R": 80, "S": 0}))
    assert share.set_index("nuts_id")["value"]["R"] == 25 and pd.isna(share.set_index("nuts_id")["value"]["S"])


def test_change_between_two_years_joins_flags_and_keeps_regions_with_both():
    v = pd.concat([frame({"R": 10, "S": 5}, 2019), frame({"R": 12, "T": 1}, 2021)])
    v.loc[(v["nuts_id"] == "R") & (v["year"] == 2021), "flag"] = "p"
    out = rules.change(v, 2019, 2021)
    assert list(out["nuts_id"]) == ["R"] and out["value"].iloc[0] == 2 and out["flag"].iloc[0] == "p"
    assert out["year"].iloc[0] == 2021


def test_a_room_on_one_view_shares_its_nearest_regions(monkeypatch):
    """Regions like mine is computed once for everyone on the same view (ui.shared), and each session sees the same."""
    from conftest import assert_clean, calls_of, open_page, page_content

    from minedash.app import ui

    ui.FIGURES.clear()
    calls = {name: calls_of(monkeypatch, rules, name) for name in ("similar", "similar_table", "labels")}
    view = dict(region="FI1D7", level="3", nearest="4", like="pop,facilities_n")
    first, second = open_page("similar", **view), open_page("similar", **view)
    assert_clean(first)
    assert_clean(second)
    assert {name: len(c) for name, c in calls.items()} == {"similar": 1, "similar_table": 1, "labels": 1}
    assert page_content(first) == page_content(second)
    table = first.session_state["_minedash_shown"]["similar"]["frames"][0]
    assert table["Region"].iloc[0].endswith("(FI1D7)") and len(table) == 5
    open_page("similar", **{**view, "nearest": "2"})  # another view: its own result
    assert len(calls["similar"]) == 2 and len(calls["labels"]) == 1
