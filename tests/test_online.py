"""Online refresh: parsers on publisher-format fixtures, downloads through a fake session."""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

import pandas as pd
import pytest
import requests

from minedash.data.ingest import online
from minedash.data.ingest.errors import SourceError
from minedash.data.ingest.eurostat import parse_bulk_tsv, read_text

FIX = Path(__file__).parent / "fixtures" / "online"
API = "https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1"
GISCO = "https://gisco-services.ec.europa.eu/distribution/v2/nuts/geojson/"


def cell(df, **where):
    rows = df
    for k, v in where.items():
        rows = rows[rows[k] == v]
    assert len(rows) == 1, f"{where} matched {len(rows)} rows"
    return rows.iloc[0]


# ---------------------------------------------------------------- SDMX-CSV


@pytest.mark.parametrize("name", ["sbs_r_nuts2021_sdmx1.csv", "sbs_r_nuts2021_sdmx2.csv"])
def test_sdmx_csv_both_versions_give_the_bulk_shape(name):
    df = online.parse_sdmx_csv((FIX / name).read_text(), FIX / name)
    assert list(df.columns) == ["nace_r2", "indic_sbs", "geo", "year", "value", "flag"]
    assert df["year"].dtype == "int16" and df["value"].dtype == "float64"
    r = cell(df, nace_r2="B", geo="FI1D", year=2023)
    assert r["value"] == 3105.0 and r["flag"] == "p"
    assert cell(df, nace_r2="B", year=2022)["flag"] == ""
    conf = cell(df, nace_r2="B07", year=2022)
    assert math.isnan(conf["value"]) and conf["flag"] == "c"  # CONF_STATUS C -> flag c, like ': c'
    assert cell(df, nace_r2="C24", geo="SE33")["value"] == 6530.0


def test_sdmx_csv_and_api_tsv_agree_on_the_same_cells():
    tsv = online.parse_api_tsv(read_text(FIX / "sbs_r_nuts2021.tsv.gz"), "x")
    csv = online.parse_sdmx_csv((FIX / "sbs_r_nuts2021_sdmx1.csv").read_text(), "y")
    assert list(tsv.columns) == list(csv.columns)
    keys = ["nace_r2", "indic_sbs", "geo", "year"]
    both = csv.merge(tsv, on=keys, suffixes=("_csv", "_tsv"))
    assert len(both) == 4
    assert both["flag_csv"].tolist() == both["flag_tsv"].tolist()
    assert both["value_csv"].fillna(-1).tolist() == both["value_tsv"].fillna(-1).tolist()


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda t: t.replace(",2022,", ",2022-Q1,", 1), "not an annual period"),
        (lambda t: t.replace(",A,B,", ",M,B,", 1), "only annual data"),
        (lambda t: t.replace("OBS_VALUE", "VALUE"), "OBS_VALUE"),
        (lambda t: t.replace(",geo,", ",region,"), "GEO"),
        (lambda t: t.replace(",3021,", ",3 021,"), "not numbers"),
    ],
)
def test_sdmx_csv_errors_name_the_file_and_the_problem(mutate, message):
    text = mutate((FIX / "sbs_r_nuts2021_sdmx1.csv").read_text())
    with pytest.raises(SourceError, match=message) as err:
        online.parse_sdmx_csv(text, "/tmp/broken_sdmx.csv")
    assert err.value.path == "/tmp/broken_sdmx.csv"
    assert str(err.value).startswith("/tmp/broken_sdmx.csv: ")


# ---------------------------------------------------------------- API TSV


def test_api_tsv_drops_freq_and_keeps_flags():
    df = online.parse_api_tsv(read_text(FIX / "nama_10r_3gdp.tsv.gz"), "nama")
    assert list(df.columns) == ["unit", "geo", "year", "value", "flag"]  # same as the offline file
    assert cell(df, unit="MIO_EUR", geo="FI1D7", year=2020)["value"] == 6909.75
    assert cell(df, unit="MIO_EUR", geo="FI1D7", year=2021)["flag"] == "p"
    conf = cell(df, unit="MIO_EUR", geo="SE332", year=2021)
    assert math.isnan(conf["value"]) and conf["flag"] == "c"
    assert len(df) == 9  # missing cells are kept as rows


def test_api_tsv_matches_the_offline_parser_on_the_same_text():
    text = read_text(FIX / "demo_r_pjanaggr3.tsv.gz")
    offline = parse_bulk_tsv(text, "d").drop(columns=["freq"])
    pd.testing.assert_frame_equal(online.parse_api_tsv(text, "d"), offline)
    assert cell(offline, sex="T", year=2021)["value"] == 176665.0


