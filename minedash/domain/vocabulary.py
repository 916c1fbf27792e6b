"""Names the warehouse writes in English: the regional indicators, their topics and units (region_indicators) and the
raw materials. Marked here for the catalogs, translated where shown with `term` (materials in a frame: `named`).
A test checks the warehouse has no other."""

from __future__ import annotations

import re

import pandas as pd

from .. import i18n
from ..data import db
from ..data.db import with_sources
from ..data.memo import memo
from ..i18n import N_, _, region_name

INDICATORS = (
    N_("GDP per inhabitant"),
    N_("GDP per inhabitant, % of EU average (EUR)"),
    N_("GDP, current prices"),
    N_("GDP, current prices, national currency"),
    N_("GDP in purchasing power standards"),
    N_("GDP per inhabitant in PPS"),
    N_("GDP per inhabitant in PPS, % of EU average"),
    N_("Employment, agriculture, forestry and fishing (A)"),
    N_("Employment, industry except construction (B-E, incl. mining)"),
    N_("Employment, construction (F)"),
    N_("Employment, trade, transport, accommodation (G-I)"),
    N_("Employment, information and communication (J)"),
    N_("Employment, financial and insurance (K)"),
    N_("Employment, real estate (L)"),
    N_("Employment, professional and support services (M-N)"),
    N_("Employment, no response"),
    N_("Employment, public administration, education, health (O-Q)"),
    N_("Employment, arts and other services (R-U)"),
    N_("Employment, all activities"),
    N_("CRM sites listed in the CRM Atlas"),
    N_("CRM Act strategic projects"),
    N_("Population, all ages"),
    N_("Population, all ages, women"),
    N_("Population, all ages, men"),
    N_("Population, age unknown"),
    N_("Population, age unknown, women"),
    N_("Population, age unknown, men"),
    N_("Population, 15 to 64"),
    N_("Population, 15 to 64, women"),
    N_("Population, 15 to 64, men"),
    N_("Population, 65 and over"),
    N_("Population, 65 and over, women"),
    N_("Population, 65 and over, men"),
    N_("Population, under 15"),
    N_("Population, under 15, women"),
    N_("Population, under 15, men"),
)
TOPICS = (
    N_("Economy"),
    N_("Employment"),
    N_("Mining and CRM sites"),
    N_("Population"),
)
UNITS = (
    N_("% of EU27 (2020) average"),
    N_("% of population"),
    N_("EUR per inhabitant"),
    N_("PPS (EU27 2020) per inhabitant"),
    N_("million EUR"),
    N_("million PPS (EU27 2020)"),
    N_("million national currency"),
    N_("per 10 billion EUR of GDP"),
    N_("per million inhabitants"),
    N_("persons"),
    N_("persons per million EUR of GDP"),
    N_("projects"),
    N_("sites"),
    N_("thousand persons"),
)

