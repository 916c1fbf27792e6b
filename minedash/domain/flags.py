"""The one vocabulary of data flags (Eurostat's letters, WMD's 'r'/'e'/'p'), and how citations sum them up."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pandas as pd

from ..i18n import N_, _, percent

FLAG_NAMES = {
    "e": N_("estimated"),
    "p": N_("provisional"),
    "b": N_("break in series"),
    "c": N_("confidential"),
    "d": N_("definition differs"),
    "r": N_("reported"),
}


def flag_summary(flags: Iterable[str] | None) -> str | None:
    """'12% estimated, 3% provisional' from flag strings; None when there are none."""
    if flags is None:
        return None
    # Counted over the distinct flag strings (a handful), not row by row: this runs under every chart (a Counter: a
    # tenth of pandas' value_counts on a chart's few hundred flags). Missing (None, NaN) counts as unflagged.
    counts = list(Counter(f if isinstance(f, str) else "" for f in flags).items())
    total = sum(n for _f, n in counts)
    if not total:
        return None
    parts = []
    for letter in ("e", "p", "b", "c", "d"):
        share = sum(n for f, n in counts if letter in f) / total
        if share > 0:
            share = percent(round(share * 100)) if share >= 0.01 else "<" + percent(1)
            parts.append(f"{share} {_(FLAG_NAMES[letter])}")
    return ", ".join(parts) if parts else _("no figure flagged")


def flag_words(flags) -> pd.Series:
    """'e,p' -> 'estimated, provisional', element by element."""
    return (
        pd.Series(flags)
        .fillna("")
        .map(lambda f: ", ".join(_(FLAG_NAMES.get(x.strip(), x)) for x in str(f).split(",") if x.strip()))
    )
