"""Languages: every message the code uses has a translation in every catalog (extracted with Babel, as a translator
would), placeholders survive translation, formats follow the language, and the pages switch language by URL."""

from __future__ import annotations

import re
from datetime import date

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from conftest import assert_clean, notices, open_page

from minedash import i18n
from minedash.data import paths

LANGS = [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def used_messages() -> set[str]:
    """Every message the code marks for translation, extracted as `pybabel extract -F babel.cfg` does."""
    method_map = [("minedash/**.py", "python"), ("pages/**.py", "python"), ("dashboard.py", "python")]
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(paths.ROOT), method_map=method_map, keywords=KEYWORDS
    ):
        found.update(message if isinstance(message, tuple) else (message,))
    return {m for m in found if m}


@pytest.fixture(scope="module")
def used() -> set[str]:
    return used_messages()


def catalog(lang: str):
    with i18n.po_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang)


def test_extraction_finds_the_shell_and_the_wrapped_pages(used):
    assert {"Presentation mode", "Link to this view", "Data & sources", "What each figure measures"} <= used


def translated(cat) -> dict[str, bool]:
    """Each message id of a catalog, a plural's singular and plural alike, and whether every form is translated."""
    done = {}
    for m in cat:
        if m.id:
            forms = m.string if isinstance(m.string, tuple | list) else (m.string,)
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            done |= dict.fromkeys(ids, all(forms) and not m.fuzzy)
    return done


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_translates_every_message_the_code_uses(lang, used):
    done = translated(catalog(lang))
    missing = sorted(m for m in used if not done.get(m))
    assert not missing, f"{lang}: {len(missing)} messages untranslated (run the update in README, Translations): " + (
        "; ".join(missing[:10])
    )
    unused = sorted(m for m in done if m not in used)
    assert not unused, f"{lang}: messages no longer used by the code: {unused[:10]}"


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_their_placeholders(lang):
    for m in catalog(lang):
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        forms = m.string if isinstance(m.string, tuple | list) else (m.string,)
        for form in filter(None, forms if m.id else ()):  # each plural form keeps the plural's placeholders
            assert set(PLACEHOLDER.findall(ids[-1])) == set(PLACEHOLDER.findall(form)), (lang, m.id, form)


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_compiles_and_translates(lang):
    with i18n.language(lang):
        assert i18n.current() == lang
        assert i18n._("Presentation mode") != "Presentation mode"
    assert i18n._("Presentation mode") == "Presentation mode"  # back to English outside


def test_browser_locale_picks_the_language():
    assert i18n.from_locale("fi-FI") == "fi" and i18n.from_locale("sv_SE") == "sv" and i18n.from_locale("el") == "el"
    assert i18n.from_locale("de-DE") == "en" and i18n.from_locale(None) == "en"


def test_numbers_percentages_and_dates_follow_the_language():
    cases = {
        "en": ("1,234,567.8", "12.5%", "March 5, 2026"),
        "fi": ("1\xa0234\xa0567,8", "12,5\xa0%", "5. maaliskuuta 2026"),
        "sv": ("1\xa0234\xa0567,8", "12,5\xa0%", "5 mars 2026"),
        "es": ("1.234.567,8", "12,5\xa0%", "5 de marzo de 2026"),
        "el": ("1.234.567,8", "12,5%", "5 Μαρτίου 2026"),
    }
    for lang, (num, pct, day) in cases.items():
        with i18n.language(lang):
            assert (i18n.number(1234567.8), i18n.percent(12.5, 1), i18n.date(date(2026, 3, 5))) == (num, pct, day)


def test_region_names_in_their_own_language_with_the_latin_beside():
    assert i18n.region_name("Sterea Elláda", "Στερεά Ελλάδα") == "Στερεά Ελλάδα (Sterea Elláda)"
    assert i18n.region_name("Lappi", "Lappi") == "Lappi"


@pytest.mark.parametrize(("lang", "title"), [("fi", "Aineistot ja lähteet"), ("el", "Δεδομένα και πηγές")])
def test_a_wrapped_page_in_another_language(lang, title):
    at = open_page("sources", lang=lang)
    assert_clean(at)
    assert at.title[0].value == title
    assert at.query_params["lang"] in ([lang], lang)
    captions = " ".join(c.value for c in at.caption)
    assert i18n.translations(lang).gettext(i18n.OWN_TRANSLATION) in captions  # our translation, said so


def test_a_bad_language_gives_a_notice_and_english():
    at = open_page(lang="xx")
    assert_clean(at)
    assert at.title[0].value.startswith("S3 partnership")
    assert "The link asked for language “xx”, which is not available here; showing English instead." in notices(at)


def test_every_indicator_name_topic_and_unit_of_the_warehouse_is_in_the_catalogs():
    from minedash.data import db
    from minedash.domain import vocabulary

    cat = db.query("region_indicators")
    marked = set(vocabulary.INDICATORS) | set(vocabulary.TOPICS) | set(vocabulary.UNITS)
    assert set(cat["name"]) | set(cat["topic"]) | set(cat["unit"]) <= marked
    with i18n.language("fi"):
        assert vocabulary.term("Population, all ages") == "Väestö, kaikki ikäryhmät"


