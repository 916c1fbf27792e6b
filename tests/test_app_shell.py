"""App shell: overview and sources pages, bad URL params, URL round-trips, playlist file validation, db.table."""

import json

import pandas as pd
import pytest
from conftest import assert_clean, open_page

from minedash.app import playlist
from minedash.data import db, manifest


def test_home_and_sources_pages_render():
    at = open_page()
    assert_clean(at)
    assert at.title[0].value.startswith("S3 partnership")
    at = open_page("sources")
    assert_clean(at)
    assert at.title[0].value == "Data & sources"
    assert len(at.dataframe) >= 2  # sources, dropped rows (+ unmatched codes)


def test_overview_headline_table_and_citations():
    at = open_page("overview")
    assert_clean(at)
    captions = " ".join(c.value for c in at.caption)
    for sid in ("demo_r_pjanaggr3", "nama_10r_3gdp", "lfst_r_lfe2en2"):
        assert sid in captions
    assert "NUTS 2 parent" in captions
    assert len(at.get("plotly_chart")) == 2  # the members map and the timeline of events


def test_present_mode_param_round_trips():
    at = open_page(present=1)
    assert_clean(at)
    assert at.query_params["present"] in (["1"], "1")
    assert any(b.label == "Leave presentation mode" for b in at.button)


@pytest.mark.parametrize(
    "params",
    [
        {"region": "XX99"},
        {"present": "banana"},
        {"year": "abc"},
        {"region": "XX99", "year": "abc", "present": "banana"},
    ],
)
@pytest.mark.parametrize("page", ["overview", "sources"])
def test_bad_params_never_raise(page, params):
    at = open_page(page, **params)
    assert_clean(at)


def test_shared_params_survive_a_page_switch():
    at = open_page(region="FI1D7", year="2020", material="Cobalt")
    at.switch_page("pages/sources.py")
    at.query_params.pop("region", None)  # a switch drops the URL's params; carry_shared puts them back
    at.run()
    assert_clean(at)
    assert at.query_params["region"] in (["FI1D7"], "FI1D7")
    assert at.query_params["material"] in (["Cobalt"], "Cobalt")


def test_headline_query_uses_the_nuts2_parent_for_lfs_only():
    heads = db.query("partnership_headlines")
    assert set(heads.columns) >= {"nuts_id", "indicator_id", "geo", "from_parent", "year", "value", "flag", "source_id"}
    lap = heads[heads["nuts_id"] == "FI1D7"].set_index("indicator_id")
    assert lap.loc["emp_lfs_b_e", "geo"] == "FI1D" and lap.loc["emp_lfs_b_e", "from_parent"]
    assert lap.loc["pop", "geo"] == "FI1D7" and not lap.loc["pop", "from_parent"]
    assert heads["value"].notna().all()


def test_headline_population_matches_raw_eurostat_file(sources_dir):
    """Lapland's latest population in the warehouse equals the raw Eurostat bulk TSV (NR,T,TOTAL,FI1D7)."""
    import gzip

    heads = db.query("partnership_headlines").set_index(["nuts_id", "indicator_id"])
    year, value = int(heads.loc[("FI1D7", "pop"), "year"]), heads.loc[("FI1D7", "pop"), "value"]
    with gzip.open(sources_dir / "eurostat-demo_r_pjanaggr3" / "demo_r_pjanaggr3.tsv.gz", "rt", encoding="utf-8") as fh:
        header = [h.strip() for h in fh.readline().split("\t")]
        row = next(line.split("\t") for line in fh if line.startswith("NR,T,TOTAL,FI1D7\t"))
    assert float(row[header.index(str(year))].split()[0]) == value


def test_crm_sites_query_counts_members():
    sites = db.query("partnership_crm_sites").set_index("nuts_id")
    assert len(sites) == 7
    fac = db.table("facilities")
    assert sites.loc["FI1D7", "facilities"] == (fac["nuts3"] == "FI1D7").sum()
    assert sites.loc["ES41", "facilities"] == (fac["nuts2"] == "ES41").sum()


def test_map_query_has_geometry_for_every_member():
    m = db.query("partnership_map")
    assert set(m["category"]) == {"lead", "partner", "network"}
    assert m.loc[m["category"] != "network", "geometry"].notna().all()
    assert not (set(m.loc[m["category"] == "network", "nuts_id"]) & set(m.loc[m["category"] != "network", "nuts_id"]))


def test_table_checks_the_name():
    assert len(db.table("partnership_regions")) == 7
    with pytest.raises(ValueError):
        db.table("partnership_regions; select 1")
    with pytest.raises(ValueError):
        db.table("nope")


def test_manifest_reader():
    assert set(manifest.tables()["table"]) == set(db.table_names())
    d = manifest.dropped_rows()
    assert list(d.columns) == ["source_id", "rows", "reason"] and (d["rows"] > 0).all()
    assert "FR24" in set(manifest.unmatched_codes()["code"])


def test_shipped_playlist_is_valid():
    from browser.conftest import registered_pages

    views, problems = playlist.load(known_paths={path for path, _ in registered_pages()})
    assert len(views) >= 5 and not problems


def test_playlist_bad_entries_give_notices(tmp_path):
    f = tmp_path / "p.json"
    f.write_text(
        json.dumps(
            [
                {"title": "ok", "url": "overview?present=1"},
                {"title": "abs", "url": "https://x.org/overview"},
                {"url": "sources"},
                {"title": "gone", "url": "nopage"},
                42,
            ]
        )
    )
    views, problems = playlist.load(f, known_paths={"overview", "sources"})
    assert [v["title"] for v in views] == ["ok"]
    assert len(problems) == 4


