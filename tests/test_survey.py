"""The SME survey validator: good and bad files, generated here (no fixture files on disk)."""

import io
import re
import zipfile

import pandas as pd
import pytest

from minedash import i18n
from minedash.app import export
from minedash.domain import survey

NUTS = {"FI1D7", "FI1D8", "SE331", "ES41", "EL64", "FI", "FI1D"}
MATS = {"nickel", "cobalt", "copper", "lithium"}
GOOD = [
    {
        "organisation": "Oy Example Drilling",
        "nuts_region": "FI1D7",
        "size_class": "small",
        "value_chain_stages": "exploration|services",
        "materials": "nickel|cobalt",
        "services": "core drilling",
        "contact_role": "sales manager",
    },
    {
        "organisation": "Recycling Ab",
        "nuts_region": "se331",
        "size_class": "Micro",
        "value_chain_stages": "recycling",
        "materials": "",
        "services": "",
        "contact_role": "",
    },
]


def csv_bytes(rows, encoding="utf-8", sep=","):
    return pd.DataFrame(rows, columns=survey.COLUMNS).to_csv(index=False, sep=sep).encode(encoding)


def xlsx_bytes(rows):
    buf = io.BytesIO()
    pd.DataFrame(rows, columns=survey.COLUMNS).to_excel(buf, index=False)
    return buf.getvalue()


def _zip_not_xlsx():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "a zip, not a workbook")
    return buf.getvalue()


def check(data, name="s.csv", **kw):
    return survey.validate(data, name, nuts_codes=NUTS, material_ids=MATS, **kw)


def test_good_csv_and_xlsx_are_accepted_and_normalised():
    for data, name in (
        (csv_bytes(GOOD), "s.csv"),
        (xlsx_bytes(GOOD), "s.xlsx"),
        (csv_bytes(GOOD, sep=";"), "s.csv"),
        (b"\xef\xbb\xbf" + csv_bytes(GOOD), "s.csv"),
    ):
        res = check(data, name)
        assert res.ok, (name, res.message, res.errors)
        assert list(res.rows.columns) == survey.COLUMNS
        assert res.rows["nuts_region"].tolist() == ["FI1D7", "SE331"]
        assert res.rows["size_class"].tolist() == ["small", "micro"]


def test_every_bad_cell_is_listed_by_row_and_column():
    rows = GOOD + [
        {
            "organisation": "",
            "nuts_region": "XX99",
            "size_class": "huge",
            "value_chain_stages": "mining|recycling",
            "materials": "unobtainium|nickel",
            "services": "",
            "contact_role": "jane.doe@example.com",
        },
        GOOD[0],
    ]
    res = check(csv_bytes(rows))
    assert not res.ok and res.rows is None
    got = {(r["row"], r["column"]) for r in res.errors.to_dict("records")}
    assert {
        (4, "organisation"),
        (4, "nuts_region"),
        (4, "size_class"),
        (4, "value_chain_stages"),
        (4, "materials"),
        (4, "contact_role"),
        (5, "(whole row)"),
    } <= got
    assert (2, "nuts_region") not in got and (3, "size_class") not in got
    dup = res.errors[res.errors["column"] == "(whole row)"]["problem"].iloc[0]
    assert dup == "duplicate of row 2"


def test_latin1_csv_is_rejected_with_a_clear_message():
    rows = [dict(GOOD[0], organisation="Kaivos Äänekoski Oy")]
    res = check(csv_bytes(rows, encoding="latin-1"))
    assert not res.ok
    assert "not UTF-8" in res.message and "Latin-1" in res.message


@pytest.mark.parametrize(
    "data,name,words",
    [
        (b"", "s.csv", "empty"),
        (b"organisation,nuts_region\nA,FI1D7\n", "s.csv", "missing"),
        (",".join(survey.COLUMNS).encode() + b"\n", "s.csv", "no filled-in rows"),
        (_zip_not_xlsx(), "s.xlsx", "could not be read"),
        (b"just some text", "s.xlsx", "not a valid Excel"),
        (b"a,b", "s.txt", ".csv or .xlsx"),
        (b"\x00\x01\x02binary", "s.csv", "binary"),
    ],
    ids=["empty", "missing-columns", "header-only", "zip-not-xlsx", "text-as-xlsx", "wrong-extension", "binary"],
)
def test_malformed_files_get_a_message(data, name, words):
    res = check(data, name)
    assert not res.ok
    assert words in res.message


