"""Data & sources: every source of the warehouse with licence, vintage and row counts; table downloads."""
import streamlit as st

from minedash import db, ui

ui.page_header("Data & sources", "Where does every figure come from, under which licence, and how fresh is it?")

src = db.query("sources")
st.dataframe(src, hide_index=True, width="stretch",
             column_config={"url": st.column_config.LinkColumn("url"), "sha256": st.column_config.TextColumn("sha256 (first 12)")})
ui.cite(src["source_id"], note="Row counts as read, written and dropped by the ingest (reasons in data/manifest.json)")
ui.downloads(src, "sources", key="sources")