# Material names as the warehouse writes them (materials.material), the CRM list's own wording where it differs
# (crm_list.crm_name), and the CRM atlas's and the CRM Act's wording where it differs again (the "materials" lists
# of facilities and strategic_projects): translated where shown with `material_names` / `materials_text`; the ids
# (material_id, the URL's material=) stay as they are. A test checks the warehouse has no other.
MATERIALS = (
    N_("Aggregates"),
    N_("Aluminium"),
    N_("Antimony"),
    N_("Arsenic"),
    N_("Baryte"),
    N_("Bauxite"),
    N_("Bentonite"),
    N_("Beryllium"),
    N_("Bismuth"),
    N_("Boron"),
    N_("Cadmium"),
    N_("Cerium"),
    N_("Chromium"),
    N_("Cobalt"),
    N_("Coking coal"),
    N_("Copper"),
    N_("Diatomite"),
    N_("Dysprosium"),
    N_("Erbium"),
    N_("Europium"),
    N_("Feldspar"),
    N_("Fluorspar"),
    N_("Gadolinium"),
    N_("Gallium"),
    N_("Germanium"),
    N_("Gold"),
    N_("Gypsum"),
    N_("HREEs"),
    N_("Hafnium"),
    N_("Helium"),
    N_("Holmium"),
    N_("Hydrogen"),
    N_("Indium"),
    N_("Iridium"),
    N_("Iron ore"),
    N_("Kaolin clay"),
    N_("Krypton"),
    N_("LREEs"),
    N_("Lanthanum"),
    N_("Lead"),
    N_("Limestone"),
    N_("Lithium"),
    N_("Lutetium"),
    N_("Magnesite"),
    N_("Magnesium"),
    N_("Manganese"),
    N_("Molybdenum"),
    N_("Natural Rubber"),
    N_("Natural Teak wood"),
    N_("Natural cork"),
    N_("Natural graphite"),
    N_("Neodymium"),
    N_("Neon"),
    N_("Nickel"),
    N_("Niobium"),
    N_("PGMs"),
    N_("Palladium"),
    N_("Perlite"),
    N_("Phosphate rock"),
    N_("Phosphorus"),
    N_("Platinum"),
    N_("Potash"),
    N_("Praseodymium"),
    N_("Rhenium"),
    N_("Rhodium"),
    N_("Roundwood"),
    N_("Ruthenium"),
    N_("Samarium"),
    N_("Sapele wood"),
    N_("Scandium"),
    N_("Selenium"),
    N_("Silica sand"),
    N_("Silicon metal"),
    N_("Silver"),
    N_("Strontium"),
    N_("Sulphur"),
    N_("Talc"),
    N_("Tantalum"),
    N_("Tellurium"),
    N_("Terbium"),
    N_("Thulium"),
    N_("Tin"),
    N_("Titanium"),
    N_("Titanium metal"),
    N_("Tungsten"),
    N_("Vanadium"),
    N_("Xenon"),
    N_("Ytterbium"),
    N_("Yttrium"),
    N_("Zinc"),
    N_("Zirconium"),
)
CRM_NAMES = (
    N_("Bauxite / alumina / aluminium"),
    N_("Boron (borates)"),
    N_("Heavy rare earth elements (HREE)"),
    N_("Light rare earth elements (LREE)"),
    N_("Platinum group metals (PGM)"),
)
LISTED_NAMES = (
    N_("Aluminium and bauxite"),
    N_("Graphite"),
    N_("Heavy rare earth elements"),
    N_("Light rare earth elements"),
    N_("Platinum group metals"),
    N_("Rare earth elements"),
)

# World Mining Data 2024's commodity names as the warehouse writes them (commodities.commodity, production.commodity),
# what a material's WMD figure counts (material_commodities.basis, our words) and WMD's units: translated where shown
# (`materials.commodities`); the ids (commodity_id, the URL's commodity=) stay as they are. A test checks the
# warehouse has no other.
COMMODITIES = (
    N_("Aluminium"),
    N_("Antimony"),
    N_("Arsenic"),
    N_("Asbestos"),
    N_("Baryte"),
    N_("Bauxite"),
    N_("Bentonite"),
    N_("Beryllium (conc.)"),
    N_("Bismuth"),
    N_("Boron Minerals"),
    N_("Cadmium"),
    N_("Chromium (Cr2O3)"),
    N_("Cobalt"),
    N_("Coking Coal"),
    N_("Copper"),
    N_("Diamonds (Gem)"),
    N_("Diamonds (Ind)"),
    N_("Diatomite"),
    N_("Feldspar"),
    N_("Fluorspar"),
    N_("Gallium"),
    N_("Germanium"),
    N_("Gold"),
    N_("Graphite"),
    N_("Gypsum and Anhydrite"),
    N_("Indium"),
    N_("Iron (Fe)"),
    N_("Kaolin (China-Clay)"),
    N_("Lead"),
    N_("Lignite"),
    N_("Lithium (Li2O)"),
    N_("Magnesite"),
    N_("Manganese"),
    N_("Mercury"),
    N_("Molybdenum"),
    N_("Natural Gas"),
    N_("Nickel"),
    N_("Niobium (Nb2O5)"),
    N_("Oil Sands (part of Petroleum)"),
    N_("Oil Shales"),
    N_("Palladium"),
    N_("Perlite"),
    N_("Petroleum"),
    N_("Phosphate Rock (P2O5)"),
    N_("Platinum"),
    N_("Potash (K2O)"),
    N_("Rare Earths (REO)"),
    N_("Rhenium"),
    N_("Rhodium"),
    N_("Salt (rock, brines, marine)"),
    N_("Selenium"),
    N_("Silver"),
    N_("Steam Coal"),
    N_("Sulfur (elementar & industrial)"),
    N_("Talc, Steatite & Pyrophyllite"),
    N_("Tantalum (Ta2O5)"),
    N_("Tellurium"),
    N_("Tin"),
    N_("Titanium (TiO2)"),
    N_("Tungsten (W)"),
    N_("Uranium (U3O8)"),
    N_("Vanadium (V)"),
    N_("Vermiculite"),
    N_("Zinc"),
    N_("Zircon"),
)
COMMODITY_BASES = (
    N_("As2O3"),
    N_("Cr2O3 content"),
    N_("Fe content"),
    N_("K2O content"),
    N_("Li2O content"),
    N_("MgCO3"),
    N_("Nb2O5 content"),
    N_("P2O5 content"),
    N_("Ta2O5 content"),
    N_("TiO2 content"),
    N_("TiO2 in ores, not titanium metal"),
    N_("V content"),
    N_("W content"),
    N_("all rare earths as REO (light and heavy together)"),
    N_("baryte"),
    N_("bentonite"),
    N_("boron minerals (B2O3 basis)"),
    N_("cadmium"),
    N_("coking coal"),
    N_("concentrate"),
    N_("diatomite"),
    N_("feldspar"),
    N_("fluorspar (CaF2)"),
    N_("gold"),
    N_("gypsum"),
    N_("kaolin"),
    N_("magnesite ore (MgCO3), not magnesium metal"),
    N_("metal"),
    N_("metal content"),
    N_("metal content, mine production"),
    N_("natural graphite"),
    N_("ore (bauxite), mine production"),
    N_("palladium"),
    N_("perlite"),
    N_("platinum"),
    N_("primary aluminium, smelter production"),
    N_("primary metal"),
    N_("refinery"),
    N_("rhenium"),
    N_("rhodium"),
    N_("selenium"),
    N_("silver"),
    N_("sulphur"),
    N_("talc"),
    N_("tellurium"),
    N_("zircon"),
)
COMMODITY_UNITS = (
    N_("ct"),
    N_("kg"),
    N_("million m³"),
    N_("t"),
)


