"""Production explorer: queries, WMD figures against the raw file, page controls and bad parameters."""

import pandas as pd
import pytest
from conftest import assert_clean, notices, open_page

from minedash.data import db
from minedash.data.ingest.common import stored

WMD = "world_mining_data_2024/wmd2024_production_by_country_long.csv"


@pytest.mark.parametrize(
    "name, params, columns",
    [
        ("production_commodities", {}, {"commodity_id", "commodity", "unit"}),
        (
            "production_map",
            dict(commodity="cobalt", year=2022),
            {"iso2", "iso3", "value", "unit", "flag", "share_of_world_pct"},
        ),
        ("production_trend", dict(commodity="cobalt", countries=["FI", "CD"]), {"iso2", "year", "value", "flag"}),
        (
            "production_shares",
            dict(commodity="cobalt"),
            {"geo", "year", "value", "world_value", "share_of_world_pct", "flags"},
        ),
        ("production_countries", dict(commodity="cobalt"), {"iso2", "country_name", "latest_value"}),
    ],
)
def test_query_columns(name, params, columns):
    df = db.query(name, **params)
    assert not df.empty
    assert columns <= set(df.columns)


def test_commodities_and_units():
    coms = db.query("production_commodities")
    assert len(coms) == 65
    assert {"t", "kg", "ct", "million m³"} <= set(coms["unit"])


@pytest.fixture(scope="module")
def wmd(sources_dir):
    return pd.read_csv(stored(sources_dir / WMD))


@pytest.mark.parametrize(
    "commodity, commodity_id, iso3, year",
    [
        ("Cobalt", "cobalt", "COD", 2022),
        ("Cobalt", "cobalt", "FIN", 2020),
        ("Nickel", "nickel", "FIN", 2022),
        ("Platinum", "platinum", "ZAF", 2021),
    ],
)
def test_wmd_values_match_raw_file(wmd, commodity, commodity_id, iso3, year):
    r = wmd[(wmd["commodity"] == commodity) & (wmd["iso3"] == iso3) & (wmd["year"] == year)].iloc[0]
    mine = db.query("production_map", commodity=commodity_id, year=year).set_index("iso3").loc[iso3]
    assert mine["value"] == pytest.approx(r["value"])
    assert mine["flag"] == r["data_source"]


def test_eu_share_uses_wmd_world_total(wmd):
    sh = db.query("production_shares", commodity="cobalt").set_index(["geo", "year"])
    fi = wmd[(wmd["commodity"] == "Cobalt") & (wmd["iso3"] == "FIN") & (wmd["year"] == 2022)]["value"].iloc[0]
    world = db.query("production_map", commodity="cobalt", year=2022)["world_value"].iloc[0]
    assert sh.loc[("FI", 2022), "share_of_world_pct"] == pytest.approx(100 * fi / world, abs=0.01)
    assert world >= db.query("production_map", commodity="cobalt", year=2022)["value"].sum() * 0.99


def test_production_page_controls():
    at = open_page("production", commodity="nickel", year=2020, countries="FI,ID")
    assert_clean(at)
    assert not notices(at)
    assert at.multiselect(key="prod_countries").value == ["FI", "ID"]
    at.segmented_control(key="prod_year").set_value(2019).run()
    assert at.query_params["year"] in ("2019", ["2019"])
    at.multiselect(key="prod_countries").set_value(["FI", "AU"]).run()
    assert at.query_params["countries"] in ("FI,AU", ["FI,AU"])
    at.selectbox(key="prod_commodity").select("diamonds-gem").run()
    assert_clean(at)
    assert at.query_params["commodity"] in ("diamonds-gem", ["diamonds-gem"])
    assert any("ct" in c.value for c in at.caption)


def test_production_bad_params_give_notices():
    at = open_page("production", commodity="kryptonite", year=1990, countries="FI,XX")
    assert_clean(at)
    text = " ".join(notices(at))
    assert "kryptonite" in text and "1990" in text and "XX" in text


def test_a_room_on_one_commodity_shares_what_it_derives(monkeypatch):
    """The commodity list, its producers, map rows and shares are built once for everyone on the same view
    (ui.shared), and each session sees the same; another year reuses what does not depend on it."""
    from conftest import calls_of, page_content

    from minedash.app import ui
    from minedash.domain import materials as rules
    from minedash.domain import vocabulary

    ui.FIGURES.clear()
    built = ("commodities", "producers", "commodity_shares")
    calls = {name: calls_of(monkeypatch, rules, name) for name in built}
    named = calls_of(monkeypatch, vocabulary, "named")
    view = dict(commodity="lithium-li2o", year="2021", lang="es")
    first = open_page("production", **view)
    namings = len(named)
    second = open_page("production", **view)
    assert_clean(first)
    assert_clean(second)
    assert page_content(first) == page_content(second)
    assert {name: len(c) for name, c in calls.items()} == dict.fromkeys(built, 1)
    assert len(named) == namings  # the second session names nothing: every naming is shared
    open_page("production", **{**view, "year": "2019"})
    assert {name: len(c) for name, c in calls.items()} == dict.fromkeys(built, 1) | {"commodity_shares": 2}


def test_flag_summary_counts_missing_as_unflagged():
    from minedash.domain.flags import flag_summary

    assert (
        flag_summary(pd.Series(["e", None, float("nan"), "e,p"] + [""] * 96, dtype=object))
        == "2% estimated, 1% provisional"
    )
    assert flag_summary(["b"] * 999 + [None]) == "100% break in series"
    assert flag_summary([]) is None and flag_summary(None) is None
    assert flag_summary([None, ""]) == "no figure flagged"
