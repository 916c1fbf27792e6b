"""Downloads: CSV and XLSX of exactly what a chart or table shows, safe to open in a spreadsheet."""

from __future__ import annotations

import asyncio
import io
import json
import re
import threading
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import plotly.graph_objects as go

from .. import i18n
from ..data import db, paths
from ..domain import survey
from ..i18n import _

_STATIC = "app/static/geo/"
_ONE_BROWSER = threading.Lock()
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
            pd.DataFrame({_("about this data"): notes}).to_excel(xl, sheet_name="source", index=False)
    return buf.getvalue()


def to_parquet(df: pd.DataFrame) -> bytes:
    """Parquet bytes of `df` (types kept; for analysts loading whole tables)."""
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def survey_template_csv() -> bytes:
    """The empty SME survey sheet, as CSV."""
    return to_csv(pd.DataFrame(columns=survey.COLUMNS))


def survey_template_xlsx(materials: pd.DataFrame, lang: str = i18n.DEFAULT) -> bytes:
    """The empty survey sheet, the column documentation, and the allowed material ids; the instructions and sheet
    names in `lang` (the column ids stay: they are read back). The language is passed in because Streamlit makes
    the file later, outside the script run that knows the view's language."""
    buf = io.BytesIO()
    with i18n.language(lang), pd.ExcelWriter(buf, engine="openpyxl") as xl:
        sheets = survey.sheet_names()
        pd.DataFrame(columns=survey.COLUMNS).to_excel(xl, sheet_name=sheets["survey"], index=False)
        survey.documentation().to_excel(xl, sheet_name=sheets["instructions"], index=False)
        neutralise(materials[["material_id", "material"]]).to_excel(xl, sheet_name=sheets["materials"], index=False)
    return buf.getvalue()


def _plain_years(years) -> list[int]:
    return sorted({int(y) for y in years if pd.notna(y)}) if years is not None else []


def _plain_flags(flags) -> list[str]:
    return sorted({str(f) for f in flags if pd.notna(f) and f}) if flags is not None else []


def _file_name(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", key).strip("-") or "figure"


def figure_images(figs: dict[str, object], timeout: float = 120) -> tuple[dict[str, bytes], str | None]:
    """PNG and SVG of each plotly figure (`{name}.png`, `{name}.svg`), drawn by kaleido in headless Chromium, one
    browser for all of them; or no images and the reason (kaleido or a browser not installed, or too slow)."""
    if not figs:
        return {}, None
    try:
        import kaleido
    except ImportError:
        return {}, _("kaleido (the plotly image exporter) is not installed on this server")

    async def draw() -> tuple[dict[str, bytes], list[str]]:
        out, failed = {}, []
        async with kaleido.Kaleido(n=1) as k:
            for name, fig in figs.items():
                try:
                    for fmt in ("png", "svg"):
                        opts = {"format": fmt, "width": 1200, "height": 700}
                        out[f"{name}.{fmt}"] = await k.calc_fig(_offline(fig), opts=opts)
                except Exception as exc:  # this figure only; the others are still drawn
                    failed.append(f"{name} ({type(exc).__name__})")
        return out, failed

    # In a thread of its own: the caller may already run an event loop (Streamlit's server). One browser at a time
    # per server (a room clicking at once queues rather than starting 40 Chromiums).
    with _ONE_BROWSER, ThreadPoolExecutor(1) as pool:
        try:
            out, failed = pool.submit(asyncio.run, draw()).result(timeout=timeout)
        except Exception as exc:  # no Chromium, or it failed: say so in the zip, never fake an image
            why = f"{type(exc).__name__}: {str(exc)[:200]}"
            return {}, _("the images could not be drawn here ({why})").format(why=why)
    if failed:
        return out, _("these charts could not be drawn as images: {charts}").format(charts=", ".join(failed))
    return out, None


def _offline(fig):
    """A copy of `fig` whose map outlines are read from disk: the browser drawing the image has no app to fetch
    app/static/geo/... from."""
    if not any(isinstance(getattr(t, "geojson", None), str) for t in fig.data):
        return fig
    fig = go.Figure(fig)
    for t in fig.data:
        url = getattr(t, "geojson", None)
        if isinstance(url, str) and url.startswith(_STATIC):
            t.geojson = json.loads((paths.STATIC_GEO_DIR / url.removeprefix(_STATIC)).read_text(encoding="utf-8"))
    return fig


def view_zip(items: list[dict], about: dict, sources: pd.DataFrame, readme: str, images: bool = True) -> bytes:
    """The zip of a view: each frame a chart or table drew as CSV (exactly as received), metadata.json (the view's URL,
    page, date, and per file its sources with publisher, licence, vintage and URL, its data years and flags),
    README.txt (`readme`, with the image note appended) and each chart as PNG and SVG where they can be drawn.
    `items`: dicts with key, kind, frames, fig (or None), sources (ids), years, flags, citation."""
    files, figs = [], {}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for item in items:
            name = _file_name(item["key"])
            for i, frame in enumerate(item["frames"]):
                file = f"{name}.csv" if i == 0 else f"{name}-{i + 1}.csv"
                z.writestr(file, to_csv(frame))
                ids = db.sources_of(frame) or list(item["sources"])
                files.append(
                    {
                        "file": file,
                        "shown_as": item["kind"],
                        "chart_key": item["key"],
                        "rows": len(frame),
                        "columns": [str(c) for c in frame.columns],
                        "sources": [_source(sid, sources) for sid in ids],
                        "data_years": _plain_years(item["years"]),
                        "flags": _plain_flags(item["flags"]),
                        "citation": item["citation"],
                    }
                )
            if item["fig"] is not None:
                figs[name] = item["fig"]
        drawn, why_not = figure_images(figs) if images else ({}, _("images were not asked for"))
        for file, data in drawn.items():
            z.writestr(file, data)
        meta = {**about, "files": files, "images": sorted(drawn), "images_note": why_not}
        z.writestr("metadata.json", json.dumps(meta, ensure_ascii=False, indent=2, default=str))
        note = f"\nImages (PNG, SVG): {why_not}.\n" if why_not and figs else ""
        z.writestr("README.txt", readme + note)
    return buf.getvalue()


def _source(sid: str, sources: pd.DataFrame) -> dict:
    if sid not in sources.index:
        return {"id": sid}
    r = sources.loc[sid]
    fields = ("publisher", "dataset_code", "licence", "vintage", "url")
    return {"id": sid, **{f: (None if pd.isna(r.get(f)) else str(r.get(f))) for f in fields}}
