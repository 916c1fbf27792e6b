"""The regional indicator as map, chart or table, the change since an earlier year, and Regions like mine."""

from conftest import assert_clean, notices, open_page


def _captions(at) -> str:
    return " ".join(c.value for c in at.caption)


def test_chart_view_draws_bars_of_the_country_and_the_partnership():
    at = open_page("regions", region="FI1D", indicator="gdp_pps_hab_eu", show="chart")
    assert_clean(at)
    shown = at.session_state["_minedash_shown"]
    assert "region_bars" in shown and "region_map" not in shown
    bars = shown["region_bars"]["frames"][0]
    assert "FI1D" in set(bars["nuts_id"]) and set(bars["country_code"]) > {"FI"}  # partners from other countries too
    assert (bars["year"] == 2021).all()


def test_table_view_shows_exactly_the_maps_figures_of_the_change():
    at = open_page("regions", region="FI1D", indicator="gdp_pps_hab_eu", show="table", since="2015")
    assert_clean(at)
    shown = at.session_state["_minedash_shown"]
    table = shown["region_table"]["frames"][0]
    assert list(table.columns) == ["Name", "Code", "change in % of EU27 (2020) average"]
    assert "Data year: 2015–2021" in _captions(at)
    assert at.query_params["since"] in (["2015"], "2015") and at.query_params["show"] in (["table"], "table")


def test_a_change_since_a_later_year_is_refused_with_a_notice():
    at = open_page("regions", region="FI1D", indicator="gdp_pps_hab_eu", year="2015", since="2020")
    assert_clean(at)
    assert any("change since" in n for n in notices(at))
    assert "region_map" in at.session_state["_minedash_shown"]


def test_regions_like_mine_lists_the_nearest_with_the_method():
    at = open_page("similar", region="FI1D7", level="2", nearest="3")
    assert_clean(at)
    table = at.session_state["_minedash_shown"]["similar"]["frames"][0]
    assert (
        table["Region"].iloc[0] == "Pohjois- ja Itä-Suomi (FI1D)" and len(table) == 4
    )  # the NUTS 2 region holding FI1D7, then 3
    assert table["Distance (z-scores)"].is_monotonic_increasing
    assert "Euclidean distance" in _captions(at) and "lfst_r_lfe2en2" in _captions(at)


def test_url_values_typed_in_another_case_are_understood():
    at = open_page("material", material="Lithium")
    assert_clean(at)
    assert not any("Lithium" in n for n in notices(at))  # before: "not available here; showing cobalt"
    assert "lithium" in repr(at.session_state["_minedash_read"]["material"])
    at = open_page("similar", region="fi1d", like="POP,Facilities_N")
    assert_clean(at)
    assert not notices(at)
    assert at.session_state["_minedash_read"]["region"] == "FI1D"
    assert at.session_state["_minedash_read"]["like"] == ("pop", "facilities_n")
