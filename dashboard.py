"""Mining Regions Dashboard — entry point: page config, navigation, shared sidebar, playlist and footer."""
import streamlit as st

from minedash import db, playlist, state, ui

st.set_page_config(page_title="Mining Regions Dashboard", page_icon="⛏️", layout="wide")

# Grouped the way users think; each page says in its title what it answers.
PAGES = {
    "Partnership": [
        st.Page("pages/overview.py", title="Partnership overview", icon=":material/handshake:", url_path="overview", default=True),
    ],
    "Regions": [
        st.Page("pages/regions.py", title="Regions: map, profile, compare", icon=":material/map:", url_path="regions"),
    ],
    "Raw materials": [
        st.Page("pages/criticality.py", title="Criticality", icon=":material/scatter_plot:", url_path="criticality"),
        st.Page("pages/material.py", title="Material factsheet", icon=":material/science:", url_path="material"),
        st.Page("pages/production.py", title="Production explorer", icon=":material/public:", url_path="production"),
        st.Page("pages/benchmarks.py", title="CRM Act 2030 benchmarks", icon=":material/flag:", url_path="benchmarks"),
    ],
    "Value chains": [
        st.Page("pages/value_chains.py", title="Value chains and SMEs", icon=":material/conveyor_belt:", url_path="value_chains"),
    ],
    "Progress": [
        st.Page("pages/progress.py", title="Progress since 2019", icon=":material/trending_up:", url_path="progress"),
    ],
    "Data & sources": [
        st.Page("pages/sources.py", title="Data & sources", icon=":material/database:", url_path="sources"),
    ],
}
DEFAULT_PATH = "overview"  # the default page's url_path (Streamlit reports it as "")
BY_PATH = {p.url_path or DEFAULT_PATH: p for group in PAGES.values() for p in group}

try:
    db.connection().close()
except db.WarehouseError as exc:
    st.error(str(exc), icon=":material/error:")
    st.stop()

state.carry_shared()
page = st.navigation(PAGES, position="hidden" if state.present_mode() else "sidebar")
ui.apply_present_mode()

# The saved-views playlist: read from data/playlist.json once a session, then edited in the session only.
if "_minedash_playlist" not in st.session_state:
    views, problems = playlist.load(known_paths=set(BY_PATH) | {""})
    st.session_state["_minedash_playlist"] = views
    for p in problems:
        state.notice(p)
views = st.session_state["_minedash_playlist"]
here_path = page.url_path or DEFAULT_PATH
here_params = {k: st.query_params[k] for k in st.query_params}
here = playlist.position(views, here_path, here_params)


def go_to(index: int) -> None:
    """Open playlist view `index` exactly: its page and parameters (staying in presentation mode if on)."""
    path, params = playlist.split(views[index]["url"])
    if state.present_mode():
        params["present"] = "1"
    for name in state.SHARED:  # the view's own choices, not ones carried from earlier views
        if name not in params:
            state.forget_shared(name)
    st.session_state.get("_minedash_shared", {}).update({k: v for k, v in params.items() if k in state.SHARED})
    st.switch_page(BY_PATH.get(path or DEFAULT_PATH, BY_PATH[DEFAULT_PATH]), query_params=params)


def playlist_controls(where, key: str) -> None:
    """Previous / position / next; on the sidebar, and under the page in presentation mode."""
    if not views:
        return
    prev_i = (here - 1) if here is not None else len(views) - 1
    next_i = (here + 1) if here is not None else 0
    c1, c2, c3 = where.columns([1, 2, 1], vertical_alignment="center")
    if c1.button("Previous", icon=":material/skip_previous:", disabled=prev_i < 0, key=f"pl-prev-{key}"):
        go_to(prev_i)
    c2.caption(f"View {here + 1} of {len(views)}: {views[here]['title']}" if here is not None
               else f"Playlist: {len(views)} views (this view is not in it)")
    if c3.button("Next", icon=":material/skip_next:", disabled=next_i >= len(views), key=f"pl-next-{key}"):
        go_to(next_i)


with st.sidebar:
    present = st.toggle("Presentation mode", value=state.present_mode(), help="For projectors: no sidebar, large type, high contrast.")
    if present != state.present_mode():
        state.set_params(present="1" if present else None)
        if not present:
            state.forget_shared("present")
        st.rerun()
    with st.expander("Playlist of saved views", icon=":material/playlist_play:", expanded=bool(views)):
        playlist_controls(st, "sidebar")
        for i, v in enumerate(views):
            a, b, c, d = st.columns([6, 1, 1, 1], vertical_alignment="center")
            if a.button(("▶ " if i == here else "") + v["title"], key=f"pl-go-{i}", type="tertiary"):
                go_to(i)
            if b.button("", icon=":material/arrow_upward:", key=f"pl-up-{i}", disabled=i == 0, help="Move up"):
                st.session_state["_minedash_playlist"] = playlist.move(views, i, -1)
                st.rerun()
            if c.button("", icon=":material/arrow_downward:", key=f"pl-down-{i}", disabled=i == len(views) - 1, help="Move down"):
                st.session_state["_minedash_playlist"] = playlist.move(views, i, 1)
                st.rerun()
            if d.button("", icon=":material/close:", key=f"pl-del-{i}", help="Remove"):
                st.session_state["_minedash_playlist"] = views[:i] + views[i + 1:]
                st.rerun()
        title = st.text_input("Title for this view", value=page.title, key="pl-title")
        if st.button("Add this view", icon=":material/playlist_add:", disabled=here is not None):
            query = "&".join(f"{k}={v}" for k, v in here_params.items())
            path = page.url_path  # "" for the default page, which lives at the root URL
            st.session_state["_minedash_playlist"] = views + [{"title": title or page.title,
                                                                "url": path + (f"?{query}" if query else "")}]
            st.rerun()
        st.caption("Changes last for this session; the starting list is data/playlist.json.")

page.run()

if state.present_mode():
    st.divider()
    left, right = st.columns([4, 1], vertical_alignment="center")
    playlist_controls(left, "present")
    if right.button("Leave presentation mode", icon=":material/close_fullscreen:"):
        state.forget_shared("present")
        st.rerun()
st.divider()
st.caption("Data: Eurostat; © EuroGeographics for the administrative boundaries; World Mining Data 2024 (Reichl & Schatz, "
           "Austrian Federal Ministry of Finance); European Commission, Study on the critical raw materials for the EU 2023; "
           "CRM Atlas (V. Forlini, MIT); Natural Earth. Details and licences on the Data & sources page.")
