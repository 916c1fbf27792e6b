"""Downloads: CSV and XLSX of exactly what a chart or table shows, safe to open in a spreadsheet."""

from __future__ import annotations

import io

import pandas as pd

from ..domain import survey

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with a quote (CSV injection)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v)
    return out


def to_csv(df: pd.DataFrame) -> bytes:
    return neutralise(df).to_csv(index=False).encode("utf-8-sig")  # BOM: Excel reads UTF-8 names right


def to_xlsx(df: pd.DataFrame, sheet: str = "data", notes: list[str] | None = None) -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        neutralise(df).to_excel(xl, sheet_name=sheet[:31], index=False)
        if notes:
            pd.DataFrame({"about this data": notes}).to_excel(xl, sheet_name="source", index=False)
    return buf.getvalue()


def to_parquet(df: pd.DataFrame) -> bytes:
    """Parquet bytes of `df` (types kept; for analysts loading whole tables)."""
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def survey_template_csv() -> bytes:
    """The empty SME survey sheet, as CSV."""
    return to_csv(pd.DataFrame(columns=survey.COLUMNS))


def survey_template_xlsx(materials: pd.DataFrame) -> bytes:
    """The empty survey sheet, the column documentation, and the allowed material ids."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        pd.DataFrame(columns=survey.COLUMNS).to_excel(xl, sheet_name="survey", index=False)
        pd.DataFrame(survey.DOCUMENTATION, columns=["column", "required", "how to fill it"]).to_excel(
            xl, sheet_name="instructions", index=False
        )
        neutralise(materials[["material_id", "material"]]).to_excel(xl, sheet_name="materials", index=False)
    return buf.getvalue()
