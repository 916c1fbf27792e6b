"""The shell around every page: page config, navigation, carried view state, presentation mode, the saved-views
playlist and the footer. dashboard.py runs `main()`; every page's header calls `within()`.

Deep links on a freshly started server: while no session has called st.navigation yet, Streamlit runs a page
of pages/ on its own (its legacy pages/ mode) for /<page>. `within()` notices that the page runs outside the
shell and runs the shell there instead: st.navigation (public API) leaves the legacy mode for good, resolves the
same URL path to the same page, and runs it inside the shell in this very run (no rerun, so no click is lost).
"""

from __future__ import annotations

import copy
import functools
import gc
import logging
import threading

import streamlit as st

from .. import i18n
from ..data import db, memo
from ..i18n import N_, _
from . import playlist, state, turns

ROOT = "pages"
# Grouped the way users think; each page says in its title what it answers.
PAGES = {
    N_("Partnership"): [("overview", N_("Partnership overview"), ":material/handshake:")],
    N_("Regions"): [
        ("regions", N_("Regions: map, profile, compare"), ":material/map:"),
        ("similar", N_("Regions like mine"), ":material/join_inner:"),
    ],
    N_("Raw materials"): [
        ("criticality", N_("Criticality"), ":material/scatter_plot:"),
        ("material", N_("Material factsheet"), ":material/science:"),
        ("production", N_("Production explorer"), ":material/public:"),
        ("benchmarks", N_("CRM Act 2030 benchmarks"), ":material/flag:"),
    ],
    N_("Value chains"): [("value_chains", N_("Value chains and SMEs"), ":material/conveyor_belt:")],
    N_("Progress"): [("progress", N_("Progress since 2019"), ":material/trending_up:")],
    N_("Data & sources"): [("sources", N_("Data & sources"), ":material/database:")],
}
DEFAULT_PATH = "overview"  # the default page's url_path (Streamlit reports it as "")
FOOTER = N_(
    "Data: Eurostat; © EuroGeographics for the administrative boundaries; World Mining Data 2024 (Reichl & "
    "Schatz, Austrian Federal Ministry of Finance); European Commission, *Study on the critical raw materials "
    "for the EU 2023*; CRM Atlas (V. Forlini, MIT); Natural Earth. Details and licences on the Data & sources page."
)
PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"], footer { display: none !important; }
.block-container { padding-top: 1rem !important; max-width: 100% !important; }
html, body, [data-testid="stAppViewContainer"] { font-size: 22px !important; }
h1 { font-size: 2.6rem !important; } h2 { font-size: 2rem !important; } h3 { font-size: 1.6rem !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 0.95rem !important;
  color: #111 !important; opacity: 1 !important; }
[data-testid="stAppViewContainer"] { background: #ffffff !important; color: #000 !important; }
</style>
"""

_log = logging.getLogger(__name__)

# Always on (WCAG 2.1 AA): Streamlit fades captions with opacity, which takes their links and code below 4.5:1, so
# captions are a solid grey (7:1) instead; and its navigation links show no focus ring. Colours are the theme's.
A11Y_CSS = """
<style>
[data-testid="stCaptionContainer"] { opacity: 1 !important; color: #555555 !important; }
[data-testid="stCaptionContainer"] a { color: #0b5394 !important; }
[data-testid="stCaptionContainer"] code, [data-testid="stMarkdown"] code { color: #0a5c36 !important; }
a:focus-visible, [role="switch"]:focus-visible, [role="combobox"]:focus-visible, [role="tab"]:focus-visible {
  outline: 3px solid #0b5394 !important; outline-offset: 2px !important; }
</style>
"""

# Embedded (?embed=true, Streamlit's own option: it hides its toolbar and marks the app .streamlit-embedded, which a
# script cannot read): only the page's main chart, its citation and "Open the full view" (ui.chart) are shown; every
# block beside the path to it is hidden, and so are the sidebar and the link outside an embed.
EMBED_CSS = """
<style>
.st-key-embed-link { display: none; }
.streamlit-embedded .st-key-embed-link { display: block; }
.streamlit-embedded [data-testid="stSidebar"], .streamlit-embedded [data-testid="stSidebarCollapsedControl"],
.streamlit-embedded [data-testid="stVerticalBlock"]:has(.st-key-embed-main)
  > :not(:has(.st-key-embed-main)):not(.st-key-embed-main) { display: none !important; }
</style>
"""

# A page run waiting on DuckDB or on another run's build lends its turn meanwhile (see turns).
memo.on_blocked(turns.TURNS.lent)

_run = threading.local()  # what the shell knows during one script run (each session runs on its own thread)


def pages() -> dict[str, list[st.Page]]:
    # Copies: a run marks the page it runs on its Page object (st.navigation), and each session runs its own.
    return {group: [copy.copy(p) for p in entries] for group, entries in _pages(i18n.current())[0].items()}


def page(path: str) -> st.Page:
    """The navigation's page of a file ("pages/regions.py"), for links to it: a link given the file's path looks for
    it on disk on every run."""
    return _pages(i18n.current())[1][path]


@functools.cache
def _pages(lang: str) -> tuple[dict[str, list[st.Page]], dict[str, st.Page]]:
    """The navigation's pages in one language, by group and by file, made once: making them looks for every page's
    file on disk (4 % of a warm Regions run)."""
    by_group, by_file = {}, {}
    for group, entries in PAGES.items():
        for path, title, icon in entries:
            p = st.Page(f"{ROOT}/{path}.py", title=_(title), icon=icon, url_path=path, default=path == DEFAULT_PATH)
            by_group.setdefault(_(group), []).append(p)
            by_file[f"{ROOT}/{path}.py"] = p
    return by_group, by_file


def within() -> None:
    """Make sure the page runs inside the shell; if it runs alone (a deep link on a fresh server), run the shell,
    which runs this page inside it, then end this outer run."""
    if getattr(_run, "inside", False):
        return
    main()
    st.stop()


def notice_slot(container) -> None:
    """Where the page header wants the notices about the URL; filled when the page has run."""
    _run.slot = container


def main() -> None:
    turns.TURNS.acquire(again=getattr(_run, "rerun", False))
    _run.rerun = False
    try:
        _main()
    except BaseException as exc:
        # st.rerun / st.switch_page, or a click while this ran: Streamlit ends the run with its RerunException (by
        # name: only its public API is imported) and the session's next run follows on this thread; it goes first.
        _run.rerun = type(exc).__name__ == "RerunException"
        raise
    finally:
        turns.TURNS.release()


def _main() -> None:
    _freeze_startup_heap()
    state.carry()
    lang = state.use_language()  # first: everything after speaks the view's language
    st.set_page_config(page_title=_("Mining Regions Dashboard"), page_icon="⛏️", layout="wide")
    nav = pages()
    by_path = {p.url_path or DEFAULT_PATH: p for group in nav.values() for p in group}
    page = st.navigation(nav, position="hidden" if state.present_mode() else "sidebar")
    st.html(A11Y_CSS + EMBED_CSS)
    if state.present_mode():
        st.html(PRESENT_CSS)
    views = _playlist(by_path)
    here = playlist.position(views, page.url_path or DEFAULT_PATH, state.current())
    with st.sidebar:
        _sidebar(views, here, page, by_path)
        # Screen readers pronounce the page in its language (WCAG 3.1.1); Streamlit serves <html lang="en">.
        st.html(f"<script>document.documentElement.lang = {lang!r};</script>", unsafe_allow_javascript=True)
    state.on_page(page.url_path or DEFAULT_PATH)
    _run.inside, _run.slot = True, None
    try:
        _run_page(page)
    finally:
        _run.inside = False
        _flush_notices()
    if state.present_mode():
        st.divider()
        left, right = st.columns([4, 1], vertical_alignment="center")
        _playlist_controls(left, views, here, by_path, "present")
        right.button(
            _("Leave presentation mode"), icon=":material/close_fullscreen:", on_click=state.forget, args=("present",)
        )
    st.divider()
    st.caption(_(FOOTER))


_frozen = threading.Event()


def _freeze_startup_heap() -> None:
    """At a process's first run, move what the imports built (Streamlit, pandas, plotly, DuckDB: most of a process's
    long-lived objects) out of the garbage collector's reach: Streamlit's full collection after every run is off
    (.streamlit/config.toml), and Python's own full collections then skip them. Done before the page is drawn, while
    the heap is still small, so the first visitor hardly waits for it."""
    if not _frozen.is_set():
        _frozen.set()
        gc.collect()
        gc.freeze()


def _run_page(page) -> None:
    """The page's error boundary: what the page drew before stays; a warehouse table, outline file or anything
    else it could not use gives one plain message instead of a traceback, and the other pages keep working."""
    try:
        page.run()
    except db.WarehouseChanged as exc:  # a new warehouse on disk: say so rather than mix old and new figures
        st.error(str(exc), icon=":material/sync_problem:")
    except db.WarehouseError as exc:
        st.error(str(exc), icon=":material/database:")
    except Exception:  # a bug: the details go to the server log, never to the browser
        _log.exception("page %s failed", page.url_path or DEFAULT_PATH)
        st.error(
            _(
                "This page ran into an unexpected problem and stopped; the details were written to the server log. "
                "The other pages still work."
            ),
            icon=":material/error:",
        )


def _flush_notices() -> None:
    notices = state.take_notices()
    slot = getattr(_run, "slot", None)
    if notices and slot is not None:
        for message in notices:
            slot.info(message, icon=":material/info:")
    elif notices:  # a page without a header: keep them for the next page that has one
        for message in notices:
            state.notice(message)


def _playlist(by_path: dict) -> list[dict]:
    """The saved-views playlist: read from data/playlist.json once a session, then edited in the session only."""
    if "_minedash_playlist" not in st.session_state:
        views, problems = playlist.load(known_paths=set(by_path) | {""})
        st.session_state["_minedash_playlist"] = views
        for p in problems:
            state.notice(p)
    return st.session_state["_minedash_playlist"]


def _go_to(views: list[dict], index: int, by_path: dict) -> None:
    """Open playlist view `index` exactly: its page and parameters (staying in presentation mode if on)."""
    path, params = playlist.split(views[index]["url"])
    if state.present_mode():
        params["present"] = "1"
    state.remember(params)  # the view's own choices, not ones carried from earlier views
    st.switch_page(by_path.get(path or DEFAULT_PATH, by_path[DEFAULT_PATH]), query_params=params)


def _playlist_controls(where, views: list[dict], here: int | None, by_path: dict, key: str) -> None:
    """Previous / position / next; on the sidebar, and under the page in presentation mode."""
    if not views:
        return
    prev_i = (here - 1) if here is not None else len(views) - 1
    next_i = (here + 1) if here is not None else 0
    c1, c2, c3 = where.columns([1, 2, 1], vertical_alignment="center")
    if c1.button(_("Previous"), icon=":material/skip_previous:", disabled=prev_i < 0, key=f"pl-prev-{key}"):
        _go_to(views, prev_i, by_path)
    c2.caption(
        _("View {n} of {total}: {title}").format(
            n=here + 1, total=len(views), title=state.plain(views[here]["title"], 80)
        )
        if here is not None
        else _("Playlist: {total} views (this view is not in it)").format(total=len(views))
    )
    if c3.button(_("Next"), icon=":material/skip_next:", disabled=next_i >= len(views), key=f"pl-next-{key}"):
        _go_to(views, next_i, by_path)


def _set_playlist(views: list[dict]) -> None:
    st.session_state["_minedash_playlist"] = views


def _add_view(views: list[dict], url: str, default_title: str) -> None:
    # The title is read when the button is clicked: a title typed just before the click counts.
    _set_playlist(views + [{"title": st.session_state.get("pl-title") or default_title, "url": url}])


def _sidebar(views: list[dict], here: int | None, page, by_path: dict) -> None:
    state.control(
        st.selectbox,
        "lang",
        _("Language"),
        list(i18n.LANGUAGES),
        key="lang_picker",
        value=i18n.current(),
        format_func=i18n.LANGUAGES.get,
    )
    state.control(
        st.toggle,
        "present",
        _("Presentation mode"),
        key="present_toggle",
        value=state.present_mode(),
        to_url=lambda on: "1" if on else None,
        help=_("For projectors: no sidebar, large type, high contrast."),
    )
    # Only the playlist's Previous/Next live here; the editor is a dialog, built when opened, not on every run.
    with st.expander(_("Playlist of saved views"), icon=":material/playlist_play:", expanded=bool(views)):
        _playlist_controls(st, views, here, by_path, "sidebar")
        path = page.url_path  # "" for the default page, which lives at the root URL
        query = "&".join(f"{k}={v}" for k, v in state.current().items())
        url = path + (f"?{query}" if query else "")
        if st.button(_("Open or edit the playlist"), icon=":material/edit_note:", key="pl-edit", type="tertiary"):
            # Made when opened, so that its title is in the view's language.
            st.dialog(_("Playlist of saved views"), width="large")(_editor)(here, url, page.title, by_path)


def _editor(here: int | None, url: str, title: str, by_path: dict) -> None:
    """Open, reorder, remove and add views; the dialog reruns alone (a fragment), so editing costs no page run."""
    views = st.session_state["_minedash_playlist"]
    for i, v in enumerate(views):
        # Titles are typed by users (this session) or read from a file: shown as text, never as Markdown.
        if st.button(("▶ " if i == here else "") + state.plain(v["title"], 80), key=f"pl-go-{i}", type="tertiary"):
            _go_to(views, i, by_path)
    if views:  # one chosen view and worded buttons: fewer tab stops than icons on every row, and named ones
        i = st.selectbox(
            _("Reorder or remove a view"),
            range(len(views)),
            format_func=lambda k: state.plain(views[k]["title"], 80),
            key="pl-pick",
        )
        up, down, remove = st.columns(3)
        up.button(_("Up"), key="pl-up", disabled=i == 0, on_click=_set_playlist, args=(playlist.move(views, i, -1),))
        down.button(
            _("Down"),
            key="pl-down",
            disabled=i == len(views) - 1,
            on_click=_set_playlist,
            args=(playlist.move(views, i, 1),),
        )
        remove.button(_("Remove"), key="pl-del", on_click=_set_playlist, args=(views[:i] + views[i + 1 :],))
    st.text_input(_("Title for this view"), value=title, key="pl-title")
    st.button(
        _("Add this view"),
        icon=":material/playlist_add:",
        disabled=here is not None,
        on_click=_add_view,
        args=(views, url, title),
    )
    st.caption(_("Changes last for this session; the starting list is data/playlist.json."))
