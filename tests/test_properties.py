"""Property-based tests (Hypothesis): hostile URL parameters on every page, any bytes as a survey upload, any
change to a monitoring edition. Derandomized, so a run is repeatable; the examples still cover far more than a
list written by hand."""

from __future__ import annotations

import copy
import csv
import io
import json
import re

import pandas as pd
import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from minedash.app import report
from minedash.app.shell import PAGES
from minedash.app.state import PARAMS
from minedash.domain import editions, progress, survey

SETTINGS = dict(deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))

# ---------------------------------------------------------------- URL parameters on every page

PAYLOADS = [
    "[Log in again](https://evil.example/x)",
    "![t](https://evil.example/p.png)",
    "<img src=https://evil.example/p.png>",
    "<script>alert(1)</script>",
    ":red[alarm] :material/home:",
    "**bold** _it_ `code` # heading",
    "$x^2$ | a | b |",
    "\\\\ \\[x](https://evil.example)",
    "' or 1=1; drop table regions; --",
    "../../../etc/passwd",
    "%3Cimg%3E",
    "\u202etxt.exe",
    "FI1D7,<b>x</b>,SE331",
]
# What a payload would look like had it been rendered as Markdown or HTML: a link or image to evil.example, a tag,
# a colour directive. plain() escapes each of these characters, so none may appear unescaped.
INJECTED = re.compile(r"(?<!\\)\]\((?:https?:|\\:)?//evil|(?<!\\)<(?:img|script|b)\b|(?<!\\):red\[")
VALID = ["FI1D7", "SE331", "2", "2020", "pop", "cobalt", "processing", "1", "0", "2026-H2", "all", "RU,BW", "B"]
values = st.one_of(
    st.sampled_from(PAYLOADS),
    st.sampled_from(VALID),
    st.text(max_size=40),
    st.tuples(st.sampled_from(VALID), st.sampled_from(PAYLOADS)).map(" ".join),
)
url_params = st.dictionaries(st.sampled_from([*PARAMS, "zz", "page"]), values, max_size=4)
PAGE_PATHS = [path for entries in PAGES.values() for path, _, _ in entries]
_APPS: dict[str, AppTest] = {}


def _page(path: str) -> AppTest:
    """One session per page, reused across examples (a user following link after link)."""
    if path not in _APPS:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        at.run()
        _APPS[path] = at.switch_page(f"pages/{path}.py")
    return _APPS[path]


def _markdown(at) -> list[str]:
    """The text of every element Streamlit renders as Markdown (or uses as a label)."""
    kinds = ("markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader", "button")
    out = [e.value if kind != "button" else e.label for kind in kinds for e in getattr(at, kind)]
    return [str(t) for t in out] + [str(e.label) for e in at.get("expander")]


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_hostile_url_parameters_never_break_a_page_or_inject_markup(path):
    @settings(max_examples=6, **SETTINGS)
    @given(params=url_params)
    def check(params):
        at = _page(path)
        at.query_params.clear()
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        assert not at.exception, (params, [e.value for e in at.exception])
        assert not at.error, (params, [e.value for e in at.error])
        for text in _markdown(at):
            assert not INJECTED.search(text), (params, text)

    check()


# ---------------------------------------------------------------- the survey validator

NUTS, MATERIALS = ["FI1D7", "SE331", "ES41", "EL64"], ["nickel", "cobalt", "copper"]
words = st.text(alphabet="abcdefghij klmnopqrstuvwxyzÄÖåé-", min_size=1, max_size=30).map(str.strip).filter(bool)
answer = st.fixed_dictionaries(
    {
        "organisation": words,
        "nuts_region": st.sampled_from(NUTS).map(lambda c: c.lower() if len(c) % 2 else c),
        "size_class": st.sampled_from(survey.SIZE_CLASSES).map(str.title),
        "value_chain_stages": st.lists(st.sampled_from(survey.STAGES), min_size=1, max_size=3, unique=True),
        "materials": st.lists(st.sampled_from(MATERIALS), max_size=2, unique=True),
        "services": st.one_of(st.just(""), words),
        "contact_role": st.one_of(st.just(""), words),
    }
)


