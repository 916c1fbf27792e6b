"""Value chains page: queries, spatial assignment of sites, figures against the raw atlas, AppTest incl. an upload."""

import csv
import json
from urllib.parse import unquote

import pandas as pd
import pytest
from conftest import assert_clean, counted, notices, open_page

from minedash import i18n
from minedash.charts import value_chains as charts
from minedash.data import db
from minedash.domain import survey
from minedash.domain import value_chains as vc

QUERIES = {
    "facilities_sites": (
        dict(material="", stage="", status="", country=""),
        ["facility_id", "name", "lat", "lon", "stage", "status", "material_ids", "nuts3", "nuts3_name"],
    ),
    "facilities_projects": (dict(material="", stage="", country=""), ["project_id", "project", "lat", "lon", "stage"]),
    "chain_materials": ({}, ["material_id", "material", "n_sites", "n_projects"]),
    "chain_matrix": (dict(level=2), ["geo", "geo_name", "membership", "members", "kind", "stage", "n"]),
    "chain_flows": (
        dict(materials=["nickel"], level=0),
        ["material_id", "material", "stage", "geo", "geo_name", "n_sites"],
    ),
    "chain_profiles": ({}, ["nuts_id", "region_name", "scope", "kind", "stage", "material_id", "material", "n"]),
    "chain_region_points": ({}, ["nuts_id", "level", "name_latn", "label_lon", "label_lat"]),
    "chain_sme_shares": ({}, ["geo", "year", "measure", "nace", "size_class", "value", "total", "share_pct", "flag"]),
    "chain_sme_transcribed": (
        {},
        ["geo_code", "year", "size_class", "indicator", "share_pct", "source_url", "transcribed"],
    ),
    "chain_mining_figures": ({}, ["geo_code", "indicator", "year", "value", "unit", "source_url", "transcribed"]),
}


@pytest.mark.parametrize("name", QUERIES)
def test_query_runs_with_its_columns(name):
    params, cols = QUERIES[name]
    df = db.query(name, **params)
    assert set(cols) <= set(df.columns)
    if name != "chain_sme_shares":  # sbs_sc_ovw only arrives with the online refresh
        assert len(df) > 0


def _site(fid):
    sites = db.query("facilities_sites", material="", stage="", status="", country="")
    return sites.set_index("facility_id").loc[fid]


@pytest.mark.parametrize(
    "fid,city,nuts3,nuts2",
    [
        ("se-aitik-boliden", "Gällivare", "SE332", "SE33"),  # Norrbotten
        ("fi-kevitsa-boliden", "Sodankylä", "FI1D7", "FI1D"),  # Lapland
        ("fi-sotkamo-terrafame", "Sotkamo", "FI1D8", "FI1D"),  # Kainuu
        ("se-ronnskar-smelt", "Skellefteå", "SE331", "SE33"),  # Västerbotten
    ],
)
def test_known_sites_fall_in_the_right_region(fid, city, nuts3, nuts2):
    s = _site(fid)
    assert (s["city"], s["nuts3"], s["nuts2"]) == (city, nuts3, nuts2)


def test_kittila_gold_mine_is_not_in_the_atlas(sources_dir):
    # Kittilä (Agnico Eagle, Lapland) is Europe's largest gold mine, but gold is not a critical raw
    # material, so the CRM atlas does not list it: Lapland's profile must not claim it.
    text = (sources_dir / "crm_atlas_forlini" / "facilities.csv").read_text(encoding="utf-8").lower()
    assert "kittil" not in text
    sites = db.query("facilities_sites", material="", stage="", status="", country="")
    assert not sites["city"].str.lower().str.contains("kittil").any()


def test_matrix_counts_match_the_raw_atlas(sources_dir):
    with open(sources_dir / "crm_atlas_forlini" / "facilities.csv", encoding="utf-8") as f:
        raw = pd.DataFrame(list(csv.DictReader(f)))
    m = db.query("chain_matrix", level=0)
    sites = m[m["kind"] == "sites"]
    for country, code in (("Finland", "FI"), ("Sweden", "SE"), ("Spain", "ES"), ("Greece", "EL")):
        want = raw[raw["country"] == country]["stage"].value_counts().to_dict()
        got = sites[sites["geo"] == code].set_index("stage")["n"].astype(int).to_dict()
        assert got == want, country
    # Member flags: a NUTS 2 parent of NUTS 3 members is flagged, not treated as a member.
    m2 = vc.matrix_table(db.query("chain_matrix", level=2)).set_index("geo")
    assert m2.loc["FI1D", "membership"] == "contains members"
    assert m2.loc["FI1D", "members"] == "FI1D3,FI1D7,FI1D8"
    assert m2.loc["ES41", "membership"] == "member"
    assert pd.isna(m2.loc["ES41", "sites: smelting"])  # nothing recorded is blank, not zero