def test_api_tsv_rejects_non_annual_frequency():
    text = read_text(FIX / "lfst_r_lfe2en2.tsv.gz").replace("A,T,Y_GE15,B-E", "Q,T,Y_GE15,B-E")
    with pytest.raises(SourceError, match=r"lfst\.tsv: only annual.*'Q'"):
        online.parse_api_tsv(text, "lfst.tsv")


def test_truncated_gzip_is_a_source_error(tmp_path):
    data = (FIX / "sbs_sc_ovw.tsv.gz").read_bytes()
    cut = tmp_path / "sbs_sc_ovw.tsv.gz"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceError, match="truncated") as err:
        read_text(cut)
    assert err.value.path == str(cut)


# ---------------------------------------------------------------- DSD and keys


def test_dsd_dimensions_follow_position_not_document_order():
    dims = online.dsd_dimensions((FIX / "dsd_sbs_r_nuts2021.xml").read_bytes())
    assert dims == ["freq", "nace_r2", "indic_sbs", "geo"]


def test_series_key_is_positional_with_plus_and_empty_slots():
    key = online.series_key(
        ["freq", "nace_r2", "indic_sbs", "geo"], {"freq": ["A"], "nace_r2": ["B", "B07"], "indic_sbs": ["LOC_NR"]}
    )
    assert key == "A.B+B07.LOC_NR."
    with pytest.raises(SourceError, match="size_emp"):
        online.series_key(["freq", "geo"], {"size_emp": ["0-9"]}, "dsd-url")


# ---------------------------------------------------------------- downloads


class FakeResponse:
    def __init__(self, status_code, content=b""):
        self.status_code, self.content = status_code, content


class FakeSession:
    """Serves fixture bytes by URL; records every URL and header it was asked for."""

    def __init__(self, routes):
        self.routes, self.urls, self.headers = routes, [], []

    def get(self, url, timeout=None, headers=None):
        assert timeout is not None, "every request needs a timeout"
        self.urls.append(url)
        self.headers.append(headers or {})
        answer = self.routes.get(url, FakeResponse(404, b"Not Found"))
        if isinstance(answer, Exception):
            raise answer
        return answer


def level_geojson(level):
    doc = json.loads((FIX / "NUTS_RG_20M_2024_4326.geojson").read_bytes())
    doc["features"] = [f for f in doc["features"] if f["properties"]["LEVL_CODE"] == level]
    return json.dumps(doc).encode()


SBS_R_URL = (
    API + "/data/sbs_r_nuts2021/A.B+B05+B06+B07+B08+B09+C24+C25+E38.LOC_NR+EMP_LOC_NR.?format=TSV&compressed=true"
)
SBS_SC_URL = (
    API + "/data/sbs_sc_ovw/A.B+B05+B06+B07+B08+B09+C24+C25+E38+E383.ENT_NR+EMP_NR."
    "0-9+10-19+20-49+10-49+50-249+GE250+TOTAL.?format=TSV&compressed=true"
)


def good_routes():
    ok = lambda b: FakeResponse(200, b)  # noqa: E731
    routes = {online.PROBE_URL: ok(b"<xml/>")}
    for code in ("nama_10r_3gdp", "demo_r_pjanaggr3", "lfst_r_lfe2en2"):
        routes[f"{API}/data/{code}?format=TSV&compressed=true"] = ok((FIX / f"{code}.tsv.gz").read_bytes())
    routes[API + "/datastructure/ESTAT/SBS_R_NUTS2021"] = ok((FIX / "dsd_sbs_r_nuts2021.xml").read_bytes())
    routes[API + "/datastructure/ESTAT/SBS_SC_OVW"] = ok((FIX / "dsd_sbs_sc_ovw.xml").read_bytes())
    routes[SBS_R_URL] = ok((FIX / "sbs_r_nuts2021.tsv.gz").read_bytes())
    routes[SBS_SC_URL] = ok((FIX / "sbs_sc_ovw.tsv.gz").read_bytes())
    for n in range(4):
        routes[f"{GISCO}NUTS_RG_20M_2021_4326_LEVL_{n}.geojson"] = ok(level_geojson(n))
    routes[GISCO + "NUTS_RG_20M_2024_4326.geojson"] = ok((FIX / "NUTS_RG_20M_2024_4326.geojson").read_bytes())
    return routes