def _encode(rows: list[dict], fmt: str) -> tuple[bytes, str]:
    table = [[r[c] if isinstance(r[c], str) else " | ".join(r[c]) for c in survey.COLUMNS] for r in rows]
    if fmt == "xlsx":
        buf = io.BytesIO()
        pd.DataFrame(table, columns=survey.COLUMNS).to_excel(buf, index=False)
        return buf.getvalue(), "s.xlsx"
    sep, encoding = {"csv": (",", "utf-8"), "csv;": (";", "utf-8-sig"), "tsv16": ("\t", "utf-16")}[fmt]
    text = io.StringIO()
    csv.writer(text, delimiter=sep).writerows([survey.COLUMNS, *table])
    return text.getvalue().encode(encoding), "s.csv"


def _check(data: bytes, name: str):
    return survey.validate(data, name, nuts_codes=NUTS, material_ids=MATERIALS)


@settings(max_examples=60, **SETTINGS)
@given(
    rows=st.lists(answer, min_size=1, max_size=8, unique_by=lambda r: r["organisation"]),
    fmt=st.sampled_from(["csv", "csv;", "tsv16", "xlsx"]),
)
def test_any_valid_survey_is_accepted_and_normalised(rows, fmt):
    res = _check(*_encode(rows, fmt))
    assert res.ok, (res.message, res.errors)
    assert res.rows["organisation"].tolist() == [r["organisation"] for r in rows]
    assert res.rows["nuts_region"].tolist() == [r["nuts_region"].upper() for r in rows]
    assert res.rows["value_chain_stages"].tolist() == ["|".join(r["value_chain_stages"]) for r in rows]


BREAK = {
    "nuts_region": "XX99",
    "size_class": "huge",
    "value_chain_stages": "mining",
    "materials": "unobtainium",
    "contact_role": "jane@example.com",
    "organisation": "",
}


@settings(max_examples=40, **SETTINGS)
@given(
    rows=st.lists(answer, min_size=1, max_size=6, unique_by=lambda r: r["organisation"]),
    which=st.integers(min_value=0, max_value=5),
    column=st.sampled_from(list(BREAK)),
    fmt=st.sampled_from(["csv", "xlsx"]),
)
def test_a_bad_cell_is_refused_by_row_and_column(rows, which, column, fmt):
    which %= len(rows)
    rows[which] = {**rows[which], column: BREAK[column]}
    res = _check(*_encode(rows, fmt))
    assert not res.ok and res.rows is None
    assert (which + 2, column) in set(zip(res.errors["row"], res.errors["column"])), res.errors


@settings(max_examples=150, **SETTINGS)
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.lists(st.sampled_from([",", ";", "\t", '"', "\n", "\r", "\x00", "a", "FI1D7", "organisation"]), max_size=300)
        .map("".join)
        .map(str.encode),
    ),
    name=st.sampled_from(["s.csv", "s.xlsx", "s.CSV", "s.txt", ""]),
)
def test_any_bytes_give_a_result_never_an_exception(data, name):
    res = _check(data, name)
    assert res.message
    assert res.ok == (res.rows is not None) and (not res.ok or res.errors.empty)


# ---------------------------------------------------------------- monitoring editions

EDITION = json.loads((ROOT / "data" / "monitoring" / "2026-H2.json").read_text(encoding="utf-8"))
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=20),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6,
)


@st.composite
def damaged_editions(draw):
    """The committed edition with one field of it (top level, or a row of a list) replaced or removed."""
    ed = copy.deepcopy(EDITION)
    key = draw(st.sampled_from(sorted(ed)))
    target, field = ed, key
    if isinstance(ed[key], list) and ed[key] and draw(st.booleans()):
        target = ed[key][draw(st.integers(0, len(ed[key]) - 1))]
        field = draw(st.sampled_from(sorted(target)))
    if draw(st.booleans()):
        del target[field]
    else:
        target[field] = draw(json_values)
    return draw(st.sampled_from([ed, [ed], None, "edition"])) if draw(st.integers(0, 9)) == 0 else ed


@pytest.fixture(scope="module")
def live_card():
    return progress.live_scorecard()


@settings(max_examples=50, **SETTINGS)
@given(ed=damaged_editions())
def test_a_damaged_edition_is_refused_or_shown_never_a_crash(ed, live_card):
    why = editions.check(ed, "2026-H2.json")
    if why is not None:
        assert isinstance(why, str) and why
        return
    card = editions.scorecard_frame(ed)  # everything the Progress page and the report do with an edition
    progress.glance(card)
    for member in set(card["member"]):
        progress.member_detail(card, member)
    progress.display_scorecard(card)
    editions.compare(ed, live_card)
    editions.compare(EDITION, card)
    editions.label({"2026-H2": ed})("2026-H2")
    editions.describe(ed)
    assert "<html" in report.build_html(ed)
