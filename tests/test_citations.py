"""Citations follow the data: every query declares the sources it reads, results carry them, pages cite them."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
from conftest import open_page
from test_queries import SAMPLES

from minedash.data import db, paths

QUERIES = sorted(p.stem for p in paths.QUERIES_DIR.glob("*.sql"))
MANIFEST = json.loads(paths.MANIFEST_PATH.read_text(encoding="utf-8"))
SOURCE_IDS = {s["source_id"] for s in MANIFEST["sources"]}
WRITERS = defaultdict(set)  # table -> the sources that wrote rows into it
for s in MANIFEST["sources"]:
    for table in s["rows_written"]:
        WRITERS[table].add(s["source_id"])


@pytest.mark.parametrize("name", QUERIES)
def test_query_declares_the_sources_it_reads(name):
    ids, columns = db.declared_sources(name)
    assert set(ids) <= SOURCE_IDS, f"{name}: unknown source ids {set(ids) - SOURCE_IDS}"
    df = db.query(name, **{p: SAMPLES[p] for p in db.parameters(name)})
    assert all(c in df.columns for c in columns), f"{name}: declares a source column it does not return"
    for table in sorted(db.tables_read(name)):
        if not WRITERS[table]:
            continue  # derived or metadata tables (countries, indicators, sources): no source of their own
        assert set(ids) & WRITERS[table] or columns, (
            f"queries/{name}.sql reads {table} (written by {sorted(WRITERS[table])}) but its '-- Sources:' line "
            f"declares none of them: add one, or return a source_id column and declare [source_id]"
        )


def test_results_carry_their_sources():
    assert db.sources_of(db.query("production_commodities")) == ["wmd2024"]
    series = db.query("region_series", regions=["FI1D7"])
    assert {"nuts2021", "nama_10r_3gdp", "demo_r_pjanaggr3"} <= set(db.sources_of(series))
    derived = db.with_sources(series.groupby("indicator_id").size().reset_index(), series)
    assert db.sources_of(derived) == db.sources_of(series)


@pytest.mark.parametrize(
    "page",
    [
        "overview",
        "regions",
        "criticality",
        "material",
        "production",
        "benchmarks",
        "value_chains",
        "progress",
        "sources",
    ],
)
def test_every_citation_names_a_source(page):
    at = open_page(page)
    captions = [c.value for c in at.caption if c.value.startswith("Source")]
    assert captions, f"{page}: no citation line"
    assert not [c for c in captions if "not recorded" in c], f"{page}: a chart or table lost its source"