def test_download_all_requests_the_right_urls_and_writes_the_offline_file_names(tmp_path):
    session = FakeSession(good_routes())
    paths = online.download_all(tmp_path / "dl", session)
    assert session.urls[0] == online.PROBE_URL
    assert sorted(session.urls) == sorted(good_routes())  # every URL exactly once, nothing else
    assert all("minedash" in h["User-Agent"] for h in session.headers)
    assert paths["nama_10r_3gdp"] == tmp_path / "dl" / "nama_10r_3gdp.tsv.gz"
    assert paths["nuts2021_levl_3"].name == "NUTS_RG_20M_2021_4326_LEVL_3.geojson"
    assert sorted(p.name for p in (tmp_path / "dl").iterdir()) == sorted(p.name for p in paths.values())
    assert len(paths) == 10
    assert (tmp_path / "dl" / "sbs_sc_ovw.tsv.gz").read_bytes() == (FIX / "sbs_sc_ovw.tsv.gz").read_bytes()


def test_plain_text_answer_is_stored_gzipped(tmp_path):
    # requests un-gzips bodies sent with Content-Encoding: gzip; the .gz file must still be gzip.
    routes = good_routes()
    nama = f"{API}/data/nama_10r_3gdp?format=TSV&compressed=true"
    routes[nama] = FakeResponse(200, gzip.decompress(routes[nama].content))
    paths = online.download_all(tmp_path, FakeSession(routes))
    assert read_text(paths["nama_10r_3gdp"]).startswith("freq,unit,geo\\TIME_PERIOD")


@pytest.mark.parametrize(
    "exc", [requests.ConnectionError("Max retries exceeded\nwith url: /"), requests.ConnectTimeout("timed out")]
)
def test_no_network_is_one_line_offline_error_and_writes_nothing(tmp_path, exc):
    dest = tmp_path / "dl"
    session = FakeSession({online.PROBE_URL: exc})
    with pytest.raises(online.OfflineError) as err:
        online.download_all(dest, session)
    msg = str(err.value)
    assert "\n" not in msg
    assert msg.startswith("No network: could not reach ec.europa.eu (")
    assert msg.endswith("the warehouse was not changed.")
    assert session.urls == [online.PROBE_URL]
    assert not dest.exists()


def test_network_lost_midway_writes_nothing(tmp_path):
    routes = good_routes()
    routes[GISCO + "NUTS_RG_20M_2024_4326.geojson"] = requests.ConnectionError("reset")
    dest = tmp_path / "dl"
    with pytest.raises(online.OfflineError, match="gisco-services.ec.europa.eu"):
        online.download_all(dest, FakeSession(routes))
    assert not dest.exists()


@pytest.mark.parametrize("status", [404, 503])
def test_http_error_names_the_url_and_writes_nothing(tmp_path, status):
    routes = good_routes()
    routes[SBS_R_URL] = FakeResponse(status, b"<error/>")
    dest = tmp_path / "dl"
    dest.mkdir()
    (dest / "keep.txt").write_text("old")
    with pytest.raises(SourceError, match=f"HTTP {status}") as err:
        online.download_all(dest, FakeSession(routes))
    assert err.value.path == SBS_R_URL
    assert [p.name for p in dest.iterdir()] == ["keep.txt"]


@pytest.mark.parametrize(
    "url, body, message",
    [
        (SBS_R_URL, (FIX / "sbs_r_nuts2021.tsv.gz").read_bytes()[:60], "truncated"),
        (
            SBS_R_URL,
            gzip.compress(b'{"warning": "the request is being processed asynchronously"}', mtime=0),
            "dims,geo",
        ),
        (f"{GISCO}NUTS_RG_20M_2021_4326_LEVL_2.geojson", level_geojson(3), "expected 2"),
        (f"{GISCO}NUTS_RG_20M_2021_4326_LEVL_0.geojson", level_geojson(0)[:50], "not JSON"),
        (GISCO + "NUTS_RG_20M_2024_4326.geojson", b'{"type": "FeatureCollection", "features": []}', "non-empty"),
    ],
    ids=["truncated-gzip", "async-answer", "wrong-level", "cut-json", "empty-geojson"],
)
def test_invalid_downloads_are_rejected_by_url(tmp_path, url, body, message):
    routes = good_routes()
    routes[url] = FakeResponse(200, body)
    with pytest.raises(SourceError, match=message) as err:
        online.download_all(tmp_path / "dl", FakeSession(routes))
    assert err.value.path == url
    assert not (tmp_path / "dl").exists()