def said(words: dict, code):
    """`code` as `words` (code -> message marked with N_) word it, in the view's language; else as written."""
    return _(words[code]) if isinstance(code, str) and code in words else code


def term(text: str) -> str:
    """An indicator name, topic, unit or material in the view's language (as written where the catalog has none)."""
    return _(text) if isinstance(text, str) and text else text


def materials_text(names):
    """A material name, a '|'-separated list of them ('Cobalt | Nickel', as the atlas lists them) or a list of
    names, in the view's language."""
    if isinstance(names, str):
        return " | ".join(term(n.strip()) for n in names.split("|")) if "|" in names else term(names)
    if isinstance(names, list | tuple) or hasattr(names, "tolist"):
        return [term(n) for n in list(names)]
    return names


# The columns that hold material names in the query results (material_id and listed_as hold ids: never translated).
MATERIAL_COLUMNS = ("material", "crm_name", "group_name", "element_names", "materials")
# Country names beside an `iso2` (or Eurostat `country_code`) column; region names beside a `nuts_id` column.
COUNTRY_COLUMNS = ("country_name", "country", "name")
REGION_COLUMNS = ("region_name",)
# Eurostat writes Greece and the United Kingdom EL and UK; CLDR (Babel's territory names) GR and GB.
_CLDR = {"EL": "GR", "UK": "GB"}


def country(iso2, name):
    """A country's name in the view's language, as CLDR (Babel) writes it; in English, and for a code CLDR does not
    know, as the source writes it ('Congo, D.R.' in World Mining Data)."""
    if i18n.current() == i18n.DEFAULT or not isinstance(iso2, str):
        return name
    return i18n.locale().territories.get(_CLDR.get(iso2, iso2), name)


def place(nuts_id, name):
    """A region's name in the view's language: in English as the source writes it (the partnership's 'Lapland',
    'North Karelia'); in the others the name NUTS gives in the language of its country, with the Latin name beside it
    where it differs (Lappi, Pohjois-Karjala, Στερεά Ελλάδα (Sterea Elláda))."""
    if i18n.current() == i18n.DEFAULT:
        return name
    return _nuts_names(db.generation()).get(nuts_id, name)


