"""Names of the regional indicators, their topics and units, as the warehouse writes them (region_indicators):
marked here for the catalogs, translated where shown with `term`. A test checks the warehouse has no other."""

from __future__ import annotations

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


def term(text: str) -> str:
    """An indicator name, topic or unit in the view's language (as written where the catalog has none)."""
    return _(text) if isinstance(text, str) and text else text