def test_size_and_row_limits():
    big = csv_bytes([dict(GOOD[0], organisation=f"Org {i}") for i in range(60)])
    assert "limit" in check(big, max_bytes=1000).message
    res = check(big, max_rows=50)
    assert not res.ok and "at most 50" in res.message
    assert check(big, max_rows=60).ok
    assert survey.upload_limit_mb() == 5  # .streamlit/config.toml server.maxUploadSize


def test_templates_have_the_documented_columns():
    tpl = pd.read_csv(io.BytesIO(export.survey_template_csv()), encoding="utf-8-sig")
    assert list(tpl.columns) == survey.COLUMNS
    mats = pd.DataFrame({"material_id": ["nickel", "=cmd"], "material": ["Nickel", "x"]})
    book = pd.read_excel(io.BytesIO(export.survey_template_xlsx(mats)), sheet_name=None)
    assert list(book["survey"].columns) == survey.COLUMNS
    assert set(book["instructions"]["column"]) == set(survey.COLUMNS)
    assert book["materials"]["material_id"].tolist() == ["nickel", "'=cmd"]  # formulas neutralised
    # An empty template uploaded as is: no rows, a clear message.
    assert "no filled-in rows" in check(export.survey_template_csv()).message


# Words that stay as written in every language: the template's column ids and codes, and the examples' codes.
CODES = {*survey.COLUMNS, *survey.STAGES, *survey.SIZE_CLASSES, "material_id", "nickel", "cobalt", "nuts", "mining"}


def english_words(english: str, text: str) -> set[str]:
    """The words of `english` (3+ letters; codes and numbers aside) that `text` repeats."""

    def words(t):
        return {w for w in re.findall(r"\w+", t.lower()) if len(w) > 2 and not re.search(r"\d", w)} - CODES

    return words(english) & words(text)


def test_a_refused_upload_and_the_template_help_read_in_finnish():
    unknown_stage = csv_bytes([dict(GOOD[0], value_chain_stages="mining|recycling")])
    mats = pd.DataFrame({"material_id": ["nickel"], "material": ["Nickel"]})
    en = (check(b""), check(unknown_stage), survey.documentation())
    with i18n.language("fi"):
        fi = (check(b""), check(unknown_stage), survey.documentation())
        book = pd.read_excel(io.BytesIO(export.survey_template_xlsx(mats, "fi")), sheet_name=None)
    (en_empty, en_stage, en_doc), (fi_empty, fi_stage, fi_doc) = en, fi
    assert fi_empty.message == "Tiedosto on tyhjä."
    assert fi_stage.errors["problem"].tolist() == ["tuntematon vaihe: mining"]  # the file's value as written
    pairs = [(en_empty.message, fi_empty.message), (en_stage.message, fi_stage.message)]
    pairs += [(en_stage.errors["problem"].iloc[0], fi_stage.errors["problem"].iloc[0])]
    # The template's help, column by column; the column ids stay (they are read back).
    assert list(fi_doc.columns) == ["sarake", "pakollinen", "miten täytetään"]
    assert fi_doc.iloc[:, 0].tolist() == survey.COLUMNS and set(fi_doc["pakollinen"]) == {"kyllä", "ei"}
    assert fi_doc.iloc[0, 2] == "Organisaation nimi (yritys, ei henkilö)."
    assert "exploration (malminetsintä)" in fi_doc.iloc[3, 2]  # each stage code with its Finnish word
    pairs += list(zip(en_doc.iloc[:, 2], fi_doc.iloc[:, 2]))
    for english, finnish in pairs:
        assert finnish != english and not english_words(english, finnish), (english, finnish)
    # The downloaded workbook: Finnish sheets and instructions, the survey sheet's columns as the validator reads them.
    assert list(book) == ["kysely", "ohjeet", "raaka-aineet"]
    assert list(book["kysely"].columns) == survey.COLUMNS
    assert book["ohjeet"].equals(fi_doc)
