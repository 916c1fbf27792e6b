"""Every queries/*.sql runs with sample parameters, returns rows, and its columns match its header."""

from __future__ import annotations

import re

import pytest

from minedash.data import db, paths

# One sample value per parameter name used anywhere in queries/. A new parameter needs a sample here.
SAMPLES = {
    "level": 2,
    "year": 2020,
    "indicator": "gdp_meur",
    "region": "FI1D7",
    "regions": ["FI1D7", "FI1D3", "ES41"],
    "material": "cobalt",
    "commodity": "cobalt",
    "stage": "extraction",
    "country": "FI",
    "countries": ["FI", "SE"],
    "base_year": 2010,
    "indicator_ids": ["gdp_meur", "pop", "emp_lfs_b_e"],
    "materials": ["cobalt", "nickel"],
    "status": "operating",
    "scope": "global",
    "iso2": "FI",
    "nuts_id": "FI1D7",
    "edition": "2026-H2",
}
# Queries over data that only the online refresh brings (python -m minedash ingest --online): empty offline.
ONLINE_ONLY = {"chain_sme_shares"}
QUERIES = sorted(p.stem for p in paths.QUERIES_DIR.glob("*.sql"))


def header_columns(name: str) -> list[str]:
    """Column names listed in the header's 'Output:' lines (before any parenthesis or comma detail)."""
    text = db.sql_text(name)
    m = re.search(r"--\s*Output[^:\n]*:(.*?)(?:\n(?!--)|\Z)", text, re.S)
    assert m, f"queries/{name}.sql has no '-- Output:' header"
    body = " ".join(line.lstrip("- ") for line in m.group(1).splitlines())
    body = re.sub(r"\([^()]*\)", "", re.sub(r"\([^()]*\)", "", body))  # drop (units, notes), nested once
    return [c.strip().split(" ")[0].rstrip(".;:") for c in body.split(",") if c.strip()]


@pytest.mark.parametrize("name", QUERIES)
def test_query_runs_and_matches_its_header(name):
    text = db.sql_text(name)
    assert text.lstrip().startswith("--"), "header comment first: purpose, parameters, output"
    assert "Parameters:" in text
    params = db.parameters(name)
    missing = params - set(SAMPLES)
    assert not missing, f"add sample values for {missing} to SAMPLES"
    df = db.query(name, **{p: SAMPLES[p] for p in params})
    assert len(df) > 0 or name in ONLINE_ONLY, f"{name} returned no rows for the sample parameters"
    assert list(df.columns) == header_columns(name)


def test_no_query_formats_values_into_sql():
    for name in QUERIES:
        text = db.sql_text(name)
        assert "{" not in text.replace("{}", ""), f"{name}: looks like a format placeholder"
        assert "?" not in text.split("\n", 3)[-1], f"{name}: use $named parameters"
