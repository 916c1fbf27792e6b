from conftest import assert_clean, notices, open_page


def test_home_and_sources_pages_render():
    at = open_page()
    assert_clean(at)
    at = open_page("sources")
    assert_clean(at)
    assert at.title[0].value == "Data & sources"
    assert len(at.dataframe) == 1


def test_present_mode_param_round_trips():
    at = open_page(present=1)
    assert_clean(at)
    assert at.query_params["present"] == ["1"] or at.query_params["present"] == "1"
