"""Page furniture every page shares: title, citations, downloads, link to this view, presentation mode."""
from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from . import db, export, state

FLAG_NAMES = {"e": "estimated", "p": "provisional", "b": "break in series", "c": "confidential", "d": "definition differs",
              "r": "reported"}


def sources() -> pd.DataFrame:
    return db.query("sources").set_index("source_id")


def _years_text(years: Iterable | None) -> str | None:
    ys = sorted({int(y) for y in years if pd.notna(y)}) if years is not None else []
    if not ys:
        return None
    return str(ys[0]) if len(ys) == 1 else f"{ys[0]}–{ys[-1]}"


def flag_summary(flags: Iterable[str] | None) -> str | None:
    """'12% estimated, 3% provisional' from Eurostat/WMD flag strings; None when nothing is flagged."""
    if flags is None:
        return None
    s = pd.Series(list(flags), dtype=object).fillna("")
    if s.empty:
        return None
    parts = []
    for letter in ("e", "p", "b", "c", "d"):
        share = s.str.contains(letter, regex=False).mean()
        if share > 0:
            parts.append(f"{share:.0%} {FLAG_NAMES[letter]}" if share >= 0.01 else f"<1% {FLAG_NAMES[letter]}")
    return ", ".join(parts) if parts else "no figure flagged"


def citation_text(source_ids: Iterable[str], years: Iterable | None = None, flags: Iterable[str] | None = None,
                  note: str | None = None) -> str:
    src = sources()
    parts = []
    for sid in dict.fromkeys(source_ids):
        if sid not in src.index:
            parts.append(f"Source: {sid}")
            continue
        r = src.loc[sid]
        code = f", {r['dataset_code']}" if pd.notna(r["dataset_code"]) and r["dataset_code"] else ""
        parts.append(f"Source: [{r['publisher']}{code}]({r['url']}) · Licence: {r['licence']} · Vintage: {r['vintage']}")
    text = " | ".join(parts)
    yt = _years_text(years)
    if yt:
        text += f" · Data year: {yt}"
    fs = flag_summary(flags)
    if fs:
        text += f" · Flags: {fs}"
    if note:
        text += f" · {note}"
    return text


def cite(source_ids: Iterable[str], years: Iterable | None = None, flags: Iterable[str] | None = None,
         note: str | None = None) -> None:
    """The citation line under a chart or table: source, dataset code, licence, data year, flags."""
    st.caption(citation_text(source_ids, years, flags, note))


def downloads(df: pd.DataFrame, name: str, source_ids: Iterable[str] = (), key: str | None = None) -> None:
    """CSV and XLSX of exactly `df`; the XLSX carries the citation on a second sheet."""
    key = key or name
    source_ids = list(dict.fromkeys(source_ids))  # any iterable (a Series too), each id once
    notes = [citation_text(source_ids)] if source_ids else None
    c1, c2 = st.columns(2)
    # Callables: the files are built on click only, not on every rerun (XLSX is slow to write).
    c1.download_button("CSV", lambda: export.to_csv(df), f"{name}.csv", "text/csv", key=f"csv-{key}",
                       icon=":material/download:", width="stretch", on_click="ignore")
    c2.download_button("XLSX", lambda: export.to_xlsx(df, name, notes), f"{name}.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"xlsx-{key}",
                       icon=":material/download:", width="stretch", on_click="ignore")


def view_url() -> str:
    base = st.context.url or ""
    base = base.split("?")[0]
    query = urlencode({k: st.query_params[k] for k in st.query_params})
    return f"{base}?{query}" if query else base


def link_to_view() -> None:
    """A 'link to this view' control: the full URL with every choice, with a copy button."""
    with st.popover("Link to this view", icon=":material/link:"):
        st.caption("Copy this link: it reopens exactly this view.")
        st.code(view_url(), language=None, wrap_lines=True)


def ensure_shell() -> None:
    """Make sure the page runs inside dashboard.py (navigation, sidebar, presentation mode, carried view).

    Streamlit starts every server in its legacy pages/ mode: until some session has run dashboard.py's
    st.navigation, a deep link such as /sources runs pages/sources.py alone. Leave that mode and rerun,
    so the entry script runs and resolves the same URL path to the same page.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # internal module moved: nothing to fix then
        return
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def page_header(title: str, question: str) -> None:
    """Title, the question the page answers, notices about the URL, and the link control."""
    ensure_shell()
    left, right = st.columns([4, 1.3], vertical_alignment="bottom")
    left.title(title)
    left.caption(question)
    with right:
        link_to_view()
    state.show_notices()


PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"], footer { display: none !important; }
.block-container { padding-top: 1rem !important; max-width: 100% !important; }
html, body, [data-testid="stAppViewContainer"] { font-size: 22px !important; }
h1 { font-size: 2.6rem !important; } h2 { font-size: 2rem !important; } h3 { font-size: 1.6rem !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 0.95rem !important; color: #111 !important; opacity: 1 !important; }
[data-testid="stAppViewContainer"] { background: #ffffff !important; color: #000 !important; }
</style>
"""


def apply_present_mode() -> bool:
    if state.present_mode():
        st.html(PRESENT_CSS)
        return True
    return False


def page_link(page: str, label: str, icon: str | None = None, query_params: dict | None = None) -> bool:
    """st.page_link to a page if dashboard.py registers it; otherwise nothing (pages are added over time)."""
    from streamlit.errors import StreamlitAPIException

    try:
        st.page_link(page, label=label, icon=icon, query_params=query_params)
        return True
    except StreamlitAPIException:  # not registered in st.navigation (yet)
        return False


def missing(message: str) -> None:
    """Say plainly that data is missing (never show it as zero)."""
    st.warning(message, icon=":material/block:")