def test_tsv_whose_dimensions_differ_from_the_dsd_is_rejected(tmp_path):
    routes = good_routes()
    text = read_text(FIX / "sbs_r_nuts2021.tsv.gz").replace("freq,nace_r2,indic_sbs,", "freq,indic_sbs,nace_r2,")
    routes[SBS_R_URL] = FakeResponse(200, gzip.compress(text.encode()))
    with pytest.raises(SourceError, match="differ from the data structure"):
        online.download_all(tmp_path / "dl", FakeSession(routes))


def test_fetch_eurostat_sdmx_csv_variant():
    url = online.eurostat_url("sbs_r_nuts2021", fmt="SDMX-CSV")
    assert url == API + "/data/sbs_r_nuts2021?format=SDMX-CSV&compressed=true"
    body = gzip.compress((FIX / "sbs_r_nuts2021_sdmx2.csv").read_bytes())
    got_url, stored, df = online.fetch_eurostat(
        "sbs_r_nuts2021", FakeSession({url: FakeResponse(200, body)}), fmt="SDMX-CSV"
    )
    assert got_url == url and stored == body
    assert cell(df, nace_r2="B", year=2023)["value"] == 3105.0


# ---------------------------------------------------------------- observations


def test_to_observations_regional():
    long = online.parse_api_tsv(read_text(FIX / "sbs_r_nuts2021.tsv.gz"), "r")
    obs = online.to_observations("sbs_r_nuts2021", long)
    assert list(obs.columns) == ["indicator_id", "geo", "year", "value", "flag"]
    assert obs["year"].dtype == "int16" and obs["value"].dtype == "float64"
    assert cell(obs, indicator_id="sbs_emp_loc_b07", year=2023)["value"] == 1930.0
    conf = cell(obs, indicator_id="sbs_emp_loc_b07", year=2022)
    assert math.isnan(conf["value"]) and conf["flag"] == "c"  # flagged gap kept
    assert obs[(obs["indicator_id"] == "sbs_loc_b") & (obs["year"] == 2023)].empty  # bare ':' dropped
    assert cell(obs, indicator_id="sbs_emp_loc_c24", geo="SE33", year=2022)["flag"] == "e"
    assert len(obs) == 14  # 5 series x 3 years, minus the one bare ":"


def test_to_observations_size_classes():
    long = online.parse_api_tsv(read_text(FIX / "sbs_sc_ovw.tsv.gz"), "s")
    obs = online.to_observations("sbs_sc_ovw", long)
    assert cell(obs, indicator_id="sbs_sc_ent_b_0_9", geo="FI", year=2022)["value"] == 622.0
    assert cell(obs, indicator_id="sbs_sc_ent_b_ge250", year=2023)["flag"] == "c"
    assert cell(obs, indicator_id="sbs_sc_emp_b_50_249", year=2021)["flag"] == "c"
    assert cell(obs, indicator_id="sbs_sc_ent_e383_10_49", year=2022)["value"] == 88.0
    assert not obs["indicator_id"].str.contains("c2892").any()  # NACE not asked for
    assert len(obs) == 14


def test_every_observation_id_is_described_in_indicators():
    ids = {i["indicator_id"] for i in online.INDICATORS}
    assert len(ids) == len(online.INDICATORS)
    for code, name in (("sbs_r_nuts2021", "sbs_r_nuts2021.tsv.gz"), ("sbs_sc_ovw", "sbs_sc_ovw.tsv.gz")):
        obs = online.to_observations(code, online.parse_api_tsv(read_text(FIX / name), name))
        assert set(obs["indicator_id"]) <= ids
    b07 = next(i for i in online.INDICATORS if i["indicator_id"] == "sbs_emp_loc_b07")
    assert b07["dataset_code"] == "sbs_r_nuts2021" and b07["unit"] == "persons"
    assert "Mining of metal ores" in b07["name"] and b07["better_when"] in ("up", "down", None)
    assert {k for i in online.INDICATORS for k in i} == {
        "indicator_id",
        "name",
        "unit",
        "topic",
        "source_id",
        "dataset_code",
        "definition",
        "better_when",
    }


def test_to_observations_rejects_an_unexpected_extra_dimension():
    long = online.parse_api_tsv(read_text(FIX / "sbs_r_nuts2021.tsv.gz"), "r")
    twice = pd.concat([long.assign(unit="NR"), long.assign(unit="PC")])
    with pytest.raises(SourceError, match="more than one value"):
        online.to_observations("sbs_r_nuts2021", twice)
