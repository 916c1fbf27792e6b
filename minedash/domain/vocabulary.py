"""Names the warehouse writes in English: the regional indicators, their topics and units (region_indicators) and the
raw materials. Marked here for the catalogs, translated where shown with `term` (materials in a frame: `named`).
A test checks the warehouse has no other."""

from __future__ import annotations

import pandas as pd

from .. import i18n
from ..data.db import with_sources
from ..i18n import N_, _

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


def named(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its material names in the view's language (a new frame with the same sources; English: as is)."""
    cols = [c for c in MATERIAL_COLUMNS if c in frame.columns]
    if not cols or i18n.current() == i18n.DEFAULT:
        return frame
    return with_sources(frame.assign(**{c: frame[c].map(materials_text) for c in cols}), frame)