def test_member_profiles_say_what_is_missing():
    prof = db.query("chain_profiles")
    kainuu = " ".join(vc.profile_sentences(prof, "FI1D8"))
    assert "mining" in kainuu and "Cobalt is mined here but not processed" in kainuu
    karelia = vc.profile_sentences(prof, "FI1D3")
    assert "no site of the CRM atlas" in karelia[0]


def test_sankey_and_map_build():
    flows = db.query("chain_flows", materials=["nickel", "cobalt"], level=0)
    fig = charts.sankey_figure(flows)
    assert sum(fig.data[0].link.value) == 2 * flows["n_sites"].sum()
    sites = db.query("facilities_sites", material="nickel", stage="", status="", country="")
    projects = db.query("facilities_projects", material="nickel", stage="", country="")
    deck = charts.site_map(sites, projects, db.query("region_shapes", level=0))
    # no basemap: an inline style with no sources (anything else makes the frontend fetch Carto's style)
    style = json.loads(unquote(deck.map_style.removeprefix("data:application/json,")))
    assert style["sources"] == {} and [layer["type"] for layer in style["layers"]] == ["background"]
    ids = [layer.id for layer in deck.layers]
    assert ids[0] == "outlines" and charts.LAYER_SITES in ids and charts.LAYER_PROJECTS in ids


def test_page_renders_offline_with_sme_notice():
    at = open_page("value_chains")
    assert_clean(at)
    assert [s.value for s in at.header][:2] == [
        "Critical raw material sites in Europe",
        "Value-chain position of the regions",
    ]
    assert any("ingest --online" in w.value for w in at.warning)
    assert any("city-level" in c.value for c in at.caption)


def test_url_params_round_trip_and_show_a_site():
    at = open_page(
        "value_chains",
        material="nickel",
        stage="mining",
        level=3,
        region="FI1D8",
        site="fi-kevitsa-boliden",
        materials="nickel,cobalt",
    )
    assert_clean(at)
    assert not notices(at)
    assert at.selectbox(key="w_material").value == "nickel"
    assert at.selectbox(key="w_stage").value == "mining"
    assert at.selectbox(key="w_level").value == 3
    assert at.selectbox(key="w_region").value == "FI1D8"
    assert at.multiselect(key="w_materials").value == ["nickel", "cobalt"]
    for k, v in dict(material="nickel", stage="mining", level="3", region="FI1D8", site="fi-kevitsa-boliden").items():
        assert at.query_params[k] in (v, [v])
    assert any("Kevitsa mine" in m.value for m in at.markdown)


def test_bad_params_give_notices():
    at = open_page(
        "value_chains",
        material="unobtainium",
        stage="teleporting",
        level=7,
        region="XX1",
        site="nowhere",
        materials="nickel,kryptonite",
    )
    assert_clean(at)
    text = " ".join(notices(at))
    for word in ("unobtainium", "teleporting", "7", "XX1", "nowhere", "kryptonite"):
        assert word in text
    assert at.selectbox(key="w_level").value == 2


def _survey_csv(rows):
    return pd.DataFrame(rows, columns=survey.COLUMNS).to_csv(index=False).encode()


def test_upload_shows_the_survey_and_a_bad_one_changes_nothing():
    at = open_page("value_chains")
    good = _survey_csv(
        [
            {
                "organisation": "Test Drilling Oy",
                "nuts_region": "FI1D7",
                "size_class": "small",
                "value_chain_stages": "exploration|services",
                "materials": "nickel",
                "services": "drilling",
                "contact_role": "sales",
            }
        ]
    )
    at.file_uploader(key="survey_upload").set_value(("survey.csv", good, "text/csv"))
    at.run()
    assert_clean(at)
    assert any("all valid" in s.value for s in at.success)
    assert any("Your survey" in m.value for m in at.markdown)
    assert at.session_state["chain_survey"]["organisation"].tolist() == ["Test Drilling Oy"]
    # A Latin-1 file: a clear error, and the previous survey stays.
    bad = "organisation\nÄänekoski".encode("latin-1")
    at.file_uploader(key="survey_upload").set_value(("bad.csv", bad, "text/csv"))
    at.run()
    assert any("not UTF-8" in e.value for e in at.error)
    assert at.session_state["chain_survey"]["organisation"].tolist() == ["Test Drilling Oy"]


