"""Page furniture every page shares: the header, citation lines, downloads, the link to this view."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import weakref
from collections.abc import Callable, Iterable
from urllib.parse import quote, urlencode

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pyarrow as pa
import pydeck as pdk
import streamlit as st

from .. import i18n
from ..charts import PLOTLY_CONFIG, figure_table, summary_of
from ..data import db, hub
from ..data.memo import Cache, memo
from ..domain.flags import flag_summary
from ..i18n import _
from . import export, shell, state

_NOTICE_SLOT = "_minedash_notice_slot"


def page_header(title: str, question: str) -> None:
    """Title, the question the page answers and the link control; under them, the notices about the URL.
    First on every page: it also makes sure the page runs inside the shell (navigation, sidebar, footer)."""
    shell.within()
    left, right = st.columns([4, 1.3], vertical_alignment="bottom")
    left.title(title)
    left.caption(question)
    with right:
        link_to_view()
        download_view(title)
    shell.notice_slot(st.container())


def sources_table() -> pd.DataFrame:
    """The ingested sources, and the partnership hub (files the lead regions edit; each entry cites its page)."""
    return pd.concat([db.query("sources"), pd.DataFrame([hub.SOURCE])]).set_index("source_id")


@memo(2)
def _source_lines(_generation: tuple) -> dict[str, tuple[str, str, str]]:
    """(linked publisher and code, licence, vintage) of each source id (every chart and table cites: read once per
    warehouse, not per call; worded in the view's language at each call)."""
    lines = {}
    for sid, r in sources_table().iterrows():
        code = f", {r['dataset_code']}" if pd.notna(r["dataset_code"]) and r["dataset_code"] else ""
        lines[sid] = (f"[{r['publisher']}{code}]({r['url']})", r["licence"], r["vintage"])
    return lines


def _years_text(years: Iterable | None) -> str | None:
    ys = sorted({int(y) for y in years if pd.notna(y)}) if years is not None else []
    if not ys:
        return None
    return str(ys[0]) if len(ys) == 1 else f"{ys[0]}–{ys[-1]}"


def citation_text(
    source_ids: Iterable[str],
    years: Iterable | None = None,
    flags: Iterable[str] | None = None,
    note: str | None = None,
) -> str:
    known = _source_lines(db.generation())
    parts = []
    for sid in dict.fromkeys(source_ids):
        if sid not in known:
            parts.append(_("Source: {source}").format(source=sid))
            continue
        source, licence, vintage = known[sid]
        parts.append(
            _("Source: {source} · Licence: {licence} · Vintage: {vintage}").format(
                source=source, licence=licence, vintage=vintage
            )
        )
    text = " | ".join(parts) or _("Source: not recorded")
    yt = _years_text(years)
    if yt:
        text += " · " + _("Data year: {years}").format(years=yt)
    fs = flag_summary(flags)
    if fs:
        text += " · " + _("Flags: {flags}").format(flags=fs)
    if note:
        text += f" · {note}"
    if i18n.current() != i18n.DEFAULT:
        text += " · " + _(i18n.OWN_TRANSLATION)
    return text


def cite(
    *frames: pd.DataFrame, years: Iterable | None = None, flags: Iterable[str] | None = None, note: str | None = None
) -> str:
    """The citation line under a chart or table: the sources the shown frames were read from (their queries
    declare them), dataset code, licence, data year and flags. Returns it."""
    text = citation_text(db.sources_of(*frames), years, flags, note)
    st.caption(text)
    return text


def _cited(key: str, frames: tuple, years, flags, note, view_derived: bool) -> tuple[list[str], str]:
    """The source ids of `frames` and their citation line. For a chart or table drawn from the view, they are worked
    out once for everyone on it, like its figure (reading the sources and flags of a NUTS 3 frame was a tenth of a
    warm Regions run); anything else (a session's upload) every time."""

    def work() -> tuple[list[str], str]:
        ids = db.sources_of(*frames)
        return ids, citation_text(ids, years, flags, note)

    return shared(f"{key}-cited", work) if view_derived else work()


def downloads(df: pd.DataFrame, name: str, key: str | None = None) -> None:
    """CSV and XLSX of exactly `df`; the XLSX carries the citation of df's sources on a second sheet. `df` may be a
    function that builds it (built once for all sessions showing the view)."""
    key = key or name
    if callable(df):
        df = shared(f"{key}-download", df)
    ids, citation = _cited(f"{key}-download", (df,), None, None, None, _is_shared(df))
    notes = [citation] if ids else None
    if key not in state.shown():  # a download beside a table drawn without ui.table: in "Download this view" too
        _shown(key, "table", (df,), None, ids=ids, citation=citation)
    # One row of two (not two columns: each element is sent on every run, and columns are three of them).
    row = st.container(horizontal=True)
    # "CSV"/"XLSX" name the format; the help says what the file holds (the button's accessible description too).
    what = _("The data behind this, as {format}")
    # Callables: the files are built on click only, not on every rerun (XLSX is slow to write).
    row.download_button(
        "CSV",
        lambda: export.to_csv(df),
        f"{name}.csv",
        "text/csv",
        key=f"csv-{key}",
        help=what.format(format="CSV"),
        icon=":material/download:",
        width="stretch",
        on_click="ignore",
    )
    row.download_button(
        "XLSX",
        lambda: export.to_xlsx(df, name, notes),
        f"{name}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"xlsx-{key}",
        help=what.format(format="XLSX"),
        icon=":material/download:",
        width="stretch",
        on_click="ignore",
    )


def metrics(figures: list[tuple[str, str, str | None]]) -> None:
    """Key figures side by side: (label, value, help) each (in one row, not columns: fewer elements a run)."""
    if not figures:
        return
    row = st.container(horizontal=True)
    for label, value, help_ in figures:
        row.metric(label, value, help=help_)


class _Figures(Cache):
    """Figures (and other results of a view) shared by all sessions of this process, keyed by what determines them:
    the page, the chart's key, the URL parameters the run has read (state.read_so_far), the warehouse's generation and
    the hub files' version.
    Bounded (least recently used go first), built once at a time (a room opening one link waits for one build). A
    shared figure is only ever handed to st.plotly_chart, which copies it before serialising it; other shared results
    (labels) are only read: no session changes one under another."""

    def get(self, key: tuple, build: Callable):
        return super().get(key, lambda: _frozen(build()))


def _weight(result) -> int:
    """A shared result's memory, roughly: a figure's dict and JSON, a table's columns and Arrow copy, a map's JSON."""
    if isinstance(result, go.Figure):
        return 3 * len(result.to_dict().json)  # the dict holds about twice what its JSON says
    if isinstance(result, pd.DataFrame):
        return 16 * result.size  # 8 bytes a cell and as much for its Arrow copy, once shown (counting them is slow)
    if isinstance(result, pdk.Deck):
        return 2 * len(result.to_json())
    return 4096  # labels, a summary sentence: small


# Results of many views (a room clicking around opens a thousand in two minutes): bounded by their memory, so many
# small results (labels, tables) are kept while a few large maps come and go.
FIGURES = _Figures(4096, weigh=_weight, budget=48 << 20)


class _Spec(dict):
    """A shared figure as the dict st.plotly_chart asks for, with its JSON written once."""

    __slots__ = ("json",)


def _frozen(result):
    """A shared figure hands st.plotly_chart the same dict, and the same JSON, on every run: plotly's to_dict
    deep-copies the whole figure each time it is asked (a tenth of a warm rerun), and writing it as JSON cost 4 % of a
    room's server time; a shared figure never changes. The same for a shared pydeck map: st.pydeck_chart asks for its
    JSON on every run (a tenth of a warm Value chains run). A shared table is converted to Arrow once (see _arrow)."""
    if isinstance(result, go.Figure):
        as_dict = _Spec(result.to_dict())
        as_dict.json = _plotly_to_json(as_dict, validate=False)
        result.to_dict = lambda: as_dict
    elif isinstance(result, pdk.Deck):
        written = result.to_json()
        result.to_json = lambda: written
    elif isinstance(result, pd.DataFrame):
        _ARROW[id(result)] = None  # shared: converted to Arrow when first shown (see _arrow)
        weakref.finalize(result, _ARROW.pop, id(result), None)
    return result


# Shared tables as Arrow, by the id of the frame (dropped with it): st.dataframe converts a pandas frame on every run
# (5 % of a warm rerun), an Arrow table it only writes out. Shown without their index, so none is kept. False: a
# shared table Arrow cannot take as it is (st.dataframe fixes it up on each run).
_ARROW: dict[int, pa.Table | None | bool] = {}


def _is_shared(df) -> bool:
    """Whether `df` is a shared result (ui.shared): derived from the view, the same for everyone on it."""
    return id(df) in _ARROW


def _arrow(df):
    """The frame to hand st.dataframe: a shared table's Arrow form (made the first time it is shown), any other frame
    as it is."""
    table = _ARROW.get(id(df), False)
    if table is None:
        try:
            table = _ARROW[id(df)] = pa.Table.from_pandas(df, preserve_index=False)
        except (pa.ArrowException, TypeError, ValueError):
            _ARROW[id(df)] = False
            return df
    return table if table is not False else df


_plotly_to_json = pio.to_json


def _to_json(fig, *args, **kwargs):
    """plotly.io.to_json, answering a shared figure from the JSON written when it was built (st.plotly_chart calls
    `plotly.io.to_json(figure_dict, validate=False)` on every run); anything else goes to plotly's own."""
    if isinstance(fig, _Spec) and not args and kwargs == {"validate": False}:
        return fig.json
    return _plotly_to_json(fig, *args, **kwargs)


pio.to_json = _to_json


def shared(key: str, build: Callable, *, regardless_of: tuple[str, ...] = ()):
    """What `build` makes for this view (a figure, labels, a table), built once for every session showing it (see
    _Figures). Only for results derived from the URL's view, the warehouse and the hub files, and only read.
    `regardless_of` names URL parameters the page has read that the result does not depend on (a map drawn the same
    whatever region is chosen): views differing only in them share it."""
    read = tuple(kv for kv in state.read_so_far() if kv[0] not in regardless_of)
    return FIGURES.get((key, read, db.generation(), hub.load().version), build)


def chart(
    fig,
    data: pd.DataFrame,
    *more: pd.DataFrame,
    key: str,
    download: str | None = None,
    years: Iterable | None = None,
    flags: Iterable[str] | None = None,
    note: str | None = None,
    on_select=None,
    summary: str | None = None,
    table: pd.DataFrame | None = None,
    **kwargs,
):
    """A figure with its citation line (from `data` and `more`, the frames it draws), its one-sentence summary for
    screen readers, its table view and, when `download` names the file, the CSV/XLSX of `data`. One call, so no
    chart goes out without its source or a way to read it without seeing it. The summary is the figure's own
    (charts.describe) unless `summary` is given; the table is the figures drawn (charts.figure_table) unless `table`.

    `fig` may be a function without arguments that builds the figure (`lambda: charts.x(frame, ...)`): then it is built
    once for all sessions showing the same view (see _Figures), not on every run. Only for figures drawn from the URL's
    view and the warehouse; one drawn from a session's own upload is passed built."""
    view_derived = callable(fig)
    if view_derived:
        fig = shared(key, fig)
    if on_select is not None:
        kwargs.update(on_select=on_select, selection_mode="points")
    summary = summary or summary_of(fig)
    # The page's first chart is its main one: what an embedded view (?embed=true) shows, with its citation and a
    # link back (shell.EMBED_CSS hides the rest).
    main = next((k for k, item in state.shown().items() if item["kind"] == "chart"), key) == key
    ids, citation = _cited(key, (data, *more), years, flags, note, view_derived)
    with st.container(key="embed-main") if main else contextlib.nullcontext():
        event = st.plotly_chart(fig, config=PLOTLY_CONFIG, key=key, width="stretch", alt=summary, **kwargs)
        st.caption(citation)
        if main:
            with st.container(key="embed-link"):
                st.markdown("[" + _("Open the full view") + f"]({view_url()})")
    _shown(key, "chart", (data, *more), fig, years, flags, citation, ids=ids)
    figures(lambda: figure_table(fig) if table is None else table, summary, key=key)
    if download:
        downloads(data, download, key=key)
    return event


def deck(deck, *, key: str, summary: str, table: pd.DataFrame, on_select=None, height: int = 560):
    """A pydeck map with its summary for screen readers and its table view (the same furniture as chart)."""
    kw = dict(selection_mode="single-object", on_select=on_select) if on_select is not None else {}
    event = st.pydeck_chart(deck, key=key, height=height, alt=summary, **kw)
    _shown(key, "map", (table() if callable(table) else table,), None)
    figures(table, summary, key=key)
    return event


def pick_list(name: str, label: str, options: dict, *, key: str, value) -> None:
    """A searchable list of the things a map lets you click, bound to the same URL parameter: what a keyboard or
    screen-reader user browses and selects instead of clicking (type to filter, arrows, Enter)."""
    state.control(
        st.selectbox,
        name,
        label,
        list(options),
        key=key,
        value=value if value in options else None,
        format_func=options.get,
        placeholder=_("Type to search, or browse with the arrow keys"),
    )


def figures(table, summary: str | None, *, key: str) -> None:
    """The table view of a chart or map: its summary sentence and exactly the figures it draws, shown when the
    reader turns it on (so a closed one costs nothing). `table` is a frame or a function that builds one. Any view
    switch (chart / map / table) can reuse it."""
    if not st.toggle(_("Show the figures as a table"), key=f"{key}-table"):
        return
    if summary:
        st.markdown(state.plain(summary, 2000))
    st.dataframe(_arrow(table() if callable(table) else table), hide_index=True, width="stretch")


def table(
    df: pd.DataFrame,
    *more: pd.DataFrame,
    key: str,
    download: str | None = None,
    years: Iterable | None = None,
    flags: Iterable[str] | None = None,
    note: str | None = None,
    **kwargs,
) -> None:
    """A table with its citation line and, when `download` names the file, its CSV/XLSX. `df` may be a function
    without arguments that builds the table: then it is built once for all sessions showing the view (as in chart)."""
    if callable(df):
        df = shared(key, df)
    st.dataframe(_arrow(df), hide_index=True, width="stretch", key=key, **kwargs)
    ids, citation = _cited(key, (df, *more), years, flags, note, _is_shared(df) and all(map(_is_shared, more)))
    st.caption(citation)
    _shown(key, "table", (df, *more), None, years, flags, citation, ids=ids)
    if download:
        downloads(df, download, key=key)


def _shown(key: str, kind: str, frames: tuple, fig, years=None, flags=None, citation: str | None = None, ids=None):
    """Note what this run drew, for "Download this view": the frames as received, the figure, the citation (as shown
    under it), the source ids (of the frames, unless given). Years and flags are kept as given: they are only read if
    the reader downloads the view."""
    ids = db.sources_of(*frames) if ids is None else ids
    state.shown()[key] = dict(
        key=key,
        kind=kind,
        frames=frames,
        fig=fig,
        sources=ids,
        years=years,
        flags=flags,
        citation=citation or citation_text(ids),
        page=state.page(),
        url=view_url(),  # the URL as of this drawing: a bad value the page dropped is gone from it
    )


def download_view(title: str) -> None:
    """One button: a zip of this view (every chart's and table's figures as CSV, metadata.json, README.txt with the
    citation, each chart as PNG and SVG where the server can draw them). Built on click only, from what this run
    drew (the dict below fills while the page runs; the click comes after)."""
    shown, url, lang = state.shown(), view_url(), i18n.current()
    day = dt.datetime.now(dt.UTC).date().isoformat()
    readme = _(
        "Mining Regions Dashboard: {title}\n\nThis zip holds the figures of this view as the dashboard showed them on "
        "{date}: one CSV file per chart or table, metadata.json (the sources of each file with publisher, licence, "
        "vintage and link, data years, flags, and the link to the view), and each chart as PNG and SVG where the "
        "server could draw them.\n\nPlease cite:\n{citation}\n"
    )

    st.download_button(
        _("Download this view"),
        lambda: view_zip(shown, title, url, lang, day, readme),  # on click: after the page drew everything
        f"minedash-view-{day}.zip",
        "application/zip",
        key="download-view",
        help=_("A zip of this view: the figures of every chart and table as CSV, their sources and the citation"),
        icon=":material/folder_zip:",
        width="stretch",
        on_click="ignore",
    )


def view_zip(shown: dict, title: str, url: str, lang: str, day: str, readme: str, images: bool = True) -> bytes:
    """The zip of a view from what its run drew (`shown`, see _shown); `readme` has {title}, {date}, {citation}."""
    items = list(shown.values())
    url = items[-1]["url"] if items else url
    ids = list(dict.fromkeys(sid for item in items for sid in item["sources"]))
    sources = sources_table()
    data = "; ".join(_plain_source(sid, sources) for sid in ids)
    citation = _(
        "S3 Partnership on Mining regions, Mining Regions Dashboard: {title}. {url} (accessed {day}). Data: {data}"
    ).format(title=title, url=url, day=day, data=data)
    page = items[-1]["page"] if items else ""
    about = {"title": title, "url": url, "page": page, "language": lang, "date": day}
    text = readme.format(title=title, date=day, citation=citation)
    return export.view_zip(items, about, sources, text, images=images)


def _plain_source(sid: str, sources: pd.DataFrame) -> str:
    if sid not in sources.index:
        return sid
    r = sources.loc[sid]
    code = f", {r['dataset_code']}" if pd.notna(r["dataset_code"]) and r["dataset_code"] else ""
    return f"{r['publisher']}{code} ({r['url']}), licence {r['licence']}, vintage {r['vintage']}"


def view_url() -> str:
    base = (st.context.url or "").split("?")[0]
    query = urlencode(state.current())
    return f"{base}?{query}" if query else base


def link_to_view() -> None:
    """A 'link to this view' control: the full URL with every choice, with a copy button."""
    with st.popover(_("Link to this view"), icon=":material/link:", width="stretch"):
        st.caption(_("Copy this link: it reopens exactly this view."))
        st.code(view_url(), language=None, wrap_lines=True)


def page_link(page: str, label: str, icon: str | None = None, query_params: dict | None = None) -> None:
    """A link to another page of the dashboard, with the view parameters it should open with."""
    st.page_link(shell.page(page), label=label, icon=icon, query_params=query_params)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:])")


