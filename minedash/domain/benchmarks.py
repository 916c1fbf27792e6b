"""The CRM Act 2030 benchmarks rule: how far each strategic raw material is from each benchmark.

Pure pandas over the benchmark_status query result; used by the Benchmarks and Progress pages, the monitoring
editions and the report.
"""

from __future__ import annotations

import pandas as pd

from .. import i18n
from ..i18n import N_, _
from .vocabulary import term

# Each status has a symbol and a word, so it never rests on colour alone (charts add the colour).
# Texts are marked N_ and translated where shown (column_labels, status_table, the pages).
STATUS = {  # status -> (symbol, words)
    "meets": ("✓", N_("meets")),
    "within reach": ("~", N_("within reach")),
    "far": ("✗", N_("far")),
    "no data": ("–", N_("no data in the 2023 study")),
}
COLUMNS = {
    "extraction": N_("Extraction ≥10%"),
    "processing": N_("Processing ≥40%"),
    "recycling": N_("Recycling ≥25%"),
    "single_third_country_max": N_("One third country ≤65%"),
}
AMBER_RULE = N_(
    "Within reach = the figure has closed at least half the way to the benchmark: for an “at least” benchmark "
    "T, at least T/2 (e.g. ≥5% for 10%); for the 65% ceiling, at most 65% + (100%−65%)/2 = 82.5%."
)
NOTES = {
    "extraction": N_(
        "Share of EU sourcing of the ore/concentrate that comes from EU-27 countries "
        "(incl. domestic output), "
        "2023 CRM study. The Act measures EU extraction capacity against annual EU consumption."
    ),
    "processing": N_(
        "Share of EU sourcing of the processed material that comes from EU-27 countries, 2023 CRM study. "
        "The Act measures EU processing capacity against annual EU consumption."
    ),
    "recycling": N_(
        "End-of-life recycling input rate (share of secondary material in EU input), SCRREEN factsheets. "
        "The Act measures EU recycling capacity against annual EU consumption."
    ),
    "single_third_country_max": N_(
        "Largest single non-EU country's share of EU sourcing, at the stage where it is largest "
        "(2023 CRM study). The Act's ceiling applies to each processing stage of EU consumption."
    ),
}


def column_labels() -> dict[str, str]:
    """benchmark id -> its column head in the view's language."""
    return {b: _(label) for b, label in COLUMNS.items()}


def status(value: float | None, target: float, direction: str) -> str:
    if value is None or pd.isna(value):
        return "no data"
    if direction == "at_most":
        if value <= target:
            return "meets"
        return "within reach" if value <= target + (100 - target) / 2 else "far"
    if value >= target:
        return "meets"
    return "within reach" if value >= target / 2 else "far"


def status_table(df: pd.DataFrame) -> pd.DataFrame:
    """Adds status, symbol and a cell text ('✓ 11% meets') to the benchmark_status rows (names and texts in the view's
    language)."""
    out = df.copy()
    out["material"] = out["material"].map(term)
    out["status"] = [status(v, t, d) for v, t, d in zip(out["value_pct"], out["target_pct"], out["direction"])]
    out["symbol"] = out["status"].map(lambda s: STATUS[s][0])
    out["cell"] = [
        f"{STATUS[s][0]} {i18n.percent(v)} · {_(STATUS[s][1])}"
        if s != "no data"
        else ("– " + _("no EoL-RIR figure") if b == "recycling" else f"– {_(STATUS[s][1])}")
        for s, v, b in zip(out["status"], out["value_pct"], out["benchmark_id"])
    ]
    return out


def wide(table: pd.DataFrame) -> pd.DataFrame:
    """One row per material, one text column per benchmark (for display and download)."""
    w = table.pivot(index=["material_id", "material"], columns="benchmark_id", values="cell").reset_index()
    w = w[["material_id", "material", *COLUMNS]].rename(columns=column_labels())
    w["factsheet"] = "/material?material=" + w["material_id"]
    return w.sort_values("material").reset_index(drop=True)


def summary(table: pd.DataFrame) -> pd.DataFrame:
    """Count of materials per benchmark and status (for the short summary line)."""
    return table.groupby(["benchmark_id", "status"]).size().unstack(fill_value=0)