def test_a_refused_upload_reads_in_the_view_language_and_follows_a_switch():
    at = open_page("value_chains", lang="fi")
    row = dict.fromkeys(survey.COLUMNS, "") | {"organisation": "Oy", "nuts_region": "FI1D7", "size_class": "small"}
    bad = _survey_csv([row | {"value_chain_stages": "mining"}])
    at.file_uploader(key="survey_upload").set_value(("survey.csv", bad, "text/csv"))
    # AppTest words the page's widget values with their format_func in this thread: in the language they were shown in.
    with i18n.language("fi"):
        at.run()
    fi = "1 ongelma 1 rivillä; mitään ei ladattu. Korjaa ne ja lataa tiedosto uudelleen."
    assert [e.value for e in at.error] == [fi]
    problems = next(df.value for df in at.dataframe if "ongelma" in df.value.columns)
    assert list(problems.columns) == ["rivi", "sarake", "ongelma"]
    assert problems["ongelma"].tolist() == ["tuntematon vaihe: mining"]
    # Another language in the URL: the same file's message, checked again, in that language.
    at.query_params["lang"] = "es"
    with i18n.language("fi"):
        at.run()
    es = "1 problema en 1 fila; no se ha cargado nada. Corríjalos y vuelva a subir el archivo."
    assert [e.value for e in at.error] == [es]


def _content(at) -> list:
    """What a run shows: its texts, tables and the map's JSON."""
    texts = [e.value for kind in ("header", "markdown", "caption", "warning") for e in getattr(at, kind)]
    return [texts, [df.value.to_json() for df in at.dataframe], [d.proto.json for d in at.get("deck_gl_json_chart")]]


def test_a_room_on_one_view_shares_what_the_page_builds(monkeypatch):
    from minedash.app import ui

    ui.FIGURES.clear()
    built = (charts, "site_map"), (vc, "matrix_view"), (vc, "transcribed_view"), (vc, "profile_sentences")
    calls = counted(monkeypatch, *built, (survey, "documentation"))
    view = dict(material="nickel", site="fi-kevitsa-boliden", level=3)
    first, second = open_page("value_chains", **view), open_page("value_chains", **view)
    assert_clean(second)
    members = len(db.query("partnership_regions"))
    assert calls == dict(site_map=1, matrix_view=1, transcribed_view=2, profile_sentences=members, documentation=1)
    assert _content(first) == _content(second)
    # The shared map is the one the page drew before it was shared: built from the view directly, and the JSON
    # written once is pydeck's own.
    sites = db.query("facilities_sites", material="nickel", stage="", status="", country="")
    projects = db.query("facilities_projects", material="nickel", stage="", country="")
    members_shapes, outlines = db.query("region_member_shapes"), "app/static/geo/nuts2021_l0.geojson"
    deck = charts.site_map(sites, projects, outlines, members_shapes, selected="fi-kevitsa-boliden")
    from pydeck.bindings.json_tools import serialize

    assert _content(second)[2] == [deck.to_json()] == [serialize(deck)]
    shared = [v for v in ui.FIGURES.results.values() if isinstance(v, type(deck))]
    assert len(shared) == 1 and shared[0].to_json() is shared[0].to_json()  # written once
    # Another language is another view: built again, in its words.
    open_page("value_chains", **view, lang="fi")
    assert calls["site_map"] == 3 and calls["documentation"] == 2  # (site_map: and the direct build above)


def test_a_session_with_a_survey_draws_its_own_map_and_shares_nothing_of_it():
    from minedash.app import ui

    ui.FIGURES.clear()
    at = open_page("value_chains")
    row = {
        "organisation": "Test Drilling Oy",
        "nuts_region": "FI1D7",
        "size_class": "small",
        "value_chain_stages": "exploration",
        "materials": "nickel",
        "services": "",
        "contact_role": "",
    }
    at.file_uploader(key="survey_upload").set_value(("survey.csv", _survey_csv([row]), "text/csv"))
    at.run()
    assert_clean(at)
    assert "Test Drilling Oy" in at.get("deck_gl_json_chart")[0].proto.json
    other = open_page("value_chains")  # a session without a survey: the shared map, without the other's answers
    assert charts.LAYER_SURVEY not in {layer["id"] for layer in json.loads(_content(other)[2][0])["layers"]}
    assert not any("Test Drilling Oy" in str(v) for v in ui.FIGURES.results.values())