def test_playlist_missing_or_broken_file(tmp_path):
    views, problems = playlist.load(tmp_path / "missing.json")
    assert views == [] and "not found" in problems[0]
    (tmp_path / "bad.json").write_text("{not json")
    views, problems = playlist.load(tmp_path / "bad.json")
    assert views == [] and problems
    (tmp_path / "obj.json").write_text('{"x": 1}')
    assert playlist.load(tmp_path / "obj.json")[0] == []


def test_playlist_move_and_position():
    v = [{"title": str(i), "url": u} for i, u in enumerate(["overview", "sources?present=1", "overview?region=FI1D7"])]
    assert [x["title"] for x in playlist.move(v, 2, -1)] == ["0", "2", "1"]
    assert [x["title"] for x in playlist.move(v, 0, -1)] == ["0", "1", "2"]
    assert playlist.position(v, "sources", {}) == 1
    assert playlist.position(v, "overview", {"region": "FI1D7", "present": "1"}) == 2
    assert playlist.position(v, "overview", {"region": "SE331"}) is None


def test_playlist_next_switches_page():
    at = open_page()
    nxt = [b for b in at.sidebar.button if (b.key or "").startswith("pl-next")][0]
    nxt.click().run()
    assert_clean(at)


def test_every_run_gives_its_turn_back(monkeypatch):
    """Page runs take turns (shell.RUNS_AT_ONCE): a run that ends in a page switch, a notice about a bad parameter
    or an error message must give its turn back, or the server would stop serving once the turns are used up."""
    from streamlit.testing.v1 import AppTest

    from minedash.app import turns as turns_module

    asked = []

    class Recorded(turns_module.Turns):
        def acquire(self, again=False, timeout=None):
            asked.append(again)
            return super().acquire(again, timeout)

    turns = Recorded(1)
    monkeypatch.setattr(turns_module, "TURNS", turns)

    def turn_given_back():
        free = turns_module.Turns.acquire(turns, timeout=0)  # not recorded
        if free:
            turns.release()
        return free

    at = AppTest.from_file(str(db.paths.ROOT / "dashboard.py"), default_timeout=60)
    at.query_params.update(year="abc", level="9")  # bad parameters: notices
    at.run()
    assert turn_given_back()
    at.switch_page("pages/regions.py").run()
    assert_clean(at)
    assert turn_given_back()
    asked.clear()
    at.button(key="pl-next-sidebar").click().run()  # the playlist's Next: st.switch_page ends the run early
    assert_clean(at)
    assert turn_given_back()
    assert asked == [False, True]  # the run after the switch goes before runs waiting for a first turn


def test_a_shared_figure_is_written_as_json_once_as_plotly_writes_it(monkeypatch):
    import plotly.graph_objects as go
    import plotly.io as pio
    import plotly.tools

    from minedash.app import ui

    fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]), layout=dict(title=dict(text="t")))
    expected = pio.to_json(fig.to_dict(), validate=False)
    shared = ui._frozen(fig)
    # Plotly's own writer is not asked again: the call st.plotly_chart makes on each run gets the JSON written once.
    monkeypatch.setattr("plotly.io._json.to_json_plotly", lambda *a, **k: pytest.fail("written again"))
    as_streamlit = plotly.tools.return_figure_from_figure_or_data(shared, validate_figure=True)
    assert pio.to_json(as_streamlit, validate=False) == expected
    monkeypatch.undo()
    other = {"data": [{"type": "bar", "y": [3]}], "layout": {}}
    assert pio.to_json(other, validate=False) == ui._plotly_to_json(other, validate=False)  # others: plotly's own


def test_the_regions_map_goes_out_as_its_shared_json():
    import plotly.graph_objects as go

    from minedash.app import ui

    at = open_page("regions", region="FI1D7")
    assert_clean(at)
    specs = {v.to_dict().json for v in ui.FIGURES.results.values() if isinstance(v, go.Figure)}
    assert at.get("plotly_chart") and all(c.proto.spec in specs for c in at.get("plotly_chart"))


def test_a_shared_table_goes_to_st_dataframe_as_arrow_made_once():
    import gc

    import pyarrow as pa

    from minedash.app import ui

    frame = pd.DataFrame({"region": ["Lappi", "Kainuu"], "value": [1.5, None]}, index=[7, 3])
    shared = ui._frozen(frame)
    table = ui._arrow(shared)
    assert isinstance(table, pa.Table) and ui._arrow(shared) is table  # converted once, then handed out as it is
    assert table.to_pandas().equals(frame.reset_index(drop=True))  # the same figures (shown without the index)
    other = frame.copy()
    assert ui._arrow(other) is other  # a frame of this run alone: st.dataframe converts it as usual
    mixed = ui._frozen(pd.DataFrame({"x": [1, "a"]}))
    assert ui._arrow(mixed) is mixed  # Arrow cannot take it as it is: left to st.dataframe's own fixes
    key = id(shared)
    del shared, frame, table
    gc.collect()
    assert key not in ui._ARROW  # dropped with its frame (an evicted result frees its Arrow copy too)


def test_the_regions_tables_go_out_as_their_shared_arrow():
    from minedash.app import ui

    at = open_page("regions", region="FI1D7")
    assert_clean(at)
    assert ui._ARROW  # the profile table (shared) was converted when it was built
    shown = [d.value for d in at.dataframe]
    assert any("Indicator" in d.columns and len(d) > 5 and d["Indicator"].notna().all() for d in shown), shown