def plain(text: str) -> str:
    """Text as Markdown that shows it literally (no links, emphasis, HTML, emoji codes or formulas of its own)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def english(markdown: str) -> str:
    """Markdown of the hub's own words (written in English, not translated by us) marked as English when the view
    is in another language (WCAG 3.1.2); put in only what plain() made literal. Show with unsafe_allow_html."""
    return markdown if i18n.current() == "en" else f'<span lang="en">{markdown}</span>'


def safe_url(url: str) -> str:
    """A link target that cannot end the Markdown link or open HTML (the line is shown with HTML allowed, for its
    lang mark): brackets, quotes and angle brackets percent-encoded, which browsers read as the same address."""
    return quote(url, safe=":/?#@!$&'*+,;=%")


def cited(text: str, source: str | None, label: str | None = None, lead: str | None = None) -> None:
    """A line of prose from the hub (after a bold `lead`, if given) with a link to the page it was read from."""
    cited_lines([(text, source, label, lead)])


def cited_lines(lines: Iterable[tuple]) -> None:
    """Lines of prose from the hub, (text, source, label, lead) each as in cited, as one element (one paragraph a
    line): every element is sent on every run."""
    out = []
    for text, source, label, lead in lines:
        linked = isinstance(source, str) and source.startswith(("https://", "http://"))
        link = f" [{label or _('source')}]({safe_url(source)})" if linked else ""
        words = (f"**{plain(lead)}** " if lead else "") + (plain(text) if isinstance(text, str) else "")
        out.append(english(words) + link)
    if out:
        st.markdown("\n\n".join(out), unsafe_allow_html=True)


def contact_cards(contacts: pd.DataFrame, per_row: int = 4) -> None:
    """The hub's contacts as cards: organisation, role, its official web page and the page that documents it."""
    for start in range(0, len(contacts), per_row):
        for col, c in zip(st.columns(per_row), contacts.iloc[start : start + per_row].itertuples()):
            with col.container(border=True, height="stretch"):
                st.markdown(english(f"**{plain(c.organisation)}**"), unsafe_allow_html=True)
                st.caption(english(plain(c.role)), unsafe_allow_html=True)
                st.markdown(f"[{_('Official web page')}]({c.web}) · [{_('source')}]({c.source})")
    cite(contacts)


def refused(problems: list) -> None:
    """What the hub files hold that was refused, so whoever edits them can fix it; the valid rest is shown."""
    if problems:
        what = i18n.ngettext(
            "{n} entry of the partnership hub was refused and not shown: how to fix",
            "{n} entries of the partnership hub were refused and not shown: how to fix",
            len(problems),
        ).format(n=len(problems))
        with st.expander(what, icon="⚠️"):
            st.markdown("\n".join(f"- {plain(str(p))}" for p in problems))


def missing(message: str) -> None:
    """Say plainly that data is missing (never show it as zero)."""
    st.warning(message, icon=":material/block:")