@memo(2)
def _nuts_names(_generation: tuple) -> dict[str, str]:
    regions = db.query("regions")
    return dict(zip(regions["nuts_id"], native_names(regions)))


def native_names(regions: pd.DataFrame) -> list[str]:
    """Each region (rows with name_latn, name_native) in the language of its country as NUTS gives it, the Latin name
    beside it only where it differs: Στερεά Ελλάδα (Sterea Elláda), Lappi."""
    native = regions["name_native"].where(regions["name_native"].notna(), None)
    return [region_name(latin, nat) for latin, nat in zip(regions["name_latn"], native)]


def named(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its material, indicator, country and region names in the view's language (a new frame with the same
    sources; English: as is)."""
    if i18n.current() == i18n.DEFAULT:
        return frame
    words = {c: frame[c].map(materials_text) for c in MATERIAL_COLUMNS if c in frame.columns}
    if "indicator_name" in frame.columns:
        words["indicator_name"] = frame["indicator_name"].map(term)
    iso2 = next((frame[c] for c in ("iso2", "country_code") if c in frame.columns), None)
    if iso2 is not None:
        words |= {c: _mapped(country, iso2, frame[c]) for c in COUNTRY_COLUMNS if c in frame.columns}
    if "nuts_id" in frame.columns:
        words |= {c: _mapped(place, frame["nuts_id"], frame[c]) for c in REGION_COLUMNS if c in frame.columns}
    if "geo" in frame.columns and "geo_name" in frame.columns:  # a country (two letters) or a NUTS region
        words["geo_name"] = _mapped(_geo, frame["geo"], frame["geo_name"])
    return with_sources(frame.assign(**words), frame) if words else frame


def _geo(code, name):
    return country(code, name) if isinstance(code, str) and len(code) == 2 else place(code, name)


def _mapped(fn, codes: pd.Series, names: pd.Series) -> list:
    """fn(code, name) for each row, worked out once for each distinct pair (a world map's rows repeat few names)."""
    pairs = list(zip(codes, names))
    done = {p: fn(*p) for p in set(pairs)}
    return [done[p] for p in pairs]


# What the ingest wrote in the warehouse manifest about rows it did not store and codes it could not match (in
# English there, as the ingest's record), worded for readers: fixed notes, and notes with the file, line or code in
# them (read back into their parts).
INGEST_NOTES = (
    N_("outline without an ISO code (e.g. disputed areas); not drawn"),
    N_("cell ':' (not available, no flag) — not stored; shown as missing"),
    N_("value ':' (not available) — not stored; shown as missing"),
    N_("NUTS 2013 region with no NUTS 2021 counterpart (listed under 'unmatched')"),
    N_("no value for the country and year (kept out; shown as missing)"),
    N_("no NUTS 2021 region with the same code and name"),
)
INGEST_TEMPLATES = (
    (
        re.compile(
            r"(?P<file>\S+) line (?P<line>\d+): the rest of the (?P<code>\S+) record \((?P<name>.*)\) spilled "
            r"onto a line of its own"
        ),
        N_("{file} line {line}: the rest of the {code} record ({name}) spilled onto a line of its own"),
    ),
    (
        re.compile(r"(?P<file>\S+) line (?P<line>\d+): exact duplicate of line (?P<other>\d+) \((?P<what>.*)\)"),
        N_("{file} line {line}: exact duplicate of line {other} ({what})"),
    ),
    (
        re.compile(r"coded (?P<code>\S+) \((?P<name>.*)\) in the source; corrected to (?P<to>\S+) on (?P<n>\d+) rows"),
        N_("coded {code} ({name}) in the source; corrected to {to} on {n} rows"),
    ),
)


def ingest_note(text):
    """An ingest note of the manifest in the view's language (as written where it is none of the known ones)."""
    if not isinstance(text, str) or i18n.current() == i18n.DEFAULT:
        return text
    if text in INGEST_NOTES:
        return _(text)
    for pattern, template in INGEST_TEMPLATES:
        if m := pattern.fullmatch(text):
            return _(template).format(**m.groupdict())
    return text


def ingest_notes(frame: pd.DataFrame) -> pd.DataFrame:
    """A manifest listing (dropped rows, unmatched codes) with its `reason` column worded for readers."""
    return frame.assign(reason=frame["reason"].map(ingest_note))
