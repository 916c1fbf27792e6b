"""Mining Regions Dashboard — entry point: page config, navigation, shared sidebar and footer."""
import streamlit as st

from minedash import db, state, ui

st.set_page_config(page_title="Mining Regions Dashboard", page_icon="⛏️", layout="wide")

# Grouped the way users think; each page says in its title what it answers.
PAGES = {
    "Partnership": [
        st.Page("pages/overview.py", title="Partnership overview", icon=":material/handshake:", url_path="overview", default=True),
    ],
    "Raw materials": [
        st.Page("pages/benchmarks.py", title="CRM Act 2030 benchmarks", icon=":material/flag:", url_path="benchmarks"),
    ],
    "Progress": [
        st.Page("pages/progress.py", title="Progress since 2019", icon=":material/trending_up:", url_path="progress"),
    ],
    "Value chains": [
        st.Page("pages/value_chains.py", title="Value chains and SMEs", icon=":material/conveyor_belt:", url_path="value-chains"),
    ],
    "Data & sources": [
        st.Page("pages/sources.py", title="Data & sources", icon=":material/database:", url_path="sources"),
    ],
}

try:
    db.connection().close()
except db.WarehouseError as exc:
    st.error(str(exc), icon=":material/error:")
    st.stop()

state.carry_shared()
page = st.navigation(PAGES, position="hidden" if state.present_mode() else "sidebar")
ui.apply_present_mode()

with st.sidebar:
    present = st.toggle("Presentation mode", value=state.present_mode(), help="For projectors: no sidebar, large type, high contrast.")
    if present != state.present_mode():
        state.set_params(present="1" if present else None)
        if not present:
            state.forget_shared("present")
        st.rerun()

page.run()

if state.present_mode():
    if st.button("Leave presentation mode", icon=":material/close_fullscreen:"):
        state.forget_shared("present")
        st.rerun()
st.divider()
st.caption("Data: Eurostat; © EuroGeographics for the administrative boundaries; World Mining Data 2024 (Reichl & Schatz, "
           "Austrian Federal Ministry of Finance); European Commission, Study on the critical raw materials for the EU 2023; "
           "CRM Atlas (V. Forlini, MIT); Natural Earth. Details and licences on the Data & sources page.")