def test_every_material_name_of_the_warehouse_is_in_the_catalogs():
    from minedash.data import db
    from minedash.domain import vocabulary

    marked = set(vocabulary.MATERIALS) | set(vocabulary.CRM_NAMES) | set(vocabulary.LISTED_NAMES)
    written = set(db.table("materials")["material"]) | set(db.table("crm_list")["crm_name"])
    listed = set(db.table("facilities")["materials"]) | set(db.table("strategic_projects")["materials"])
    written |= {part.strip() for names in listed for part in names.split("|") if part.strip()}
    assert written <= marked, sorted(written - marked)
    # World Mining Data: commodity names (wherever the warehouse writes them), what a material's figure counts, units
    wmd = set(db.table("production")["commodity"]) | set(db.table("production_world")["commodity"])
    wmd |= set(db.table("commodities")["commodity"]) | set(db.table("material_commodities")["commodity"])
    assert wmd <= set(vocabulary.COMMODITIES), sorted(wmd - set(vocabulary.COMMODITIES))
    bases = set(db.table("material_commodities")["basis"])
    assert bases <= set(vocabulary.COMMODITY_BASES), sorted(bases - set(vocabulary.COMMODITY_BASES))
    units = set(db.table("commodities")["unit"]) | set(db.table("production")["unit"])
    assert units <= set(vocabulary.COMMODITY_UNITS), sorted(units - set(vocabulary.COMMODITY_UNITS))
    with i18n.language("el"):
        assert vocabulary.materials_text("Cobalt | Nickel") == "Κοβάλτιο | Νικέλιο"
        assert vocabulary.term("Lithium (Li2O)") == "Λίθιο (Li2O)" and vocabulary.term("Iron (Fe)") == "Σίδηρος (Fe)"


def test_commodities_read_in_the_language_and_keep_their_ids():
    from minedash.data import db
    from minedash.domain import materials

    coms = db.query("production_commodities")
    with i18n.language("fi"):
        shown = materials.commodities(coms)
        lithium = materials.commodities(db.query("material_commodities", material="lithium")).iloc[0]
        gold = materials.commodities(db.query("material_commodities", material="gold")).iloc[0]
    labels = dict(zip(shown["commodity_id"], shown["label"]))
    assert labels["natural-gas"] == "Maakaasu (milj. m³)" and labels["cobalt"] == "Koboltti (t)"
    assert list(shown["commodity_id"]) == list(coms["commodity_id"]) and db.sources_of(shown) == db.sources_of(coms)
    assert lithium["heading"] == "Litium (Li2O) (Li2O-pitoisuus)" and lithium["commodity_id"] == "lithium-li2o"
    assert gold["heading"] == "Kulta"  # the basis 'gold' only repeats the name
    english = materials.commodities(db.query("material_commodities", material="lithium")).iloc[0]
    assert english["heading"] == "Lithium (Li2O) (Li2O content)"


def test_material_pickers_keep_the_ids_and_word_the_label_in_the_language():
    from minedash.data import db
    from minedash.domain import materials

    mats = db.query("material_list")
    with i18n.language("fi"):
        labels = materials.labels(mats)
    assert labels["lithium"] == "Litium (strateginen)" and labels["coking-coal"] == "Koksihiili (CRM 2023)"
    assert labels["gold"] == "Kulta" and set(labels) == set(mats["material_id"])


def test_a_frozen_scorecard_reads_in_the_language_and_stays_as_written():
    from minedash.domain import editions, progress

    eds, _damaged = editions.list_editions()
    card = editions.scorecard_frame(eds["2026-H2"])
    with i18n.language("fi"):
        shown = progress.display_scorecard(card)
    assert set(card["trend"]) <= {*progress.TRENDS.values(), progress.NO_CHANGE, progress.NO_SERIES}
    assert "▲ nousu" in " ".join(shown["Change"]) and "Kumppanuus" in " ".join(shown["Region"])
    notes = " ".join(shown["Note"])
    for english in ("no figure after", "sum of the", "checked", "none located", "NUTS 2 parent"):
        assert english not in notes
    assert "Kevitsa" in notes  # site names stay as written


def test_region_labels_give_the_national_name_with_the_latin_beside():
    from minedash.data import db
    from minedash.domain import regions

    labels = regions.labels(db.query("regions"))
    assert labels["FI1D7"] == "Lappi · FI1D7"
    assert labels["EL64"].startswith("Στερεά Ελλάδα (Sterea Ell") and labels["EL64"].endswith(" · EL64")


def test_a_message_kept_for_everyone_is_worded_when_shown():
    """A check made once for every session (the warehouse's, the hub's) says its message in each reader's language."""
    from minedash.data import verify

    missing = i18n.Later(i18n.N_("is missing"))
    assert missing == "is missing" and str(missing) == "is missing"  # English, as a plain str, outside a view
    error = verify.WarehouseError(
        i18n.Later(
            i18n.N_(
                "The warehouse table “{name}” {problem}. What needs it cannot be shown until the warehouse is "
                "rebuilt with: {command}"
            ),
            name="regions",
            problem=missing,
            command=verify.REBUILD,
        )
    )
    with i18n.language("fi"):
        assert str(missing) == f"{missing}" == "puuttuu"
        assert str(error).startswith("Tietovaraston taulu ”regions”: puuttuu.") and "missing" not in str(error)
    with i18n.language("el"):
        assert "λείπει" in str(error)
    assert str(error).startswith("The warehouse table “regions” is missing.")
